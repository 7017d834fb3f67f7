"""Hostile and broken documents (issue 11): each is refused as "what and where", fast,
never as a traceback, and `validate` means exactly what `import` will accept."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge import loader
from knowledge.document import KnowledgeDocument
from knowledge.loader import DocumentError, Problem, document_to_data, dump_yaml, parse_document

LIMIT = 5_000_000


def _problems(raw: bytes, name: str = "bad.yaml") -> list[Problem]:
    with pytest.raises(DocumentError) as caught:
        parse_document(raw, name, max_bytes=LIMIT)
    return caught.value.problems


def _yaml(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def test_a_thousand_problems_are_located_from_one_reading_of_the_file(
    document: KnowledgeDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = document_to_data(document)
    broken = 0
    for card in data["cards"]:
        for function in card["functions"]:
            for task in function["tasks"]:
                for index in range(len(task["skills"])):
                    task["skills"][index] = {"colour": "red"}
                    broken += 1
        for index in range(len(card["competencies"])):
            card["competencies"][index] = ""
            broken += 1
    data["terms"] = [{**t, "definition": "", "extra": 1} for _ in range(20) for t in data["terms"]]
    raw = _yaml(data)

    compositions = 0
    real_compose = yaml.compose
    real_single = loader._StrictLoader.get_single_node

    def counting_compose(*args: Any, **kwargs: Any) -> Any:
        nonlocal compositions
        compositions += 1
        return real_compose(*args, **kwargs)

    def counting_single(self: Any) -> Any:
        nonlocal compositions
        compositions += 1
        return real_single(self)

    monkeypatch.setattr(yaml, "compose", counting_compose)
    monkeypatch.setattr(loader._StrictLoader, "get_single_node", counting_single)
    problems = _problems(raw)
    assert compositions == 1
    assert len(problems) > 1000
    assert all(p.line is not None and p.line > 1 for p in problems)
    skill = next(p for p in problems if p.where.endswith("skills[0].colour"))
    assert raw.decode().splitlines()[skill.line - 1].strip().startswith("- colour: red")  # type: ignore[operator]


def _bomb(levels: int) -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def test_alias_bombs_are_refused_before_they_expand() -> None:
    problems = _problems(_bomb(9))  # 9**9 = 387 million strings if expanded
    assert "aliases" in problems[0].message and problems[0].line == 1


def test_aliases_inside_fields_the_schema_accepts_are_refused(
    document: KnowledgeDocument,
) -> None:
    data = document_to_data(document)
    many = [f"дағды {i}" for i in range(1000)]
    for card in data["cards"]:
        for function in card["functions"]:
            for task in function["tasks"]:
                task["skills"] = many  # PyYAML writes the shared list once, then aliases
    raw = _yaml(data)
    assert raw.count(b"*id001") > 10
    problem = _problems(raw)[0]
    assert "aliases" in problem.message and problem.line is not None


def test_a_self_referencing_alias_is_refused() -> None:
    problems = _problems(b"order: &loop [*loop]\n")
    assert "aliases" in problems[0].message


def test_nesting_no_document_needs_is_refused() -> None:
    deep = "order:" + "".join(f"\n{'  ' * (i + 1)}k{i}:" for i in range(40)) + " x\n"
    problems = _problems(deep.encode())
    assert "nested deeper" in problems[0].message and problems[0].line is not None


@pytest.mark.parametrize(
    ("raw", "words", "line"),
    [
        (b"? [a, b]\n: c\n", "key must be a plain name", 1),
        (b"order: 1\nterms: " + b"9" * 5000 + b"\n", "number too long", 2),
        (b"order:\n  date: 2023-13-45\n", "cannot read this value", 2),
        (b"order: !!python/object:os.system x\n", "not valid YAML/JSON", 1),
    ],
)
def test_yaml_the_parser_cannot_turn_into_data_is_a_located_problem(
    raw: bytes, words: str, line: int
) -> None:
    problem = _problems(raw)[0]
    assert words in str(problem) and problem.line == line


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused_whatever_the_escaping(
    document: KnowledgeDocument, control: str
) -> None:
    data = document_to_data(document)
    data["cards"][0]["card_title"] += f" {control}x"
    raw = json.dumps(data).encode()  # \u0000 and friends, which YAML itself would refuse raw
    problem = next(p for p in _problems(raw, "bad.json") if p.where == "cards[0].card_title")
    assert f"U+{ord(control):04X}" in problem.message


def test_tabs_and_line_breaks_stay_allowed(document: KnowledgeDocument) -> None:
    data = document_to_data(document)
    data["terms"][0]["definition"] += "\n\tжалғасы"
    parsed = parse_document(json.dumps(data).encode(), "ok.json", max_bytes=LIMIT)
    assert parsed.terms[0].definition.endswith("\n\tжалғасы")


def test_json_with_escaped_emoji_is_valid(document: KnowledgeDocument) -> None:
    data = document_to_data(document)
    data["cards"][0]["card_title"] += " 🚑"
    data["terms"][0]["definition"] += ' \\ud83d "цитата"'  # a literal backslash stays literal
    raw = json.dumps(data).encode()  # Python's default: ensure_ascii, surrogate pairs
    assert b"\\ud83d\\ude91" in raw
    parsed = parse_document(raw, "escaped.json", max_bytes=LIMIT)
    assert parsed.cards[0].card_title.endswith(" 🚑")
    assert parsed.terms[0].definition.endswith(' \\ud83d "цитата"')


def test_a_lone_surrogate_escape_is_refused_with_its_line() -> None:
    problem = _problems(b'{\n "order":\n  "\\ud83d"\n}\n', "bad.json")[0]
    assert "not valid YAML/JSON" in problem.message and problem.line == 3


@pytest.mark.parametrize(
    ("path", "message", "field"),
    [
        (("cards",), "duplicate level '4.1'", "level"),
        (("terms",), "duplicate number 1", "number"),
    ],
)
def test_duplicate_keys_are_reported_where_the_second_one_stands(
    document: KnowledgeDocument, path: tuple[str], message: str, field: str
) -> None:
    data = document_to_data(document)
    items = data[path[0]]
    items.append(copy.deepcopy(items[0]))
    raw = _yaml(data)
    problem = next(p for p in _problems(raw) if message in p.message)
    assert problem.where == f"{path[0]}[{len(items) - 1}].{field}"
    assert problem.line is not None and problem.line > 1
    line = raw.decode().splitlines()[problem.line - 1]
    assert f"{field}:" in line


def test_duplicate_task_ids_point_at_the_task(document: KnowledgeDocument) -> None:
    data = document_to_data(document)
    tasks = data["cards"][3]["functions"][1]["tasks"]
    tasks.append(copy.deepcopy(tasks[0]))
    raw = _yaml(data)
    problem = next(p for p in _problems(raw) if "duplicate id" in p.message)
    assert problem.where == f"cards[3].functions[1].tasks[{len(tasks) - 1}].id"
    assert raw.decode().splitlines()[problem.line - 1].strip() == f"- id: {tasks[0]['id']}"  # type: ignore[operator]


# --- fuzzing: whatever the bytes, a document or a DocumentError, nothing else ----------


def _outcome(raw: bytes) -> KnowledgeDocument | list[Problem]:
    """The document, or the problems; any other exception fails the test."""
    try:
        return parse_document(raw, "fuzz.yaml", max_bytes=LIMIT)
    except DocumentError as exc:
        assert exc.problems  # noqa: PT017 - a refusal always says why
        return exc.problems


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_are_a_document_error(raw: bytes) -> None:
    outcome = _outcome(raw)
    assert isinstance(outcome, KnowledgeDocument) or all(p.message for p in outcome)


_YAML_PIECES = st.sampled_from(
    [
        "order:", "cards:", "- ", "  ", "&a ", "*a", "? ", ": ", "[", "]", "{", "}", ",",
        "!!int ", "!!str ", "!!binary ", "!!set ", "!!omap ", "!!python/tuple ", "<<: ",
        '"\\ud83d"', '"\\u0000"', "9" * 50, "1e999", "0x", "~", "---\n", "...\n", "\n", "#",
        "|\n", ">\n", "'", '"', "level: 4.1", "tasks:", "id: T1", "\t", "\x00", "é", "🚑",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_YAML_PIECES, max_size=40))
def test_yaml_shaped_garbage_is_a_document_error(pieces: list[str]) -> None:
    outcome = _outcome("".join(pieces).encode())
    assert isinstance(outcome, KnowledgeDocument) or all(p.message for p in outcome)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_mutated_export_is_a_document_or_a_located_problem(
    document: KnowledgeDocument, data: st.DataObject
) -> None:
    text = dump_yaml(document)
    lines = text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 5))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "indent", "dedent", "garble"]))
        if action == "drop":
            del lines[index]
        elif action == "dup":
            lines.insert(index, lines[index])
        elif action == "indent":
            lines[index] = "  " + lines[index]
        elif action == "dedent":
            lines[index] = lines[index].removeprefix("  ")
        else:
            lines[index] = data.draw(_YAML_PIECES) + lines[index]
    outcome = _outcome("".join(lines).encode())
    assert isinstance(outcome, KnowledgeDocument) or all(p.where for p in outcome)


def test_duplicate_note_numbers_and_dangling_aliases_are_located(
    document: KnowledgeDocument,
) -> None:
    data = document_to_data(document)
    note = {"number": 1, "title": "Телефон", "text": "8 7172", "source": "Емхана"}
    data["notes"] = [note, dict(note)]
    data["aliases"] = [{"entry": "4.1/F9/T9", "phrase": "жоқ жазба"}]
    raw = _yaml(data)
    problems = _problems(raw)
    assert any(p.where == "notes[1].number" and "duplicate number 1" in p.message for p in problems)
    data["notes"] = [note]
    problem = next(p for p in _problems(_yaml(data)) if p.where == "aliases[0].entry")
    assert "no entry 4.1/F9/T9" in problem.message and problem.line is not None
