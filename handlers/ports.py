"""What handlers need from the application, as protocols the application fulfils.

Handlers sit below `bot/`; where they need one of its services, they name the shape of
it here, and `bot/` hands in something of that shape (dependency inversion, checked by
mypy structurally).
"""

from __future__ import annotations

from typing import Protocol

from knowledge.discourse.conversation import Turn


class LocalePreferences(Protocol):
    """The interface language each user chose with /lang."""

    async def locale(self, user_id: int) -> str | None: ...

    async def set_locale(self, user_id: int, locale: str) -> None: ...


class Conversations(Protocol):
    """What the last exchange with each user left for the next one, for a while."""

    async def get(self, user_id: int) -> Turn | None: ...

    async def put(self, user_id: int, turn: Turn) -> None: ...
