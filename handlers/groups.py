"""Group chats (privacy mode on): /q, /card (in browse), replies to the bot, mentions.

/q works in private chats too. Plain group chatter has no handler, so it is ignored.
"""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.common import Answerer
from handlers.filters import in_group_chat
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


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(group_question, Command("q"))
    router.message.register(addressed, in_group_chat, AddressedToBot())
    return router
