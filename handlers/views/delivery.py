"""Sending and editing rendered messages, so that a refusal never leaves a user unanswered.

Telegram refuses invalid HTML, texts over 4,096 characters and edits that change nothing.
Rendering already escapes every piece of knowledge-base text and splits at line
boundaries; these helpers still fall back to plain text if HTML is refused, treat
"message is not modified" as done, and send a new message when an edit is impossible.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyParameters

from handlers.views.rendering import TELEGRAM_LIMIT, Rendered, split_for_telegram

log = logging.getLogger(__name__)


def _is(exc: TelegramBadRequest, *fragments: str) -> bool:
    message = exc.message.lower()
    return any(fragment in message for fragment in fragments)


async def send(
    bot: Bot,
    chat_id: int,
    rendered: Rendered,
    markup: InlineKeyboardMarkup | None = None,
    *,
    reply_to: int | None = None,
) -> None:
    """Send a rendered message in as many parts as it needs; the keyboard goes on the last."""
    chunks = split_for_telegram(rendered.html_lines())
    reply = (
        ReplyParameters(message_id=reply_to, allow_sending_without_reply=True) if reply_to else None
    )
    for number, chunk in enumerate(chunks):
        last = number == len(chunks) - 1
        try:
            await bot.send_message(
                chat_id,
                chunk,
                reply_markup=markup if last else None,
                reply_parameters=reply if number == 0 else None,
            )
        except TelegramBadRequest as exc:
            if not _is(exc, "can't parse entities", "message is too long"):
                raise
            log.warning("HTML refused (%s); sending chat %s plain text", exc.message, chat_id)
            await _send_plain(bot, chat_id, rendered, markup, reply)
            return


async def _send_plain(
    bot: Bot,
    chat_id: int,
    rendered: Rendered,
    markup: InlineKeyboardMarkup | None,
    reply: ReplyParameters | None,
) -> None:
    chunks = split_for_telegram(rendered.plain_lines(), TELEGRAM_LIMIT // 2)
    for number, chunk in enumerate(chunks):
        await bot.send_message(
            chat_id,
            chunk,
            parse_mode=None,
            reply_markup=markup if number == len(chunks) - 1 else None,
            reply_parameters=reply if number == 0 else None,
        )


async def show(
    callback: CallbackQuery, rendered: Rendered, markup: InlineKeyboardMarkup | None
) -> None:
    """Replace the message the button belongs to (browsing edits in place)."""
    message = callback.message
    chunks = split_for_telegram(rendered.html_lines())
    if not isinstance(message, Message) or len(chunks) > 1:
        if callback.bot is not None:
            chat_id = message.chat.id if message is not None else callback.from_user.id
            await send(callback.bot, chat_id, rendered, markup)
        return
    try:
        await message.edit_text(chunks[0], reply_markup=markup)
    except TelegramBadRequest as exc:
        if _is(exc, "message is not modified"):
            return
        if _is(exc, "can't parse entities"):
            await message.edit_text(
                rendered.plain()[:TELEGRAM_LIMIT], parse_mode=None, reply_markup=markup
            )
            return
        if _is(exc, "message to edit not found", "message can't be edited", "there is no text"):
            await send(message.bot or callback.bot, message.chat.id, rendered, markup)  # type: ignore[arg-type]
            return
        raise


async def acknowledge(
    callback: CallbackQuery, text: str | None = None, *, url: str | None = None
) -> None:
    """Answer a button press once (a toast, or a t.me `url` Telegram opens); a second
    answer or an expired one is not an error."""
    try:
        await callback.answer(text, url=url)
    except TelegramBadRequest as exc:
        log.debug("callback %s already answered or expired: %s", callback.id, exc.message)
    except TelegramAPIError as exc:
        log.warning("could not answer callback %s: %s", callback.id, exc)


async def show_text(callback: CallbackQuery, text: str) -> None:
    """Replace the button's message with a short plain note (no keyboard)."""
    message = callback.message
    if not isinstance(message, Message):
        return
    try:
        await message.edit_text(text, parse_mode=None, reply_markup=None)
    except TelegramBadRequest as exc:
        if not _is(exc, "message is not modified"):
            raise
