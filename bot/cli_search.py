"""`komekshi ask`, `analyze`, `chat` and `bench`: the assistant without Telegram."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Iterator

from bot.cli import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK
from bot.config import Settings
from bot.rendering import render_answer
from knowledge.analysis.analyzer import Analyzer
from knowledge.assistant import Assistant
from knowledge.db import StoreUnavailable
from knowledge.store import KnowledgeStore


def err(message: str) -> None:
    print(f"komekshi: {message}", file=sys.stderr)


async def load_assistant(settings: Settings, analyzer: Analyzer) -> Assistant:
    """Open the store (seeding it on first use), read the active version, build search."""
    store = await KnowledgeStore.open(
        settings.database.url,
        analyzer=analyzer,
        echo=settings.database.echo,
        connect_timeout=settings.database.connect_timeout,
    )
    try:
        snapshot = await store.snapshot()
    finally:
        await store.close()
    return Assistant.from_snapshot(
        snapshot, analyzer, max_query_chars=settings.search.max_query_chars
    )


def _assistant_or_exit(settings: Settings) -> Assistant | None:
    try:
        return asyncio.run(load_assistant(settings, Analyzer()))
    except StoreUnavailable as exc:
        err(str(exc))
        return None


def _lines(source: list[str]) -> Iterator[str]:
    if source == ["-"]:
        for line in sys.stdin:
            yield line.rstrip("\r\n")
    else:
        yield " ".join(source)


def ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.limit is not None and not 1 <= args.limit <= 50:
        err("--limit must be between 1 and 50")
        return EXIT_BAD_INPUT
    assistant = _assistant_or_exit(settings)
    if assistant is None:
        return EXIT_FAILURE
    limit = args.limit or settings.search.limit
    for query in _lines(args.query):
        answer = assistant.ask(query, limit=limit)
        if args.json:
            sys.stdout.write(json.dumps(answer.as_json(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(render_answer(answer).plain() + "\n\n")
        sys.stdout.flush()
    return EXIT_OK


def analyze(args: argparse.Namespace, settings: Settings) -> int:
    analyzer = Analyzer()
    words = [w for line in sys.stdin for w in line.split()] if args.words == ["-"] else args.words
    for word in words:
        terms = list(analyzer.word_terms(word))
        if args.json:
            print(json.dumps({"word": word, "terms": terms}, ensure_ascii=False), flush=True)
        else:
            print(f"{word}\t{' '.join(terms) if terms else '(no terms)'}", flush=True)
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
        answer = assistant.ask(line, limit=settings.search.limit)
        print(render_answer(answer).plain() + "\n", flush=True)


def bench(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bench import run_bench

    try:
        return run_bench(args, settings)
    except StoreUnavailable as exc:
        err(str(exc))
        return EXIT_FAILURE


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "ask": ask,
    "analyze": analyze,
    "chat": chat,
    "bench": bench,
}
