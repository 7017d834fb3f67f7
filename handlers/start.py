"""/start (with deep links), /help and /lang."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.common import send_entry
from handlers.filters import is_command
from handlers.ports import LocalePreferences
from handlers.views import delivery
from handlers.views.deeplinks import MENU_PAYLOAD, decode_entry
from handlers.views.keyboards import (
    EntryKeyboards,
    Language,
    Menu,
    language_keyboard,
    menu_keyboard,
)
from handlers.views.rendering import render_help, render_start
from knowledge.assistant import Assistant


async def start_with_link(
    message: Message,
    command: CommandObject,
    bot: Bot,
    assistant: Assistant,
    keyboards: EntryKeyboards,
) -> None:
    if command.args == MENU_PAYLOAD:
        await start(message, bot)
        return
    entry_id = decode_entry(command.args or "")
    entry = assistant.entry(entry_id) if entry_id else None
    if entry is None:
        await message.answer(
            _("Бұл сілтеме ескірген немесе қате. Мәзірден іздеп көріңіз."),
            reply_markup=menu_keyboard(_),
        )
        return
    await send_entry(bot, message.chat.id, entry, assistant, keyboards)


async def start(message: Message, bot: Bot) -> None:
    await delivery.send(bot, message.chat.id, render_start(_), menu_keyboard(_))


async def help_command(message: Message, bot: Bot, admins: frozenset[int]) -> None:
    admin = message.from_user is not None and message.from_user.id in admins
    await delivery.send(bot, message.chat.id, render_help(_, admin=admin), menu_keyboard(_))


async def help_button(callback: CallbackQuery) -> None:
    await delivery.show(callback, render_help(_), menu_keyboard(_))
    await delivery.acknowledge(callback)


async def menu_button(callback: CallbackQuery) -> None:
    await delivery.show(callback, render_start(_), menu_keyboard(_))
    await delivery.acknowledge(callback)


async def language_command(message: Message) -> None:
    await message.answer(_("Интерфейс тілін таңдаңыз:"), reply_markup=language_keyboard())


async def choose_language(
    callback: CallbackQuery, callback_data: Language, preferences: LocalePreferences
) -> None:
    await preferences.set_locale(callback.from_user.id, callback_data.code)
    text = _("✅ Енді интерфейс осы тілде.", locale=callback_data.code)  # in the new language
    if isinstance(callback.message, Message):
        await delivery.show_text(callback, text)
    await delivery.acknowledge(callback)


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(is_command)  # commands only: plain text skips parsing
    router.message.register(start_with_link, CommandStart(deep_link=True))
    router.message.register(start, CommandStart())
    router.message.register(help_command, Command("help"))
    router.callback_query.register(help_button, Menu.filter(F.name == "help"))
    router.callback_query.register(menu_button, Menu.filter(F.name == "start"))
    router.message.register(language_command, Command("lang"))
    router.callback_query.register(choose_language, Language.filter(F.code.in_({"kk", "ru"})))
    return router
