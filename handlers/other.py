"""Anything that is not a text question: a short polite hint in private chats, else nothing."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.filters import in_private_chat, is_not_text


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
    router.message.filter(in_private_chat)
    router.message.register(not_text, is_not_text)
    return router
