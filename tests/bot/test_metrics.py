"""Health, readiness and Prometheus metrics on the webhook server (and, in polling mode,
on [metrics] port): what a load balancer and the monitoring ask for; and PostgreSQL
announcing new versions to the workers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis

from bot.serve import create_webhook_app
from knowledge.store import StoreUnavailable
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import Harness, running_bot

USER = 1001


def _client(harness: Harness) -> TestClient[Any, Any]:
    app = create_webhook_app(harness.services.settings, harness.bot, harness.dispatcher,
                             harness.services)  # fmt: skip
    return TestClient(TestServer(app))


async def test_health_readiness_and_metrics(telegram: FakeTelegram, sqlite_url: str) -> None:
    async with running_bot(telegram, sqlite_url) as harness, _client(harness) as client:
        health = await client.get("/healthz")
        assert health.status == 200 and (await health.json())["status"] == "ok"
        ready = await client.get("/readyz")
        assert ready.status == 200
        assert await ready.json() == {"status": "ready", "missing": [], "knowledge_version": 1}
        for text in ("күйікке алғашқы көмек", "ертең ауа райы қандай", "рахмет"):
            update = {"update_id": 1, "message": telegram.message(USER, text)}
            await client.post("/telegram/webhook", json=update)
        await telegram.wait_for("sendMessage", chat_id=USER, count=3)
        page = await (await client.get("/metrics")).text()
        assert 'komekshi_updates_total{type="message"} 3.0' in page
        assert 'komekshi_questions_total{outcome="answered"} 1.0' in page
        assert 'komekshi_questions_total{outcome="not_found"} 1.0' in page
        assert 'komekshi_questions_total{outcome="small_talk"} 1.0' in page
        assert "komekshi_answer_seconds_count 3.0" in page
        assert "komekshi_knowledge_version 1.0" in page


async def test_not_ready_says_what_is_missing(
    telegram: FakeTelegram, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_bot(telegram, sqlite_url) as harness, _client(harness) as client:
        unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
        harness.services.health.redis = unreachable

        async def down() -> None:
            raise StoreUnavailable("cannot use the database x: connection refused")

        monkeypatch.setattr(harness.library.store, "current_version", down)
        response = await client.get("/readyz")
        assert response.status == 503
        body = await response.json()
        assert body["missing"] == ["database unreachable", "redis unreachable"]
        assert (await client.get("/healthz")).status == 200  # alive, just not ready
        await unreachable.aclose()


async def test_postgres_tells_every_worker_of_a_new_version(
    telegram: FakeTelegram, postgres_url: str, document: Any
) -> None:
    """Without Redis and without the periodic check: NOTIFY alone brings the version."""
    from knowledge.analysis.analyzer import Analyzer
    from knowledge.store import KnowledgeStore

    settings = {"database": {"version_check_seconds": 0}}
    async with running_bot(telegram, postgres_url, **settings) as worker:
        await asyncio.sleep(0.5)  # listening
        cli = await KnowledgeStore.open(postgres_url, analyzer=Analyzer())  # as `kb import`
        try:
            await cli.apply(
                document.model_copy(update={"terms": document.terms[:-1]}), author="cli"
            )
        finally:
            await cli.close()
        for _ in range(40):
            if worker.library.assistant.version == 2:
                break
            await asyncio.sleep(0.05)
        assert worker.library.assistant.version == 2
