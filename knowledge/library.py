"""The library: the one owner of the active knowledge-base version.

Every caller — the bot, the CLI, the benchmark, the scripts — opens it the same way
(`Library.open`), asks its assistant, and changes the knowledge base only through it:
`apply` and `rollback` write a new version and swap in a new assistant at once, so a
change from any place is served by the next question. Handlers take `library.assistant`
once per update, so a swap in the middle of an answer never mixes two versions.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from knowledge.analysis.analyzer import Analyzer
from knowledge.assistant import Assistant, SearchOptions
from knowledge.records import Changes, VersionInfo
from knowledge.resident import settle
from knowledge.store import KnowledgeStore, Proposal

if TYPE_CHECKING:
    from knowledge.document import KnowledgeDocument
    from knowledge.loader import DocumentReader
    from knowledge.snapshot_copy import SnapshotCopy

log = logging.getLogger(__name__)

DEFAULT_IMPORT_MAX_BYTES = 5_000_000


class Library:
    def __init__(
        self,
        store: KnowledgeStore,
        analyzer: Analyzer,
        *,
        options: SearchOptions,
        import_max_bytes: int = DEFAULT_IMPORT_MAX_BYTES,
    ) -> None:
        self.store = store
        self.options = options
        self.import_max_bytes = import_max_bytes
        self._analyzer = analyzer
        self._assistant: Assistant | None = None
        self._documents: DocumentReader | None = None
        self._announcers: list[Callable[[int], Awaitable[None]]] = []

    def on_new_version(self, announce: Callable[[int], Awaitable[None]]) -> None:
        """Call `announce(version_id)` after this library made a version (to tell the other
        workers at once; they also find it by their periodic check)."""
        self._announcers.append(announce)

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        options: SearchOptions | None = None,
        import_max_bytes: int = DEFAULT_IMPORT_MAX_BYTES,
        echo: bool = False,
        connect_timeout: float = 5.0,
        load: bool = True,
        copy: SnapshotCopy | None = None,
        analyzer: Analyzer | None = None,
    ) -> Library:
        """Open the store (migrating and seeding it on first use) and, unless `load` is
        False (admin commands that only read or write versions), build the assistant."""
        analyzer = analyzer or Analyzer()
        store = await KnowledgeStore.open(
            url, analyzer=analyzer, echo=echo, connect_timeout=connect_timeout
        )
        library = cls(
            store,
            analyzer,
            options=options or SearchOptions(),
            import_max_bytes=import_max_bytes,
        )
        if load:
            try:
                await library.reload(copy)
            except BaseException:
                await store.close()
                raise
        return library

    @property
    def assistant(self) -> Assistant:
        if self._assistant is None:
            raise RuntimeError("the library is not loaded; open it with load=True")
        return self._assistant

    @property
    def documents(self) -> DocumentReader:
        """Reads imported documents within the configured size limit (YAML and pydantic
        are imported on first use: answering questions never needs them)."""
        if self._documents is None:
            from knowledge.loader import DocumentReader

            self._documents = DocumentReader(self.import_max_bytes)
        return self._documents

    @property
    def loaded(self) -> bool:
        return self._assistant is not None

    async def reload(self, copy: SnapshotCopy | None = None) -> Assistant:
        """Read the active version from the store and swap in its assistant; `copy` keeps
        what was read beside an SQLite store, for the next command that only reads."""
        snapshot = await self.store.snapshot()
        if copy is not None:
            copy.save(snapshot)
        assistant = Assistant.from_snapshot(snapshot, self._analyzer, options=self.options)
        self._assistant = assistant
        if self.options.long_lived:
            settle()  # the old version collected, the new one out of the collector's scans
        log.info(
            "knowledge base version %s loaded: %d entries",
            assistant.version,
            len(assistant.entries()),
        )
        return assistant

    @property
    def analyzer(self) -> Analyzer:
        """The analyser this library searches with (for tools that index other entries)."""
        return self._analyzer

    async def export(self, version_id: int | None = None) -> KnowledgeDocument:
        """The document of a version (the active one by default), marked with the version
        it came from so that importing it later over newer work is caught."""
        document = await self.store.document(version_id)
        if version_id is None:
            current = await self.store.current_version()
            version_id = current.id if current else None
        return document if version_id is None else document.exported_from(version_id)

    async def preview(self, document: KnowledgeDocument) -> Changes:
        """What applying `document` would change, without changing anything."""
        return await self.store.diff(document)

    async def apply(
        self,
        document: KnowledgeDocument,
        *,
        author: str,
        note: str = "",
        source_name: str = "",
        force: bool = False,
    ) -> VersionInfo:
        """Import `document` as a new version and serve it from now on (`StaleDocument`
        when it was exported from an older version than the active one, unless `force`)."""
        version = await self.store.apply(
            document,
            author=author,
            action="import",
            note=note,
            source_name=source_name,
            force=force,
        )
        await self._refresh()
        return version

    async def rollback(self, version_id: int, *, author: str) -> VersionInfo:
        """Restore version `version_id` as a new version and serve it from now on."""
        version = await self.store.rollback(version_id, author=author)
        await self._refresh()
        return version

    async def propose(
        self,
        document: KnowledgeDocument,
        *,
        author: str,
        action: str = "import",
        note: str = "",
        source_name: str = "",
    ) -> Proposal:
        """Keep `document` for confirmation and say what it would change."""
        return await self.store.propose(
            document, author=author, action=action, note=note, source_name=source_name
        )

    async def propose_rollback(self, version_id: int, *, author: str) -> Proposal:
        """The document of version `version_id`, proposed as a new version."""
        document = await self.store.document(version_id)
        return await self.propose(
            document,
            author=author,
            action="rollback",
            note=f"rollback to version {version_id}",
            source_name=f"version {version_id}",
        )

    async def confirm(self, proposal_id: int) -> VersionInfo:
        """Apply a proposal (once, and only over the version it was made against)."""
        version = await self.store.confirm(proposal_id)
        await self._refresh()
        return version

    async def refresh_if_changed(self) -> bool:
        """Serve the active version if another process (the CLI, another worker) made one
        since this one loaded; True when it swapped."""
        if not self.loaded:
            return False
        current = await self.store.current_version()
        if current is None or current.id == self.assistant.version:
            return False
        await self.reload()
        return True

    async def _refresh(self) -> None:
        if self.loaded:
            await self.reload()
        if not self._announcers:
            return
        current = await self.store.current_version()
        for announce in self._announcers:
            if current is not None:
                await announce(current.id)

    async def close(self) -> None:
        await self.store.close()
