"""Entry ids: parsed in one place, round-tripped, and read as people type them."""

from __future__ import annotations

import pytest

from knowledge.entries import Entry, entry_data
from knowledge.ids import EntryId, FunctionRef


def test_every_entry_id_parses_and_prints_back(entries: list[Entry]) -> None:
    for entry in entries:
        ref = entry.ref
        assert str(ref) == entry.id
        assert (ref.level is None) == (entry.level is None)
        assert ref.level == entry.level


@pytest.mark.parametrize(
    ("text", "level", "function", "task", "part"),
    [
        ("4.1", "4.1", None, None, None),
        ("4.1/F1", "4.1", FunctionRef(True, 1), None, None),
        ("6.2/A3", "6.2", FunctionRef(False, 3), None, None),
        ("4.1/F1/T12", "4.1", FunctionRef(True, 1), 12, None),
        ("4.3/requirements", "4.3", None, None, "requirements"),
    ],
)
def test_card_ids_are_taken_apart(
    text: str, level: str, function: FunctionRef | None, task: int | None, part: str | None
) -> None:
    ref = EntryId.parse(text)
    assert (ref.level, ref.function, ref.task, ref.part) == (level, function, task, part)


@pytest.mark.parametrize(
    "text", ["", "4", "4.1/", "4.1/T2", "4.1/F1/T", "4.1/salary", "weather/1", "4.1/F1/T2/x"]
)
def test_what_is_not_an_id_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        EntryId.parse(text)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("4,2", "4.2"),
        (" 4.2/f1/t3 ", "4.2/F1/T3"),
        ("4.2 / F1 / T3", "4.2/F1/T3"),
        ("6.1/Requirements", "6.1/requirements"),
        ("TERM/7", "term/7"),
        ("standard/order", "standard/order"),
    ],
)
def test_ids_typed_by_people_are_understood(typed: str, expected: str) -> None:
    assert str(EntryId.from_user_text(typed)) == expected


@pytest.mark.parametrize("typed", ["", "   ", "күйік", "9/9", "4.2/F1/T3/T4"])
def test_text_that_names_no_entry_gives_none(typed: str) -> None:
    assert EntryId.from_user_text(typed) is None


def test_the_same_place_on_another_card() -> None:
    assert str(EntryId.parse("4.1/F1/T2").at_level("6.1")) == "6.1/F1/T2"
    with pytest.raises(ValueError):
        EntryId.parse("term/7").at_level("4.1")


def test_typed_data_survives_its_stored_json(entries: list[Entry]) -> None:
    for entry in entries:
        assert entry_data(entry.kind, entry.data.as_json()) == entry.data, entry.id
