"""With PostgreSQL gone for a while, questions are still answered from the loaded index,
writes are dropped with a log line, an admin is told in one short line, and everything
recovers by itself. The test starts and stops its own PostgreSQL cluster (never the
machine's shared server)."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import running_bot

USER, ADMIN = 1001, 42


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    return None


class OwnPostgres:
    """initdb + pg_ctl in a temporary folder, as the `postgres` user when run as root."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.data = folder / "data"
        self.folder = folder
        self.initdb, self.pg_ctl = _tool("initdb"), _tool("pg_ctl")

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=60)

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        assert self.initdb is not None
        self._run(self.initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        assert self.pg_ctl is not None
        options = f"-p {self.port} -h 127.0.0.1 -k {self.folder}"
        self._run(self.pg_ctl, "-D", str(self.data), "-o", options, "-w", "-l",
                  str(self.folder / "log"), "start")  # fmt: skip

    def stop(self) -> None:
        assert self.pg_ctl is not None
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    # Not pytest's tmp_path: its folders are private to this user, and the server may
    # have to run as `postgres`.
    folder = Path(tempfile.mkdtemp(prefix="komekshi-pg-"))
    server = OwnPostgres(folder)
    if server.initdb is None or server.pg_ctl is None:
        if IN_CI:
            pytest.fail("initdb/pg_ctl are not installed, and CI=true requires them")
        pytest.skip("initdb/pg_ctl are not installed")
    server.create()
    server.start()
    try:
        yield server
    finally:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [*prefix, str(server.pg_ctl), "-D", str(server.data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


async def test_questions_are_answered_while_postgres_is_down_and_after(
    telegram: FakeTelegram, own_postgres: OwnPostgres, caplog: pytest.LogCaptureFixture
) -> None:
    settings = {"database": {"url": own_postgres.url, "connect_timeout": 2}}
    async with running_bot(telegram, own_postgres.url, **settings) as harness:
        await telegram.send_text(USER, "күйікке алғашқы көмек")
        await harness.feed()
        own_postgres.stop()
        with caplog.at_level(logging.WARNING):
            for question in ("6.2 біліктілік талаптары", "ертең ауа райы қандай"):
                await telegram.send_text(USER, question)
                await asyncio.wait_for(harness.feed(), 15)  # nothing hangs
            await asyncio.wait_for(harness.services.recorder.flush(), 15)
            assert not await harness.services.watcher.check()
            await telegram.send_text(ADMIN, "/history")
            await asyncio.wait_for(harness.feed(), 15)
        answers = [m.text for m in telegram.messages_to(USER)]
        assert len(answers) == 3 and "6.2" in answers[1]  # from the loaded index
        assert "Дерекқор уақытша қолжетімсіз" in telegram.messages_to(ADMIN)[-1].text
        assert any("could not store" in r.getMessage() for r in caplog.records)
        assert "Traceback" not in caplog.text
        own_postgres.start()
        await telegram.send_text(USER, "жеке құзыреттер 4.3")
        await harness.feed()
        await harness.services.recorder.flush()
        await telegram.send_text(ADMIN, "/history")
        await harness.feed()
        assert "seed" in telegram.messages_to(ADMIN)[-1].text  # the database is back
        assert len(telegram.messages_to(USER)) == 4
