"""Search latency of the assistant and of a naive rapidfuzz baseline, in one run.

Measured at the real knowledge-base size and at a synthetic size (100x by default) made by
varying the real entries: words dropped, shuffled and misspelt, so the vocabulary grows as
a bigger real corpus would. Also: index build time and the process's peak memory after
each stage. `komekshi bench` runs it and adds the start-up time of a fresh process.
"""

from __future__ import annotations

import platform
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process, utils

from knowledge.analysis.analyzer import Analyzer
from knowledge.assistant import Assistant
from knowledge.entries import Entry
from knowledge.resident import settle

if TYPE_CHECKING:
    from knowledge.snapshot import Snapshot

QUESTIONS = (
    "күйікке алғашқы көмек",
    "қан кетуді тоқтату",
    "ожог",
    "kuiik",
    "кюйик",
    "4.2 деңгейдің міндеттері",
    "6,1 функциялар",
    "әлеуметтік жұмыс маманы не істейді",
    "бухгалтерлік құжаттама жүргізу",
    "тренингтерге қатысу",
    "тыныс алу жиілігі",
    "пролежень",
    "пациентті алып жүру",
    "4.3 біліктілік талабы",
    "6.2 деңгейге қандай білім қажет",
    "стоматолог көмекшісі",
    "4S09230102",
    "biliktilik talaptary 6.3",
    "требования к образованию 4.1",
    "4.2 жеке құзыреттері",
    "эмоционалды интеллект",
    "еңбек функциясы анықтамасы",
    "БА деген не",
    "бұйрық қашан күшіне енеді",
    "Сәлеметсіз бе, мен колледжде фельдшер мамандығын бітірдім. Күтім жұмыскері бола аламын ба?",
    "құжатаманы жүгізу",
    "ауа райы болжамы",
    "курс валют",
    "qwerty",
    "😀",
)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def peak_memory_mb() -> float:
    """Peak resident set size of this process so far (Linux reports kilobytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def _vary(text: str, rng: random.Random) -> str:
    """The same words, some dropped, some misspelt, some swapped: a plausible other entry."""
    words = text.split()
    out = []
    for word in words:
        roll = rng.random()
        if roll < 0.15:
            continue
        if roll < 0.30 and len(word) > 4:
            i = rng.randrange(1, len(word) - 1)
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        out.append(word)
    for _ in range(len(out) // 10):
        i, j = rng.randrange(len(out)), rng.randrange(len(out))
        out[i], out[j] = out[j], out[i]
    return " ".join(out) or text


def synthetic_entries(entries: Sequence[Entry], scale: int, seed: int = 146) -> list[Entry]:
    """`scale` times as many entries: the real ones plus varied copies."""
    rng = random.Random(seed)
    out = list(entries)
    for copy in range(1, scale):
        for entry in entries:
            out.append(
                replace(
                    entry,
                    id=f"{entry.id}~{copy}",
                    title=_vary(entry.title, rng),
                    text=_vary(entry.text, rng),
                    parent=f"{entry.parent}~{copy}" if entry.parent else None,
                )
            )
    return out


def _timed(call: Callable[[str], Any], questions: Sequence[str], rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            call(question)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def _baseline(entries: Sequence[Entry]) -> Callable[[str], Any]:
    """What a newcomer writes first: WRatio over title + text of every entry."""
    choices = [f"{e.title} {e.text}" for e in entries]

    def ask(question: str) -> Any:
        return process.extract(
            question, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=3
        )

    return ask


def _summary(timings: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(timings), 3),
        "p99_ms": round(percentile(timings, 0.99), 3),
        "mean_ms": round(statistics.fmean(timings), 3),
    }


@dataclass(frozen=True, slots=True)
class BenchPlan:
    questions: Sequence[str]
    rounds: int = 20
    scale: int = 100


def run_bench(snapshot: Snapshot, plan: BenchPlan) -> dict[str, Any]:
    """Every figure of one run, as a JSON-ready report."""
    questions, rounds = list(plan.questions), plan.rounds
    report: dict[str, Any] = {
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}",
        "questions": len(questions),
        "rounds": rounds,
    }
    analyzer = Analyzer()
    started = time.perf_counter()
    assistant = Assistant.from_snapshot(snapshot, analyzer)
    snapshot_seconds = time.perf_counter() - started
    entries = list(assistant.entries())
    started = time.perf_counter()
    Assistant.from_entries(entries, Analyzer())
    rebuild_seconds = time.perf_counter() - started
    settle()  # as the library leaves a long-lived process after loading a version
    real = _summary(_timed(assistant.ask, questions, rounds))
    baseline_real = _summary(_timed(_baseline(entries), questions, max(1, rounds // 4)))
    report["real"] = {
        "entries": len(entries),
        "vocabulary": assistant.vocabulary_size,
        "index_from_store_s": round(snapshot_seconds, 3),
        "index_from_scratch_s": round(rebuild_seconds, 3),
        "assistant": real,
        "baseline": baseline_real,
        "peak_memory_mb": round(peak_memory_mb(), 1),
    }

    big_entries = synthetic_entries(entries, plan.scale)
    started = time.perf_counter()
    big = Assistant.from_entries(big_entries, Analyzer())
    build_seconds = time.perf_counter() - started
    settle()
    scaled = _summary(_timed(big.ask, questions, max(1, rounds // 2)))
    baseline_scaled = _summary(_timed(_baseline(big_entries), questions, 1))
    report[f"x{plan.scale}"] = {
        "entries": len(big_entries),
        "vocabulary": big.vocabulary_size,
        "index_from_scratch_s": round(build_seconds, 3),
        "assistant": scaled,
        "baseline": baseline_scaled,
        "speedup_p50": round(baseline_scaled["p50_ms"] / scaled["p50_ms"], 1),
        "speedup_p99": round(baseline_scaled["p99_ms"] / scaled["p99_ms"], 1),
        "peak_memory_mb": round(peak_memory_mb(), 1),
    }
    return report


def print_report(report: dict[str, Any], scale: int) -> None:
    print(f"machine: {report['machine']}")
    print(f"questions: {report['questions']} x {report['rounds']} rounds")
    if "startup_to_first_answer_s" in report:
        print(f"start-up to first answer: {report['startup_to_first_answer_s']} s")
    for key in ("real", f"x{scale}"):
        stage = report[key]
        print(f"\n[{key}] {stage['entries']} entries, {stage['vocabulary']} index terms")
        for name in ("index_from_store_s", "index_from_scratch_s"):
            if name in stage:
                print(f"  {name.replace('_', ' ')}: {stage[name]}")
        for who in ("assistant", "baseline"):
            figures = stage[who]
            print(f"  {who:9s} p50 {figures['p50_ms']:8.3f} ms  p99 {figures['p99_ms']:8.3f} ms")
        if "speedup_p99" in stage:
            speedup = f"p50 x{stage['speedup_p50']}, p99 x{stage['speedup_p99']}"
            print(f"  speed-up over baseline: {speedup}")
        print(f"  peak memory so far: {stage['peak_memory_mb']} MB")
