"""Browsing without typing: levels, cards, functions, tasks, terms and first aid.

Commands send a new message; buttons edit the message they belong to, so walking
card -> labour function -> task and back never floods the chat.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.common import entry_view, resolve_entry, send_entry
from handlers.filters import is_command
from handlers.views import delivery
from handlers.views.keyboards import EntryKeyboards, Expand, FirstAidItem, Menu, OpenEntry
from handlers.views.rendering import render_condition
from handlers.views.screens import (
    Screen,
    first_aid_screen,
    levels_screen,
    terms_screen,
    with_notice,
)
from knowledge.assistant import Assistant

SCREENS = {"levels": levels_screen, "terms": terms_screen, "firstaid": first_aid_screen}


async def _send_screen(bot: Bot, message: Message, screen: Screen) -> None:
    await delivery.send(bot, message.chat.id, *screen)


async def levels(message: Message, bot: Bot, assistant: Assistant) -> None:
    await _send_screen(bot, message, levels_screen(assistant, _))


async def terms(message: Message, bot: Bot, assistant: Assistant) -> None:
    await _send_screen(bot, message, terms_screen(assistant, _))


async def first_aid(message: Message, bot: Bot, assistant: Assistant) -> None:
    await _send_screen(bot, message, first_aid_screen(assistant, _))


async def card(
    message: Message,
    command: CommandObject,
    bot: Bot,
    assistant: Assistant,
    keyboards: EntryKeyboards,
) -> None:
    entry = resolve_entry(command.args or "", assistant)
    reply_to = message.message_id if message.chat.type != "private" else None
    if entry is None:
        screen = levels_screen(assistant, _)
        if command.args:
            notice = _("«{what}» табылмады. Мысалы: /card 4.2 немесе /card 4.2/F1/T3.")
            screen = with_notice(notice.format(what=command.args), screen)
        await delivery.send(bot, message.chat.id, *screen, reply_to=reply_to)
        return
    await send_entry(bot, message.chat.id, entry, assistant, keyboards, reply_to=reply_to)


async def menu_view(callback: CallbackQuery, callback_data: Menu, assistant: Assistant) -> None:
    await delivery.show(callback, *SCREENS[callback_data.name](assistant, _))
    await delivery.acknowledge(callback)


async def open_entry(
    callback: CallbackQuery,
    callback_data: OpenEntry,
    assistant: Assistant,
    keyboards: EntryKeyboards,
) -> None:
    entry = assistant.entry(callback_data.id)
    if entry is None:  # a button from before an import that removed the entry
        await delivery.acknowledge(callback, _("Бұл жазба білім қорында енді жоқ."))
        return
    await delivery.show(callback, *entry_view(entry, assistant, keyboards))
    await delivery.acknowledge(callback)


async def expand_entry(
    callback: CallbackQuery,
    callback_data: Expand,
    assistant: Assistant,
    keyboards: EntryKeyboards,
) -> None:
    """«Толығырақ» and «Қысқаша»: the same message, whole or short, in place."""
    entry = assistant.entry(callback_data.id)
    if entry is None:
        await delivery.acknowledge(callback, _("Бұл жазба білім қорында енді жоқ."))
        return
    rendered, markup = entry_view(
        entry, assistant, keyboards, full=callback_data.full, feedback=True
    )
    await delivery.show(callback, rendered, markup)
    await delivery.acknowledge(callback)


async def first_aid_item(
    callback: CallbackQuery,
    callback_data: FirstAidItem,
    assistant: Assistant,
    keyboards: EntryKeyboards,
) -> None:
    conditions = {c.number: c for c in assistant.first_aid_conditions()}
    condition = conditions.get(callback_data.n)
    entry = assistant.entry(condition.entry_id) if condition else None
    if condition is None or entry is None:
        await delivery.acknowledge(callback, _("Бұл жазба білім қорында енді жоқ."))
        return
    rendered = render_condition(condition, entry, _)
    markup = entry_view(entry, assistant, keyboards)[1]
    await delivery.show(callback, rendered, markup)
    await delivery.acknowledge(callback)


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(is_command)  # commands only: plain text skips parsing
    router.message.register(levels, Command("levels"))
    router.message.register(terms, Command("terms"))
    router.message.register(first_aid, Command("firstaid"))
    router.message.register(card, Command("card"))
    router.callback_query.register(menu_view, Menu.filter(F.name.in_(set(SCREENS))))
    router.callback_query.register(open_entry, OpenEntry.filter())
    router.callback_query.register(expand_entry, Expand.filter())
    router.callback_query.register(first_aid_item, FirstAidItem.filter())
    return router
