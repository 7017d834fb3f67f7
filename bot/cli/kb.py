"""`komekshi kb ...`: export, validate, diff, import, history, rollback, misses, and the
quick edits the bot's admins have (synonym, alias) with the same code, and selftest.

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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.cli.exits import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, err
from bot.config import Settings
from bot.library import open_library
from knowledge.derive import build_entries
from knowledge.document import KnowledgeDocument
from knowledge.edits import (
    EditError,
    add_alias,
    add_note,
    add_synonyms,
    remove_alias,
    remove_note,
    remove_synonym,
)
from knowledge.library import Library
from knowledge.loader import DocumentError, DocumentReader, dump_yaml
from knowledge.records import Changes
from knowledge.selftest import run_selftest
from knowledge.store import StaleDocument, StoreUnavailable, VersionNotFound
from knowledge.text_rules import author_problem, readable


@asynccontextmanager
async def opened(settings: Settings) -> AsyncIterator[Library]:
    """The library without its search index: these commands read and write versions."""
    library = await open_library(settings, load=False)
    try:
        yield library
    finally:
        await library.close()


def _with_library(
    body: Callable[[argparse.Namespace, Library], Awaitable[int]],
) -> Callable[[argparse.Namespace, Settings], int]:
    def command(args: argparse.Namespace, settings: Settings) -> int:
        if (problem := _author_problem(args)) is not None:
            err(problem)
            return EXIT_BAD_INPUT

        async def go() -> int:
            async with opened(settings) as library:
                return await body(args, library)

        try:
            return asyncio.run(go())
        except StoreUnavailable as exc:
            err(str(exc))
            return EXIT_FAILURE

    return command


def _read_document(path: str, settings: Settings) -> KnowledgeDocument:
    return DocumentReader(settings.database.import_max_bytes).read_file(path)


def _report(exc: DocumentError) -> int:
    err(f"invalid knowledge document ({len(exc.problems)} problem(s)); nothing was changed")
    for problem in exc.problems[:50]:
        print(f"  {problem}", file=sys.stderr)
    if len(exc.problems) > 50:
        print(f"  ... and {len(exc.problems) - 50} more", file=sys.stderr)
    return EXIT_BAD_INPUT


def _author_problem(args: argparse.Namespace) -> str | None:
    author = getattr(args, "author", None)
    if author is None:
        return None
    problem = author_problem(author)
    return f"--author {problem}; nothing was changed" if problem else None


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
    body: Callable[[argparse.Namespace, Library, KnowledgeDocument], Awaitable[int]],
) -> Callable[[argparse.Namespace, Settings], int]:
    """Read and validate FILE first (bad input never touches the database), then open it."""

    def command(args: argparse.Namespace, settings: Settings) -> int:
        try:
            document = _read_document(args.file, settings)
        except DocumentError as exc:
            return _report(exc)

        async def with_library(args: argparse.Namespace, library: Library) -> int:
            return await body(args, library, document)

        return _with_library(with_library)(args, settings)

    return command


async def _diff(args: argparse.Namespace, library: Library, document: KnowledgeDocument) -> int:
    _print_changes(await library.preview(document))
    current = await library.store.current_version()
    based_on = document.based_on_version
    if based_on is not None and current is not None and current.id > based_on:
        print(
            f"note: exported from version {based_on}; version {current.id} is active, "
            f"so importing would also undo what versions {based_on + 1}–{current.id} changed"
        )
    return EXIT_OK


async def _import(args: argparse.Namespace, library: Library, document: KnowledgeDocument) -> int:
    author = args.author or getpass.getuser()
    try:
        version = await library.apply(
            document,
            author=author,
            note=args.note,
            source_name=readable(Path(args.file).name),
            force=args.force,
        )
    except StaleDocument as exc:
        err(f"{args.file}: {exc}; nothing was changed (--force imports it anyway)")
        return EXIT_BAD_INPUT
    print(f"imported {args.file} as version {version.id}: {version.changes.summary()}")
    return EXIT_OK


async def _export(args: argparse.Namespace, library: Library) -> int:
    try:
        document = await library.export(args.version)
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


async def _history(args: argparse.Namespace, library: Library) -> int:
    versions = await library.store.history(args.limit)
    if not versions:
        print("no versions yet")
    for v in versions:
        note = f" – {v.note}" if v.note else ""
        print(
            f"{v.id:4d}  {v.created_at:%Y-%m-%d %H:%M}  {v.action:8s} {v.author}: "
            f"{v.changes.summary()}{note}"
        )
    return EXIT_OK


async def _rollback(args: argparse.Namespace, library: Library) -> int:
    try:
        version = await library.rollback(args.version, author=args.author or getpass.getuser())
    except VersionNotFound as exc:
        err(str(exc))
        return EXIT_BAD_INPUT
    print(f"restored version {args.version} as version {version.id}: {version.changes.summary()}")
    return EXIT_OK


async def _misses(args: argparse.Namespace, library: Library) -> int:
    rows = await library.store.misses(args.limit)
    if not rows:
        print("no unanswered questions recorded")
    for row in rows:
        print(f"{row.count:5d}  {row.last_seen:%Y-%m-%d}  {row.query}")
    return EXIT_OK


async def _apply_edit(
    args: argparse.Namespace,
    library: Library,
    edit: Callable[[KnowledgeDocument], KnowledgeDocument],
) -> int:
    """A quick edit of the active document, applied as a new version (or only shown)."""
    try:
        edited = edit(await library.store.document())
    except EditError as exc:
        err(str(exc))
        return EXIT_BAD_INPUT
    changes = await library.preview(edited)
    if args.dry_run:
        _print_changes(changes)
        return EXIT_OK
    version = await library.apply(
        edited, author=args.author or getpass.getuser(), note=args.note or " ".join(sys.argv[2:])
    )
    print(f"version {version.id}: {version.changes.summary()}")
    return EXIT_OK


async def _synonym(args: argparse.Namespace, library: Library) -> int:
    if args.action == "add":
        return await _apply_edit(args, library, lambda d: add_synonyms(d, args.phrases))
    return await _apply_edit(args, library, lambda d: remove_synonym(d, " ".join(args.phrases)))


async def _alias(args: argparse.Namespace, library: Library) -> int:
    document = await library.store.document()
    known = {entry.id for entry in build_entries(document)}
    phrase = " ".join(args.phrase)
    if args.remove:
        return await _apply_edit(args, library, lambda d: remove_alias(d, args.entry, phrase))
    return await _apply_edit(args, library, lambda d: add_alias(d, args.entry, phrase, known))


async def _note(args: argparse.Namespace, library: Library) -> int:
    if args.action == "remove":
        return await _apply_edit(args, library, lambda d: remove_note(d, args.number))
    return await _apply_edit(
        args, library, lambda d: add_note(d, args.title, args.text, args.source, args.level)
    )


async def _stats(args: argparse.Namespace, library: Library) -> int:
    since = datetime.now(UTC) - timedelta(days=args.days)
    days = await library.store.question_days(since)
    for day in days:
        share = round(100 * day.answered / day.asked) if day.asked else 0
        print(f"{day.day:%Y-%m-%d}  {day.asked:5d} asked  {share:3d}% answered")
    asked = sum(d.asked for d in days)
    answered = sum(d.answered for d in days)
    print(f"{args.days} days: {asked} questions, {answered} answered")
    for entry, count in await library.store.top_entries(since):
        print(f"  {count:5d}  {entry}")
    return EXIT_OK


async def _selftest(args: argparse.Namespace, library: Library) -> int:
    document = await library.store.document()
    await library.reload()
    report = run_selftest(library.assistant, [(a.entry, a.phrase) for a in document.aliases])
    for miss in report.misses:
        print(f"  {miss.question!r}: expected {miss.expected}, found {miss.found}")
    print(f"{report.checked} questions asked, {len(report.misses)} do not find their entry first")
    return EXIT_OK if report.passed else EXIT_FAILURE


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "validate": validate,
    "diff": _with_document(_diff),
    "import": _with_document(_import),
    "export": _with_library(_export),
    "history": _with_library(_history),
    "rollback": _with_library(_rollback),
    "misses": _with_library(_misses),
    "synonym": _with_library(_synonym),
    "alias": _with_library(_alias),
    "note": _with_library(_note),
    "selftest": _with_library(_selftest),
    "stats": _with_library(_stats),
}
