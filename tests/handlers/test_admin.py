"""Admins keep the knowledge base current from Telegram (issue 9): every change is shown
first and applied only on confirmation, once, over the version it was shown against;
nobody else may change anything or even see the admin commands."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from typing import Any

import pytest
import yaml

from handlers.views.keyboards import ProposalAction
from knowledge.loader import load_bundled
from knowledge.store import KnowledgeStore
from knowledge.store.index_writer import IndexWriter
from tests.support.checks import present
from tests.support.fake_telegram import FakeTelegram, StoredMessage
from tests.support.harness import Harness, running_bot
from tests.support.store_state import store_rows

ADMIN, OTHER_ADMIN, USER = 42, 43, 1001
GROUP = {"id": -100900, "type": "supergroup", "title": "Әкімшілер"}


@pytest.fixture
async def harness(telegram: FakeTelegram, sqlite_url: str) -> AsyncIterator[Harness]:
    async with running_bot(telegram, sqlite_url, admin={"user_ids": [ADMIN, OTHER_ADMIN]}) as bot:
        yield bot


async def _export(harness: Harness) -> dict[str, Any]:
    await harness.telegram.send_text(ADMIN, "/export")
    await harness.feed()
    document = harness.telegram.sent("sendDocument")[-1]
    data = yaml.safe_load(document.params["document"].decode("utf-8"))
    assert isinstance(data, dict)
    return data


async def _upload(harness: Harness, data: dict[str, Any], user: int = ADMIN) -> StoredMessage:
    telegram = harness.telegram
    raw = yaml.safe_dump(data, allow_unicode=True).encode()
    file_id = f"f{len(telegram.files)}"
    telegram.add_file(file_id, f"documents/{file_id}.yaml", raw)
    doc = {"file_id": file_id, "file_unique_id": file_id, "file_name": "kb.yaml",
           "file_size": len(raw)}  # fmt: skip
    await telegram.push({"message": telegram.message(user, document=doc)})
    await harness.feed()
    return telegram.messages_to(user)[-1]


def _button(message: StoredMessage, act: str) -> str:
    for row in message.markup["inline_keyboard"]:
        for button in row:
            data = ProposalAction.unpack(button["callback_data"])
            if data.act == act:
                return str(button["callback_data"])
    raise AssertionError(f"no {act} button in {message.markup}")


async def _press(harness: Harness, user: int, message: StoredMessage, data: str) -> str:
    before = len(harness.telegram.calls)
    await harness.telegram.press(user, message, data)
    await harness.feed()
    toasts = [c for c in harness.telegram.calls[before:] if c.method == "answerCallbackQuery"]
    return str(toasts[-1].params.get("text") or "")


async def _version(harness: Harness) -> int:
    return present(await harness.library.store.current_version()).id


def _edited(data: dict[str, Any], mark: str) -> dict[str, Any]:
    edited = copy.deepcopy(data)
    edited["terms"][0]["definition"] += f" ({mark})"
    return edited


async def test_an_import_is_previewed_then_applied_once(harness: Harness) -> None:
    data = await _export(harness)
    preview = await _upload(harness, _edited(data, "жаңартылды"))
    assert "Алдын ала қарау" in preview.text and "~ term/1" in preview.text
    assert "→ «" in preview.text and "(жаңартылды)»" in preview.text
    assert await _version(harness) == 1  # nothing applied yet
    apply = _button(preview, "apply")
    await _press(harness, ADMIN, preview, apply)
    assert "2-нұсқа қабылданды" in harness.telegram.messages_to(ADMIN)[-1].text
    assert present(harness.library.assistant.entry("term/1")).text.endswith("(жаңартылды)")
    toast = await _press(harness, ADMIN, preview, apply)  # pressed twice
    assert "қолданылып қойған" in toast and await _version(harness) == 2


async def test_cancel_changes_nothing(harness: Harness) -> None:
    data = await _export(harness)
    preview = await _upload(harness, _edited(data, "x"))
    before = await store_rows(harness.library.store.engine)
    apply = _button(preview, "apply")
    await _press(harness, ADMIN, preview, _button(preview, "cancel"))
    assert "Бас тартылды" in harness.telegram.messages_to(ADMIN)[-1].text
    toast = await _press(harness, ADMIN, preview, apply)
    assert "бас тартылған" in toast
    after = await store_rows(harness.library.store.engine)
    assert after["kb_version"] == before["kb_version"] and after["entry"] == before["entry"]


async def test_a_document_that_changes_nothing_makes_no_version(harness: Harness) -> None:
    data = await _export(harness)
    reply = await _upload(harness, data)
    assert "ештеңені өзгертпейді" in reply.text and not reply.markup
    rows = await store_rows(harness.library.store.engine)
    assert len(rows["kb_version"]) == 1 and rows["kb_proposal"] == []


async def test_a_stale_export_warns_and_asks_twice(harness: Harness) -> None:
    stale = await _export(harness)  # exported from version 1
    first = await _upload(harness, _edited(stale, "жаңа"))
    await _press(harness, ADMIN, first, _button(first, "apply"))
    preview = await _upload(harness, stale)  # version 1's content over version 2
    assert "1-нұсқадан алынған" in preview.text and "2–2" in preview.text
    toast = await _press(harness, ADMIN, preview, _button(preview, "ask"))
    assert "Сенімдісіз бе" in toast and await _version(harness) == 2
    asked = harness.telegram.messages_to(ADMIN)[-1]
    await _press(harness, ADMIN, asked, _button(asked, "apply"))
    assert await _version(harness) == 3
    assert not present(harness.library.assistant.entry("term/1")).text.endswith("(жаңа)")


async def test_a_preview_made_stale_by_another_admin_applies_nothing(harness: Harness) -> None:
    data = await _export(harness)
    mine = await _upload(harness, _edited(data, "менікі"))
    theirs = await _upload(harness, _edited(data, "басқаның"), user=OTHER_ADMIN)
    await _press(harness, OTHER_ADMIN, theirs, _button(theirs, "apply"))
    assert await _version(harness) == 2
    await _press(harness, ADMIN, mine, _button(mine, "apply"))
    assert "ескірді" in harness.telegram.messages_to(ADMIN)[-1].text
    assert await _version(harness) == 2
    assert present(harness.library.assistant.entry("term/1")).text.endswith("(басқаның)")


async def test_a_confirmation_after_a_restart_applies_once(
    telegram: FakeTelegram, sqlite_url: str
) -> None:
    admins = {"admin": {"user_ids": [ADMIN]}}
    async with running_bot(telegram, sqlite_url, **admins) as first:
        preview = await _upload(first, _edited(await _export(first), "қайта іске қосу"))
    apply = _button(preview, "apply")
    async with running_bot(telegram, sqlite_url, **admins) as second:  # a new process
        await _press(second, ADMIN, preview, apply)
        assert await _version(second) == 2
        toast = await _press(second, ADMIN, preview, apply)
        assert "қолданылып қойған" in toast and await _version(second) == 2


async def test_a_non_admin_cannot_confirm_or_use_admin_commands(harness: Harness) -> None:
    telegram = harness.telegram
    preview = await _upload(harness, _edited(await _export(harness), "x"))
    toast = await _press(harness, USER, preview, _button(preview, "apply"))
    assert "тек әкімшілерге" in toast and await _version(harness) == 1
    for command in ("/export", "/history", "/rollback 1", "/misses"):
        await telegram.send_text(USER, command)
        await harness.feed()
        assert "тек әкімшілерге арналған" in telegram.messages_to(USER)[-1].text
    await harness.services.recorder.flush()
    assert await harness.library.store.misses() == []
    assert not telegram.sent("sendDocument", chat_id=USER)


async def test_a_database_failure_while_applying_keeps_everything(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = await _upload(harness, _edited(await _export(harness), "x"))
    before = await store_rows(harness.library.store.engine)

    async def broken(*_: object, **__: object) -> None:
        raise OSError("disk I/O error")

    monkeypatch.setattr(IndexWriter, "replace_active", broken)
    toast = await _press(harness, ADMIN, preview, _button(preview, "apply"))
    assert "Дерекқор қазір қолжетімсіз" in toast
    assert await store_rows(harness.library.store.engine) == before
    monkeypatch.undo()
    await _press(harness, ADMIN, preview, _button(preview, "apply"))  # the retry works
    assert await _version(harness) == 2


async def test_rollback_is_previewed(harness: Harness) -> None:
    preview = await _upload(harness, _edited(await _export(harness), "x"))
    await _press(harness, ADMIN, preview, _button(preview, "apply"))
    await harness.telegram.send_text(ADMIN, "/rollback 1")
    await harness.feed()
    rollback = harness.telegram.messages_to(ADMIN)[-1]
    assert "1-нұсқаны қайтару" in rollback.text and "~ term/1" in rollback.text
    assert await _version(harness) == 2
    await _press(harness, ADMIN, rollback, _button(rollback, "apply"))
    assert await _version(harness) == 3
    await harness.telegram.send_text(ADMIN, "/rollback 99")
    await harness.feed()
    assert "99-нұсқа жоқ" in harness.telegram.messages_to(ADMIN)[-1].text


async def test_help_lists_admin_commands_for_admins_only(harness: Harness) -> None:
    await harness.telegram.send_text(ADMIN, "/help")
    await harness.telegram.send_text(USER, "/help")
    await harness.feed()
    assert "/rollback" in harness.telegram.messages_to(ADMIN)[-1].text
    assert "/rollback" not in harness.telegram.messages_to(USER)[-1].text


async def test_a_version_made_elsewhere_is_served_without_a_restart(
    harness: Harness, sqlite_url: str, document: Any
) -> None:
    other = await KnowledgeStore.open(sqlite_url, analyzer=harness.library.analyzer)
    try:
        edited = document.model_copy(update={"terms": document.terms[:-1]})
        await other.apply(edited, author="cli")
    finally:
        await other.close()
    assert harness.library.assistant.entry("term/19") is not None
    assert await harness.services.watcher.check()
    assert harness.library.assistant.entry("term/19") is None
    assert not await harness.services.watcher.check()  # nothing new since


async def _command(harness: Harness, text: str, user: int = ADMIN) -> StoredMessage:
    await harness.telegram.send_text(user, text)
    await harness.feed()
    return harness.telegram.messages_to(user)[-1]


async def test_quick_edits_are_previewed_applied_and_searched(harness: Harness) -> None:
    question = "шаштараз бөлмесінде өрт шықса не істеу керек"
    assert harness.library.assistant.ask(question).best is None or (
        present(harness.library.assistant.ask(question).best).entry.id != "4.1/F1/T2"
    )
    preview = await _command(harness, f"/alias 4.1/f1/t2 {question}")
    assert "балама сұрақ" in preview.text and "→ 4.1/F1/T2" in preview.text
    await _press(harness, ADMIN, preview, _button(preview, "apply"))
    assert present(harness.library.assistant.ask(question).best).entry.id == "4.1/F1/T2"

    preview = await _command(harness, "/synonym add қызылшабақ = күйік")
    assert "синонимдер: қызылшабақ = күйік" in preview.text
    await _press(harness, ADMIN, preview, _button(preview, "apply"))
    answer = harness.library.assistant.ask("қызылшабақ")
    assert present(answer.best).entry.id.endswith("/F1/T2")
    before = len(harness.telegram.messages_to(ADMIN))
    await _command(harness, "/synonyms")
    listing = "\n".join(m.text for m in harness.telegram.messages_to(ADMIN)[before:])
    groups = len(load_bundled().synonyms)  # the word joined the күйік group: no new group
    assert f"Синоним топтары ({groups})" in listing and "= қызылшабақ" in listing
    report = await _command(harness, "/selftest")
    assert "126 сұрақ тексерілді" in report.text  # 125 titles and the alias
    assert "4.1/F1/T2" not in report.text  # the alias finds its entry

    for bad, reason in (
        ("/synonym remove жоқсөз", "ешбір синоним тобында жоқ"),
        ("/synonym add жалғыз", "кемінде екі сөз"),
        ("/alias 9.9 бірдеңе", "9.9 деген жазба жоқ"),
        ("/alias 4.1/F1/T2", "Мысалы: /alias"),
    ):
        assert reason in (await _command(harness, bad)).text, bad
    assert await _version(harness) == 3


async def test_unanswered_questions_are_triaged_in_the_chat(harness: Harness) -> None:
    telegram = harness.telegram
    question = "ауылдағы фельдшерлік пунктке қалай жазыламын"
    for user in (2001, 2002, 2003):
        await telegram.send_text(user, question)
    await telegram.send_text(2004, "ертең ауа райы қандай")
    await harness.feed()
    await harness.services.recorder.flush()
    before = len(telegram.messages_to(ADMIN))
    await _command(harness, "/unanswered")
    cards = telegram.messages_to(ADMIN)[before:]
    assert len(cards) == 2 and question in cards[0].text and "3 рет" in cards[0].text
    attach = next(b for row in cards[0].markup["inline_keyboard"] for b in row
                  if b["text"].startswith("➕"))  # fmt: skip
    target = attach["text"].removeprefix("➕ ").split(":")[0]
    await _press(harness, ADMIN, cards[0], attach["callback_data"])
    preview = telegram.messages_to(ADMIN)[-1]
    assert "Алдын ала қарау" in preview.text and f"→ {target}" in preview.text
    await _press(harness, ADMIN, preview, _button(preview, "apply"))
    assert present(harness.library.assistant.ask(question).best).entry.id == target
    dismiss = cards[1].markup["inline_keyboard"][-1][0]["callback_data"]
    await _press(harness, ADMIN, cards[1], dismiss)
    assert (
        "тізімнен алынды" in telegram.messages_to(ADMIN)[-2].text
        or "тізімнен алынды" in cards[1].text
    )
    assert await harness.library.store.misses() == []
    toast = await _press(harness, ADMIN, cards[1], dismiss)  # pressed again
    assert "қаралып қойған" in toast
    await _command(harness, "/unanswered")
    assert "болған жоқ" in telegram.messages_to(ADMIN)[-1].text


async def test_the_question_log_and_stats(harness: Harness) -> None:
    telegram = harness.telegram
    questions = ["күйікке алғашқы көмек", "6.2 біліктілік талаптары", "ертең ауа райы қандай",
                 "атым Айгүл, тел 87011234567: күйік", "сәлеметсіз бе"]  # fmt: skip
    for number, question in enumerate(questions):
        await telegram.send_text(3000 + number, question)
    await harness.feed()
    await harness.services.recorder.flush()
    rows = (await store_rows(harness.library.store.engine))["question_log"]
    logged = [row[3] for row in rows]
    assert len(rows) == 4  # a greeting is not a question
    assert "атым [аты], тел [телефон]: күйік" in logged and not any(
        "87011234567" in q for q in logged
    )
    assert all(str(3000 + n) not in str(row) for n in range(5) for row in rows)  # no raw ids
    honest = sum("жауап таппадым" in telegram.messages_to(3000 + n)[-1].text for n in range(4))
    answered = sum(bool(row[6]) for row in rows)
    assert answered == 4 - honest and answered >= 2  # the log says what the users saw
    await _command(harness, "/stats")
    [photo] = telegram.sent("sendPhoto")
    assert photo.params["photo"].startswith(b"\x89PNG")
    caption = photo.params["caption"]
    assert f"4 сұрақ, {round(100 * answered / 4)}% жауап тапты" in caption
    assert "/F1/T2" in caption


async def test_local_notes_are_searched_and_shown_with_their_source(harness: Harness) -> None:
    note = ("4.1 | Әлеуметтік бөлімнің телефоны | Емхананың әлеуметтік бөлімі: 8 7172 00 00 00"
            " | №7 қалалық емхананың ішкі тәртібі, 2026")  # fmt: skip
    preview = await _command(harness, f"/note {note}")
    assert "+ note/1 «Әлеуметтік бөлімнің телефоны»" in preview.text
    await _press(harness, ADMIN, preview, _button(preview, "apply"))
    await harness.telegram.send_text(USER, "әлеуметтік бөлімнің телефоны қандай")
    await harness.feed()
    answer = harness.telegram.messages_to(USER)[-1].text
    assert answer.startswith("📝 Жергілікті ескертпе: Әлеуметтік бөлімнің телефоны")
    assert "4.1 деңгей" in answer and "Дереккөз: №7 қалалық емхананың ішкі тәртібі" in answer
    await harness.telegram.send_text(USER, "жедел жәрдемнің телефоны қандай")
    await harness.feed()
    assert "Стандартта телефон нөмірлері" in harness.telegram.messages_to(USER)[-1].text
    for bad, reason in (
        ("/note тек тақырып", "тақырып, мәтін және дереккөз керек"),
        ("/note 9.9 | а | б | в", "9.9 деңгейі жоқ"),
        ("/note remove 7", "note/7 ескертпесі жоқ"),
    ):
        assert reason in (await _command(harness, bad)).text, bad
    removal = await _command(harness, "/note remove 1")
    assert "- note/1" in removal.text
    await _press(harness, ADMIN, removal, _button(removal, "apply"))
    assert harness.library.assistant.entry("note/1") is None


async def test_questions_whose_answer_got_a_thumbs_down_are_triaged_too(
    harness: Harness,
) -> None:
    telegram = harness.telegram
    await telegram.send_text(2001, "науқасты тамақтандыру")
    await harness.feed()
    await harness.services.recorder.flush()  # the question log first, then the vote
    answer = telegram.messages_to(2001)[-1]
    down = next(b for row in answer.markup["inline_keyboard"] for b in row if b["text"] == "👎")
    await telegram.press(2001, answer, down["callback_data"])
    await harness.feed()
    await harness.services.recorder.flush()
    before = len(telegram.messages_to(ADMIN))
    await _command(harness, "/unanswered")
    [card] = telegram.messages_to(ADMIN)[before:]
    assert card.text.startswith("👎 «науқасты тамақтандыру» – 1 рет")
    dismiss = card.markup["inline_keyboard"][-1][0]["callback_data"]
    await _press(harness, ADMIN, card, dismiss)
    assert "тізімнен алынды" in card.text
    counts = await harness.library.store.feedback_counts()
    assert sum(down for _up, down in counts.values()) == 1  # the vote itself is kept
    await _command(harness, "/unanswered")
    assert "болған жоқ" in telegram.messages_to(ADMIN)[-1].text
