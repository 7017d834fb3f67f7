"""Search options as the settings give them (apart from bot.library: a command that starts
from a copy of the index must not import the database layer to learn them)."""

from __future__ import annotations

from bot.config import Settings
from knowledge.assistant import SearchOptions


def search_options(settings: Settings, *, long_lived: bool = True) -> SearchOptions:
    """`long_lived`: the bot; a one-off command (`ask`, `chat`) passes False."""
    search = settings.search
    return SearchOptions(
        limit=search.limit,
        alternatives=search.alternatives,
        max_query_chars=search.max_query_chars,
        long_lived=long_lived,
    )
