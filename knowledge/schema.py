"""Facts about the store that readers without the database layer need too.

`komekshi ask` checks a copy of the active version (knowledge.snapshot_copy) against the
SQLite file with the standard library alone; the store and that check must agree on the
schema's revision, the table holding small facts, and what the index was derived with.
"""

from __future__ import annotations

from knowledge.derive import ENTRIES_VERSION

SCHEMA_REVISION = "0004"
"""The newest Alembic revision in knowledge/migrations/versions (a test checks this)."""
META_TABLE = "kb_meta"
VERSION_TABLE = "kb_version"
META_INDEX_VERSION = "index_version"
META_BUNDLED = "bundled_fingerprint"
SEED_ACTION = "seed"
"""The action of a version filled from the bundled data (newer bundled data replaces it)."""


class StoreUnavailable(Exception):
    """The database cannot be reached or used; the message says which and why."""


def index_version(analyzer_version: str) -> str:
    """What stored entries and terms are derived with: the entry layout and the analyser."""
    return f"entries-{ENTRIES_VERSION}/analyzer-{analyzer_version}"
