"""Inline mode: @bot query in any chat lists matching entries to share as cards."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import (
    InlineQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
)
from aiogram.utils.i18n import gettext as _

from handlers.views.deeplinks import entry_link
from handlers.views.keyboards import open_in_bot_keyboard
from handlers.views.rendering import TELEGRAM_LIMIT, breadcrumb, render_entry, split_for_telegram
from knowledge.assistant import Assistant
from knowledge.entries import Entry, Kind

MAX_RESULTS = 10


def _article(entry: Entry, username: str) -> InlineQueryResultArticle:
    chunks = split_for_telegram(render_entry(entry, _).html_lines(), TELEGRAM_LIMIT - 100)
    text = chunks[0] if len(chunks) == 1 else chunks[0] + "\n…"
    return InlineQueryResultArticle(
        id=entry.id,
        title=entry.title[:200],
        description=breadcrumb(entry, _),
        input_message_content=InputTextMessageContent(
            message_text=text, link_preview_options=LinkPreviewOptions(is_disabled=True)
        ),
        reply_markup=open_in_bot_keyboard(entry_link(username, entry.id), _),
    )


async def inline_search(inline_query: InlineQuery, bot: Bot, assistant: Assistant) -> None:
    me = await bot.me()
    query = inline_query.query.strip()
    if query:
        answer = assistant.ask(query, limit=MAX_RESULTS)
        entries = [hit.entry for hit in answer.hits] if answer.answered else []
    else:
        entries = assistant.entries_of_kind(Kind.CARD)
    await inline_query.answer(
        [_article(entry, me.username or "") for entry in entries[:MAX_RESULTS]],
        cache_time=60,
        is_personal=False,
    )


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.inline_query.register(inline_search)
    return router
