"""The last resort: an error in any handler is logged with its context and the user is told,
briefly, that something went wrong (never the details)."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _

from knowledge.privacy import UserKeys
from knowledge.store import StoreUnavailable

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, bot: Bot, user_keys: UserKeys) -> bool:
    update = event.update
    message = update.message or (update.callback_query.message if update.callback_query else None)
    user = update.event.from_user if hasattr(update.event, "from_user") else None
    chat = getattr(message, "chat", None)
    who = user_keys.pseudonym(user.id) if user is not None else None
    if isinstance(event.exception, StoreUnavailable):  # an outage, not a bug: no traceback
        log.error("update %s from user %s in %s: %s", update.update_id, who, _chat_label(chat),
                  event.exception)  # fmt: skip
        notice = _("🛠 Дерекқор уақытша қолжетімсіз, ештеңе өзгертілмеді. Сәлден соң қайталаңыз.")
    else:
        log.error(
            "update %s from user %s in %s failed: %s",  # pseudonyms, never ids or text
            update.update_id,
            who,
            _chat_label(chat),
            type(event.exception).__name__,
            exc_info=event.exception,
        )
        notice = _("⚠️ Кешіріңіз, бір нәрсе дұрыс болмады. Сәлден соң қайталап көріңіз.")
    chat_id = message.chat.id if message is not None and message.chat is not None else None
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(notice)
            return True
        except TelegramAPIError as exc:  # already answered: say it in the chat instead
            log.info("could not answer the callback with the error notice: %s", exc)
    if chat_id is not None:
        try:
            await bot.send_message(chat_id, notice, parse_mode=None)
        except TelegramAPIError as exc:
            log.warning("could not tell the user about the error: %s", exc)
    return True


def _chat_label(chat: object) -> str:
    """A group is named by its id; a private chat's id is the user's, so only its type."""
    kind = getattr(chat, "type", None)
    if kind is None:
        return "no chat"
    return "a private chat" if kind == "private" else f"{kind} {getattr(chat, 'id', '?')}"


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.errors.register(on_error)
    return router
