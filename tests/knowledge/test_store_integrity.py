"""The store under races and mistakes (issue 11), on SQLite and PostgreSQL: concurrent
imports record what they really changed, several first starts seed once, a stale export
cannot silently undo newer work, and labels any backend can store."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
from pathlib import Path
from typing import Any

import pytest

from knowledge.analysis.analyzer import Analyzer
from knowledge.derive import build_entries
from knowledge.document import KnowledgeDocument
from knowledge.records import Changes
from knowledge.schema import StoreUnavailable
from knowledge.store import KnowledgeStore, StaleDocument
from knowledge.store import seeding as seeding_module
from knowledge.store import versions as versions_module
from knowledge.store.diff import changes_against_active
from knowledge.text_rules import AUTHOR_MAX_LENGTH
from tests.conftest import komekshi_command
from tests.support.store_state import store_rows


def _reworded(document: KnowledgeDocument, tasks: int, mark: str) -> KnowledgeDocument:
    """The document with the titles of its first `tasks` tasks marked."""
    cards = []
    left = tasks
    for card in document.cards:
        functions = []
        for function in card.functions:
            new_tasks = []
            for task in function.tasks:
                if left > 0:
                    task = task.model_copy(update={"title": f"{task.title} ({mark})"})
                    left -= 1
                new_tasks.append(task)
            functions.append(function.model_copy(update={"tasks": new_tasks}))
        cards.append(card.model_copy(update={"functions": functions}))
    return document.model_copy(update={"cards": cards})


def _differences(old: KnowledgeDocument, new: KnowledgeDocument) -> set[str]:
    before = {e.id: (e.title, e.text, e.data.as_json()) for e in build_entries(old)}
    after = {e.id: (e.title, e.text, e.data.as_json()) for e in build_entries(new)}
    return {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}


def _recorded(changes: Changes) -> set[str]:
    return set(changes.added) | set(changes.removed) | set(changes.changed)


async def test_concurrent_imports_record_what_each_really_changed(
    database_url: str,
    analyzer: Analyzer,
    document: KnowledgeDocument,
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    async def slow_changes(*args: Any) -> Changes:
        changes = await changes_against_active(*args)
        await asyncio.sleep(0.2)  # widen the window in which the other import may write
        return changes

    monkeypatch.setattr(versions_module, "changes_against_active", slow_changes)
    first = await KnowledgeStore.open(database_url, analyzer=analyzer)
    second = await KnowledgeStore.open(database_url, analyzer=analyzer)
    try:
        for round_ in range(3):
            small = _reworded(document, 8, f"a{round_}")
            large = _reworded(document, 30, f"b{round_}")
            await asyncio.gather(
                first.apply(small, author="first"), second.apply(large, author="second")
            )
        history = sorted(await first.history(), key=lambda v: v.id)
        for previous, version in itertools.pairwise(history):
            old = await first.document(previous.id)
            new = await first.document(version.id)
            assert _recorded(version.changes) == _differences(old, new), version.id
    finally:
        await first.close()
        await second.close()


async def test_several_first_starts_seed_the_store_once(
    database_url: str, analyzer: Analyzer
) -> None:
    # the three that wait hold on as long as seeding takes on a busy machine
    stores = await asyncio.gather(
        *(
            KnowledgeStore.open(database_url, analyzer=analyzer, connect_timeout=60.0)
            for _ in range(4)
        )
    )
    try:
        history = await stores[0].history()
        assert [(v.id, v.action) for v in history] == [(1, "seed")]
    finally:
        for store in stores:
            await store.close()


async def test_a_start_that_meets_a_locked_database_tries_again(
    tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's deadlock guard answers "database is locked" at once: the start repeats
    its (idempotent) steps; any other failure is reported at once."""
    import knowledge.store as store_module
    from knowledge.store.engine import migrate as real

    calls: list[int] = []

    async def locked_once(engine: Any) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise StoreUnavailable("cannot use the database x: database is locked")
        await real(engine)

    monkeypatch.setattr(store_module, "migrate", locked_once)
    store = await KnowledgeStore.open(f"sqlite+aiosqlite:///{tmp_path / 'kb.sqlite3'}",
                                      analyzer=analyzer)  # fmt: skip
    try:
        assert len(calls) == 2 and [v.action for v in await store.history()] == ["seed"]
    finally:
        await store.close()

    async def broken(engine: Any) -> None:
        calls.append(1)
        raise StoreUnavailable("cannot use the database x: disk I/O error")

    monkeypatch.setattr(store_module, "migrate", broken)
    calls.clear()
    with pytest.raises(StoreUnavailable, match="disk I/O"):
        await KnowledgeStore.open(f"sqlite+aiosqlite:///{tmp_path / 'kb2.sqlite3'}",
                                  analyzer=analyzer)  # fmt: skip
    assert len(calls) == 1


def test_several_first_processes_seed_the_store_once(
    database_url: str, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    env = {**cli_env, "KOMEKSHI_DATABASE__URL": database_url}
    processes = [
        subprocess.Popen(
            [*komekshi_command(), "kb", "history"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outcomes = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    assert all(code == 0 for code, _, _ in outcomes), outcomes
    for _, out, _ in outcomes:
        assert len(out.splitlines()) == 1 and "seed" in out


async def test_seeding_is_one_transaction(
    database_url: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def failing_meta(*_: object) -> None:
        raise OSError("disk gone between the version and its fingerprint")

    monkeypatch.setattr(seeding_module, "set_meta", failing_meta)
    with pytest.raises(Exception, match="disk gone"):
        await KnowledgeStore.open(database_url, analyzer=analyzer)
    monkeypatch.undo()
    store = await KnowledgeStore.open(database_url, analyzer=analyzer)
    try:
        history = (
            await store.history()
        )  # (PostgreSQL's sequence may have moved on: its ids are not transactional)
        assert [(v.action, v.note) for v in history] == [("seed", "bundled data")]
    finally:
        await store.close()


async def test_a_stale_export_is_refused_and_changes_nothing(
    store: KnowledgeStore, document: KnowledgeDocument
) -> None:
    exported = (await store.document()).exported_from(1)
    await store.apply(_reworded(document, 3, "newer work"), author="colleague")
    before = await store_rows(store.engine)
    with pytest.raises(StaleDocument) as caught:
        await store.apply(exported, author="late")
    assert (caught.value.based_on, caught.value.active) == (1, 2)
    assert "version 1" in str(caught.value) and "version 2" in str(caught.value)
    assert await store_rows(store.engine) == before

    forced = await store.apply(exported, author="late", force=True)
    assert forced.id == 3 and await store.document() == document


async def test_an_export_of_the_active_version_imports(
    store: KnowledgeStore, document: KnowledgeDocument
) -> None:
    await store.apply(_reworded(document, 3, "v2"), author="a")
    exported = (await store.document()).exported_from(2)
    edited = _reworded(exported, 5, "v3")
    version = await store.apply(edited, author="a")
    assert version.id == 3
    stored = await store.document()
    assert stored.based_on_version is None  # where it came from is not content


async def test_an_export_is_not_stale_when_newer_versions_restored_it(
    store: KnowledgeStore, document: KnowledgeDocument
) -> None:
    exported = (await store.document()).exported_from(1)
    await store.apply(_reworded(document, 3, "tried"), author="a")
    await store.rollback(1, author="a")  # version 3 has version 1's content again
    version = await store.apply(_reworded(exported, 2, "edit"), author="b")
    assert version.id == 4


async def test_labels_are_made_storable_on_every_backend(
    store: KnowledgeStore, document: KnowledgeDocument
) -> None:
    version = await store.apply(
        _reworded(document, 1, "x"),
        author="a" * 300 + "\x00",
        note="жазба\x00",
        source_name="файл-\udcff.yaml",
    )
    assert version.author == "a" * AUTHOR_MAX_LENGTH
    assert version.note == "жазба"
    assert version.source_name == "файл-\ufffd.yaml"
    assert (await store.history())[0] == version
