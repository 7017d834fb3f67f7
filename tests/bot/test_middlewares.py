"""Middlewares: 429 retries within a bound, waiting for updates in flight."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage

from bot.middlewares import InFlight, RetryAfterMiddleware


class _Flaky:
    """A make_request that answers 429 `failures` times, then succeeds."""

    def __init__(self, failures: int, retry_after: int = 0) -> None:
        self.failures = failures
        self.retry_after = retry_after
        self.calls = 0

    async def __call__(self, bot: object, method: SendMessage) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise TelegramRetryAfter(
                method=method, message="Too Many Requests", retry_after=self.retry_after
            )
        return "sent"


async def test_retry_after_is_waited_and_retried_within_a_bound() -> None:
    method = SendMessage(chat_id=1, text="x")
    flaky = _Flaky(failures=2)
    result: object = await RetryAfterMiddleware(attempts=3)(flaky, None, method)  # type: ignore[arg-type]
    assert result == "sent"
    assert flaky.calls == 3
    with pytest.raises(TelegramRetryAfter):
        await RetryAfterMiddleware(attempts=1)(_Flaky(failures=5), None, method)  # type: ignore[arg-type]
    too_long = _Flaky(failures=1, retry_after=3600)
    with pytest.raises(TelegramRetryAfter):
        await RetryAfterMiddleware(attempts=3, max_wait=30)(too_long, None, method)  # type: ignore[arg-type]
    assert too_long.calls == 1


async def test_in_flight_waits_for_running_updates() -> None:
    tracker = InFlight()
    tracker.enter()

    async def finish() -> None:
        await asyncio.sleep(0.05)
        tracker.leave()

    task = asyncio.create_task(finish())
    assert await tracker.wait_idle(2.0)
    await task
    tracker.enter()
    assert not await tracker.wait_idle(0.05)
