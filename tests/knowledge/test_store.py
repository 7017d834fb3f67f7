"""The knowledge store on SQLite and PostgreSQL: seeding, versions, atomic imports, rollback."""

from __future__ import annotations

from importlib import resources

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from knowledge.analysis.analyzer import Analyzer
from knowledge.document import KnowledgeDocument
from knowledge.records import FeedbackRecord, MissRecord
from knowledge.schema import SCHEMA_REVISION, StoreUnavailable
from knowledge.store import META_BUNDLED, META_INDEX_VERSION, KnowledgeStore, VersionNotFound
from tests.support.checks import present


def _edited(document: KnowledgeDocument) -> KnowledgeDocument:
    """The document with one competency reworded and one term removed."""
    card = document.cards[0]
    competencies = ["Эмпатия және мейірім.", *card.competencies[1:]]
    cards = [card.model_copy(update={"competencies": competencies}), *document.cards[1:]]
    return document.model_copy(update={"cards": cards, "terms": document.terms[:-1]})


async def test_first_open_seeds_the_bundled_data(store: KnowledgeStore) -> None:
    version = await store.current_version()
    assert version is not None and version.id == 1 and version.action == "seed"
    snapshot = await store.snapshot()
    assert len(snapshot.entries) == 125
    assert snapshot.entries[0].id == "standard/order"
    assert len(snapshot.postings) > 5000
    assert snapshot.synonyms and "ожог" in snapshot.synonyms[1]
    assert (await store.entry("4.2/F1/T3")) is not None


async def test_reopening_keeps_the_version(database_url: str, analyzer: Analyzer) -> None:
    for _ in range(2):
        store = await KnowledgeStore.open(database_url, analyzer=analyzer)
        history = await store.history()
        await store.close()
    assert [v.id for v in history] == [1]


async def test_apply_diff_history_and_rollback(
    store: KnowledgeStore, document: KnowledgeDocument
) -> None:
    edited = _edited(document)
    changes = await store.diff(edited)
    assert changes.removed == ["term/19"]
    assert set(changes.changed) == {"4.1", "4.1/competencies"}
    assert present(await store.current_version()).id == 1  # diff changes nothing

    version = await store.apply(edited, author="admin", note="reword")
    assert version.id == 2 and version.author == "admin" and version.note == "reword"
    assert (await store.entry("term/19")) is None
    assert "мейірім" in present(await store.entry("4.1/competencies")).text
    assert await store.document() == edited

    restored = await store.rollback(1, author="admin")
    assert restored.id == 3 and restored.action == "rollback"
    assert restored.changes.added == ["term/19"]
    assert await store.document() == document
    assert [v.id for v in await store.history()] == [3, 2, 1]
    assert await store.document(2) == edited


async def test_rollback_to_a_missing_version_is_refused(store: KnowledgeStore) -> None:
    with pytest.raises(VersionNotFound):
        await store.rollback(42, author="admin")


async def test_failed_apply_changes_nothing(
    store: KnowledgeStore, document: KnowledgeDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = await store.snapshot()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    # fails after the old rows are deleted, inside the transaction
    monkeypatch.setattr("knowledge.store.index_writer.index_entry", broken)
    with pytest.raises(RuntimeError):
        await store.apply(_edited(document), author="admin")
    monkeypatch.undo()
    after = await store.snapshot()
    assert present(after.version).id == present(before.version).id == 1
    assert [e.text for e in after.entries] == [e.text for e in before.entries]
    assert len(after.postings) == len(before.postings)


async def _set_meta(store: KnowledgeStore, key: str, value: str) -> None:
    """Write a stored fact directly, as older code or other bundled data would have left it."""
    async with store.engine.begin() as connection:
        await connection.execute(
            text("UPDATE kb_meta SET value = :value WHERE key = :key"), {"key": key, "value": value}
        )


async def _get_meta(store: KnowledgeStore, key: str) -> str | None:
    async with store.engine.connect() as connection:
        query = text("SELECT value FROM kb_meta WHERE key = :key")
        return (await connection.execute(query, {"key": key})).scalar()


async def test_stale_index_is_rebuilt_on_open(database_url: str, analyzer: Analyzer) -> None:
    store = await KnowledgeStore.open(database_url, analyzer=analyzer)
    await _set_meta(store, META_INDEX_VERSION, "entries-0/analyzer-0")  # older code's index
    postings = len(present(await store.snapshot()).postings)
    await store.close()
    reopened = await KnowledgeStore.open(database_url, analyzer=analyzer)
    assert await _get_meta(reopened, META_INDEX_VERSION) == reopened.index_version
    assert len((await reopened.snapshot()).postings) == postings
    assert [v.id for v in await reopened.history()] == [1]  # rebuilt, not a new version
    await reopened.close()


async def test_new_bundled_data_is_taken_only_while_unedited(
    database_url: str, analyzer: Analyzer, document: KnowledgeDocument
) -> None:
    store = await KnowledgeStore.open(database_url, analyzer=analyzer)
    await _set_meta(store, META_BUNDLED, "older")  # as if the package had other data
    await store.close()
    store = await KnowledgeStore.open(database_url, analyzer=analyzer)
    history = await store.history()
    assert [v.action for v in history] == ["seed", "seed"]
    await store.apply(_edited(document), author="admin")
    await _set_meta(store, META_BUNDLED, "older")
    await store.close()
    store = await KnowledgeStore.open(database_url, analyzer=analyzer)
    assert [v.action for v in await store.history()] == ["import", "seed", "seed"]
    await store.close()


async def test_feedback_and_misses_are_recorded(store: KnowledgeStore) -> None:
    await store.record(
        feedback=[
            FeedbackRecord("4.1/F1/T2", 1, query="күйік", user_key="u1"),
            FeedbackRecord("4.1/F1/T2", -1, query="күйік", user_key="u2"),
        ]
    )
    await store.record(misses=[MissRecord("ауа райы"), MissRecord("ауа райы")])
    await store.record(misses=[MissRecord("доллар")])
    assert (await store.feedback_counts())["4.1/F1/T2"] == (1, 1)
    misses = await store.misses()
    assert [(m.query, m.count) for m in misses] == [("ауа райы", 2), ("доллар", 1)]


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+asyncpg://nobody@127.0.0.1:1/none",
        "sqlite+aiosqlite:////proc/no/such/dir/kb.sqlite3",
        "mysql+nosuchdriver://x/y",
        "not a url",
    ],
)
async def test_unusable_database_gives_a_clear_error(url: str, analyzer: Analyzer) -> None:
    with pytest.raises(StoreUnavailable) as caught:
        await KnowledgeStore.open(url, analyzer=analyzer, connect_timeout=2)
    message = str(caught.value)
    assert "database" in message and "Traceback" not in message


def test_schema_revision_is_the_newest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", str(resources.files("knowledge") / "migrations"))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION


async def test_migrations_build_the_models_schema(database_url: str) -> None:
    """A database migrated step by step equals one created from the models at once."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import inspect as inspect_schema

    from knowledge.store.engine import alembic_upgrade, create_engine
    from knowledge.store.models import Base

    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(alembic_upgrade)
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
            tables = await connection.run_sync(lambda sync: inspect_schema(sync).get_table_names())
    finally:
        await engine.dispose()
    assert differences == []
    assert {"kb_version", "entry", "index_term", "synonym", "feedback", "miss", "kb_proposal",
            "question_log"} <= set(tables)  # fmt: skip


async def test_words_longer_than_the_term_column_are_stored(
    store: KnowledgeStore, document: KnowledgeDocument
) -> None:
    """Two long words that share their first 128 letters meet in one stored term."""
    stem = "а" * 128
    term = document.terms[0]
    long_term = term.model_copy(update={"definition": f"{stem}бір {stem}екі {term.definition}"})
    edited = document.model_copy(update={"terms": [long_term, *document.terms[1:]]})
    version = await store.apply(edited, author="test")
    assert version.changes.changed == ["term/1"]
    snapshot = await store.snapshot()
    long_terms = [p for p in snapshot.postings if p[0] == "term/1" and len(p[2]) == 128]
    assert long_terms and all(len(p[2]) <= 128 for p in snapshot.postings)
