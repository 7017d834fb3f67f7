"""Browsing without typing: levels, cards, functions, tasks, terms and first aid.

Commands send a new message; buttons edit the message they belong to, so walking
card -> labour function -> task and back never floods the chat.
"""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot import delivery
from bot.keyboards import (
    FirstAidItem,
    Menu,
    OpenEntry,
    first_aid_keyboard,
    list_keyboard,
)
from bot.rendering import Rendered, render_condition, render_entry, render_list
from bot.services import Services
from handlers.common import entry_markup, resolve_entry, send_entry
from handlers.filters import is_command
from knowledge.assistant import Assistant
from knowledge.entries import Entry, Kind
from knowledge.first_aid import first_aid_conditions


def _card_label(entry: Entry) -> str:
    return entry.title


def _levels_view(assistant: Assistant) -> tuple[Rendered, InlineKeyboardMarkup]:
    cards = assistant.entries_of_kind(Kind.CARD)
    rendered = render_list(_("Кәсіп карточкалары (СБШ бойынша деңгейлер):"))
    return rendered, list_keyboard(cards, _, label=_card_label)


def _terms_view(assistant: Assistant) -> tuple[Rendered, InlineKeyboardMarkup]:
    terms = assistant.entries_of_kind(Kind.TERM)
    rendered = render_list(_("Терминдер мен анықтамалар (1-тарау, 2-тармақ):"))
    return rendered, list_keyboard(terms, _, label=lambda e: e.title)


def _first_aid_view(assistant: Assistant) -> tuple[Rendered, InlineKeyboardMarkup]:
    conditions = first_aid_conditions(assistant.index.entries)
    rendered = render_list(_("Стандартта аталған жағдайлар – дәрігерге дейінгі көмек:"))
    rendered.add(_("🚑 Шұғыл жағдайда 103 (жедел жәрдем) немесе 112 нөміріне қоңырау шалыңыз."))
    return rendered, first_aid_keyboard(conditions, _)


VIEWS: dict[str, Callable[[Assistant], tuple[Rendered, InlineKeyboardMarkup]]] = {
    "levels": _levels_view,
    "terms": _terms_view,
    "firstaid": _first_aid_view,
}


async def levels(message: Message, bot: Bot, assistant: Assistant) -> None:
    rendered, markup = _levels_view(assistant)
    await delivery.send(bot, message.chat.id, rendered, markup)


async def terms(message: Message, bot: Bot, assistant: Assistant) -> None:
    rendered, markup = _terms_view(assistant)
    await delivery.send(bot, message.chat.id, rendered, markup)


async def first_aid(message: Message, bot: Bot, assistant: Assistant) -> None:
    rendered, markup = _first_aid_view(assistant)
    await delivery.send(bot, message.chat.id, rendered, markup)


async def card(
    message: Message, command: CommandObject, bot: Bot, assistant: Assistant, services: Services
) -> None:
    entry = resolve_entry(command.args or "", assistant)
    reply_to = message.message_id if message.chat.type != "private" else None
    if entry is None:
        rendered, markup = _levels_view(assistant)
        if command.args:
            notice = _("«{what}» табылмады. Мысалы: /card 4.2 немесе /card 4.2/F1/T3.")
            rendered = Rendered(
                [*Rendered().add(notice.format(what=command.args)).blank().lines, *rendered.lines]
            )
        await delivery.send(bot, message.chat.id, rendered, markup, reply_to=reply_to)
        return
    await send_entry(bot, message.chat.id, entry, assistant, services, reply_to=reply_to)


async def menu_view(callback: CallbackQuery, callback_data: Menu, assistant: Assistant) -> None:
    rendered, markup = VIEWS[callback_data.name](assistant)
    await delivery.show(callback, rendered, markup)
    await delivery.acknowledge(callback)


async def open_entry(
    callback: CallbackQuery, callback_data: OpenEntry, assistant: Assistant, services: Services
) -> None:
    entry = assistant.entry(callback_data.id)
    if entry is None:  # a button from before an import that removed the entry
        await delivery.acknowledge(callback, _("Бұл жазба білім қорында енді жоқ."))
        return
    await delivery.show(callback, render_entry(entry, _), entry_markup(entry, assistant, services))
    await delivery.acknowledge(callback)


async def first_aid_item(
    callback: CallbackQuery, callback_data: FirstAidItem, assistant: Assistant, services: Services
) -> None:
    conditions = {c.number: c for c in first_aid_conditions(assistant.index.entries)}
    condition = conditions.get(callback_data.n)
    entry = assistant.entry(condition.entry_id) if condition else None
    if condition is None or entry is None:
        await delivery.acknowledge(callback, _("Бұл жазба білім қорында енді жоқ."))
        return
    await delivery.show(
        callback, render_condition(condition, entry, _), entry_markup(entry, assistant, services)
    )
    await delivery.acknowledge(callback)


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(is_command)  # commands only: plain text skips parsing
    router.message.register(levels, Command("levels"))
    router.message.register(terms, Command("terms"))
    router.message.register(first_aid, Command("firstaid"))
    router.message.register(card, Command("card"))
    router.callback_query.register(menu_view, Menu.filter(F.name.in_(set(VIEWS))))
    router.callback_query.register(open_entry, OpenEntry.filter())
    router.callback_query.register(first_aid_item, FirstAidItem.filter())
    return router
