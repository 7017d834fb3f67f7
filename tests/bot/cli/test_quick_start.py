"""`komekshi ask` from the copy of the active version beside the SQLite file: the same
answers as an ordinary start, never a version the database no longer holds."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from knowledge.analysis.analyzer import Analyzer
from knowledge.schema import META_BUNDLED
from knowledge.snapshot_copy import SUFFIX, SnapshotCopy
from tests.bot.cli.test_kb import run

QUESTIONS = [
    "күйікке алғашқы көмек",
    "6.1 деңгейдің міндеттері",
    "Сәлеметсіз бе! Мен 4.2 деңгейдегі күтушімін. Науқастың қан қысымын өлшеу менің "
    "міндетіме кіре ме?",
    "сколько стоит айфон",
]


def _database(env: dict[str, str]) -> Path:
    return Path(env["KOMEKSHI_DATABASE__URL"].split("///", 1)[1])


def _copy_path(env: dict[str, str]) -> Path:
    database = _database(env)
    return database.with_name(database.name + SUFFIX)


def _answers(env: dict[str, str]) -> list[dict[str, object]]:
    result = run(env, "ask", "--json", "-", stdin="\n".join(QUESTIONS) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    for answer in answers:
        answer.pop("took_ms", None)
    return answers


def test_a_quick_start_answers_as_an_ordinary_one(cli_env: dict[str, str]) -> None:
    ordinary = _answers(cli_env)  # the first start seeds the store and writes the copy
    assert _copy_path(cli_env).is_file()
    assert _answers(cli_env) == ordinary
    without = {**cli_env, "KOMEKSHI_DATABASE__QUICK_START": "false"}
    assert _answers(without) == ordinary


def test_a_quick_start_imports_no_database_layer(cli_env: dict[str, str]) -> None:
    run(cli_env, "ask", "6.1")  # writes the copy
    probe = (
        "import sys\n"
        "from bot.cli import main\n"
        "sys.argv = ['komekshi', 'ask', '6.1']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('sqlalchemy' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=cli_env, capture_output=True, text=True, timeout=120
    )
    assert result.stderr.strip().splitlines()[-1] == "False", result.stderr


def test_a_new_version_is_served_not_the_copy(cli_env: dict[str, str]) -> None:
    phrase = "шаштараз бөлмесінде өрт шықса не істеу керек"
    assert json.loads(run(cli_env, "ask", "--json", phrase).stdout)["answered"] is False
    assert "version 2" in run(cli_env, "kb", "alias", "4.1/F1/T2", *phrase.split()).stdout
    answer = json.loads(run(cli_env, "ask", "--json", phrase).stdout)
    assert answer["answered"] and answer["results"][0]["id"] == "4.1/F1/T2"
    assert "as version 3" in run(cli_env, "kb", "rollback", "1").stdout
    assert json.loads(run(cli_env, "ask", "--json", phrase).stdout)["answered"] is False


def test_an_own_version_keeps_quick_starts_after_the_bundled_data_changed(
    cli_env: dict[str, str],
) -> None:
    """Newer bundled data replaces only a seeded version: over an admin's own version the
    store stays as it is, so its copy stays good."""
    assert "version 2" in run(cli_env, "kb", "alias", "4.1/F1/T2", "өрт", "шықса").stdout
    database = _database(cli_env)
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE kb_meta SET value = 'older' WHERE key = ?", (META_BUNDLED,))
    assert run(cli_env, "ask", "6.1").returncode == 0  # the ordinary start writes the copy
    assert SnapshotCopy(database, Analyzer()).load() is not None
    with sqlite3.connect(database) as connection:  # as if the bundled data were a seed's
        connection.execute("UPDATE kb_version SET action = 'seed'")
    assert SnapshotCopy(database, Analyzer()).load() is None


def test_a_damaged_or_foreign_copy_is_ignored(cli_env: dict[str, str]) -> None:
    ordinary = _answers(cli_env)
    copy = _copy_path(cli_env)
    copy.write_text("{not json", encoding="utf-8")
    assert _answers(cli_env) == ordinary
    stored = json.loads(copy.read_text(encoding="utf-8"))  # rewritten by that start
    stored["snapshot"]["entries"] = []  # a copy that claims the store's stamp but lies
    stored["stamp"]["checksum"] = "another version"
    copy.write_text(json.dumps(stored), encoding="utf-8")
    assert _answers(cli_env) == ordinary


def test_a_copy_is_only_for_sqlite_files() -> None:
    analyzer = Analyzer()
    assert SnapshotCopy.for_url("postgresql+asyncpg://u@localhost/komekshi", analyzer) is None
    assert SnapshotCopy.for_url("sqlite+aiosqlite:///:memory:", analyzer) is None
    assert SnapshotCopy.for_url("sqlite+aiosqlite:///file:x?mode=memory", analyzer) is None
    found = SnapshotCopy.for_url("sqlite+aiosqlite:////var/lib/k/kb.sqlite3", analyzer)
    assert found is not None and found.path == Path("/var/lib/k/kb.sqlite3" + SUFFIX)


def test_a_copy_made_by_another_analyser_is_not_used(cli_env: dict[str, str]) -> None:
    """A copy made by an analyser of another version is stale even if the store is not."""
    run(cli_env, "ask", "6.1")
    database = _database(cli_env)
    other = Analyzer(stop_words=frozenset({"мен"}))  # another analyser version
    assert other.version != Analyzer().version
    assert SnapshotCopy(database, other).load() is None
    assert SnapshotCopy(database, Analyzer()).load() is not None
