"""The real handlers and middlewares, fed updates in-process, talking to the fake Bot API."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from typing import Any

import pytest
import yaml

from handlers.views.keyboards import FirstAidItem, OpenEntry, Vote
from tests.support.checks import present
from tests.support.fake_telegram import BOT_USERNAME, Call, FakeTelegram
from tests.support.harness import Harness, running_bot

USER = 1001
GROUP = {"id": -100555, "type": "supergroup", "title": "Күтім тобы"}


@pytest.fixture
async def harness(telegram: FakeTelegram, sqlite_url: str) -> AsyncIterator[Harness]:
    async with running_bot(telegram, sqlite_url) as running:
        yield running


def first_text(calls: list[Call]) -> str:
    """The text of the first message the bot sent among `calls`."""
    return str(next(c for c in calls if c.method == "sendMessage").params["text"])


def first_markup(calls: list[Call]) -> dict[str, Any]:
    return dict(next(c for c in calls if c.method == "sendMessage").params["reply_markup"])


def buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [b for row in (markup or {}).get("inline_keyboard", []) for b in row]


async def ask(harness: Harness, text: str, user: int = USER, **kwargs: Any) -> list[Call]:
    before = len(harness.telegram.calls)
    await harness.telegram.send_text(user, text, **kwargs)
    await harness.feed()
    return harness.telegram.calls[before:]


async def test_start_greets_with_browse_buttons(harness: Harness) -> None:
    calls = await ask(harness, "/start")
    [sent] = [c for c in calls if c.method == "sendMessage"]
    assert "Көмекші" in sent.params["text"]
    labels = [b["text"] for b in buttons(sent.params["reply_markup"])]
    assert any("Деңгейлер" in label for label in labels)
    assert any("Алғашқы көмек" in label for label in labels)
    assert any("Терминдер" in label for label in labels)


async def test_a_question_gets_the_entry_with_source_and_buttons(harness: Harness) -> None:
    calls = await ask(harness, "күйікке алғашқы көмек")
    [sent] = [c for c in calls if c.method == "sendMessage"]
    text = sent.params["text"]
    assert "<b>Дәрігерге дейінгі медициналық көмек көрсету</b>" in text
    assert "4.1 деңгей › 1-еңбек функциясы › 2-міндет" in text
    assert "103" in text and "112" in text
    assert (
        "Дереккөз: ҚР Денсаулық сақтау министрінің 2023 жылғы 23 тамыздағы № 146 бұйрығы, 1-қосымша"
        in text
    )
    markup_buttons = buttons(sent.params["reply_markup"])
    assert any(b.get("switch_inline_query") for b in markup_buttons)
    assert {"👍", "👎"} <= {b["text"] for b in markup_buttons}
    assert any(b.get("callback_data") == OpenEntry(id="4.1/F1").pack() for b in markup_buttons)
    assert all(
        len(b["callback_data"].encode()) <= 64 for b in markup_buttons if "callback_data" in b
    )


async def test_nothing_found_is_said_honestly_and_recorded(harness: Harness) -> None:
    calls = await ask(harness, "ертең ауа райы қандай")
    [sent] = [c for c in calls if c.method == "sendMessage"]
    assert "жауап таппадым" in sent.params["text"]
    assert buttons(sent.params["reply_markup"])
    await harness.services.recorder.flush()
    misses = await harness.library.store.misses()
    assert [m.query for m in misses] == ["ертең ауа райы қандай"]


async def test_buttons_walk_card_function_task_in_place(harness: Harness) -> None:
    telegram = harness.telegram
    await ask(harness, "/card 4.2")
    [card] = telegram.messages_to(USER)
    assert "Кәсіп карточкасы" in card.text
    await telegram.press(USER, card, OpenEntry(id="4.2/F1").pack())
    await harness.feed()
    [edit] = telegram.sent("editMessageText")
    assert "Еңбек функциясы" in edit.params["text"]
    await telegram.press(USER, card, OpenEntry(id="4.2/F1/T3").pack())
    await harness.feed()
    assert "3-міндет" in telegram.sent("editMessageText")[-1].params["text"]
    assert len(telegram.messages_to(USER)) == 1  # edited in place, not a new message
    # the same button again: Telegram says "message is not modified"; the press is answered
    query = await telegram.press(USER, card, OpenEntry(id="4.2/F1/T3").pack())
    await harness.feed()
    assert any(c.error and "not modified" in c.error for c in telegram.calls)
    answers = [
        c for c in telegram.sent("answerCallbackQuery") if c.params["callback_query_id"] == query
    ]
    assert len(answers) == 1


async def test_feedback_is_stored(harness: Harness) -> None:
    await ask(harness, "күйікке алғашқы көмек")
    [answer] = harness.telegram.messages_to(USER)
    await harness.telegram.press(USER, answer, Vote(id="4.1/F1/T2", up=True).pack())
    await harness.feed()
    await harness.services.recorder.flush()
    assert (await harness.library.store.feedback_counts())["4.1/F1/T2"] == (1, 0)
    assert harness.telegram.sent("answerCallbackQuery")


async def test_card_command_accepts_ids_and_explains_unknown_ones(harness: Harness) -> None:
    calls = await ask(harness, "/card 4,2/f1/t3")
    assert "3-міндет" in first_text(calls)
    calls = await ask(harness, "/card 9.9")
    text = first_text(calls)
    assert "табылмады" in text


async def test_first_aid_menu_lists_the_standards_conditions(harness: Harness) -> None:
    calls = await ask(harness, "/firstaid")
    [menu] = [c for c in calls if c.method == "sendMessage"]
    labels = [b["text"] for b in buttons(menu.params["reply_markup"])]
    assert {"күйік", "қан кету", "суға бату", "үсік шалу"} <= set(labels)
    [message] = harness.telegram.messages_to(USER)
    number = labels.index("күйік") + 1
    await harness.telegram.press(USER, message, FirstAidItem(n=number).pack())
    await harness.feed()
    text = harness.telegram.sent("editMessageText")[-1].params["text"]
    assert "«күйік»" in text and "Дәрігерге дейінгі медициналық көмек көрсету" in text


async def test_levels_and_terms_lists(harness: Harness) -> None:
    calls = await ask(harness, "/levels")
    assert len(buttons(first_markup(calls))) == 7
    calls = await ask(harness, "/terms")
    assert len(buttons(first_markup(calls))) == 20


async def test_inline_mode_lists_matches_and_deep_links(harness: Harness) -> None:
    await harness.telegram.inline(USER, "күйік")
    await harness.feed()
    [answer] = harness.telegram.sent("answerInlineQuery")
    results = answer.params["results"]
    assert 1 <= len(results) <= 10
    assert results[0]["id"] == "4.1/F1/T2"
    assert "4.1 деңгей" in results[0]["description"]
    url = buttons(results[0]["reply_markup"])[0]["url"]
    assert url == f"https://t.me/{BOT_USERNAME}?start=4_1-F1-T2"
    await harness.telegram.inline(USER, "")
    await harness.feed()
    assert len(harness.telegram.sent("answerInlineQuery")[-1].params["results"]) == 6


async def test_deep_link_opens_the_entry(harness: Harness) -> None:
    calls = await ask(harness, "/start 4_1-F1-T2")
    assert "Дәрігерге дейінгі медициналық көмек көрсету" in calls[-1].params["text"]
    calls = await ask(harness, "/start nonsense-link")
    assert "ескірген" in first_text(calls)


async def test_group_answers_commands_mentions_and_replies_only(harness: Harness) -> None:
    telegram = harness.telegram
    calls = await ask(harness, "/q күйікке алғашқы көмек", chat=GROUP)
    [sent] = [c for c in calls if c.method == "sendMessage"]
    assert int(sent.params["chat_id"]) == GROUP["id"]
    assert "reply_parameters" in sent.params
    assert not [
        c
        for c in await ask(harness, "сәлем, бүгін кім кезекші?", chat=GROUP)
        if c.method == "sendMessage"
    ]
    calls = await ask(harness, f"@{BOT_USERNAME} 4.2 жеке құзыреттері", chat=GROUP)
    assert "Жеке құзыреттерге қойылатын талаптар" in first_text(calls)
    bot_message = {
        "message_id": 1,
        "date": 0,
        "chat": GROUP,
        "text": "…",
        "from": telegram.bot_user(),
    }
    calls = await ask(harness, "ал 6.1 үшін?", chat=GROUP, reply_to_message=bot_message)
    assert [c for c in calls if c.method == "sendMessage"]
    calls = await ask(harness, "/card 6.3", chat=GROUP)
    assert "6.3" in first_text(calls)


async def test_non_text_gets_a_hint_and_edits_get_nothing(harness: Harness) -> None:
    sticker = {
        "file_id": "s1",
        "file_unique_id": "s1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    await harness.telegram.push({"message": harness.telegram.message(USER, sticker=sticker)})
    location = {"latitude": 43.2, "longitude": 76.9}
    await harness.telegram.push({"message": harness.telegram.message(USER, location=location)})
    await harness.telegram.push({"edited_message": harness.telegram.message(USER, "күйік")})
    await harness.feed()
    sent = harness.telegram.sent("sendMessage")
    assert len(sent) == 2
    assert all("мәтіндік сұрақтарға" in c.params["text"] for c in sent)


async def test_a_4000_character_message_gets_a_valid_reply(harness: Harness) -> None:
    text = ("пациенттерді әлеуметтік қолдау " * 140)[:4000]
    calls = await ask(harness, text)
    sent = [c for c in calls if c.method == "sendMessage"]
    assert sent and all(c.ok for c in calls)


async def test_a_flood_of_50_gets_the_first_answers_in_order_and_one_notice(
    telegram: FakeTelegram, sqlite_url: str
) -> None:
    async with running_bot(telegram, sqlite_url) as harness:
        for number in range(50):
            await telegram.send_text(USER, f"{(number % 6) + 1}-міндет 4.1/F1 ({number})")
        await harness.feed_at_once()
    sent = [c.params["text"] for c in telegram.sent("sendMessage", chat_id=USER)]
    notices = [t for t in sent if "қалғанын өткізіп жібердім" in t]
    assert len(notices) == 1 and "алғашқы 10 сұраққа" in notices[0]
    answers = [t for t in sent if t not in notices]
    assert len(answers) == 11  # the one being answered and ten in line
    assert len(sent) <= 20


async def test_four_quick_questions_are_all_answered_in_order(
    telegram: FakeTelegram, sqlite_url: str
) -> None:
    questions = ["күйікке алғашқы көмек", "6.2 біліктілік талаптары", "жеке құзыреттер 4.3",
                 "терминдер"]  # fmt: skip
    async with running_bot(telegram, sqlite_url) as harness:
        for question in questions:
            await telegram.send_text(USER, question)
        await harness.feed_at_once()
    sent = [c.params["text"] for c in telegram.sent("sendMessage", chat_id=USER)]
    assert len(sent) == 4
    assert "алғашқы" in sent[0].lower() or "103" in sent[0]
    assert "6.2" in sent[1] and "4.3" in sent[2]


async def test_russian_interface_for_russian_speakers(harness: Harness) -> None:
    calls = await ask(harness, "/start", language="ru")
    assert "Здравствуйте" in first_text(calls)
    calls = await ask(harness, "ожог", language="ru")
    text = first_text(calls)
    assert "Источник:" in text and "Дәрігерге дейінгі медициналық көмек көрсету" in text


async def test_lang_command_switches_the_interface(harness: Harness) -> None:
    await ask(harness, "/lang")
    [message] = harness.telegram.messages_to(USER)
    await harness.telegram.press(USER, message, "l:ru")
    await harness.feed()
    calls = await ask(harness, "/help")
    assert "Как спрашивать" in first_text(calls)


async def test_an_error_is_logged_and_the_user_told(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("index corrupted")

    monkeypatch.setattr(harness.library.assistant, "ask", broken)
    monkeypatch.setattr(harness.library.assistant, "converse", broken)
    calls = await ask(harness, "күйік")
    [sent] = [c for c in calls if c.method == "sendMessage"]
    assert "Кешіріңіз, бір нәрсе дұрыс болмады" in sent.params["text"]
    assert "index corrupted" not in sent.params["text"]
    assert "index corrupted" in caplog.text  # the traceback, for whoever fixes it
    assert str(USER) not in caplog.text and "күйік" not in caplog.text


async def test_429_is_waited_out_and_retried(harness: Harness) -> None:
    harness.telegram.flood_limit = 1
    await ask(harness, "/start")
    await ask(harness, "/help")
    assert any(
        not c.ok and c.error and "Too Many Requests" in c.error for c in harness.telegram.calls
    )
    assert len(harness.telegram.sent("sendMessage", chat_id=USER)) == 2


async def test_admin_import_of_a_bad_file_changes_nothing(harness: Harness) -> None:
    telegram = harness.telegram
    telegram.add_file("bad", "documents/bad.yaml", b"order: [unclosed\n")
    doc = {"file_id": "bad", "file_unique_id": "bad", "file_name": "bad.yaml", "file_size": 20}
    await telegram.push({"message": telegram.message(42, document=doc)})
    await harness.feed()
    assert "қабылданбады" in telegram.sent("sendMessage", chat_id=42)[-1].params["text"]
    assert present(await harness.library.store.current_version()).id == 1


async def test_webhook_mode_checks_the_secret_and_answers(
    telegram: FakeTelegram, sqlite_url: str
) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from bot.serve import create_webhook_app

    webhook = {"webhook_secret": "s3cret", "webhook_path": "/hook"}
    async with running_bot(telegram, sqlite_url, telegram_settings=webhook) as harness:
        app = create_webhook_app(
            harness.services.settings, harness.bot, harness.dispatcher, harness.services
        )
        async with TestClient(TestServer(app)) as client:
            update = {"update_id": 1, "message": telegram.message(USER, "ожог")}
            refused = await client.post("/hook", json=update)
            assert refused.status == 401
            accepted = await client.post(
                "/hook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
            )
            assert accepted.status == 200
            await telegram.wait_for("sendMessage", chat_id=USER)
    assert "Дәрігерге дейінгі" in telegram.sent("sendMessage", chat_id=USER)[0].params["text"]


async def test_small_talk_gets_a_human_reply_and_is_not_recorded(harness: Harness) -> None:
    for text, expected in (
        ("Сәлеметсіз бе!", "Мен – Көмекші"),
        ("рахмет", "Оқасы жоқ"),
        ("сен кімсің?", "адам емеспін"),
        ("Тағы бір сұрағым бар", "тыңдап тұрмын"),
        ("😀😀", "сөз жоқ"),
    ):
        calls = await ask(harness, text)
        [sent] = [c for c in calls if c.method == "sendMessage"]
        assert expected in sent.params["text"] and "таппадым" not in sent.params["text"]
    await harness.services.recorder.flush()
    assert await harness.library.store.misses() == []


async def test_small_talk_in_a_group_gets_one_short_line(harness: Harness) -> None:
    calls = await ask(harness, f"@{BOT_USERNAME} сәлеметсіз бе", chat=GROUP)
    [sent] = [c for c in calls if c.method == "sendMessage"]
    assert sent.params["text"].count("\n") == 0 and "таппадым" not in sent.params["text"]
    assert "/q" in sent.params["text"]


async def test_an_emergency_message_starts_with_the_call_line(harness: Harness) -> None:
    calls = await ask(harness, "атам кулап калды басынан кан агып жатыр тез!!")
    [sent] = [c for c in calls if c.method == "sendMessage"]
    assert sent.params["text"].splitlines()[0].startswith("<b>🚑")
    assert "Дәрігерге дейінгі медициналық көмек көрсету" in sent.params["text"]


async def test_a_private_chat_remembers_the_level(harness: Harness) -> None:
    await ask(harness, "мен 6.1 деңгейдемін")
    calls = await ask(harness, "жеке құзыреттер қандай")
    [sent] = [c for c in calls if c.method == "sendMessage"]
    assert "6.1 деңгей бойынша" in sent.params["text"]
    calls = await ask(harness, "ал 4.2 деңгейде ше?")
    [sent] = [c for c in calls if c.method == "sendMessage"]
    assert "4.2 деңгей" in sent.params["text"] and "Жеке құзыреттер" in sent.params["text"]


async def _upload(harness: Harness, file_id: str, content: bytes, user: int = 42) -> str:
    telegram = harness.telegram
    telegram.add_file(file_id, f"documents/{file_id}.yaml", content)
    doc = {"file_id": file_id, "file_unique_id": file_id, "file_name": f"{file_id}.yaml",
           "file_size": len(content)}  # fmt: skip
    await telegram.push({"message": telegram.message(user, document=doc)})
    await harness.feed()
    return str(telegram.sent("sendMessage", chat_id=user)[-1].params["text"])


async def test_an_upload_with_many_problems_is_read_off_the_event_loop(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = harness.library.documents
    threads: list[str] = []
    parse = type(reader).parse

    def recording_parse(self: Any, raw: bytes, name: str) -> Any:
        threads.append(threading.current_thread().name)
        return parse(self, raw, name)

    monkeypatch.setattr(type(reader), "parse", recording_parse)
    exported = yaml.safe_load((await harness.library.store.document()).model_dump_json())
    for card in exported["cards"]:
        card["competencies"] = [""] * 200
    reply = await _upload(harness, "many", yaml.safe_dump(exported, allow_unicode=True).encode())
    assert threads and threads[0] != threading.main_thread().name
    assert "қабылданбады" in reply and "… тағы" in reply and reply.count("•") == 15


async def test_admin_replies_speak_the_admins_language(harness: Harness) -> None:
    telegram = harness.telegram
    exported = yaml.safe_load((await harness.library.store.document()).model_dump_json())
    exported["terms"][3]["definition"] = ""
    exported["colour"] = "red"
    raw = yaml.safe_dump(exported, allow_unicode=True).encode()
    telegram.add_file("ru-bad", "documents/ru-bad.yaml", raw)
    doc = {"file_id": "ru-bad", "file_unique_id": "ru-bad", "file_name": "kb.yaml",
           "file_size": len(raw)}  # fmt: skip
    await telegram.push({"message": telegram.message(42, document=doc, language="ru")})
    await harness.feed()
    reply = telegram.sent("sendMessage", chat_id=42)[-1].params["text"]
    assert "Файл не принят, база знаний не изменилась." in reply
    assert "terms[3].definition (строка " in reply and "не должно быть пустым" in reply
    assert "colour (строка " in reply and "неизвестное поле" in reply
    assert "required" not in reply and "field" not in reply
    kazakh = await _upload(harness, "kk-bad", raw)
    assert "terms[3].definition (" in kazakh and "-жол): бос болмауы керек" in kazakh
    await telegram.send_text(42, "/history", language="ru")
    await harness.feed()
    assert "добавлено" in telegram.sent("sendMessage", chat_id=42)[-1].params["text"]
