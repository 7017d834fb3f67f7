"""Fidelity and completeness of the data against the text of order No. 146 shipped with it.

The shipped text (knowledge/source/order-146-kk.txt) is a raw extraction of the official
publication: table columns are interleaved, words are cut across lines, some are spaced
out letter by letter. Comparison therefore removes all whitespace and case, and lets an
item be read from up to three pieces of the source in order (a table cell cut by another
column). Repairs of the extraction that change more than whitespace are listed below; each
is applied to the source before comparing, and each must still be found in the source.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from importlib import resources

import pytest

from knowledge.document import KnowledgeDocument, item_lines
from knowledge.entries import Entry

# (as the source has it, as the data has it, why)
REPAIRS: list[tuple[str, str, str]] = [
    (
        "64-бабының  сәйкес 7-тармағына БҰЙЫРАМЫН",
        "64-бабының 7-тармағына сәйкес БҰЙЫРАМЫН",
        "order preamble: words displaced by the extraction",
    ),
    (
        "кәсіптік  бекітілсін.стандарты",
        "кәсіптік стандарты бекітілсін.",
        "order item 1: word displaced after the verb",
    ),
    (
        "64-бабының 7- сәйкес әзірленді және білім беру бағдарламаларын қалыптастыруға, оның "
        "тармағына ішінде",
        "64-бабының 7-тармағына сәйкес әзірленді және білім беру "
        "бағдарламаларын қалыптастыруға, оның ішінде",
        "chapter 1 item 1: word moved a line down",
    ),
    *[
        (
            f"Осы кәсіптік стандартқа  сәйкес {level} кіші деңгей СБШ бойынша {annex}-қосымшаға",
            f"Осы кәсіптік стандартқа {annex}-қосымшаға сәйкес СБШ бойынша {level} кіші деңгей",
            "chapter 3 item 9: words displaced by the extraction",
        )
        for annex, level in enumerate(("4.1", "4.2", "4.3", "6.1", "6.2", "6.3"), 1)
    ],
    (
        "Қарым – қатынас құра білу",
        "Қарым-қатынас құра білу",
        "4.3 competency: spaced dash inside a hyphenated word",
    ),
    (
        'өткбасқа мамандықтармен байланысымыс"',
        'өтк[ені немесе "Әлеуметтік жұ]мыс"',
        "6.1 and 6.2 requirements: a row label overwrote letters; restoration shown in brackets",
    ),
    *[
        (f"6В0{n}", f"6B0{n}", "6.x education codes: Cyrillic В in Latin codes")
        for n in range(12, 21)
    ],
]

# Labels of the order's date that the data keeps as ISO dates.
STRUCTURED_FIELDS = {"date"}


def squash(text: str) -> str:
    """Compare without whitespace, case, soft hyphens, dash variants or Latin look-alike i."""
    text = unicodedata.normalize("NFC", text).lower().replace("\u00ad", "")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s+", "", text)
    # the extraction has Latin i inside Cyrillic words (уәкiлеттi); the data has і
    return re.sub(r"(?<=[а-яәғқңөұүһі])i|i(?=[а-яәғқңөұүһі])", "і", text)


@pytest.fixture(scope="module")
def source() -> str:
    text = resources.files("knowledge").joinpath("source/order-146-kk.txt").read_text("utf-8")
    squashed = squash(text)
    for original, fixed, why in REPAIRS:
        assert squash(original) in squashed, f"repair not found in the source: {why}"
        squashed = squashed.replace(squash(original), squash(fixed))
    return squashed


def found(item: str, haystack: str, *, pieces: int = 3, window: int | None = 4000) -> bool:
    """`item` occurs in `haystack` as one piece, or as up to `pieces` pieces in order."""
    rest = squash(item)
    if not rest or rest in haystack:
        return True
    position = -1
    for _ in range(pieces):
        low, high, best = 8, len(rest), None
        while low <= high:  # the longest prefix of `rest` found after `position`
            middle = (low + high) // 2
            index = haystack.find(rest[:middle], position + 1)
            if index >= 0 and (window is None or position < 0 or index - position < window):
                best = (middle, index)
                low = middle + 1
            else:
                high = middle - 1
        if best is None:
            return False
        size, index = best
        position, rest = index + size, rest[size:]
        if not rest:
            return True
    return False


def _items(document: KnowledgeDocument) -> Iterator[tuple[str, str]]:
    """Every skill, knowledge item, competency, term and title, with where it stands."""
    for card in document.cards:
        for function in card.functions:
            where = f"{card.level}/{function.id}"
            yield where, function.title
            if function.detail_title:
                yield where, function.detail_title
            for task in function.tasks:
                yield f"{where}/{task.id}", task.title
                for kind, items in (("skill", task.skills), ("knowledge", task.knowledge)):
                    for item in items:
                        for line in item_lines(item):
                            yield f"{where}/{task.id} {kind}", line
        for competency in card.competencies:
            yield f"{card.level} competency", competency
        yield f"{card.level} requirements", card.qualification_requirements
        yield f"{card.level} education level", card.education_level
        for specialty in card.education.specialties:
            yield f"{card.level} education", f"{specialty.code} {specialty.name}"
            for qualification in specialty.qualifications:
                yield f"{card.level} education", f"{qualification.code} {qualification.name}"
        yield f"{card.level} working conditions", card.working_conditions
        yield f"{card.level} catalogue", card.catalogue.reference
    for term in document.terms:
        yield f"term {term.number}", f"{term.term} – {term.definition}"
    for order_item in document.order.items:
        yield f"order item {order_item.number}", order_item.text
        for sub in order_item.items:
            yield f"order item {order_item.number}", sub
    passport = document.passport
    for text in (passport.goal, *passport.description, *passport.groups, *passport.subgroups):
        yield "passport", text
    for user in passport.users:
        yield "passport user", f"{user.who} – {user.role}"
    for card_line in passport.cards:
        yield "card list", card_line.text
    yield "purpose", document.standard.purpose
    yield "terms", document.terms_intro
    yield "passport users", passport.users_intro
    for abbreviation in document.abbreviations:
        yield "abbreviation", f"{abbreviation.abbr} – {abbreviation.meaning}"


def test_every_item_of_the_data_is_in_the_source(document: KnowledgeDocument, source: str) -> None:
    missing = [f"{where}: {text}" for where, text in _items(document) if not found(text, source)]
    assert not missing, "not in the source text:\n" + "\n".join(missing)


def test_data_counts_match_the_numbered_items(document: KnowledgeDocument) -> None:
    skills = sum(len(t.skills) for c in document.cards for f in c.functions for t in f.tasks)
    knowledge = sum(len(t.knowledge) for c in document.cards for f in c.functions for t in f.tasks)
    competencies = sum(len(c.competencies) for c in document.cards)
    tasks = sum(len(f.tasks) for c in document.cards for f in c.functions)
    assert (skills, knowledge, competencies, tasks) == (122, 91, 53, 37)


NUMBERED = re.compile(r"^\s*\d{1,2}[.)](?!\d)\s*(\S.*)$")


def _blob(document: KnowledgeDocument, entries: list[Entry]) -> str:
    parts = [text for _, text in _items(document)]
    parts += [f"{e.title}\n{e.text}" for e in entries]
    return squash("\n".join(parts))


def _parts(line: str) -> list[str]:
    """A paragraph "Label: text" is checked as its label (an entry title) and its text."""
    label, colon, rest = line.partition(":")
    if colon and len(label) <= 60:
        return [label, rest] if rest.strip() else [label]
    return [line]


def test_every_numbered_item_of_the_source_is_in_the_data(
    document: KnowledgeDocument, entries: list[Entry]
) -> None:
    text = resources.files("knowledge").joinpath("source/order-146-kk.txt").read_text("utf-8")
    for original, fixed, _ in REPAIRS:
        text = text.replace(original, fixed)
    blob = _blob(document, entries)
    lines = [m.group(1) for line in text.splitlines() if (m := NUMBERED.match(line))]
    assert len(lines) > 300  # the standard has a few hundred numbered items
    missing = [line for line in lines if not all(found(p, blob, window=None) for p in _parts(line))]
    assert not missing, "numbered items of the source missing from the data:\n" + "\n".join(missing)


def test_repairs_are_documented_next_to_the_data() -> None:
    notes = resources.files("knowledge").joinpath("data/repairs")
    names = sorted(p.name for p in notes.iterdir() if p.name.endswith(".yaml"))
    assert names == [
        "4.1.yaml",
        "4.2.yaml",
        "4.3.yaml",
        "6.1.yaml",
        "6.2.yaml",
        "6.3.yaml",
        "standard.yaml",
    ]


def test_source_citation_is_shipped() -> None:
    readme = resources.files("knowledge").joinpath("source/README.md").read_text("utf-8")
    assert "№ 146" in readme and "33325" in readme
