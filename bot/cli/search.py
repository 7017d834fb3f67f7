"""`komekshi ask`, `analyze` and `chat`: the assistant without Telegram."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from bot.cli.exits import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, err
from bot.config import Settings
from bot.options import search_options
from handlers.views.rendering import render_answer
from knowledge.analysis.analyzer import Analyzer
from knowledge.assistant import Assistant
from knowledge.schema import StoreUnavailable
from knowledge.snapshot_copy import SnapshotCopy
from knowledge.text_rules import readable


def quick_assistant(settings: Settings) -> Assistant:
    """The assistant for a command that only reads: from the copy beside an SQLite store
    when it is current (no database layer imported), else by opening the library."""
    analyzer = Analyzer()
    copy = (
        SnapshotCopy.for_url(settings.database.url, analyzer)
        if settings.database.quick_start
        else None
    )
    snapshot = copy.load() if copy is not None else None
    if snapshot is not None:
        options = search_options(settings, long_lived=False)
        return Assistant.from_snapshot(snapshot, analyzer, options=options)
    import asyncio  # with the database layer, only when the copy is missing or stale

    return asyncio.run(load_assistant(settings, copy=copy, analyzer=analyzer))


async def load_assistant(
    settings: Settings, *, copy: SnapshotCopy | None = None, analyzer: Analyzer | None = None
) -> Assistant:
    """Open the library (seeding the store on first use) and keep only its assistant:
    a one-off command needs no connection once the index is loaded."""
    from bot.library import open_library  # the database layer: not on a quick start

    library = await open_library(settings, copy=copy, analyzer=analyzer, long_lived=False)
    await library.close()
    return library.assistant


def _assistant_or_exit(settings: Settings) -> Assistant | None:
    try:
        return quick_assistant(settings)
    except StoreUnavailable as exc:
        err(str(exc))
        return None


def read_questions(stream: BinaryIO) -> Iterator[str]:
    """One question a line, as bytes: whatever is not UTF-8 becomes U+FFFD, so one bad byte
    costs one character, never the questions around it (nor the locale's encoding)."""
    for raw in stream:
        yield raw.decode("utf-8", "replace").rstrip("\r\n")


def answer_all(
    assistant: Assistant,
    questions: Iterable[str],
    out: BinaryIO,
    *,
    as_json: bool,
    limit: int | None = None,
) -> int:
    """Answer each question as it comes, writing UTF-8 whatever the terminal's locale: with
    `as_json`, exactly one JSON object a line. Returns how many were answered."""
    count = 0
    for question in questions:
        answer = assistant.ask(readable(question), limit=limit)
        if as_json:
            text = json.dumps(answer.as_json(), ensure_ascii=False) + "\n"
        else:
            text = render_answer(answer, full=True).plain() + "\n\n"
        out.write(text.encode("utf-8", "replace"))
        out.flush()
        count += 1
    return count


def ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.limit is not None and not 1 <= args.limit <= 50:
        err("--limit must be between 1 and 50")
        return EXIT_BAD_INPUT
    assistant = _assistant_or_exit(settings)
    if assistant is None:
        return EXIT_FAILURE
    questions = read_questions(sys.stdin.buffer) if args.query == ["-"] else [" ".join(args.query)]
    answer_all(assistant, questions, sys.stdout.buffer, as_json=args.json, limit=args.limit)
    return EXIT_OK


def analyze(args: argparse.Namespace, settings: Settings) -> int:
    analyzer = Analyzer()
    lines = read_questions(sys.stdin.buffer) if args.words == ["-"] else args.words
    out = sys.stdout.buffer
    for word in (w for line in lines for w in readable(line).split()):
        terms = list(analyzer.word_terms(word))
        if args.json:
            text = json.dumps({"word": word, "terms": terms}, ensure_ascii=False)
        else:
            text = f"{word}\t{' '.join(terms) if terms else '(no terms)'}"
        out.write((text + "\n").encode("utf-8", "replace"))
        out.flush()
    return EXIT_OK


CHAT_GREETING = (
    "Көмекші – «Денсаулық сақтау саласындағы әлеуметтік жұмыскер» кәсіптік стандарты "
    "бойынша көмекші.\nСұрағыңызды жазыңыз. Шығу үшін: Ctrl+D."
)


def chat(args: argparse.Namespace, settings: Settings) -> int:
    assistant = _assistant_or_exit(settings)
    if assistant is None:
        return EXIT_FAILURE
    interactive = sys.stdin.isatty()
    print(CHAT_GREETING, flush=True)
    while True:
        try:
            line = input("› " if interactive else "")
        except EOFError:
            if interactive:
                print()
            return EXIT_OK
        if not line.strip():
            continue
        answer = assistant.ask(line)
        print(render_answer(answer, full=True).plain() + "\n", flush=True)


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "ask": ask,
    "analyze": analyze,
    "chat": chat,
}
