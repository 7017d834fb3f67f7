"""Any text in a private chat is a question. Registered last: commands come first."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import Message

from handlers.common import answer_question
from handlers.filters import has_text, in_private_chat
from handlers.views.keyboards import EntryKeyboards
from knowledge.assistant import Assistant
from knowledge.privacy import UserKeys
from knowledge.recorder import Recorder


async def question(
    message: Message,
    bot: Bot,
    assistant: Assistant,
    keyboards: EntryKeyboards,
    recorder: Recorder,
    user_keys: UserKeys,
) -> None:
    await answer_question(
        bot, message, message.text or "",
        assistant=assistant, keyboards=keyboards, recorder=recorder, user_keys=user_keys,
    )  # fmt: skip


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(in_private_chat)
    router.message.register(question, has_text)
    return router
