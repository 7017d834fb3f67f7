"""Any text in a private chat is a question. Registered last: commands come first."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import Message

from handlers.common import Answerer
from handlers.filters import has_text, in_private_chat
from knowledge.assistant import Assistant


async def question(message: Message, bot: Bot, assistant: Assistant, answerer: Answerer) -> None:
    await answerer.answer(bot, message, message.text or "", assistant)


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(in_private_chat)
    router.message.register(question, has_text)
    return router
