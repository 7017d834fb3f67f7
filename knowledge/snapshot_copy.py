"""A copy of the active version beside an SQLite store, for commands that only read.

`komekshi ask` answers one question and exits: most of its start-up went on importing the
database layer and reading the store. After one ordinary start it keeps what it read in
`<database>.snapshot.json`; the next start checks that copy against the database with the
standard library's sqlite3 (three small queries, no SQLAlchemy) and uses it only when
nothing the store would act on has changed: the same schema revision, the same latest
version (id and checksum) and the same index facts, and the running code derives what
the store holds (entry layout, analyser, bundled data). Anything else, and the ordinary
start runs: it migrates, seeds or reindexes as needed and writes a fresh copy.

The copy is JSON, not pickle: whoever can write beside the database can change answers,
but not run code. A copy that cannot be written (a read-only folder) is skipped.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from knowledge.analysis.analyzer import Analyzer, WordAnalysis
from knowledge.bundle import bundled_fingerprint
from knowledge.entries import Entry
from knowledge.records import Changes, VersionInfo
from knowledge.schema import (
    META_BUNDLED,
    META_INDEX_VERSION,
    META_TABLE,
    SCHEMA_REVISION,
    SEED_ACTION,
    VERSION_TABLE,
    index_version,
)
from knowledge.snapshot import Snapshot

log = logging.getLogger(__name__)

COPY_FORMAT = 2
SUFFIX = ".snapshot.json"
_SQLITE_FILE = re.compile(r"^sqlite(?:\+\w+)?:///(?P<path>[^?]+)$")


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a copy was made from: the store's side and the code's side."""

    revision: str | None
    version_id: int
    checksum: str
    action: str
    """How the latest version was made: only a seed follows newer bundled data."""
    meta: dict[str, str]

    def as_json(self) -> dict[str, Any]:
        return {
            "revision": self.revision,
            "version_id": self.version_id,
            "checksum": self.checksum,
            "action": self.action,
            "meta": self.meta,
        }


class SnapshotCopy:
    """The copy for one SQLite file, read and written with one analyser: the copy also
    holds how it reads the synonym list's words, which a quick start need not redo."""

    def __init__(self, database: Path, analyzer: Analyzer) -> None:
        self.database = database
        self.path = database.with_name(database.name + SUFFIX)
        self._analyzer = analyzer
        self._index_version = index_version(analyzer.version)

    @classmethod
    def for_url(cls, url: str, analyzer: Analyzer) -> SnapshotCopy | None:
        """A copy for an SQLite file URL; None for memory databases, URIs and servers."""
        match = _SQLITE_FILE.match(url)
        if match is None or match["path"] in ("", ":memory:"):
            return None
        return cls(Path(match["path"]).expanduser(), analyzer)

    # --- reading ------------------------------------------------------------------------

    def load(self) -> Snapshot | None:
        """The copy, if the store and the code are still what it was made from."""
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.debug("snapshot copy %s unreadable: %s", self.path, exc)
            return None
        current = self.store_stamp()
        if current is None or not self._current(current):
            return None
        if not isinstance(stored, dict) or stored.get("format") != COPY_FORMAT:
            return None
        if stored.get("stamp") != current.as_json():
            return None
        try:
            snapshot = _snapshot_from_json(stored["snapshot"])
            self._analyzer.remember(
                {str(w): _analysis_from_json(a) for w, a in stored["words"].items()}
            )
            return snapshot
        except (KeyError, TypeError, ValueError) as exc:
            log.debug("snapshot copy %s malformed: %s", self.path, exc)
            return None

    def store_stamp(self) -> Stamp | None:
        """The store's side, read with sqlite3 in read-only mode (None: no usable file)."""
        if not self.database.is_file():
            return None
        try:
            connection = sqlite3.connect(f"{self.database.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            return None
        try:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            latest = connection.execute(
                f"SELECT id, checksum, action FROM {VERSION_TABLE} ORDER BY id DESC LIMIT 1"
            ).fetchone()
            meta = dict(connection.execute(f"SELECT key, value FROM {META_TABLE}"))
        except sqlite3.Error:
            return None  # no schema yet, or an older one: the ordinary start will see to it
        finally:
            connection.close()
        if latest is None:
            return None
        return Stamp(
            revision[0] if revision else None, int(latest[0]), str(latest[1]), str(latest[2]), meta
        )

    def _current(self, stamp: Stamp) -> bool:
        """Would the ordinary start leave the store as it is (no migration, no reseed, no
        reindex)? Only then is a copy of what it holds the same as reading it."""
        return (
            stamp.revision == SCHEMA_REVISION
            and stamp.meta.get(META_INDEX_VERSION) == self._index_version
            and (
                stamp.action != SEED_ACTION or stamp.meta.get(META_BUNDLED) == bundled_fingerprint()
            )
        )

    # --- writing ------------------------------------------------------------------------

    def save(self, snapshot: Snapshot) -> None:
        """Keep `snapshot` if it is what the store holds now (checked after reading it: a
        version made in between is not labelled with the older content)."""
        stamp = self.store_stamp()
        version = snapshot.version
        if (
            stamp is None
            or version is None
            or (stamp.version_id, stamp.checksum) != (version.id, version.checksum)
            or stamp.meta != snapshot.meta
            or not self._current(stamp)
        ):
            return
        document = {
            "format": COPY_FORMAT,
            "stamp": stamp.as_json(),
            "snapshot": _snapshot_json(snapshot),
            "words": self._analyzer.analyses_of(
                phrase for group in snapshot.synonyms for phrase in group
            ),
        }
        try:
            handle, temporary = tempfile.mkstemp(prefix=self.path.name, dir=self.path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, self.path)
        except OSError as exc:
            log.debug("snapshot copy %s not written: %s", self.path, exc)


def _snapshot_json(snapshot: Snapshot) -> dict[str, Any]:
    version = snapshot.version
    return {
        "version": None if version is None else _version_json(version),
        "entries": [e.as_json() for e in snapshot.entries],
        "postings": snapshot.postings,
        "synonyms": snapshot.synonyms,
        "title_keys": snapshot.title_keys,
        "sequences": snapshot.sequences,
        "meta": snapshot.meta,
    }


def _snapshot_from_json(data: dict[str, Any]) -> Snapshot:
    version = data["version"]
    return Snapshot(
        None if version is None else _version_from_json(version),
        [Entry.from_json(e) for e in data["entries"]],
        [(str(e), str(f), str(t), int(c)) for e, f, t, c in data["postings"]],
        [[str(p) for p in group] for group in data["synonyms"]],
        {str(k): str(v) for k, v in data["title_keys"].items()},
        {str(k): str(v) for k, v in data["sequences"].items()},
        {str(k): str(v) for k, v in data["meta"].items()},
    )


def _analysis_from_json(data: list[Any]) -> WordAnalysis:
    folded, terms, stop, verbal = data
    return str(folded), tuple(str(t) for t in terms), bool(stop), bool(verbal)


def _version_json(version: VersionInfo) -> dict[str, Any]:
    return {
        "id": version.id,
        "created_at": version.created_at.isoformat(),
        "author": version.author,
        "action": version.action,
        "note": version.note,
        "source_name": version.source_name,
        "checksum": version.checksum,
        "changes": version.changes.as_json(),
    }


def _version_from_json(data: dict[str, Any]) -> VersionInfo:
    return VersionInfo(
        int(data["id"]),
        datetime.fromisoformat(data["created_at"]),
        str(data["author"]),
        str(data["action"]),
        str(data["note"]),
        str(data["source_name"]),
        str(data["checksum"]),
        Changes.from_json(data["changes"]),
    )
