"""Entries derived from the knowledge document, parents before children.

The document mirrors the standard's structure; entries are what search indexes and users
get: one per card, part of a card, labour function, task, term and part of the order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge.entries import (
    CardData,
    CompetenciesData,
    EducationData,
    Entry,
    FunctionData,
    Item,
    Kind,
    OrderData,
    TaskData,
    TermData,
    numbered_lines,
)

if TYPE_CHECKING:
    from knowledge.document import Card, KnowledgeDocument, LabourFunction, Task
    from knowledge.document import Item as DocumentItem

ENTRIES_VERSION = 5
"""Bump when the way entries are derived changes: stores rebuild their entries then."""


KK_MONTHS_LOCATIVE = (
    "қаңтардағы",
    "ақпандағы",
    "наурыздағы",
    "сәуірдегі",
    "мамырдағы",
    "маусымдағы",
    "шілдедегі",
    "тамыздағы",
    "қыркүйектегі",
    "қазандағы",
    "қарашадағы",
    "желтоқсандағы",
)


def order_citation(document: KnowledgeDocument) -> str:
    """'ҚР Денсаулық сақтау министрінің 2023 жылғы 23 тамыздағы № 146 бұйрығы'."""
    year, month, day = (int(part) for part in document.order.date.split("-"))
    return (
        f"ҚР Денсаулық сақтау министрінің {year} жылғы {day} "
        f"{KK_MONTHS_LOCATIVE[month - 1]} № {document.order.number} бұйрығы"
    )


def _item(item: DocumentItem) -> Item:
    return Item(item) if isinstance(item, str) else Item(item.text, tuple(item.items))


def numbered(items: list[DocumentItem] | list[str]) -> str:
    return "\n".join(numbered_lines(_item(i) for i in items))


def function_label(function: LabourFunction) -> str:
    """'1-еңбек функциясы (міндетті)' or '1-қосымша еңбек функциясы (қосымша)'."""
    if function.mandatory:
        return f"{function.number}-еңбек функциясы (міндетті)"
    return f"{function.number}-қосымша еңбек функциясы (қосымша)"


def build_entries(document: KnowledgeDocument) -> list[Entry]:
    """Every searchable entry of the document, parents before children.

    `position` is the entry's place in this reading order, which browsing keeps.
    """
    entries = [
        *_standard_entries(document),
        *_term_entries(document),
        *_card_entries(document),
        *_note_entries(document),
    ]
    aliases: dict[str, list[str]] = {}
    for alias in document.aliases:
        aliases.setdefault(alias.entry, []).append(alias.phrase)
    return [
        replace(entry, position=position, aliases=tuple(aliases.get(entry.id, ())))
        for position, entry in enumerate(entries)
    ]


def _standard_entries(document: KnowledgeDocument) -> Iterator[Entry]:
    order = document.order
    citation = order_citation(document)
    annex = f"{citation}на қосымша"
    order_lines = [order.heading, order.preamble]
    order_lines.extend(numbered_lines(Item(item.text, tuple(item.items)) for item in order.items))
    order_lines.append(f"Қол қойған: {order.signed_by.position} {order.signed_by.name}")
    order_lines.extend(f"КЕЛІСІЛДІ: {agreed}" for agreed in order.agreed_by)
    yield Entry(
        "standard/order",
        Kind.STANDARD,
        None,
        order.title,
        "\n".join(order_lines),
        citation,
        data=OrderData(order.number, order.date, order.effective, order.registration.model_dump()),
    )
    standard = document.standard
    chapters = {c.number: c.title for c in standard.chapters}
    passport = document.passport
    parts: list[tuple[str, str, str, str]] = [
        (
            "purpose",
            f"1-тарау. {chapters.get(1, '')}".strip(),
            standard.purpose,
            "1-тарау, 1-тармақ",
        ),
        ("name", "Кәсіптік стандарттың атауы", passport.name, "2-тарау, 3-тармақ"),
        ("goal", "Кәсіптік стандарт әзірлеудің мақсаты", passport.goal, "2-тарау, 4-тармақ"),
        (
            "description",
            "Кәсіптік стандарттың қысқаша сипаттамасы",
            "\n".join(passport.description),
            "2-тарау, 5-тармақ",
        ),
        ("groups", "Кәсіби топ", "\n".join(passport.groups), "2-тарау, 6-тармақ"),
        (
            "users",
            "Кәсіптік стандартты пайдаланушылар",
            passport.users_intro
            + ":\n"
            + "\n".join(f"{u.number}) {u.who} – {u.role}" for u in passport.users),
            "2-тарау, 7-тармақ",
        ),
        ("subgroups", "Кәсіби кіші топ", "\n".join(passport.subgroups), "2-тарау, 8-тармақ"),
        (
            "cards",
            passport.cards_intro.rstrip(":"),
            "\n".join(card.text for card in passport.cards),
            "3-тарау, 9-тармақ",
        ),
        (
            "version",
            "Кәсіби стандарттардың техникалық сипаттамалары",
            f"Нұсқа нөмірі және шығарылған жылы: {standard.version_text}\n"
            f"Қайта қарау күні: {standard.review_date}",
            "техникалық сипаттамалар",
        ),
    ]
    if document.abbreviations:
        parts.append(
            (
                "abbreviations",
                "Ескертпе: қысқартулар",
                "\n".join(f"{a.abbr} – {a.meaning}" for a in document.abbreviations),
                "ескертпе",
            )
        )
    for key, title, text, where in parts:
        yield Entry(
            f"standard/{key}",
            Kind.STANDARD,
            None,
            title,
            text,
            f"{annex}, {where}",
        )


def _term_entries(document: KnowledgeDocument) -> Iterator[Entry]:
    source = f"{order_citation(document)}на қосымша, 1-тарау, 2-тармақ"
    for term in document.terms:
        yield Entry(
            f"term/{term.number}",
            Kind.TERM,
            None,
            term.term,
            term.definition,
            f"{source}, {term.number}) тармақша",
            data=TermData(term.number),
        )


def _note_entries(document: KnowledgeDocument) -> Iterator[Entry]:
    for note in document.notes:
        yield Entry(f"note/{note.number}", Kind.NOTE, note.level, note.title, note.text,
                    note.source, parent=note.level)  # fmt: skip


def _card_entries(document: KnowledgeDocument) -> Iterator[Entry]:
    citation = order_citation(document)
    for card in document.cards:
        source = f"{citation}, {card.annex}-қосымша"
        yield _card_entry(card, source)
        yield from _card_parts(card, source)
        for function in card.functions:
            yield _function_entry(card, function, source)
            for task in function.tasks:
                yield _task_entry(card, function, task, source)


def _card_entry(card: Card, source: str) -> Entry:
    mandatory = [f for f in card.functions if f.mandatory]
    additional = [f for f in card.functions if not f.mandatory]
    lines = [
        f"Кәсіп карточкасы ({card.annex}-қосымша). Кәсіп атауы: {card.profession_name}.",
        f"Топ коды: {card.group_code}. СБШ бойынша біліктілік деңгейі: {card.level}.",
        f"Біліктілік талаптары: {card.qualification_requirements}",
        f"Кәсіби білім деңгейі: {card.education_level}",
        "Міндетті еңбек функциялары:",
        *(f"{f.number}) {f.title}" for f in mandatory),
    ]
    if additional:
        lines += ["Қосымша еңбек функциялары:", *(f"{f.number}) {f.title}" for f in additional)]
    lines.append("Жеке құзыреттер: " + " ".join(card.competencies))
    lines.extend(
        f"СБШ-дағы басқа мамандықтармен байланысы: {', '.join(r.levels)} – {r.profession}"
        for r in card.related_levels
    )
    return Entry(
        card.level,
        Kind.CARD,
        card.level,
        f"{card.level} – {card.card_title}",
        "\n".join(lines),
        source,
        data=CardData(
            card.annex,
            card.group_code,
            card.profession_code,
            tuple(r.model_dump() for r in card.related_levels),
        ),
    )


def _card_parts(card: Card, source: str) -> Iterator[Entry]:
    level = card.level
    catalogue = card.catalogue
    yield Entry(
        f"{level}/requirements",
        Kind.REQUIREMENTS,
        level,
        "Біліктілік талаптары",
        "\n".join(
            [
                f"Денсаулық сақтау саласындағы ұйымдардың басшылары, мамандары және басқа да "
                f"қызметкерлері лауазымдарының типтік біліктілік сипаттамаларына сәйкес кәсіп "
                f"біліктілік деңгейі: {card.qualification_requirements}",
                f"Кәсіби білім деңгейі: {card.education_level}",
                f"БТБА немесе БА немесе басқа жұмыс каталогтарына сілтеме: {catalogue.reference}. "
                f"{catalogue.item_number}. {catalogue.item_title}",
            ]
        ),
        source,
        parent=level,
    )
    education_lines = [f"Білім деңгейі: {card.education.level}"]
    for specialty in card.education.specialties:
        education_lines.append(f"Мамандығы: {specialty.code} {specialty.name}")
        education_lines.extend(
            f"   Біліктілік: {q.code} {q.name}" for q in specialty.qualifications
        )
    yield Entry(
        f"{level}/education",
        Kind.EDUCATION,
        level,
        "Білім және біліктілік жүйесімен байланысы",
        "\n".join(education_lines),
        source,
        parent=level,
        data=EducationData(
            card.education.level, tuple(s.model_dump() for s in card.education.specialties)
        ),
    )
    yield Entry(
        f"{level}/competencies",
        Kind.COMPETENCIES,
        level,
        "Жеке құзыреттерге қойылатын талаптар",
        numbered(list(card.competencies)),
        source,
        parent=level,
        data=CompetenciesData(tuple(card.competencies)),
    )
    yield Entry(
        f"{level}/conditions",
        Kind.CONDITIONS,
        level,
        card.conditions_label,
        card.working_conditions,
        source,
        parent=level,
    )


def _function_entry(card: Card, function: LabourFunction, source: str) -> Entry:
    lines = [function_label(function)]
    if function.detail_title:
        lines.append(f"Кестедегі атауы: {function.detail_title}")
    lines.append("Міндеттер:")
    lines.extend(f"{n}-міндет. {task.title}" for n, task in enumerate(function.tasks, 1))
    return Entry(
        f"{card.level}/{function.id}",
        Kind.FUNCTION,
        card.level,
        function.title,
        "\n".join(lines),
        source,
        parent=card.level,
        data=FunctionData(function.id, function.mandatory, function.number, function.detail_title),
    )


def _task_entry(card: Card, function: LabourFunction, task: Task, source: str) -> Entry:
    text = (
        f"Біліктілік пен дағдылар:\n{numbered(list(task.skills))}\n"
        f"Білім:\n{numbered(list(task.knowledge))}"
    )
    function_id = f"{card.level}/{function.id}"
    return Entry(
        f"{function_id}/{task.id}",
        Kind.TASK,
        card.level,
        task.title,
        text,
        source,
        parent=function_id,
        data=TaskData(
            function.id,
            function.title,
            tuple(_item(i) for i in task.skills),
            tuple(_item(i) for i in task.knowledge),
        ),
    )
