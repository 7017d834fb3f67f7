"""Small helpers the handlers share: answering a question the same way everywhere."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _

from bot import delivery
from bot.keyboards import menu_keyboard
from bot.rendering import render_answer, render_entry
from bot.services import Services
from knowledge.assistant import Assistant
from knowledge.entries import Entry

log = logging.getLogger(__name__)


async def answer_question(
    bot: Bot,
    message: Message,
    question: str,
    assistant: Assistant,
    services: Services,
    *,
    reply: bool = False,
) -> None:
    """Search, render, send; an unanswered question is recorded for the admins."""
    answer = assistant.ask(question, limit=services.settings.search.limit)
    reply_to = message.message_id if reply else None
    if answer.best is None:
        await delivery.send(
            bot, message.chat.id, render_answer(answer, _), menu_keyboard(_), reply_to=reply_to
        )
        user_key = services.user_keys.of(message.from_user.id if message.from_user else None)
        services.recorder.miss(question, user_key)
        return
    alternatives = answer.close_alternatives(services.settings.search.alternatives)
    markup = services.keyboards.build(
        answer.best.entry,
        assistant,
        _,
        locale=get_i18n().current_locale,
        alternatives=alternatives,
        share_query=question,
        feedback=True,
    )
    await delivery.send(bot, message.chat.id, render_answer(answer, _), markup, reply_to=reply_to)


def entry_markup(entry: Entry, assistant: Assistant, services: Services) -> InlineKeyboardMarkup:
    return services.keyboards.build(entry, assistant, _, locale=get_i18n().current_locale)


async def send_entry(
    bot: Bot,
    chat_id: int,
    entry: Entry,
    assistant: Assistant,
    services: Services,
    *,
    reply_to: int | None = None,
) -> None:
    markup = entry_markup(entry, assistant, services)
    await delivery.send(bot, chat_id, render_entry(entry, _), markup, reply_to=reply_to)


def resolve_entry(argument: str, assistant: Assistant) -> Entry | None:
    """An entry from what follows /card: an id ("4.2", "4.2/F1/T3", "4,2", "term/7")."""
    key = argument.strip().replace(",", ".").replace(" ", "")
    if not key:
        return None
    entry = assistant.entry(key) or assistant.entry(key.upper()) or assistant.entry(key.lower())
    if entry is None and "/" in key:
        level, _sep, rest = key.partition("/")
        entry = assistant.entry(f"{level}/{rest.upper()}")
    return entry
