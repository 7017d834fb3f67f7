"""The database engine and schema migration, with errors an admin can read.

SQLite (aiosqlite) is the embedded default; PostgreSQL (asyncpg) is chosen by the URL
alone. Migrations are Alembic's; start-up skips Alembic when the schema is already at
`SCHEMA_REVISION`, which keeps the first answer fast.
"""

from __future__ import annotations

import logging
import re
from importlib import resources
from pathlib import Path

from sqlalchemy import Column, MetaData, String, Table, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from knowledge.schema import SCHEMA_REVISION, StoreUnavailable

log = logging.getLogger(__name__)


_PG_MIGRATION_LOCK = 0x6B6F6D65  # 'kome': one migrator at a time on a shared server


class DatabaseGuard:
    """Turns driver and connection errors into one `StoreUnavailable` naming the database,
    so no caller above the store ever catches a driver's exception.

        with guard:
            ...  # any database work
    """

    def __init__(self, url: str) -> None:
        self.url = url

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, _tb: object
    ) -> None:
        if isinstance(exc, (OSError, DBAPIError)):
            raise StoreUnavailable(describe_connection_error(self.url, exc)) from exc


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return mask_password(url)


_CREDENTIALS = re.compile(r"(//[^/:@\s]*):[^@/\s]*@")


def mask_password(text: str) -> str:
    """A URL SQLAlchemy cannot parse, with whatever stands where a password would hidden."""
    return _CREDENTIALS.sub(r"\1:***@", text)


def create_engine(url: str, *, echo: bool = False, connect_timeout: float = 5.0) -> AsyncEngine:
    """An async engine for `url`; the SQLite file's directory is created if needed."""
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018 - a non-numeric port only fails when read
    except (ArgumentError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreUnavailable(
            f"invalid database URL {mask_password(url)!r}: {mask_password(reason)}"
        ) from exc
    backend = parsed.get_backend_name()
    connect_args: dict[str, object] = {}
    if backend == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            folder = Path(database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreUnavailable(
                    f"cannot create the folder {folder} for the database: {exc.strerror}"
                ) from exc
        connect_args["timeout"] = connect_timeout
    elif backend == "postgresql":
        connect_args["timeout"] = connect_timeout
    try:
        engine = create_async_engine(
            parsed, echo=echo, connect_args=connect_args, pool_pre_ping=backend != "sqlite"
        )
    except (ArgumentError, ImportError) as exc:  # unknown dialect or driver
        raise StoreUnavailable(f"unsupported database URL {safe_url(url)}: {exc}") from exc
    if backend == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _current_revision(connection: Connection) -> str | None:
    try:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None


def _upgrade(connection: Connection) -> None:
    """Migrate under a lock, checking again once it is held: of several processes starting
    at once, one migrates and the others find the work done."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    if _current_revision_nested(connection) == SCHEMA_REVISION:
        return  # another process migrated while this one waited for the lock
    if not inspect(connection).get_table_names():
        create_fresh(connection)
    else:
        alembic_upgrade(connection)


def _current_revision_nested(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def create_fresh(connection: Connection) -> None:
    """An empty database gets the models' schema at once, stamped with the newest revision
    (Alembic's recipe for new databases; a test keeps models and migrations in step)."""
    from knowledge.store.models import Base  # the ORM models are not needed on a warm start

    Base.metadata.create_all(connection)
    version = Table(
        "alembic_version",
        MetaData(),
        Column("version_num", String(32), primary_key=True),
    )
    version.create(connection)
    connection.execute(version.insert().values(version_num=SCHEMA_REVISION))


def alembic_upgrade(connection: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("knowledge").joinpath("migrations"))
    )
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to the newest revision (no-op when it is already there)."""
    try:
        async with engine.connect() as connection:
            revision = await connection.run_sync(_current_revision)
        if revision == SCHEMA_REVISION:
            return
        log.info("migrating %s from %s to %s", safe_url(str(engine.url)), revision, SCHEMA_REVISION)
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade)
    except (OSError, DBAPIError, SQLAlchemyError) as exc:
        raise StoreUnavailable(describe_connection_error(str(engine.url), exc)) from exc


def describe_connection_error(url: str, exc: BaseException) -> str:
    """One line that says which database failed and the driver's own reason."""
    reason = getattr(exc, "orig", None) or exc
    detail = str(reason).strip().splitlines()[0] if str(reason).strip() else type(reason).__name__
    return f"cannot use the database {safe_url(url)}: {detail}"
