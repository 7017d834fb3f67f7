"""Scoring of question sets, the same rules as the evaluation script.

Each line of a .jsonl set: {"query", "tags", "expect": [cond, ...] | null}; a cond holds for
a result when its level/kind match and every "contains" phrase is in title + text
(case- and space-insensitive). expect null means the answer must be "nothing found".
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def norm(text: str | None) -> str:
    text = (text or "").lower().replace("ё", "е").replace("\u00ad", "")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def holds(cond: dict[str, Any], result: dict[str, Any]) -> bool:
    if "level" in cond and result.get("level") not in _as_list(cond["level"]):
        return False
    if "kind" in cond and result.get("kind") not in _as_list(cond["kind"]):
        return False
    hay = norm(f"{result.get('title', '')} {result.get('text', '')}")
    return all(norm(p) in hay for p in cond.get("contains", []))


def rank_of(item: dict[str, Any], answer: dict[str, Any]) -> int:
    if not answer.get("answered"):
        return 0
    for rank, result in enumerate(answer.get("results") or [], 1):
        if any(holds(c, result) for c in item["expect"]):
            return rank
    return 0


@dataclass
class Score:
    answerable: int = 0
    hit1: int = 0
    hit3: int = 0
    offtopic: int = 0
    declined: int = 0
    by_tag: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    misses: list[str] = field(default_factory=list)

    @property
    def hit_at_1(self) -> float:
        return self.hit1 / self.answerable if self.answerable else 1.0

    @property
    def hit_at_3(self) -> float:
        return self.hit3 / self.answerable if self.answerable else 1.0

    @property
    def offtopic_declined(self) -> float:
        return self.declined / self.offtopic if self.offtopic else 1.0


def load_set(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def score(items: list[dict[str, Any]], answers: list[dict[str, Any]]) -> Score:
    result = Score()
    for item, answer in zip(items, answers, strict=True):
        if item["expect"] is None:
            result.offtopic += 1
            result.declined += not answer.get("answered")
            if answer.get("answered"):
                result.misses.append(f"answered off-topic: {item['query']}")
            continue
        rank = rank_of(item, answer)
        result.answerable += 1
        result.hit1 += rank == 1
        result.hit3 += 1 <= rank <= 3
        for tag in [*item.get("tags", []), "all"]:
            counts = result.by_tag[tag]
            counts[0] += 1
            counts[1] += rank == 1
            counts[2] += 1 <= rank <= 3
        if rank != 1:
            result.misses.append(f"rank {rank or '-'}: {item['query']}")
    return result
