"""Every row of every table of a store, to show that a refused input changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from knowledge.store.models import Base


async def store_rows(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    """The whole content of the store, table by table, in primary-key order."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    async with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in await connection.execute(query)]
    return rows
