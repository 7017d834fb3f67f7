"""aiogram routers, thin: parse the update, call the assistant, render, send.

The router modules are imported when the dispatcher is built, not with the package: the
terminal commands render answers with `handlers.views.rendering` and should not pay for
importing aiogram.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiogram import Router


def get_routers() -> list[Router]:
    """Fresh routers, in the order they are tried."""
    from handlers import admin, browse, errors, feedback, groups, inline, other, questions, start

    return [
        errors.create_router(),  # errors of every router below
        admin.create_router(),  # admin commands and document imports, before anything else
        groups.create_shared_cards_router(),  # buttons of cards in groups: open the bot
        start.create_router(),  # /start (deep links), /help, /lang
        browse.create_router(),  # /levels /card /terms /firstaid and their buttons
        feedback.create_router(),  # 👍/👎
        inline.create_router(),  # @bot query
        groups.create_router(),  # /q, replies to the bot and mentions in groups
        other.create_router(),  # stickers, photos, voice, documents...: a polite hint
        questions.create_router(),  # any other private text is a question: last
    ]
