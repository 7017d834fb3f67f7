"""The real CLI against hostile input (issue 11): `validate` and `import` agree on both
backends and leave the store as it was, labels of any bytes, stale exports, and
`ask --json -` that writes one valid UTF-8 line per question whatever it is fed."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli.search import answer_all, read_questions
from knowledge.assistant import Assistant
from tests.conftest import komekshi_command


def run(env: dict[str, str], *args: str | bytes, stdin: bytes | None = None) -> Any:
    return subprocess.run(
        [*komekshi_command(), *args],
        env=env,
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


def _state(env: dict[str, str]) -> tuple[bytes, bytes]:
    history = run(env, "kb", "history").stdout
    return history, run(env, "kb", "export", "--format", "json").stdout


@pytest.fixture
def env(cli_env: dict[str, str], database_url: str) -> dict[str, str]:
    return {**cli_env, "KOMEKSHI_DATABASE__URL": database_url}


@pytest.fixture
def exported(env: dict[str, str], tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "kb.yaml"
    assert run(env, "kb", "export", "-o", str(path)).returncode == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _hostile_files(data: dict[str, Any], tmp_path: Path) -> dict[str, Path]:
    nul = copy.deepcopy(data)
    nul["cards"][0]["card_title"] += "\x00"
    shared = copy.deepcopy(data)
    many = [f"дағды {i}" for i in range(500)]
    for card in shared["cards"]:
        for function in card["functions"]:
            for task in function["tasks"]:
                task["skills"] = many
    duplicate = copy.deepcopy(data)
    duplicate["terms"].append(copy.deepcopy(duplicate["terms"][0]))
    contents = {
        "nul.json": json.dumps(nul).encode(),
        "aliases.yaml": yaml.safe_dump(shared, allow_unicode=True).encode(),
        "complex-key.yaml": b"? [a, b]\n: c\n",
        "long-number.yaml": b"order: " + b"7" * 5000 + b"\n",
        "duplicate-term.yaml": yaml.safe_dump(duplicate, allow_unicode=True).encode(),
        "not-utf8.yaml": b"order: \xff\xfe\n",
    }
    paths = {}
    for name, raw in contents.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(raw)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")
        paths["pipe.yaml"] = tmp_path / "pipe.yaml"
    if os.path.exists("/dev/zero"):
        paths["zero"] = Path("/dev/zero")
    return paths


def test_validate_and_import_agree_and_change_nothing(
    env: dict[str, str], exported: dict[str, Any], tmp_path: Path
) -> None:
    before = _state(env)
    for name, path in _hostile_files(exported, tmp_path).items():
        for command in ("validate", "import"):
            result = run(env, "kb", command, str(path))
            stderr = result.stderr.decode()
            assert result.returncode == 2, (name, command, stderr)
            assert "nothing was changed" in stderr and "Traceback" not in stderr, (name, stderr)
            assert " (line " in stderr or name in ("pipe.yaml", "zero", "not-utf8.yaml"), stderr
    assert _state(env) == before


def test_escaped_json_imports(
    env: dict[str, str], exported: dict[str, Any], tmp_path: Path
) -> None:
    exported["cards"][0]["card_title"] += " 🚑"
    path = tmp_path / "emoji.json"
    path.write_text(json.dumps(exported), encoding="ascii")  # \ud83d\ude91
    assert run(env, "kb", "validate", str(path)).returncode == 0
    result = run(env, "kb", "import", str(path))
    assert result.returncode == 0, result.stderr
    card = next(
        e
        for e in json.loads(run(env, "kb", "export", "--format", "json").stdout)
        if e["id"] == "4.1"
    )
    assert card["title"].endswith("🚑")


def test_authors_and_file_names_of_any_bytes(
    cli_env: dict[str, str], exported: dict[str, Any], tmp_path: Path
) -> None:
    exported["terms"][0]["definition"] += " (1)"
    odd_name = os.fsencode(tmp_path) + b"/\xffkb.yaml"
    with open(odd_name, "wb") as handle:
        handle.write(yaml.safe_dump(exported, allow_unicode=True).encode())
    before = _state(cli_env)
    for author in (b"a" * 201, b"\xffadmin", b"ad\x1bmin"):
        result = run(cli_env, "kb", "import", odd_name, "--author", author)
        assert result.returncode == 2 and b"--author" in result.stderr, result.stderr
        assert b"Traceback" not in result.stderr
    assert _state(cli_env) == before
    result = run(cli_env, "kb", "import", odd_name, "--author", "админ")
    assert result.returncode == 0, result.stderr
    history = run(cli_env, "kb", "history").stdout.decode()
    assert "админ" in history


def test_a_stale_export_is_refused_unless_forced(
    env: dict[str, str], exported: dict[str, Any], tmp_path: Path
) -> None:
    stale = tmp_path / "kb.yaml"  # written by the fixture: exported from version 1
    assert exported["based_on_version"] == 1
    newer = copy.deepcopy(exported)
    newer["terms"][0]["definition"] += " (жаңа)"
    (tmp_path / "newer.yaml").write_text(yaml.safe_dump(newer, allow_unicode=True), "utf-8")
    assert run(env, "kb", "import", str(tmp_path / "newer.yaml")).returncode == 0

    diff = run(env, "kb", "diff", str(stale))
    assert b"exported from version 1; version 2 is active" in diff.stdout
    before = _state(env)
    refused = run(env, "kb", "import", str(stale))
    assert refused.returncode == 2
    assert b"exported from version 1, but version 2 is active" in refused.stderr
    assert _state(env) == before
    forced = run(env, "kb", "import", str(stale), "--force")
    assert forced.returncode == 0 and b"version 3" in forced.stdout


@pytest.mark.parametrize(
    "locale_env",
    [{"LC_ALL": "C", "LANG": "C"}, {"PYTHONIOENCODING": "utf-8:strict"}],
    ids=["C-locale", "strict-utf8"],
)
def test_ask_json_survives_invalid_bytes(
    cli_env: dict[str, str], locale_env: dict[str, str]
) -> None:
    questions = [
        b"\xd0\xba\xd2\xaf\xd0\xb9\xd1\x96\xd0\xba",
        b"\xff\xfe bad",
        b"6.2 \xd2",
        "қан кету".encode(),
    ]
    result = run(
        {**cli_env, **locale_env}, "ask", "--json", "-", stdin=b"\n".join(questions) + b"\n"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()  # strict: the output is valid UTF-8
    answers = [json.loads(line) for line in lines]
    assert [a["query"] for a in answers] == ["күйік", "\ufffd\ufffd bad", "6.2 \ufffd", "қан кету"]
    assert answers[0]["results"] and answers[3]["results"]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.binary(max_size=120).map(lambda b: b.replace(b"\n", b" ")), max_size=6))
def test_any_bytes_give_one_json_line_per_question(
    assistant: Assistant, lines: list[bytes]
) -> None:
    source = io.BytesIO(b"".join(line + b"\n" for line in lines))
    out = io.BytesIO()
    count = answer_all(assistant, read_questions(source), out, as_json=True)
    written = out.getvalue().decode("utf-8").split("\n")
    assert count == len(lines) and written[-1] == "" and len(written) == len(lines) + 1
    assert all(isinstance(json.loads(line)["results"], list) for line in written[:-1])
