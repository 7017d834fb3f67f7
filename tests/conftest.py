"""Shared fixtures: the bundled document, analyser and assistant, and real databases.

PostgreSQL and Redis tests run against real servers (KOMEKSHI_TEST_POSTGRES_URL,
KOMEKSHI_TEST_REDIS_URL; defaults: the local servers). Without a server they are skipped
with the reason; with CI=true a missing server fails the run instead.
"""

from __future__ import annotations

import os
import socket
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from redis.asyncio import Redis

from knowledge.analysis.analyzer import Analyzer
from knowledge.assistant import Assistant
from knowledge.derive import build_entries
from knowledge.document import KnowledgeDocument
from knowledge.entries import Entry
from knowledge.loader import load_bundled
from knowledge.store import KnowledgeStore
from tests.support.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get(
    "KOMEKSHI_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("KOMEKSHI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _reachable(url: str) -> bool:
    parts = urlsplit(url.replace("+asyncpg", ""))
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 0), timeout=2):
            return True
    except OSError:
        return False


def require_server(name: str, url: str) -> None:
    """Skip (or, under CI=true, fail) when a server the test needs is not there."""
    if _reachable(url):
        return
    message = f"{name} is not reachable at {url}"
    if IN_CI:
        pytest.fail(f"{message}, and CI=true requires it")
    pytest.skip(f"{message} (set KOMEKSHI_TEST_{name.upper()}_URL to run these tests)")


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="session")
def document() -> KnowledgeDocument:
    return load_bundled()


@pytest.fixture(scope="session")
def entries(document: KnowledgeDocument) -> list[Entry]:
    return build_entries(document)


@pytest.fixture(scope="session")
def assistant(document: KnowledgeDocument, entries: list[Entry], analyzer: Analyzer) -> Assistant:
    return Assistant.from_entries(entries, analyzer, [g.phrases for g in document.synonyms])


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'kb.sqlite3'}"


async def _run_on_server(sql: str) -> None:
    """One statement on the test server's maintenance database (CREATE/DROP DATABASE)."""
    import asyncpg  # type: ignore[import-untyped]

    connection = await asyncpg.connect(POSTGRES_URL.replace("+asyncpg", ""))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    require_server("postgres", POSTGRES_URL)
    name = f"komekshi_test_{uuid.uuid4().hex[:12]}"
    await _run_on_server(f'CREATE DATABASE "{name}"')
    base = POSTGRES_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        await _run_on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Every store test runs on the embedded SQLite file and on the PostgreSQL server."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
async def store(database_url: str, analyzer: Analyzer) -> AsyncIterator[KnowledgeStore]:
    opened = await KnowledgeStore.open(database_url, analyzer=analyzer)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    """A client of the Redis test server (skipped, or failed under CI, without one)."""
    require_server("redis", REDIS_URL)
    client = Redis.from_url(REDIS_URL)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """Environment for running the real `komekshi` CLI against a fresh SQLite file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMEKSHI_") and k != "CI"}
    env["KOMEKSHI_DATABASE__URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def komekshi_command() -> list[str]:
    """The console script next to this interpreter (falls back to `python -m bot`)."""
    script = Path(sys.executable).with_name("komekshi")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    """A fake Telegram Bot API server on loopback (tests/fake_telegram.py)."""
    server = await FakeTelegram().start()
    try:
        yield server
    finally:
        await server.stop()
