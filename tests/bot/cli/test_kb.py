"""The real `komekshi kb` commands: export, validate, diff, import, history, rollback."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import komekshi_command


def run(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*komekshi_command(), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_export_json_lists_every_entry(cli_env: dict[str, str]) -> None:
    result = run(cli_env, "kb", "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert len(entries) == 125
    assert set(entries[0]) >= {"id", "kind", "level", "title", "text", "source"}
    kinds = {e["kind"] for e in entries}
    assert {
        "standard",
        "term",
        "card",
        "function",
        "task",
        "requirements",
        "competencies",
        "education",
    } <= kinds
    assert sum(e["kind"] == "card" for e in entries) == 6
    assert sum(e["kind"] == "term" for e in entries) == 19
    first_aid = next(e for e in entries if e["id"] == "4.1/F1/T2")
    assert "электр тогы соғу" in first_aid["text"] and first_aid["level"] == "4.1"


def _export_yaml(env: dict[str, str], path: Path) -> dict[str, Any]:
    result = run(env, "kb", "export", "--format", "yaml", "--output", str(path))
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_edit_import_history_rollback(cli_env: dict[str, str], tmp_path: Path) -> None:
    exported = tmp_path / "kb.yaml"
    data = _export_yaml(cli_env, exported)
    data["terms"][0]["definition"] += " (түзетілді)"
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    assert run(cli_env, "kb", "validate", str(edited)).returncode == 0
    diff = run(cli_env, "kb", "diff", str(edited))
    assert diff.returncode == 0 and "~1 changed" in diff.stdout and "term/1" in diff.stdout

    imported = run(cli_env, "kb", "import", str(edited), "--author", "tester", "--note", "fix")
    assert imported.returncode == 0, imported.stderr
    assert "version 2" in imported.stdout
    term = next(
        e
        for e in json.loads(run(cli_env, "kb", "export", "--format", "json").stdout)
        if e["id"] == "term/1"
    )
    assert term["text"].endswith("(түзетілді)")

    history = run(cli_env, "kb", "history")
    assert "tester" in history.stdout and "fix" in history.stdout

    rolled = run(cli_env, "kb", "rollback", "1")
    assert rolled.returncode == 0 and "as version 3" in rolled.stdout
    again = _export_yaml(cli_env, tmp_path / "again.yaml")
    first = yaml.safe_load(exported.read_text(encoding="utf-8"))
    assert (first.pop("based_on_version"), again.pop("based_on_version")) == (1, 3)
    assert again == first


def _state(env: dict[str, str]) -> tuple[str, str]:
    return (run(env, "kb", "history").stdout, run(env, "kb", "export", "--format", "json").stdout)


def test_bad_imports_exit_2_and_change_nothing(cli_env: dict[str, str], tmp_path: Path) -> None:
    data = _export_yaml(cli_env, tmp_path / "kb.yaml")
    before = _state(cli_env)
    bad_files = {
        "broken.yaml": "order: [unclosed\n",
        "unknown.yaml": yaml.safe_dump({**data, "extra": 1}, allow_unicode=True),
        "empty-title.yaml": yaml.safe_dump(
            {**data, "terms": [{**data["terms"][0], "term": ""}, *data["terms"][1:]]},
            allow_unicode=True,
        ),
        "duplicate.yaml": yaml.safe_dump(
            {**data, "cards": [*data["cards"], copy.deepcopy(data["cards"][0])]},
            allow_unicode=True,
        ),
        "flat.json": run(cli_env, "kb", "export", "--format", "json").stdout,
    }
    for name, text in bad_files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = run(cli_env, "kb", "import", str(path))
        assert result.returncode == 2, (name, result.stderr)
        assert "nothing was changed" in result.stderr and "Traceback" not in result.stderr
    assert run(cli_env, "kb", "import", str(tmp_path / "missing.yaml")).returncode == 2
    big = tmp_path / "big.yaml"
    big.write_text("#" * 2000, encoding="utf-8")
    limited = {**cli_env, "KOMEKSHI_DATABASE__IMPORT_MAX_BYTES": "1000"}
    result = run(limited, "kb", "import", str(big))
    assert result.returncode == 2 and "larger than the limit" in result.stderr
    assert _state(cli_env) == before


def test_unreachable_database_is_a_message_not_a_traceback(cli_env: dict[str, str]) -> None:
    env = {
        **cli_env,
        "KOMEKSHI_DATABASE__URL": "postgresql+asyncpg://nobody@127.0.0.1:1/none",
        "KOMEKSHI_DATABASE__CONNECT_TIMEOUT": "2",
    }
    for args in (("kb", "history"), ("ask", "күйік")):
        result = run(env, *args)
        assert result.returncode == 1
        assert (
            "cannot use the database postgresql+asyncpg://nobody@127.0.0.1:1/none" in result.stderr
        )
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+asyncpg://bob:s3cret@localhost:abc/db",  # a port that is no number
        "not a url ://bob:s3cret@host/db",  # nothing SQLAlchemy can parse
    ],
)
def test_a_bad_database_url_is_one_line_without_its_password(
    cli_env: dict[str, str], url: str
) -> None:
    result = run({**cli_env, "KOMEKSHI_DATABASE__URL": url}, "kb", "history")
    assert result.returncode == 1
    assert result.stderr.startswith("komekshi: invalid database URL")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "s3cret" not in result.stderr and "bob:***@" in result.stderr


def test_invalid_configuration_is_reported(cli_env: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[search]\nlimit = 'many'\n", encoding="utf-8")
    result = run(cli_env, "--config", str(config), "kb", "history")
    assert result.returncode == 2 and "search.limit" in result.stderr


def test_quick_edits_and_selftest_from_the_terminal(cli_env: dict[str, str]) -> None:
    phrase = "шаштараз бөлмесінде өрт шықса не істеу керек"
    dry = run(cli_env, "kb", "alias", "4.1/F1/T2", *phrase.split(), "--dry-run")
    assert dry.returncode == 0 and "aliases 0 -> 1" in dry.stdout
    assert "version 2" in run(cli_env, "kb", "alias", "4.1/F1/T2", *phrase.split()).stdout
    answer = json.loads(run(cli_env, "ask", "--json", phrase).stdout)
    assert answer["results"][0]["id"] == "4.1/F1/T2"
    added = run(cli_env, "kb", "synonym", "add", "қызылшабақ", "күйік")
    assert added.returncode == 0 and "version 3" in added.stdout
    assert run(cli_env, "kb", "synonym", "remove", "жоқсөз").returncode == 2
    unknown = run(cli_env, "kb", "alias", "9.9", "x")
    assert unknown.returncode == 2 and "no entry 9.9" in unknown.stderr
    selftest = run(cli_env, "kb", "selftest")
    assert "126 questions asked" in selftest.stdout
    assert selftest.returncode in (0, 1)
    exported = yaml.safe_load(run(cli_env, "kb", "export").stdout)
    assert exported["aliases"] == [{"entry": "4.1/F1/T2", "phrase": phrase}]


def test_notes_from_the_terminal(cli_env: dict[str, str]) -> None:
    added = run(
        cli_env, "kb", "note", "add", "--title", "Әлеуметтік бөлімнің телефоны",
        "--text", "8 7172 00 00 00", "--source", "Емхананың ішкі тәртібі", "--level", "4,1",
    )  # fmt: skip
    assert added.returncode == 0 and "+1 added" in added.stdout, added.stderr
    answer = json.loads(run(cli_env, "ask", "--json", "әлеуметтік бөлімнің телефоны").stdout)
    assert answer["results"][0]["id"] == "note/1"
    assert answer["results"][0]["level"] == "4.1"
    assert run(cli_env, "kb", "note", "remove", "2").returncode == 2
    assert run(cli_env, "kb", "note", "remove", "1").returncode == 0


def test_stats_from_the_terminal(cli_env: dict[str, str]) -> None:
    result = run(cli_env, "kb", "stats", "--days", "7")
    assert result.returncode == 0 and "7 days: 0 questions, 0 answered" in result.stdout
