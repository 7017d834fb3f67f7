"""Any text in a private chat is a question. Registered last: commands come first."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import Message

from bot.services import Services
from handlers.common import answer_question
from knowledge.assistant import Assistant


async def question(message: Message, bot: Bot, assistant: Assistant, services: Services) -> None:
    await answer_question(bot, message, message.text or "", assistant, services)


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(question, F.text)
    return router
