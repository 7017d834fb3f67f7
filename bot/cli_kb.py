"""`komekshi kb ...`: export, validate, diff, import, history, rollback, misses.

Bad input exits with status 2 and a message naming the place; the knowledge base is only
changed by a fully validated document, in one transaction.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from bot.cli import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK
from bot.config import Settings
from knowledge.analysis.analyzer import Analyzer
from knowledge.db import StoreUnavailable
from knowledge.document import KnowledgeDocument
from knowledge.entries import build_entries
from knowledge.loader import DocumentError, Problem, dump_yaml, parse_document
from knowledge.store import Changes, KnowledgeStore, VersionNotFound


def err(message: str) -> None:
    print(f"komekshi: {message}", file=sys.stderr)


@asynccontextmanager
async def open_store(settings: Settings) -> AsyncIterator[KnowledgeStore]:
    store = await KnowledgeStore.open(
        settings.database.url,
        analyzer=Analyzer(),
        echo=settings.database.echo,
        connect_timeout=settings.database.connect_timeout,
    )
    try:
        yield store
    finally:
        await store.close()


def _with_store(
    body: Callable[[argparse.Namespace, Settings, KnowledgeStore], Awaitable[int]],
) -> Callable[[argparse.Namespace, Settings], int]:
    def command(args: argparse.Namespace, settings: Settings) -> int:
        async def go() -> int:
            async with open_store(settings) as store:
                return await body(args, settings, store)

        try:
            return asyncio.run(go())
        except StoreUnavailable as exc:
            err(str(exc))
            return EXIT_FAILURE

    return command


def _read_document(path: str, settings: Settings) -> KnowledgeDocument:
    """Read and validate FILE; the size limit is checked before anything is read."""
    limit = settings.database.import_max_bytes
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > limit:
            raise DocumentError(
                [Problem(path, f"file is {size:,} bytes, larger than the limit of {limit:,}")]
            )
        raw = file.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError([Problem(path, "file not found")]) from exc
    except IsADirectoryError as exc:
        raise DocumentError([Problem(path, "is a directory, not a file")]) from exc
    except OSError as exc:
        raise DocumentError([Problem(path, f"cannot read: {exc.strerror}")]) from exc
    return parse_document(raw, path, max_bytes=limit)


def _report(exc: DocumentError) -> int:
    err(f"invalid knowledge document ({len(exc.problems)} problem(s)); nothing was changed")
    for problem in exc.problems[:50]:
        print(f"  {problem}", file=sys.stderr)
    if len(exc.problems) > 50:
        print(f"  ... and {len(exc.problems) - 50} more", file=sys.stderr)
    return EXIT_BAD_INPUT


def _print_changes(changes: Changes) -> None:
    print(changes.summary())
    for label, ids in (("+", changes.added), ("-", changes.removed), ("~", changes.changed)):
        for entry_id in ids:
            print(f"  {label} {entry_id}")


def validate(args: argparse.Namespace, settings: Settings) -> int:
    try:
        document = _read_document(args.file, settings)
    except DocumentError as exc:
        return _report(exc)
    entries = build_entries(document)
    print(
        f"{args.file}: valid: {len(document.cards)} cards, {len(document.terms)} terms, "
        f"{len(entries)} entries, {len(document.synonyms)} synonym groups"
    )
    return EXIT_OK


def _with_document(
    body: Callable[[argparse.Namespace, KnowledgeStore, KnowledgeDocument], Awaitable[int]],
) -> Callable[[argparse.Namespace, Settings], int]:
    """Read and validate FILE first (bad input never touches the database), then open it."""

    def command(args: argparse.Namespace, settings: Settings) -> int:
        try:
            document = _read_document(args.file, settings)
        except DocumentError as exc:
            return _report(exc)

        async def with_store(
            args: argparse.Namespace, settings: Settings, store: KnowledgeStore
        ) -> int:
            return await body(args, store, document)

        return _with_store(with_store)(args, settings)

    return command


async def _diff(
    args: argparse.Namespace, store: KnowledgeStore, document: KnowledgeDocument
) -> int:
    _print_changes(await store.diff(document))
    return EXIT_OK


async def _import(
    args: argparse.Namespace, store: KnowledgeStore, document: KnowledgeDocument
) -> int:
    author = args.author or getpass.getuser()
    version = await store.apply(
        document, author=author, action="import", note=args.note, source_name=Path(args.file).name
    )
    print(f"imported {args.file} as version {version.id}: {version.changes.summary()}")
    return EXIT_OK


async def _export(args: argparse.Namespace, settings: Settings, store: KnowledgeStore) -> int:
    try:
        document = await store.document(args.version)
    except VersionNotFound as exc:
        err(str(exc))
        return EXIT_BAD_INPUT
    if args.format == "yaml":
        text = dump_yaml(document)
    else:
        entries = build_entries(document)
        text = json.dumps([e.as_export() for e in entries], ensure_ascii=False, indent=1) + "\n"
    if args.output:
        await asyncio.to_thread(Path(args.output).write_text, text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


async def _history(args: argparse.Namespace, settings: Settings, store: KnowledgeStore) -> int:
    versions = await store.history(args.limit)
    if not versions:
        print("no versions yet")
    for v in versions:
        note = f" – {v.note}" if v.note else ""
        print(
            f"{v.id:4d}  {v.created_at:%Y-%m-%d %H:%M}  {v.action:8s} {v.author}: "
            f"{v.changes.summary()}{note}"
        )
    return EXIT_OK


async def _rollback(args: argparse.Namespace, settings: Settings, store: KnowledgeStore) -> int:
    try:
        version = await store.rollback(args.version, author=args.author or getpass.getuser())
    except VersionNotFound as exc:
        err(str(exc))
        return EXIT_BAD_INPUT
    print(f"restored version {args.version} as version {version.id}: {version.changes.summary()}")
    return EXIT_OK


async def _misses(args: argparse.Namespace, settings: Settings, store: KnowledgeStore) -> int:
    rows = await store.misses(args.limit)
    if not rows:
        print("no unanswered questions recorded")
    for row in rows:
        print(f"{row.count:5d}  {row.last_seen:%Y-%m-%d}  {row.query}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "validate": validate,
    "diff": _with_document(_diff),
    "import": _with_document(_import),
    "export": _with_store(_export),
    "history": _with_store(_history),
    "rollback": _with_store(_rollback),
    "misses": _with_store(_misses),
}
