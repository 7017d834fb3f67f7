"""The library owns the active version: a change from any caller is served at once."""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

import pytest

from knowledge.assistant import SearchOptions
from knowledge.document import KnowledgeDocument
from knowledge.library import Library
from knowledge.loader import DocumentError, DocumentReader, dump_yaml
from tests.support.checks import present


def _renamed_term(document: KnowledgeDocument) -> KnowledgeDocument:
    term = document.terms[0].model_copy(update={"definition": "Тек тестке арналған анықтама."})
    return document.model_copy(update={"terms": [term, *document.terms[1:]]})


async def test_apply_and_rollback_are_served_at_once(
    database_url: str, document: KnowledgeDocument
) -> None:
    library = await Library.open(database_url, options=SearchOptions(limit=2))
    try:
        assert library.assistant.version == 1
        assert len(library.assistant.ask("күйікке алғашқы көмек").hits) == 2
        version = await library.apply(_renamed_term(document), author="test", note="why")
        assert version.id == 2 and library.assistant.version == 2
        assert present(library.assistant.entry("term/1")).text == "Тек тестке арналған анықтама."
        restored = await library.rollback(1, author="test")
        assert restored.id == 3 and library.assistant.version == 3
        assert present(library.assistant.entry("term/1")).text != "Тек тестке арналған анықтама."
    finally:
        await library.close()


async def test_a_long_lived_library_keeps_its_index_out_of_the_collectors_scans(
    sqlite_url: str, document: KnowledgeDocument
) -> None:
    """Each version loaded is frozen (no full collection walks it); the one before is
    unfrozen first, so it is collected once replaced, not kept for ever."""
    library = await Library.open(sqlite_url, options=SearchOptions())
    try:
        assert gc.get_freeze_count() > 0
        old = weakref.ref(library.assistant)
        await library.apply(_renamed_term(document), author="test", note="why")
        assert old() is None
        assert gc.get_freeze_count() > 0
    finally:
        await library.close()
        gc.unfreeze()


async def test_a_library_opened_without_search_still_writes(
    sqlite_url: str, document: KnowledgeDocument
) -> None:
    library = await Library.open(sqlite_url, load=False)
    try:
        assert not library.loaded
        with pytest.raises(RuntimeError):
            _ = library.assistant
        assert (await library.preview(_renamed_term(document))).changed == ["term/1"]
        assert (await library.apply(_renamed_term(document), author="cli")).id == 2
        assert not library.loaded
    finally:
        await library.close()


def test_the_size_limit_holds_however_the_document_arrives(
    tmp_path: Path, document: KnowledgeDocument
) -> None:
    text = dump_yaml(document).encode()
    reader = DocumentReader(max_bytes=len(text) - 1)
    path = tmp_path / "kb.yaml"
    path.write_bytes(text)
    for attempt in (
        lambda: reader.check_size(len(text), "upload.yaml"),
        lambda: reader.parse(text, "upload.yaml"),
        lambda: reader.read_file(str(path)),
    ):
        with pytest.raises(DocumentError, match="larger than the limit"):
            attempt()
    reader.check_size(None, "size unknown")  # Telegram may not say; the download is checked
    assert DocumentReader(max_bytes=len(text)).read_file(str(path)) == document


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_refused_without_reading_it() -> None:
    with pytest.raises(DocumentError, match="is a device, not a regular file"):
        DocumentReader(max_bytes=10_000).read_file("/dev/zero")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_without_a_writer_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "kb.yaml"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError, match=r"is a pipe \(FIFO\), not a regular file"):
        DocumentReader(max_bytes=10_000).read_file(str(fifo))
