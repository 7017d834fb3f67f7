"""What several handlers do the same way: answer a question, send an entry, read an id."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _

from handlers.ports import Conversations
from handlers.views import delivery
from handlers.views.keyboards import EntryKeyboards, menu_keyboard
from handlers.views.rendering import (
    Rendered,
    render_answer,
    render_entry,
    render_small_talk,
    render_small_talk_in_group,
    render_summary,
)
from knowledge.assistant import Answer, Assistant
from knowledge.entries import Entry
from knowledge.ids import EntryId
from knowledge.privacy import UserKeys
from knowledge.recorder import Recorder
from knowledge.records import QuestionRecord


class Answerer:
    """Answers a question the same way wherever it was asked (a private chat, /q, a
    mention): search, render, send, and record what nothing answered for the admins."""

    def __init__(
        self,
        keyboards: EntryKeyboards,
        recorder: Recorder,
        user_keys: UserKeys,
        conversations: Conversations | None = None,
        on_answer: Callable[[str, float], None] | None = None,
    ) -> None:
        self.keyboards = keyboards
        self.recorder = recorder
        self.user_keys = user_keys
        self.conversations = conversations
        """Private chats only: a group's messages are not one conversation."""
        self.on_answer = on_answer
        """Told each outcome and search time (the metrics)."""

    async def answer(
        self,
        bot: Bot,
        message: Message,
        question: str,
        assistant: Assistant,
        *,
        reply: bool = False,
    ) -> None:
        answer = await self._ask(message, question, assistant)
        self._log(message, question, answer)
        reply_to = message.message_id if reply else None
        if answer.small_talk is not None:  # a greeting is not a question nothing answered
            if message.chat.type == "private":
                rendered, markup = render_small_talk(answer.small_talk, _), menu_keyboard(_)
            else:
                rendered, markup = render_small_talk_in_group(answer.small_talk, _), None
            await delivery.send(bot, message.chat.id, rendered, markup, reply_to=reply_to)
            return
        if answer.best is None:
            await delivery.send(
                bot, message.chat.id, render_answer(answer, _), menu_keyboard(_), reply_to=reply_to
            )
            user_key = self.user_keys.of(message.from_user.id if message.from_user else None)
            self.recorder.miss(question, user_key)
            return
        entry = answer.best.entry
        alternatives = answer.close_alternatives(assistant.options.alternatives)
        rendered = render_answer(answer, _, focus=assistant.focus(entry, answer.focus_terms))
        markup = self.keyboards.build(
            entry,
            assistant,
            _,
            locale=get_i18n().current_locale,
            alternatives=alternatives,
            share_query=question,
            feedback=True,
            expand=True if rendered.shortened else None,
        )
        await delivery.send(bot, message.chat.id, rendered, markup, reply_to=reply_to)

    def _log(self, message: Message, question: str, answer: Answer) -> None:
        """The question log (for /stats) and the metrics: small talk is not a question."""
        if self.on_answer is not None:
            self.on_answer(_outcome(answer), answer.took_ms / 1000)
        if answer.small_talk is not None:
            return
        top = answer.hits[0] if answer.hits else None
        user = message.from_user
        self.recorder.question(
            QuestionRecord(
                question,
                message.chat.type,
                top.entry.id if top else None,
                top.score if top else 0.0,
                answer.best is not None,
                self.user_keys.of(user.id if user else None),
            )
        )

    async def _ask(self, message: Message, question: str, assistant: Assistant) -> Answer:
        user = message.from_user
        if self.conversations is None or user is None or message.chat.type != "private":
            return assistant.ask(question)
        turn = await self.conversations.get(user.id)
        answer, after = assistant.converse(question, turn)
        await self.conversations.put(user.id, after)
        return answer


def _outcome(answer: Answer) -> str:
    if answer.small_talk is not None:
        return "small_talk"
    if answer.declined is not None:
        return "declined"
    return "answered" if answer.best is not None else "not_found"


def entry_view(
    entry: Entry,
    assistant: Assistant,
    keyboards: EntryKeyboards,
    *,
    full: bool = False,
    feedback: bool = False,
) -> tuple[Rendered, InlineKeyboardMarkup]:
    """An entry as a phone-screen summary (with «Толығырақ» when something was left out)
    or whole (with «Қысқаша»)."""
    rendered = render_entry(entry, _) if full else render_summary(entry, _)
    expand = False if full else (True if rendered.shortened else None)
    markup = keyboards.build(
        entry, assistant, _, locale=get_i18n().current_locale, expand=expand, feedback=feedback
    )
    return rendered, markup


async def send_entry(
    bot: Bot,
    chat_id: int,
    entry: Entry,
    assistant: Assistant,
    keyboards: EntryKeyboards,
    *,
    reply_to: int | None = None,
) -> None:
    rendered, markup = entry_view(entry, assistant, keyboards)
    await delivery.send(bot, chat_id, rendered, markup, reply_to=reply_to)


def resolve_entry(argument: str, assistant: Assistant) -> Entry | None:
    """An entry from what follows /card: an id ("4.2", "4.2/F1/T3", "4,2", "term/7")."""
    ref = EntryId.from_user_text(argument)
    return assistant.entry_at(ref) if ref is not None else None
