"""The first-aid conditions the standard lists, read from the knowledge base itself.

The standard names them in one skill of the first-aid task (card 4.1): "Жарақат, қан кету,
электр тогы соғу, ..., немесе суға бату кезінде дәрігерге дейінгі медициналық көмек
көрсету ...". Reading them from the entries (not from a list in code) keeps the /firstaid
menu true to whatever version of the knowledge base is active.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.entries import Entry, Kind

FIRST_AID_TITLE = "дәрігерге дейінгі"
_LIST = re.compile(r"^(?P<list>[^.:;]+?,[^.:;]+?)\s+кезінде\s+дәрігер", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Condition:
    number: int
    name: str
    entry_id: str


def is_first_aid(entry: Entry) -> bool:
    return entry.kind is Kind.TASK and FIRST_AID_TITLE in entry.title.lower()


def first_aid_conditions(entries: Iterable[Entry]) -> list[Condition]:
    """Every condition a first-aid task lists, in the standard's order."""
    conditions: list[Condition] = []
    seen: set[str] = set()
    for entry in entries:
        if not is_first_aid(entry):
            continue
        for item in entry.skills:
            match = _LIST.match(item.text)
            if not match:
                continue
            for part in re.split(r",\s*|\s+немесе\s+", match.group("list")):
                name = part.strip()
                key = name.lower()
                if name and key not in seen:
                    seen.add(key)
                    conditions.append(Condition(len(conditions) + 1, name, entry.id))
    return conditions
