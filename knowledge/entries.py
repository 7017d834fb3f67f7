"""Searchable entries: the things a user can ask for and get as an answer.

A card, a labour function, a task with its skills and knowledge, a part of a card, a term,
a part of the order. Each kind carries its own typed data (what rendering and browsing
read), stored as JSON beside the entry; `knowledge.derive` builds entries from the
document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from knowledge.ids import EntryId


class Kind(StrEnum):
    STANDARD = "standard"
    TERM = "term"
    CARD = "card"
    FUNCTION = "function"
    TASK = "task"
    REQUIREMENTS = "requirements"
    COMPETENCIES = "competencies"
    EDUCATION = "education"
    CONDITIONS = "conditions"
    NOTE = "note"
    """A local note an admin added (the social department's phone, the hospital's rules),
    with its own source; not part of the standard."""


@dataclass(frozen=True, slots=True)
class Item:
    """A numbered item of the standard, maybe with its own sub-items ("1) ...")."""

    text: str
    items: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, value: str | Mapping[str, Any]) -> Item:
        if isinstance(value, str):
            return cls(value)
        return cls(str(value["text"]), tuple(str(sub) for sub in value.get("items", ())))

    def as_json(self) -> str | dict[str, Any]:
        return {"text": self.text, "items": list(self.items)} if self.items else self.text


def numbered_lines(items: Iterable[Item | str]) -> list[str]:
    """Items as '1. ...' lines, their sub-items as indented '1) ...' lines: the one way the
    standard's lists are written out, in entry texts and on the screen alike."""
    out: list[str] = []
    for number, item in enumerate(items, 1):
        item = Item(item) if isinstance(item, str) else item
        out.append(f"{number}. {item.text}")
        out.extend(f"   {sub_number}) {sub}" for sub_number, sub in enumerate(item.items, 1))
    return out


# --- data of each kind --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoData:
    """Kinds whose text says it all (standard parts, requirements, working conditions)."""

    def as_json(self) -> dict[str, Any]:
        return {}


@dataclass(frozen=True, slots=True)
class OrderData:
    number: str
    date: str
    effective: str
    registration: Mapping[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "date": self.date,
            "effective": self.effective,
            "registration": dict(self.registration),
        }


@dataclass(frozen=True, slots=True)
class TermData:
    number: int

    def as_json(self) -> dict[str, Any]:
        return {"number": self.number}


@dataclass(frozen=True, slots=True)
class CardData:
    annex: int
    group_code: str
    profession_code: str | None
    related_levels: tuple[Mapping[str, Any], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "annex": self.annex,
            "group_code": self.group_code,
            "profession_code": self.profession_code,
            "related_levels": [dict(r) for r in self.related_levels],
        }


@dataclass(frozen=True, slots=True)
class FunctionData:
    function: str
    mandatory: bool
    number: int
    detail_title: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "function": self.function,
            "mandatory": self.mandatory,
            "number": self.number,
            "detail_title": self.detail_title,
        }


@dataclass(frozen=True, slots=True)
class TaskData:
    function: str
    function_title: str
    skills: tuple[Item, ...]
    knowledge: tuple[Item, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "function": self.function,
            "function_title": self.function_title,
            "skills": [i.as_json() for i in self.skills],
            "knowledge": [i.as_json() for i in self.knowledge],
        }


@dataclass(frozen=True, slots=True)
class EducationData:
    level: str
    specialties: tuple[Mapping[str, Any], ...]

    def as_json(self) -> dict[str, Any]:
        return {"level": self.level, "specialties": [dict(s) for s in self.specialties]}


@dataclass(frozen=True, slots=True)
class CompetenciesData:
    items: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"items": list(self.items)}


EntryData = (
    NoData | OrderData | TermData | CardData | FunctionData | TaskData | EducationData
    | CompetenciesData
)  # fmt: skip


def entry_data(kind: Kind, raw: Mapping[str, Any]) -> EntryData:
    """The typed data of an entry of `kind` from its stored JSON."""
    if not raw:
        return NoData()
    if kind is Kind.STANDARD:
        return OrderData(raw["number"], raw["date"], raw["effective"], raw["registration"])
    if kind is Kind.TERM:
        return TermData(int(raw["number"]))
    if kind is Kind.CARD:
        return CardData(
            int(raw["annex"]),
            raw["group_code"],
            raw.get("profession_code"),
            tuple(raw.get("related_levels", ())),
        )
    if kind is Kind.FUNCTION:
        return FunctionData(
            raw["function"], bool(raw["mandatory"]), int(raw["number"]), raw.get("detail_title")
        )
    if kind is Kind.TASK:
        return TaskData(
            raw["function"],
            raw["function_title"],
            tuple(Item.from_json(i) for i in raw["skills"]),
            tuple(Item.from_json(i) for i in raw["knowledge"]),
        )
    if kind is Kind.EDUCATION:
        return EducationData(raw["level"], tuple(raw["specialties"]))
    if kind is Kind.COMPETENCIES:
        return CompetenciesData(tuple(raw["items"]))
    return NoData()


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    kind: Kind
    level: str | None
    title: str
    text: str
    source: str
    parent: str | None = None
    position: int = 0
    data: EntryData = field(default_factory=NoData, hash=False, compare=False)
    aliases: tuple[str, ...] = field(default=(), compare=False)
    """Admins' alternative phrasings: indexed with the title, not shown."""

    @property
    def ref(self) -> EntryId:
        """The id taken apart: level, labour function, task or part."""
        return EntryId.parse(self.id)

    @property
    def skills(self) -> Sequence[Item]:
        return self.data.skills if isinstance(self.data, TaskData) else ()

    @property
    def knowledge(self) -> Sequence[Item]:
        return self.data.knowledge if isinstance(self.data, TaskData) else ()

    def as_json(self) -> dict[str, Any]:
        """The entry as stored (the store's rows, the quick-start copy): data included."""
        return {
            "id": self.id,
            "kind": str(self.kind),
            "level": self.level,
            "title": self.title,
            "text": self.text,
            "source": self.source,
            "parent": self.parent,
            "position": self.position,
            "data": self.data.as_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Entry:
        kind = Kind(data["kind"])
        raw = data.get("data")
        return cls(
            str(data["id"]),
            kind,
            data["level"],
            str(data["title"]),
            str(data["text"]),
            str(data["source"]),
            data["parent"],
            int(data["position"]),
            entry_data(kind, raw if isinstance(raw, Mapping) else {}),
        )

    def as_export(self) -> dict[str, Any]:
        """The entry as `kb export --format json` lists it: what it says, not how it is kept."""
        return {k: v for k, v in self.as_json().items() if k not in ("position", "data")}
