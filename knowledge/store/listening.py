"""Being told of new versions by PostgreSQL itself (LISTEN/NOTIFY): every version written
by any process, the CLI included, reaches every listening worker at commit. SQLite has no
such thing; there the periodic version check is the only way."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from sqlalchemy.engine import make_url

from knowledge.store.versions import VERSION_CHANNEL

log = logging.getLogger(__name__)


async def listen_for_versions(
    url: str, on_version: Callable[[], Coroutine[Any, Any, object]], *, retry_after: float = 5.0
) -> None:
    """Run until cancelled: call `on_version` for every new version; reconnect after a
    lost connection (the periodic check covers the gap)."""
    import asyncpg  # type: ignore[import-untyped]

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    # What a connection to a server that is going away or coming back can raise.
    lost = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError,
            asyncpg.InternalClientError)  # fmt: skip
    loop = asyncio.get_running_loop()
    pending: set[asyncio.Task[object]] = set()

    def notified(*_: object) -> None:
        task = loop.create_task(on_version())
        pending.add(task)
        task.add_done_callback(pending.discard)

    while True:
        try:
            connection = await asyncpg.connect(dsn, timeout=5)
        except lost as exc:
            log.debug("cannot listen for versions (%s); retrying", exc)
            await asyncio.sleep(retry_after)
            continue
        closed = asyncio.Event()
        try:
            connection.add_termination_listener(lambda *_, closed=closed: closed.set())
            await connection.add_listener(VERSION_CHANNEL, notified)
            await closed.wait()
        except lost as exc:
            log.debug("version listener lost its connection (%s)", exc)
        finally:
            if not connection.is_closed():
                connection.terminate()  # no goodbye to a server that may be gone
        await asyncio.sleep(retry_after)
