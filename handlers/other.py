"""Anything that is not a text question: a short polite hint in private chats, else nothing."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

NON_TEXT = {
    "sticker",
    "photo",
    "voice",
    "video",
    "video_note",
    "audio",
    "animation",
    "document",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "story",
}


async def not_text(message: Message) -> None:
    await message.answer(
        _(
            "Мен мәтіндік сұрақтарға жауап беремін. "
            "Сұрағыңызды жазыңыз немесе /help командасын басыңыз."
        )
    )


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(not_text, F.content_type.in_(NON_TEXT))
    return router
