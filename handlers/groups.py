"""Group chats (privacy mode on): /q, /card (in browse), replies to the bot, mentions.

/q works in private chats too. Plain group chatter has no handler, so it is ignored.
A button on a card shared in a group never rewrites it for everyone: the one who taps
is taken to the bot, privately, at the entry the button leads to (a deep link).
"""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.common import Answerer
from handlers.filters import in_group_chat
from handlers.views import delivery
from handlers.views.deeplinks import bot_link, entry_link
from handlers.views.keyboards import Expand, FirstAidItem, Menu, OpenEntry
from knowledge.assistant import Assistant


class AddressedToBot(Filter):
    """A reply to one of the bot's messages, or a message that mentions @the_bot."""

    async def __call__(self, message: Message, bot: Bot) -> bool | dict[str, str]:
        text = message.text or ""
        if not text:
            return False
        me = await bot.me()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == me.id:
            return {"question": text}
        mention = f"@{me.username}".lower() if me.username else None
        if mention and mention in text.lower():
            start = text.lower().index(mention)
            question = (text[:start] + text[start + len(mention) :]).strip(" ,:")
            return {"question": question}
        return False


async def group_question(
    message: Message, command: CommandObject, bot: Bot, assistant: Assistant, answerer: Answerer
) -> None:
    if not command.args:
        await message.reply(_("Сұрақты командадан кейін жазыңыз, мысалы: /q күйікке алғашқы көмек"))
        return
    await answerer.answer(bot, message, command.args, assistant, reply=True)


async def addressed(
    message: Message, question: str, bot: Bot, assistant: Assistant, answerer: Answerer
) -> None:
    if not question:
        await message.reply(_("Сұрағыңызды жазыңыз, мысалы: /q 4.2 деңгейдің міндеттері"))
        return
    await answerer.answer(bot, message, question, assistant, reply=True)


async def on_shared_message(callback: CallbackQuery) -> bool:
    """The button belongs to a message in a group (or was posted there inline)."""
    message = callback.message
    if message is None:
        return callback.inline_message_id is not None
    return message.chat.type != "private"


async def open_privately(
    callback: CallbackQuery,
    callback_data: OpenEntry | Expand | FirstAidItem | Menu,
    bot: Bot,
    assistant: Assistant,
) -> None:
    me = await bot.me()
    entry_id: str | None = None
    if isinstance(callback_data, OpenEntry | Expand):
        entry_id = callback_data.id
    elif isinstance(callback_data, FirstAidItem):
        conditions = {c.number: c for c in assistant.first_aid_conditions()}
        condition = conditions.get(callback_data.n)
        entry_id = condition.entry_id if condition else None
    if entry_id is not None and assistant.entry(entry_id) is None:
        await delivery.acknowledge(callback, _("Бұл жазба білім қорында енді жоқ."))
        return
    url = entry_link(me.username or "", entry_id) if entry_id else bot_link(me.username or "")
    await delivery.acknowledge(callback, url=url)


def create_shared_cards_router() -> Router:
    """Buttons of cards in groups: tried before the routers that edit in place."""
    router = Router(name=f"{__name__}.shared")
    router.callback_query.filter(on_shared_message)
    for data in (OpenEntry, Expand, FirstAidItem, Menu):
        router.callback_query.register(open_privately, data.filter())
    return router


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(group_question, Command("q"))
    router.message.register(addressed, in_group_chat, AddressedToBot())
    return router
