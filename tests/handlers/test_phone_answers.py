"""Answers that fit a phone (issue 8): a first message of one screen with «Толығырақ» in
place, the 103/112 line first, shared cards in groups left alone, inline while typing."""

from __future__ import annotations

import json
import statistics
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from handlers.views.keyboards import Expand, OpenEntry
from handlers.views.rendering import SUMMARY_CHARS
from knowledge.document import KnowledgeDocument
from tests.support.fake_telegram import (
    BOT_USERNAME,
    Call,
    FakeTelegram,
    StoredMessage,
    visible_text,
)
from tests.support.harness import Harness, running_bot

USER = 1001
GROUP_ID = -100555
GROUP: dict[str, Any] = {"id": GROUP_ID, "type": "supergroup", "title": "Бригада"}
DATA = Path(__file__).parent.parent / "knowledge" / "data"


@pytest.fixture
async def harness(telegram: FakeTelegram, sqlite_url: str) -> AsyncIterator[Harness]:
    async with running_bot(telegram, sqlite_url) as running:
        yield running


async def ask(harness: Harness, text: str, **kwargs: Any) -> list[Call]:
    before = len(harness.telegram.calls)
    await harness.telegram.send_text(USER, text, **kwargs)
    await harness.feed()
    return [c for c in harness.telegram.calls[before:] if c.method == "sendMessage"]


def buttons(message: StoredMessage) -> list[dict[str, Any]]:
    return [b for row in (message.markup or {}).get("inline_keyboard", []) for b in row]


def _questions() -> list[str]:
    lines = []
    for name in ("regression_queries.jsonl", "natural_messages.jsonl"):
        text = (DATA / name).read_text(encoding="utf-8")
        lines += [json.loads(line)["query"] for line in text.splitlines()]
    return lines


async def test_every_first_reply_fits_a_phone_screen(harness: Harness) -> None:
    lengths = []
    for question in _questions():
        before = len(harness.telegram.messages_to(USER))
        await ask(harness, question)
        lengths += [len(m.text) for m in harness.telegram.messages_to(USER)[before:]]
    lengths.sort()
    quantiles = statistics.quantiles(lengths, n=10)
    print(f"\nreplies: {len(lengths)}, median {statistics.median(lengths):.0f}, "
          f"p90 {quantiles[-1]:.0f}, max {lengths[-1]} visible characters")  # fmt: skip
    assert len(lengths) >= 170
    assert lengths[-1] <= SUMMARY_CHARS


async def test_more_expands_in_place_and_collapses(harness: Harness) -> None:
    await ask(harness, "6.2 біліктілік талаптары")
    [message] = harness.telegram.messages_to(USER)
    short = message.text
    more = next(b for b in buttons(message) if b["text"] == "📖 Толығырақ")
    await harness.telegram.press(USER, message, more["callback_data"])
    await harness.feed()
    [same] = harness.telegram.messages_to(USER)  # edited, not a new message
    assert len(same.text) > len(short) and "ҚР ДСМ-305/2020" in same.text
    assert "Дереккөз:" in same.text
    less = next(b for b in buttons(same) if b["text"] == "🔼 Қысқаша")
    await harness.telegram.press(USER, same, less["callback_data"])
    await harness.feed()
    assert harness.telegram.messages_to(USER)[0].text == short
    # the same button again: "message is not modified" is no error
    await harness.telegram.press(USER, same, less["callback_data"])
    await harness.feed()
    assert all(c.ok for c in harness.telegram.calls if c.method == "answerCallbackQuery")
    assert not [c for c in harness.telegram.calls if not c.ok and c.method != "editMessageText"]


async def test_a_press_after_the_entry_was_removed_says_so(
    harness: Harness, document: KnowledgeDocument
) -> None:
    await ask(harness, "19-термин")
    [message] = harness.telegram.messages_to(USER)
    removed = document.model_copy(update={"terms": document.terms[:-1]})
    await harness.library.apply(removed, author="admin")
    before = len(harness.telegram.calls)
    await harness.telegram.press(USER, message, Expand(id="term/19", full=True).pack())
    await harness.feed()
    [toast] = [c for c in harness.telegram.calls[before:] if c.method == "answerCallbackQuery"]
    assert "енді жоқ" in toast.params["text"]


async def test_the_emergency_line_comes_first(harness: Harness) -> None:
    for question in ("күйікке алғашқы көмек", "розеткадан ток соғып кетті не істеймін"):
        await ask(harness, question)
        text = harness.telegram.messages_to(USER)[-1].text
        assert text.startswith("🚑 Шұғыл жағдайда 103"), text[:80]
        assert "▸" in text  # the lines the question is about, marked
    await ask(harness, "6.2 деңгей")
    await ask(harness, "алғашқы көмек")  # the level carried over: its note after 103/112
    text = harness.telegram.messages_to(USER)[-1].text
    assert text.startswith("🚑 Шұғыл жағдайда 103")


async def test_buttons_of_a_shared_card_open_the_bot_privately(harness: Harness) -> None:
    telegram = harness.telegram
    await telegram.send_text(3003, f"/card@{BOT_USERNAME} 6.2", chat=GROUP)
    await harness.feed()
    [card] = telegram.messages_to(GROUP_ID)
    text_before = card.text
    before = len(telegram.calls)
    for data in (OpenEntry(id="6.2/F1").pack(), Expand(id="6.2", full=True).pack(), "m:levels"):
        await telegram.press(3004, card, data)
        await harness.feed()
    calls = telegram.calls[before:]
    assert not [c for c in calls if c.method in ("editMessageText", "sendMessage")]
    urls = [c.params.get("url") for c in calls if c.method == "answerCallbackQuery"]
    assert urls == [
        f"https://t.me/{BOT_USERNAME}?start=6_2-F1",
        f"https://t.me/{BOT_USERNAME}?start=6_2",
        f"https://t.me/{BOT_USERNAME}?start=menu",
    ]
    assert telegram.messages_to(GROUP_ID)[0].text == text_before
    await telegram.send_text(3004, "/start 6_2-F1")
    await harness.feed()
    assert "6.2 деңгей" in telegram.messages_to(3004)[-1].text


async def _inline(harness: Harness, query: str) -> dict[str, Any]:
    await harness.telegram.inline(USER, query)
    await harness.feed()
    [call] = [c for c in harness.telegram.calls if c.method == "answerInlineQuery"][-1:]
    return call.params


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("6", ["6.1", "6.2", "6.3"]),
        ("6.", ["6.1", "6.2", "6.3"]),
        ("6.2 б", ["6.2/requirements", "6.2/education"]),
        ("4.3 ж", ["4.3/competencies"]),
    ],
)
async def test_inline_lists_what_a_partial_id_means(
    harness: Harness, typed: str, expected: list[str]
) -> None:
    params = await _inline(harness, typed)
    ids = [r["id"] for r in params["results"]]
    assert ids[: len(expected)] == expected if typed != "6.2 б" else set(expected) <= set(ids)
    assert all(r["id"].startswith(typed[0]) for r in params["results"])
    assert params["button"]["start_parameter"] == "menu"


async def test_inline_shows_no_weak_matches_and_posts_a_short_card(harness: Harness) -> None:
    params = await _inline(harness, "күйік")
    results = params["results"]
    assert results and all("/F1/T2" in r["id"] for r in results), [r["id"] for r in results]
    for result in results:
        content = result["input_message_content"]
        assert len(visible_text(content["message_text"], "HTML")) <= SUMMARY_CHARS
        [[button]] = result["reply_markup"]["inline_keyboard"]
        assert button["url"].startswith(f"https://t.me/{BOT_USERNAME}?start=")
    nothing = await _inline(harness, "ертең ауа райы қандай")
    assert nothing["results"] == [] and nothing["button"]["text"]


async def test_a_press_on_a_deleted_message_sends_the_view_anew(harness: Harness) -> None:
    await ask(harness, "6.2 біліктілік талаптары")
    [message] = harness.telegram.messages_to(USER)
    harness.telegram._messages.pop((message.chat_id, message.message_id))  # the user deleted it
    await harness.telegram.press(USER, message, Expand(id="6.2/requirements", full=True).pack())
    await harness.feed()
    [again] = harness.telegram.messages_to(USER)
    assert "ҚР ДСМ-305/2020" in again.text
    assert all(c.ok for c in harness.telegram.calls if c.method == "answerCallbackQuery")
