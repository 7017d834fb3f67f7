"""Opening the library as the settings describe it: the one way every command does it."""

from __future__ import annotations

from bot.config import Settings
from bot.options import search_options
from knowledge.analysis.analyzer import Analyzer
from knowledge.library import Library
from knowledge.snapshot_copy import SnapshotCopy


async def open_library(
    settings: Settings,
    *,
    load: bool = True,
    copy: SnapshotCopy | None = None,
    analyzer: Analyzer | None = None,
    long_lived: bool = True,
) -> Library:
    """The library as the settings describe it: the one way every command opens it."""
    database = settings.database
    return await Library.open(
        database.url,
        options=search_options(settings, long_lived=long_lived),
        import_max_bytes=database.import_max_bytes,
        echo=database.echo,
        connect_timeout=database.connect_timeout,
        load=load,
        copy=copy,
        analyzer=analyzer,
    )
