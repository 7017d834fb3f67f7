"""The knowledge store: versioned documents, the active entries and their index terms.

Every change is a new numbered version that keeps the whole document, so nothing is lost
and any version can be restored ("rollback" applies an old document as a new version).
Applying a document happens in one transaction: entries, index terms and synonyms are
replaced together or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, delete, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from knowledge.analysis.analyzer import Analyzer
from knowledge.bundle import bundled_fingerprint
from knowledge.db import StoreUnavailable, create_engine, describe_connection_error, migrate
from knowledge.entries import ENTRIES_VERSION, Entry, Kind, build_entries
from knowledge.models import (
    Base,
    EntryRow,
    FeedbackRow,
    IndexTermRow,
    KbVersion,
    MetaRow,
    MissRow,
    SynonymRow,
)
from knowledge.search.indexing import IndexedEntry, index_entry

if TYPE_CHECKING:
    from knowledge.document import KnowledgeDocument

log = logging.getLogger(__name__)

META_ANALYZER = "index_version"
META_BUNDLED = "bundled_fingerprint"
SEED_AUTHOR = "komekshi"


class VersionNotFound(LookupError):
    """No such version in the history."""


@dataclass(frozen=True, slots=True)
class Changes:
    """What a document changes against the active version, by entry id."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    synonyms_before: int = 0
    synonyms_after: int = 0
    synonyms_changed: bool = False

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.synonyms_changed)

    def summary(self) -> str:
        parts = [
            f"+{len(self.added)} added",
            f"-{len(self.removed)} removed",
            f"~{len(self.changed)} changed",
        ]
        if self.synonyms_changed:
            parts.append(f"synonym groups {self.synonyms_before} -> {self.synonyms_after}")
        return ", ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "synonyms_before": self.synonyms_before,
            "synonyms_after": self.synonyms_after,
            "synonyms_changed": self.synonyms_changed,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Changes:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True, slots=True)
class VersionInfo:
    id: int
    created_at: datetime
    author: str
    action: str
    note: str
    source_name: str
    checksum: str
    changes: Changes


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything search needs from the active version, read in one go."""

    version: VersionInfo | None
    entries: list[Entry]
    postings: list[tuple[str, str, str, int]]
    """(entry_id, field, term, count) rows of the stored inverted index."""
    synonyms: list[list[str]]
    title_keys: dict[str, str]
    sequences: dict[str, str]


@dataclass(frozen=True, slots=True)
class MissRecord:
    query: str
    user_key: str = ""


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    entry_id: str
    value: int
    query: str = ""
    user_key: str = ""


@dataclass(frozen=True, slots=True)
class MissSummary:
    query: str
    count: int
    last_seen: datetime


def _version_info(row: KbVersion) -> VersionInfo:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return VersionInfo(
        row.id,
        created,
        row.author,
        row.action,
        row.note,
        row.source_name,
        row.checksum,
        Changes.from_json(row.changes or {}),
    )


def _entry(row: EntryRow) -> Entry:
    return Entry(
        row.id,
        Kind(row.kind),
        row.level,
        row.title,
        row.text,
        row.source,
        row.parent_id,
        row.position,
        row.data or {},
    )


class KnowledgeStore:
    """Async repository over the knowledge database (SQLite or PostgreSQL)."""

    def __init__(self, engine: AsyncEngine, analyzer: Analyzer) -> None:
        self.engine = engine
        self.analyzer = analyzer
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        analyzer: Analyzer,
        echo: bool = False,
        connect_timeout: float = 5.0,
        seed: bool = True,
    ) -> KnowledgeStore:
        """Connect, migrate, and on first use fill the store from the bundled data."""
        engine = create_engine(url, echo=echo, connect_timeout=connect_timeout)
        store = cls(engine, analyzer)
        try:
            await migrate(engine)
            if seed:
                await store.ensure_current()
        except BaseException:
            await engine.dispose()
            raise
        return store

    async def close(self) -> None:
        await self.engine.dispose()

    def _guard(self, exc: BaseException) -> StoreUnavailable:
        return StoreUnavailable(describe_connection_error(str(self.engine.url), exc))

    # --- reading -----------------------------------------------------------------------

    async def current_version(self) -> VersionInfo | None:
        async with self._sessions() as session:
            row = await session.scalar(select(KbVersion).order_by(KbVersion.id.desc()).limit(1))
            return _version_info(row) if row else None

    async def history(self, limit: int = 20) -> list[VersionInfo]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(KbVersion).order_by(KbVersion.id.desc()).limit(limit)
            )
            return [_version_info(r) for r in rows]

    async def snapshot(self) -> Snapshot:
        try:
            async with self._sessions() as session:
                version = await session.scalar(
                    select(KbVersion).order_by(KbVersion.id.desc()).limit(1)
                )
                entry_rows = (await session.scalars(select(EntryRow))).all()
                # 10,000s of rows: read through the driver, without ORM row processing
                connection = await session.connection()
                postings: Sequence[Any] = (
                    await connection.exec_driver_sql(
                        "SELECT entry_id, field, term, count FROM index_term"
                    )
                ).all()
                synonym_rows = (
                    await session.execute(
                        select(SynonymRow.group_id, SynonymRow.phrase).order_by(
                            SynonymRow.group_id, SynonymRow.position
                        )
                    )
                ).all()
        except (OSError, DBAPIError) as exc:
            raise self._guard(exc) from exc
        groups: dict[int, list[str]] = {}
        for group_id, phrase in synonym_rows:
            groups.setdefault(group_id, []).append(phrase)
        entries = sorted((_entry(r) for r in entry_rows), key=_by_position)
        return Snapshot(
            _version_info(version) if version else None,
            entries,
            [(str(row[0]), str(row[1]), str(row[2]), int(row[3])) for row in postings],
            list(groups.values()),
            {r.id: r.title_key for r in entry_rows},
            {r.id: r.sequence for r in entry_rows},
        )

    async def entry(self, entry_id: str) -> Entry | None:
        async with self._sessions() as session:
            row = await session.get(EntryRow, entry_id)
            return _entry(row) if row else None

    async def entries(self) -> list[Entry]:
        async with self._sessions() as session:
            rows = (await session.scalars(select(EntryRow))).all()
        return sorted((_entry(r) for r in rows), key=_by_position)

    async def document(self, version_id: int | None = None) -> KnowledgeDocument:
        """The document of a version (the active one by default)."""
        from knowledge.loader import validate_data

        async with self._sessions() as session:
            query = select(KbVersion.document)
            if version_id is None:
                query = query.order_by(KbVersion.id.desc()).limit(1)
            else:
                query = query.where(KbVersion.id == version_id)
            data = await session.scalar(query)
        if data is None:
            raise VersionNotFound(
                f"no version {version_id}" if version_id is not None else "the store is empty"
            )
        return validate_data(data, f"version {version_id or 'current'}")

    # --- changing ----------------------------------------------------------------------

    async def diff(self, document: KnowledgeDocument) -> Changes:
        async with self._sessions() as session:
            return await self._diff(session, document, build_entries(document))

    async def _diff(
        self, session: AsyncSession, document: KnowledgeDocument, new_entries: list[Entry]
    ) -> Changes:
        rows = await session.execute(
            select(
                EntryRow.id,
                EntryRow.kind,
                EntryRow.level,
                EntryRow.title,
                EntryRow.text,
                EntryRow.source,
                EntryRow.data,
            )
        )
        old = {r[0]: (r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows}
        new = {e.id: (str(e.kind), e.level, e.title, e.text, e.source, e.data) for e in new_entries}
        old_synonyms = await self._synonym_groups(session)
        new_synonyms = [list(g.phrases) for g in document.synonyms]
        order = {e.id: i for i, e in enumerate(new_entries)}
        return Changes(
            added=[i for i in new if i not in old],
            removed=sorted(i for i in old if i not in new),
            changed=sorted(
                (i for i in new if i in old and new[i] != old[i]), key=order.__getitem__
            ),
            synonyms_before=len(old_synonyms),
            synonyms_after=len(new_synonyms),
            synonyms_changed=old_synonyms != new_synonyms,
        )

    async def _synonym_groups(self, session: AsyncSession) -> list[list[str]]:
        rows = await session.execute(
            select(SynonymRow.group_id, SynonymRow.phrase).order_by(
                SynonymRow.group_id, SynonymRow.position
            )
        )
        groups: dict[int, list[str]] = {}
        for group_id, phrase in rows:
            groups.setdefault(group_id, []).append(phrase)
        return list(groups.values())

    async def apply(
        self,
        document: KnowledgeDocument,
        *,
        author: str,
        action: str = "import",
        note: str = "",
        source_name: str = "",
    ) -> VersionInfo:
        """Make `document` the active version, atomically; returns the new version."""
        from knowledge.loader import document_checksum, document_to_data

        entries = build_entries(document)
        try:
            async with self._sessions.begin() as session:
                await self._lock(session)
                changes = await self._diff(session, document, entries)
                version = KbVersion(
                    created_at=datetime.now(UTC),
                    author=author,
                    action=action,
                    note=note,
                    source_name=source_name,
                    checksum=document_checksum(document),
                    changes=changes.as_json(),
                    document=document_to_data(document),
                )
                session.add(version)
                await session.flush()
                await self._replace_active(session, version.id, entries, document)
                await self._set_meta(session, META_ANALYZER, self.index_version)
                info = _version_info(version)
        except (OSError, DBAPIError) as exc:
            raise self._guard(exc) from exc
        log.info(
            "knowledge base version %s (%s by %s): %s", info.id, action, author, changes.summary()
        )
        return info

    async def rollback(self, version_id: int, *, author: str) -> VersionInfo:
        """Restore the document of `version_id` as a new version."""
        from knowledge.loader import DocumentError

        try:
            document = await self.document(version_id)
        except DocumentError as exc:
            raise VersionNotFound(f"version {version_id} cannot be restored: {exc}") from exc
        return await self.apply(
            document,
            author=author,
            action="rollback",
            note=f"rollback to version {version_id}",
            source_name=f"version {version_id}",
        )

    async def _lock(self, session: AsyncSession) -> None:
        if self.engine.dialect.name == "postgresql":
            await session.execute(text("LOCK TABLE kb_version IN EXCLUSIVE MODE"))

    async def _replace_active(
        self,
        session: AsyncSession,
        version_id: int,
        entries: Sequence[Entry],
        document: KnowledgeDocument,
    ) -> None:
        """Replace entries, index terms and synonyms (Core inserts: 10,000s of rows)."""
        await session.execute(delete(IndexTermRow))
        await session.execute(delete(EntryRow))
        await session.execute(delete(SynonymRow))
        indexed = [index_entry(self.analyzer, e) for e in entries]
        if entries:
            await session.execute(
                insert(_table(EntryRow)),
                [self._entry_row(e, i, version_id) for e, i in zip(entries, indexed, strict=True)],
            )
            term_rows = [
                {"entry_id": entry.id, "field": field_name, "term": term[:128], "count": count}
                for entry, index in zip(entries, indexed, strict=True)
                for field_name, term, count in index.terms
            ]
            if term_rows:
                await session.execute(insert(_table(IndexTermRow)), term_rows)
        synonym_rows = [
            {"group_id": g, "position": p, "phrase": phrase}
            for g, group in enumerate(document.synonyms, 1)
            for p, phrase in enumerate(group.phrases)
        ]
        if synonym_rows:
            await session.execute(insert(_table(SynonymRow)), synonym_rows)

    @staticmethod
    def _entry_row(entry: Entry, indexed: IndexedEntry, version_id: int) -> dict[str, Any]:
        return {
            "id": entry.id,
            "kind": str(entry.kind),
            "level": entry.level,
            "title": entry.title,
            "text": entry.text,
            "source": entry.source,
            "parent_id": entry.parent,
            "position": entry.position,
            "data": entry.data,
            "title_key": indexed.key,
            "sequence": indexed.sequence,
            "version_id": version_id,
        }

    async def _set_meta(self, session: AsyncSession, key: str, value: str) -> None:
        row = await session.get(MetaRow, key)
        if row is None:
            session.add(MetaRow(key=key, value=value))
        else:
            row.value = value

    async def _get_meta(self, key: str) -> str | None:
        async with self._sessions() as session:
            row = await session.get(MetaRow, key)
            return row.value if row else None

    async def ensure_current(self) -> None:
        """Seed an empty store, take new bundled data, and rebuild a stale index.

        The common case (nothing to do) reads three small values and imports nothing
        heavy, which keeps start-up fast.
        """
        try:
            version = await self.current_version()
            fingerprint = bundled_fingerprint()
            if version is None:
                await self._seed(fingerprint, "bundled data")
            elif version.action == "seed" and await self._get_meta(META_BUNDLED) != fingerprint:
                await self._seed(fingerprint, "updated bundled data")
            elif await self._get_meta(META_ANALYZER) != self.index_version:
                await self.reindex()
        except (OSError, DBAPIError) as exc:
            raise self._guard(exc) from exc

    async def _seed(self, fingerprint: str, note: str) -> None:
        from knowledge.loader import load_bundled

        await self.apply(
            load_bundled(), author=SEED_AUTHOR, action="seed", note=note, source_name="bundled"
        )
        await self._record_bundled(fingerprint)

    async def _record_bundled(self, fingerprint: str) -> None:
        async with self._sessions.begin() as session:
            await self._set_meta(session, META_BUNDLED, fingerprint)

    @property
    def index_version(self) -> str:
        """What the stored entries and terms were derived with: entry layout and analyser."""
        return f"entries-{ENTRIES_VERSION}/analyzer-{self.analyzer.version}"

    async def reindex(self) -> None:
        """Rebuild the active entries and their terms from the active document.

        Entries and index terms are derived data: when the code that derives them changes,
        they are rebuilt from the stored document, without a new version.
        """
        from knowledge.loader import validate_data

        async with self._sessions.begin() as session:
            await self._lock(session)
            row = (
                await session.execute(
                    select(KbVersion.id, KbVersion.document).order_by(KbVersion.id.desc()).limit(1)
                )
            ).first()
            if row is None:
                return
            version_id, data = row
            document = validate_data(data, f"version {version_id}")
            entries = build_entries(document)
            await self._replace_active(session, version_id, entries, document)
            await self._set_meta(session, META_ANALYZER, self.index_version)
        log.info(
            "rebuilt %d entries of version %s (%s)", len(entries), version_id, self.index_version
        )

    # --- what users do -----------------------------------------------------------------

    async def record(
        self, *, misses: Sequence[MissRecord] = (), feedback: Sequence[FeedbackRecord] = ()
    ) -> None:
        """Store unanswered questions and 👍/👎 in one short transaction."""
        now = datetime.now(UTC)
        miss_rows = [
            {"created_at": now, "query": m.query[:1000], "user_key": m.user_key} for m in misses
        ]
        feedback_rows = [
            {"created_at": now, "entry_id": f.entry_id, "query": f.query[:1000],
             "user_key": f.user_key, "value": f.value}
            for f in feedback
        ]  # fmt: skip
        async with self._sessions.begin() as session:
            if miss_rows:
                await session.execute(insert(MissRow), miss_rows)
            if feedback_rows:
                await session.execute(insert(FeedbackRow), feedback_rows)

    async def record_feedback(
        self, entry_id: str, value: int, *, query: str = "", user_key: str = ""
    ) -> None:
        await self.record(feedback=[FeedbackRecord(entry_id, value, query, user_key)])

    async def feedback_counts(self) -> dict[str, tuple[int, int]]:
        """entry id -> (👍, 👎)."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(FeedbackRow.entry_id, FeedbackRow.value, func.count()).group_by(
                    FeedbackRow.entry_id, FeedbackRow.value
                )
            )
        counts: dict[str, list[int]] = {}
        for entry_id, value, count in rows:
            counts.setdefault(entry_id, [0, 0])[0 if value > 0 else 1] += count
        return {k: (v[0], v[1]) for k, v in counts.items()}

    async def record_miss(self, query: str, *, user_key: str = "") -> None:
        await self.record(misses=[MissRecord(query, user_key)])

    async def misses(self, limit: int = 20) -> list[MissSummary]:
        """The questions nothing answered, most frequent first."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(MissRow.query, func.count(), func.max(MissRow.created_at))
                .group_by(MissRow.query)
                .order_by(func.count().desc(), func.max(MissRow.created_at).desc())
                .limit(limit)
            )
            return [
                MissSummary(q, c, last if last.tzinfo else last.replace(tzinfo=UTC))
                for q, c, last in rows
            ]


def _by_position(entry: Entry) -> int:
    return entry.position


def _table(model: type[Base]) -> Table:
    """The model's table, for Core inserts that skip the ORM's per-row bookkeeping."""
    return cast(Table, model.__table__)
