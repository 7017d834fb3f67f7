"""The knowledge document: the bundled data loads, and bad files are refused with a place."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import yaml

from knowledge.document import KnowledgeDocument
from knowledge.loader import DocumentError, document_to_data, dump_yaml, parse_document

LIMIT = 5_000_000


def test_bundled_document_holds_the_whole_standard(document: KnowledgeDocument) -> None:
    assert [c.level for c in document.cards] == ["4.1", "4.2", "4.3", "6.1", "6.2", "6.3"]
    assert [c.annex for c in document.cards] == [1, 2, 3, 4, 5, 6]
    assert [t.number for t in document.terms] == list(range(1, 20))
    assert document.order.number == "146"
    assert document.order.date == "2023-08-23"
    assert document.order.registration.number == "33325"
    assert document.standard.version == 1 and document.standard.year == 2023
    assert document.standard.review_date == "2026"
    assert len(document.passport.users) == 4
    assert len(document.passport.subgroups) == 5
    assert {c.group_code for c in document.cards} == {"3412-0", "2635-3"}
    assert {c.catalogue.item_number for c in document.cards} == {73, 33}
    assert all(c.catalogue.reference.count("ҚР ДСМ-305/2020") == 1 for c in document.cards)


@pytest.mark.parametrize(
    ("level", "mandatory", "additional"),
    [("4.1", 4, 1), ("4.2", 4, 1), ("4.3", 2, 2), ("6.1", 4, 1), ("6.2", 4, 1), ("6.3", 2, 2)],
)
def test_each_card_has_its_labour_functions(
    document: KnowledgeDocument, level: str, mandatory: int, additional: int
) -> None:
    card = document.card(level)
    assert card is not None
    assert sum(f.mandatory for f in card.functions) == mandatory
    assert sum(not f.mandatory for f in card.functions) == additional
    assert all(f.tasks and all(t.skills and t.knowledge for t in f.tasks) for f in card.functions)


def _data(document: KnowledgeDocument) -> dict[str, Any]:
    return document_to_data(document)


def _parse(data: object) -> KnowledgeDocument:
    return parse_document(
        yaml.safe_dump(data, allow_unicode=True).encode(), "test.yaml", max_bytes=LIMIT
    )


def test_yaml_round_trip_is_lossless(document: KnowledgeDocument) -> None:
    text = dump_yaml(document)
    again = parse_document(text.encode(), "export.yaml", max_bytes=LIMIT)
    assert again == document


def test_json_documents_are_accepted(document: KnowledgeDocument) -> None:
    raw = json.dumps(_data(document), ensure_ascii=False).encode()
    assert parse_document(raw, "doc.json", max_bytes=LIMIT) == document


def _problems(raw: bytes) -> list[str]:
    with pytest.raises(DocumentError) as caught:
        parse_document(raw, "bad.yaml", max_bytes=LIMIT)
    return [str(p) for p in caught.value.problems]


def test_invalid_yaml_names_the_line() -> None:
    problems = _problems(b"order:\n  title: [unclosed\n")
    assert "not valid YAML/JSON" in problems[0]
    assert "line" in problems[0]


def test_unknown_field_is_named_with_its_path(document: KnowledgeDocument) -> None:
    data = _data(document)
    data["cards"][1]["functions"][0]["tasks"][0]["colour"] = "red"
    problems = _problems(yaml.safe_dump(data, allow_unicode=True).encode())
    assert any(
        "cards[1].functions[0].tasks[0].colour" in p and "unknown field" in p for p in problems
    )


def test_duplicate_card_level_is_refused(document: KnowledgeDocument) -> None:
    data = _data(document)
    data["cards"].append(copy.deepcopy(data["cards"][0]))
    assert any("duplicate level '4.1'" in p for p in _problems(yaml.safe_dump(data).encode()))


def test_duplicate_function_and_task_ids_are_refused(document: KnowledgeDocument) -> None:
    data = _data(document)
    functions = data["cards"][0]["functions"]
    functions.append(copy.deepcopy(functions[0]))
    assert any("duplicate id 'F1'" in p for p in _problems(yaml.safe_dump(data).encode()))
    data = _data(document)
    tasks = data["cards"][0]["functions"][0]["tasks"]
    tasks.append(copy.deepcopy(tasks[0]))
    assert any("duplicate id 'T1'" in p for p in _problems(yaml.safe_dump(data).encode()))


def test_duplicate_yaml_key_is_refused() -> None:
    problems = _problems(b"order:\n  title: a\n  title: b\n")
    assert "duplicate key 'title'" in problems[0]


def test_task_without_a_function_is_refused(document: KnowledgeDocument) -> None:
    data = _data(document)
    data["cards"][2]["tasks"] = [copy.deepcopy(data["cards"][2]["functions"][0]["tasks"][0])]
    problems = _problems(yaml.safe_dump(data, allow_unicode=True).encode())
    assert any("cards[2]" in p and "task without a labour function" in p for p in problems)


def test_empty_title_is_refused_with_its_line(document: KnowledgeDocument) -> None:
    data = _data(document)
    data["cards"][0]["functions"][1]["title"] = "   "
    problems = _problems(yaml.safe_dump(data, allow_unicode=True).encode())
    match = [p for p in problems if p.startswith("cards[0].functions[1].title")]
    assert match and "must not be empty" in match[0] and "(line " in match[0]


def test_too_large_file_is_refused_before_parsing() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_document(b"x" * 2000, "big.yaml", max_bytes=1000)
    assert "larger than the limit" in str(caught.value.problems[0])


def test_flat_json_export_is_explained(document: KnowledgeDocument) -> None:
    problems = _problems(b'[{"id": "4.1", "kind": "card"}]')
    assert "kb export --format yaml" in problems[0]


@pytest.mark.parametrize("raw", [b"", b"   \n", b"\xff\xfe\x00", b"42", b"- a\n- b\n"])
def test_garbage_is_refused(raw: bytes) -> None:
    assert _problems(raw)
