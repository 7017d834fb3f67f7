"""`komekshi ask`, `analyze` and `chat`: the assistant without Telegram."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Iterator

from bot.cli.exits import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, err
from bot.config import Settings
from bot.library import open_library
from handlers.views.rendering import render_answer
from knowledge.analysis.analyzer import Analyzer
from knowledge.assistant import Assistant
from knowledge.store import StoreUnavailable


async def load_assistant(settings: Settings) -> Assistant:
    """Open the library (seeding the store on first use) and keep only its assistant:
    a one-off command needs no connection once the index is loaded."""
    library = await open_library(settings)
    await library.close()
    return library.assistant


def _assistant_or_exit(settings: Settings) -> Assistant | None:
    try:
        return asyncio.run(load_assistant(settings))
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
    for query in _lines(args.query):
        answer = assistant.ask(query, limit=args.limit)
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
        answer = assistant.ask(line)
        print(render_answer(answer).plain() + "\n", flush=True)


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "ask": ask,
    "analyze": analyze,
    "chat": chat,
}
