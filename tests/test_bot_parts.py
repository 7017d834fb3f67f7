"""Pieces of the bot on their own: rendering limits, deep links, throttling, retries, i18n."""

from __future__ import annotations

import asyncio
import gettext
import re
from collections.abc import AsyncIterator
from importlib import resources

import pytest
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage
from babel.messages.pofile import read_po
from redis.asyncio import Redis

from bot.deeplinks import decode_entry, encode_entry
from bot.keyboards import OpenEntry, Vote, entry_keyboard
from bot.middlewares import InFlight, RetryAfterMiddleware
from bot.rendering import Rendered, Span, Style, render_entry, split_for_telegram
from bot.throttling import Decision, MemoryRateLimiter, RedisRateLimiter
from knowledge.assistant import Assistant
from knowledge.entries import Entry
from tests.conftest import REDIS_URL, require_server

TAG = re.compile(r"</?([a-z]+)>")


def _balanced(chunk: str) -> bool:
    stack: list[str] = []
    for match in TAG.finditer(chunk):
        if match.group(0).startswith("</"):
            if not stack or stack.pop() != match.group(1):
                return False
        else:
            stack.append(match.group(1))
    return not stack


def test_long_messages_split_between_lines_never_inside_a_tag() -> None:
    rendered = Rendered()
    for number in range(400):
        rendered.add(Span(f"{number}. <скобки> & «тырнақша»", Style.BOLD), " соңы")
    chunks = split_for_telegram(rendered.html_lines())
    assert len(chunks) > 1
    assert all(len(chunk) <= 4096 and _balanced(chunk) for chunk in chunks)
    assert "&lt;скобки&gt; &amp;" in chunks[0]
    assert "\n".join(chunks).count("<b>") == 400


def test_every_entry_renders_to_valid_escaped_html(entries: list[Entry]) -> None:
    for entry in entries:
        chunks = split_for_telegram(render_entry(entry).html_lines())
        assert all(len(c) <= 4096 and _balanced(c) for c in chunks), entry.id
        assert entry.source in "".join(chunks)


def test_every_button_fits_telegrams_64_bytes(entries: list[Entry], assistant: Assistant) -> None:
    for entry in entries:
        markup = entry_keyboard(entry, assistant, lambda s: s, feedback=True)
        for row in markup.inline_keyboard:
            for button in row:
                if button.callback_data:
                    assert len(button.callback_data.encode()) <= 64, (
                        entry.id,
                        button.callback_data,
                    )
    assert OpenEntry.unpack(OpenEntry(id="4.2/F1/T3").pack()).id == "4.2/F1/T3"
    assert Vote.unpack(Vote(id="term/7", up=False).pack()).up is False


def test_deep_links_round_trip(entries: list[Entry]) -> None:
    for entry in entries:
        payload = encode_entry(entry.id)
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)
        assert decode_entry(payload) == entry.id
    assert decode_entry("bad payload!") is None


async def test_memory_throttling_allows_a_burst_then_one_notice() -> None:
    limiter = MemoryRateLimiter(rate=1.0, burst=3)
    decisions = [await limiter.hit("u") for _ in range(10)]
    assert decisions[:3] == [Decision.ALLOW] * 3
    assert decisions[3] == Decision.NOTIFY
    assert set(decisions[4:]) == {Decision.DROP}
    assert await limiter.hit("other") == Decision.ALLOW
    await asyncio.sleep(1.05)
    assert await limiter.hit("u") == Decision.ALLOW


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    require_server("redis", REDIS_URL)
    client = Redis.from_url(REDIS_URL)
    try:
        yield client
    finally:
        await client.aclose()


async def test_redis_throttling_is_shared_between_workers(redis: Redis) -> None:
    prefix = f"komekshi:test:{id(redis)}:"
    first = RedisRateLimiter(redis, rate=1.0, burst=3, prefix=prefix)
    second = RedisRateLimiter(redis, rate=1.0, burst=3, prefix=prefix)
    decisions = [await (first if n % 2 else second).hit("u") for n in range(8)]
    assert decisions[:3] == [Decision.ALLOW] * 3
    assert decisions[3] == Decision.NOTIFY
    assert set(decisions[4:]) == {Decision.DROP}
    await asyncio.sleep(1.05)
    assert await first.hit("u") == Decision.ALLOW
    await redis.delete(f"{prefix}u")


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
    assert await RetryAfterMiddleware(attempts=3)(flaky, None, method) == "sent"  # type: ignore[arg-type]
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


def test_catalogues_are_complete_and_compiled() -> None:
    locales = resources.files("bot").joinpath("locales")
    with locales.joinpath("komekshi.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    for locale in ("kk", "ru"):
        with locales.joinpath(f"{locale}/LC_MESSAGES/komekshi.po").open("rb") as handle:
            catalog = read_po(handle)
        assert {m.id for m in catalog if m.id} == template, locale
        with locales.joinpath(f"{locale}/LC_MESSAGES/komekshi.mo").open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        for message in catalog:
            if message.id and message.string:
                assert compiled.gettext(message.id) == message.string
    with locales.joinpath("ru/LC_MESSAGES/komekshi.po").open("rb") as handle:
        assert all(m.string for m in read_po(handle) if m.id)
