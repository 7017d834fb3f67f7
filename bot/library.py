"""Opening the library as the settings describe it: the one way every command does it."""

from __future__ import annotations

from bot.config import Settings
from knowledge.assistant import SearchOptions
from knowledge.library import Library


def search_options(settings: Settings) -> SearchOptions:
    search = settings.search
    return SearchOptions(
        limit=search.limit, alternatives=search.alternatives, max_query_chars=search.max_query_chars
    )


async def open_library(settings: Settings, *, load: bool = True) -> Library:
    """The library as the settings describe it: the one way every command opens it."""
    database = settings.database
    return await Library.open(
        database.url,
        options=search_options(settings),
        import_max_bytes=database.import_max_bytes,
        echo=database.echo,
        connect_timeout=database.connect_timeout,
        load=load,
    )
