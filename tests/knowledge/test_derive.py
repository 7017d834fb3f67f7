"""Entries: stable readable ids, kinds, levels, and texts that say everything."""

from __future__ import annotations

import re

from knowledge.document import KnowledgeDocument
from knowledge.entries import Entry, Kind

ID = re.compile(
    r"^(standard/[a-z]+|term/\d+|[46]\.[1-3](/(requirements|competencies|education|conditions"
    r"|[FA]\d+(/T\d+)?))?)$"
)


def test_ids_are_unique_and_readable(entries: list[Entry]) -> None:
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    assert all(ID.match(i) for i in ids), [i for i in ids if not ID.match(i)]
    assert {
        "4.1",
        "4.1/F1",
        "4.1/A1",
        "4.1/F1/T2",
        "4.1/requirements",
        "4.1/competencies",
        "4.1/education",
        "term/7",
        "standard/order",
    } <= set(ids)


def test_every_kind_and_level_is_present(entries: list[Entry]) -> None:
    kinds = {e.kind for e in entries}
    assert {
        Kind.STANDARD,
        Kind.TERM,
        Kind.CARD,
        Kind.FUNCTION,
        Kind.TASK,
        Kind.REQUIREMENTS,
        Kind.COMPETENCIES,
        Kind.EDUCATION,
    } <= kinds
    assert {e.level for e in entries if e.kind is Kind.CARD} == {
        "4.1",
        "4.2",
        "4.3",
        "6.1",
        "6.2",
        "6.3",
    }
    assert all(e.level is None for e in entries if e.kind in (Kind.STANDARD, Kind.TERM))
    assert all(e.level and e.id.startswith(e.level) for e in entries if e.kind is Kind.TASK)
    assert sum(e.kind is Kind.TERM for e in entries) == 19
    assert all(e.title.strip() and e.text.strip() and e.source for e in entries)


def test_parents_exist_and_come_first(entries: list[Entry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.parent:
            assert entry.parent in seen, entry.id
        seen.add(entry.id)


def test_task_text_lists_every_skill_and_knowledge_item(
    document: KnowledgeDocument, entries: list[Entry]
) -> None:
    by_id = {e.id: e for e in entries}
    for card in document.cards:
        for function in card.functions:
            for task in function.tasks:
                entry = by_id[f"{card.level}/{function.id}/{task.id}"]
                assert entry.title == task.title
                for item in [*task.skills, *task.knowledge]:
                    text = item if isinstance(item, str) else item.text
                    assert text in entry.text
                assert "Біліктілік пен дағдылар:" in entry.text and "Білім:" in entry.text


def test_card_text_summarises_functions_codes_and_requirements(
    document: KnowledgeDocument, entries: list[Entry]
) -> None:
    by_id = {e.id: e for e in entries}
    for card in document.cards:
        text = by_id[card.level].text
        assert card.group_code in text
        assert card.qualification_requirements in text
        assert all(f.title in text for f in card.functions)


def test_sources_cite_the_order_and_the_annex(entries: list[Entry]) -> None:
    by_id = {e.id: e for e in entries}
    assert by_id["4.2/F1/T3"].source == (
        "ҚР Денсаулық сақтау министрінің 2023 жылғы 23 тамыздағы № 146 бұйрығы, 2-қосымша"
    )
    assert by_id["term/7"].source.endswith("1-тарау, 2-тармақ, 7) тармақша")
    assert "он күн" in by_id["standard/order"].text
