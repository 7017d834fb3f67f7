"""With Redis gone, every question is still answered: pacing, throttling, languages and
context fall back to the process, each says so once, and all return to Redis by itself.
The test starts and stops its own redis-server (never the machine's shared one)."""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import outage
from tests.conftest import IN_CI
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import running_bot

USER = 1001


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OwnRedis:
    def __init__(self, folder: Path) -> None:
        self.port = _free_port()
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    if shutil.which("redis-server") is None:
        if IN_CI:
            pytest.fail("redis-server is not installed, and CI=true requires it")
        pytest.skip("redis-server is not installed")
    server = OwnRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def test_questions_are_answered_while_redis_is_down_and_after(
    telegram: FakeTelegram,
    sqlite_url: str,
    own_redis: OwnRedis,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outage, "RETRY_SECONDS", 0.2)
    settings = {"redis": {"url": own_redis.url}, "throttling": {"private_interval": 0.05}}
    async with running_bot(telegram, sqlite_url, **settings) as harness:
        await telegram.send_text(USER, "күйікке алғашқы көмек")
        await harness.feed()
        assert len(telegram.messages_to(USER)) == 1
        own_redis.stop()
        with caplog.at_level(logging.WARNING):
            for question in ("6.2 біліктілік талаптары", "жеке құзыреттер", "/lang", "терминдер"):
                await telegram.send_text(USER, question)
                await harness.feed()
        assert len(telegram.messages_to(USER)) == 5  # every one answered
        down = [r.getMessage() for r in caplog.records if "Redis unavailable" in r.getMessage()]
        assert len(down) == len(set(down)) and len(down) >= 2  # once per service, not per update
        own_redis.start()
        await asyncio.sleep(0.3)  # past the retry interval
        caplog.clear()
        with caplog.at_level(logging.INFO):
            await telegram.send_text(USER, "4.1 деңгейдің міндеттері")
            await harness.feed()
        assert len(telegram.messages_to(USER)) == 6
        assert any("Redis is back" in r.getMessage() for r in caplog.records)
