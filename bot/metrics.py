"""What an operator watches: Prometheus metrics (the official `prometheus-client`), and
the health and readiness answers a load balancer asks for.

One `Metrics` per process, with its own registry (nothing module-level), built with the
services and handed to what counts.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import TelegramObject, Update
from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from redis.asyncio import Redis
from redis.exceptions import RedisError

from knowledge.library import Library
from knowledge.store import StoreUnavailable

UPDATE_KINDS = ("message", "callback_query", "inline_query", "edited_message")


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "komekshi_updates_total", "Updates handled, by type", ["type"], registry=self.registry
        )
        self.questions = Counter(
            "komekshi_questions_total",
            "Questions, by outcome (answered, not_found, declined, small_talk)",
            ["outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "komekshi_answer_seconds",
            "Time to find an answer",
            buckets=(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0),
            registry=self.registry,
        )
        self.api_errors = Counter(
            "komekshi_bot_api_errors_total",
            "Bot API requests that failed, by method",
            ["method"],
            registry=self.registry,
        )
        self.api_retries = Counter(
            "komekshi_bot_api_retries_total",
            "Bot API requests sent again after 429",
            registry=self.registry,
        )
        self.version = Gauge(
            "komekshi_knowledge_version",
            "The knowledge-base version served",
            registry=self.registry,
        )

    def follow(self, library: Library) -> None:
        """Report the version `library` serves, read at every scrape."""
        self.version.set_function(
            lambda: float(library.assistant.version or 0) if library.loaded else 0.0
        )

    def question(self, outcome: str, seconds: float) -> None:
        self.questions.labels(outcome).inc()
        self.latency.observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdateCounter(BaseMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Update):
            kind = next((k for k in UPDATE_KINDS if getattr(event, k, None) is not None), "other")
            self.metrics.updates.labels(kind).inc()
        return await handler(event, data)


class ApiErrorCounter(BaseRequestMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramAPIError:
            self.metrics.api_errors.labels(type(method).__name__).inc()
            raise


class Health:
    """/healthz: the process answers (its loop is not stuck); /readyz: the database and
    Redis (when configured) answer and a knowledge-base version is loaded."""

    def __init__(self, library: Library, redis: Redis | None, timeout: float = 2.0) -> None:
        self.library = library
        self.redis = redis
        self.timeout = timeout

    async def missing(self) -> list[str]:
        problems = []
        if not self.library.loaded:
            problems.append("knowledge base not loaded")
        try:
            await asyncio.wait_for(self.library.store.current_version(), self.timeout)
        except (StoreUnavailable, TimeoutError):
            problems.append("database unreachable")
        if self.redis is not None:
            try:
                await asyncio.wait_for(self.redis.ping(), self.timeout)
            except (RedisError, OSError, TimeoutError):
                problems.append("redis unreachable")
        return problems


def add_routes(app: web.Application, health: Health, metrics: Metrics) -> None:
    started = time.monotonic()

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "uptime_s": round(time.monotonic() - started)})

    async def readyz(_: web.Request) -> web.Response:
        missing = await health.missing()
        body: dict[str, object] = {
            "status": "ready" if not missing else "not ready",
            "missing": missing,
        }
        if health.library.loaded:
            body["knowledge_version"] = health.library.assistant.version
        return web.Response(
            status=200 if not missing else 503,
            text=json.dumps(body, ensure_ascii=False),
            content_type="application/json",
        )

    async def metrics_page(_: web.Request) -> web.Response:
        return web.Response(
            body=metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_page)
