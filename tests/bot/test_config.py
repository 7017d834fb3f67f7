"""Settings: the example file documents every setting; environment overrides the file."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config.example.toml"


def _documented() -> dict[str, set[str]]:
    """Keys of config.example.toml, commented-out ones included."""
    sections: dict[str, set[str]] = {}
    current = ""
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        header = re.match(r"^\[(\w+)\]", line)
        if header:
            current = header.group(1)
            sections[current] = set()
            continue
        key = re.match(r"^#?\s?(\w+) = ", line)
        if key and current:
            sections[current].add(key.group(1))
    return sections


def test_example_documents_every_setting_and_parses() -> None:
    documented = _documented()
    for section, model in Settings.model_fields.items():
        fields = set(model.annotation.model_fields)  # type: ignore[union-attr]
        assert documented.get(section) == fields, section
    tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_example_loads_as_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("KOMEKSHI_"):
            monkeypatch.delenv(key)
    assert load_settings(str(EXAMPLE)).model_dump() == Settings().model_dump()


def test_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[telegram]\ntoken = "1:file"\n[search]\nlimit = 7\n', encoding="utf-8")
    monkeypatch.setenv("KOMEKSHI_TELEGRAM__TOKEN", "2:env")
    monkeypatch.setenv("KOMEKSHI_ADMIN__USER_IDS", "[1, 2]")
    settings = load_settings(str(config))
    assert settings.telegram.token is not None
    assert settings.telegram.token.get_secret_value() == "2:env"
    assert settings.search.limit == 7
    assert settings.admin.user_ids == [1, 2]
    assert "2:env" not in repr(settings)


def test_bad_settings_name_the_setting(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[telegram]\nmode = 'carrier-pigeon'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"telegram\.mode"):
        load_settings(str(config))
    with pytest.raises(ConfigError, match="not found"):
        load_settings(str(tmp_path / "missing.toml"))
