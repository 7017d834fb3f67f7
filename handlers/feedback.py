"""👍/👎 under answers: stored for the admins, acknowledged with a short toast."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _

from handlers.views import delivery
from handlers.views.keyboards import Vote
from knowledge.privacy import UserKeys
from knowledge.recorder import Recorder


async def vote(
    callback: CallbackQuery, callback_data: Vote, recorder: Recorder, user_keys: UserKeys
) -> None:
    recorder.feedback(
        callback_data.id,
        1 if callback_data.up else -1,
        user_key=user_keys.of(callback.from_user.id),
    )
    await delivery.acknowledge(callback, _("Рахмет! Пікіріңіз сақталды."))


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.callback_query.register(vote, Vote.filter())
    return router
