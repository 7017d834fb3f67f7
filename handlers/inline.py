"""Inline mode: @bot query in any chat lists matching entries to share as cards."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import (
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
)
from aiogram.utils.i18n import gettext as _

from handlers.views.deeplinks import MENU_PAYLOAD, entry_link
from handlers.views.keyboards import open_in_bot_keyboard
from handlers.views.rendering import breadcrumb, render_summary
from knowledge.assistant import Assistant
from knowledge.entries import Entry, Kind

MAX_RESULTS = 10


def _article(entry: Entry, username: str) -> InlineQueryResultArticle:
    """The card posted into the chat: a phone-screen summary and a button to the whole
    entry in the bot."""
    summary = render_summary(entry, _)
    return InlineQueryResultArticle(
        id=entry.id,
        title=entry.title[:200],
        description=breadcrumb(entry, _),
        input_message_content=InputTextMessageContent(
            message_text=summary.html(), link_preview_options=LinkPreviewOptions(is_disabled=True)
        ),
        reply_markup=open_in_bot_keyboard(entry_link(username, entry.id), _),
    )


def matching_entries(query: str, assistant: Assistant) -> list[Entry]:
    """What to list while the user types: an id being typed lists what it can only mean;
    a question lists the answer and the entries that scored nearly as well, nothing below
    the confidence bar."""
    text = query.strip()
    if not text:
        return assistant.entries_of_kind(Kind.CARD)
    partial = assistant.by_partial_id(text)
    if partial is not None:
        return partial
    answer = assistant.ask(text, limit=MAX_RESULTS)
    if answer.best is None:
        return []
    return [answer.best.entry, *(h.entry for h in answer.close_alternatives(MAX_RESULTS))]


async def inline_search(inline_query: InlineQuery, bot: Bot, assistant: Assistant) -> None:
    me = await bot.me()
    entries = matching_entries(inline_query.query, assistant)[:MAX_RESULTS]
    button = InlineQueryResultsButton(
        text=_("🤖 Ботта сұрау") if entries else _("Табылмады – ботта сұрау"),
        start_parameter=MENU_PAYLOAD,
    )
    await inline_query.answer(
        [_article(entry, me.username or "") for entry in entries],
        cache_time=60,
        is_personal=False,
        button=button,
    )


def create_router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.inline_query.register(inline_search)
    return router
