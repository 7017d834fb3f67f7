"""`komekshi bench`: search latency against a rapidfuzz baseline (knowledge.benchmark)."""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

from bot.cli.exits import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, err
from bot.config import Settings
from bot.library import open_library
from knowledge.benchmark import QUESTIONS, BenchPlan, print_report, run_bench
from knowledge.snapshot import Snapshot
from knowledge.store import StoreUnavailable


def _questions(path: str | None) -> list[str]:
    if not path:
        return list(QUESTIONS)
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [
        json.loads(line)["query"] if line.lstrip().startswith("{") else line.strip()
        for line in lines
        if line.strip()
    ]


def bench(args: argparse.Namespace, settings: Settings) -> int:
    try:
        questions = _questions(args.queries)
    except (OSError, ValueError, KeyError) as exc:
        err(f"cannot read the questions from {args.queries}: {exc}")
        return EXIT_BAD_INPUT
    try:
        snapshot = asyncio.run(_snapshot(settings))
    except StoreUnavailable as exc:
        err(str(exc))
        return EXIT_FAILURE
    startup = measure_startup()
    plan = BenchPlan(questions=questions, rounds=args.rounds, scale=args.scale)
    report = {"startup_to_first_answer_s": round(startup, 3), **run_bench(snapshot, plan)}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_report(report, args.scale)
    return EXIT_OK


async def _snapshot(settings: Settings) -> Snapshot:
    """The active version as the store hands it to search (the benchmark indexes it)."""
    library = await open_library(settings, load=False)
    try:
        return await library.store.snapshot()
    finally:
        await library.close()


def measure_startup(question: str = "күйікке алғашқы көмек") -> float:
    """Seconds from starting `komekshi ask --json -` to its first answer line."""
    command = [sys.executable, "-m", "bot", "ask", "--json", "-"]
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(question + "\n")
    child.stdin.flush()
    child.stdout.readline()
    elapsed = time.perf_counter() - started
    child.stdin.close()
    child.wait(timeout=30)
    return elapsed
