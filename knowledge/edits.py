"""Quick edits of the knowledge document, without a file: synonyms, alternative phrasings
and local notes. Each returns a new document, which is then previewed and applied as a version
like any import (so each is undone by a rollback). Shared by the bot and the CLI."""

from __future__ import annotations

import re

from knowledge.document import Alias, KnowledgeDocument, Note, SynonymGroup
from knowledge.ids import EntryId


class EditError(ValueError):
    """The edit cannot be made; `template` and `values` say why (for translation)."""

    def __init__(self, template: str, **values: str) -> None:
        self.template = template
        self.values = values
        super().__init__(template.format(**values))


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def add_synonyms(document: KnowledgeDocument, phrases: list[str]) -> KnowledgeDocument:
    """Make the phrases mean the same: into the group that already holds one of them, or
    a new group with the first phrase as its canonical one."""
    phrases = [" ".join(p.split()) for p in phrases if p.strip()]
    if len(phrases) < 2:
        raise EditError("give at least two words or phrases that mean the same")
    groups = list(document.synonyms)
    for index, group in enumerate(groups):
        if any(_same(p, q) for p in phrases for q in group.phrases):
            new = [p for p in phrases if not any(_same(p, q) for q in group.phrases)]
            if not new:
                raise EditError("these are synonyms already")
            groups[index] = group.model_copy(update={"phrases": [*group.phrases, *new]})
            return document.model_copy(update={"synonyms": groups})
    groups.append(SynonymGroup(phrases=phrases))
    return document.model_copy(update={"synonyms": groups})


def remove_synonym(document: KnowledgeDocument, phrase: str) -> KnowledgeDocument:
    """Take a phrase out of its group (a group left with one phrase goes)."""
    groups: list[SynonymGroup] = []
    found = False
    for group in document.synonyms:
        kept = [p for p in group.phrases if not _same(p, phrase)]
        found = found or len(kept) < len(group.phrases)
        if len(kept) >= 2:
            groups.append(group.model_copy(update={"phrases": kept}))
    if not found:
        raise EditError("no synonym group holds «{phrase}»", phrase=phrase)
    return document.model_copy(update={"synonyms": groups})


def add_alias(
    document: KnowledgeDocument, entry_id: str, phrase: str, known: set[str]
) -> KnowledgeDocument:
    """Attach another phrasing to an entry of `known` ids ("4,1/f1/t2" is read too)."""
    ref = EntryId.from_user_text(entry_id)
    canonical = str(ref) if ref is not None else entry_id
    if canonical not in known:
        raise EditError("no entry {entry}", entry=entry_id)
    phrase = " ".join(phrase.split())
    if not phrase:
        raise EditError("write the phrasing after the entry id")
    if any(a.entry == canonical and _same(a.phrase, phrase) for a in document.aliases):
        raise EditError("this phrasing is attached already")
    aliases = [*document.aliases, Alias(entry=canonical, phrase=phrase)]
    return document.model_copy(update={"aliases": aliases})


def remove_alias(document: KnowledgeDocument, entry_id: str, phrase: str) -> KnowledgeDocument:
    kept = [a for a in document.aliases if not (a.entry == entry_id and _same(a.phrase, phrase))]
    if len(kept) == len(document.aliases):
        raise EditError("no such phrasing of {entry}", entry=entry_id)
    return document.model_copy(update={"aliases": kept})


_LEVEL = re.compile(r"^[1-9][.,][1-9]$")


def add_note(
    document: KnowledgeDocument, title: str, text: str, source: str, level: str | None = None
) -> KnowledgeDocument:
    """A local note, numbered after the last one; the source is required."""
    title, text, source = (" ".join(v.split()) for v in (title, text, source))
    if not (title and text and source):
        raise EditError("a note needs a title, a text and its source")
    if level is not None:
        if not _LEVEL.match(level.strip()):
            raise EditError("no level {level}", level=level)
        level = level.strip().replace(",", ".")
        if document.card(level) is None:
            raise EditError("no level {level}", level=level)
    number = max((n.number for n in document.notes), default=0) + 1
    note = Note(number=number, title=title, text=text, source=source, level=level)
    return document.model_copy(update={"notes": [*document.notes, note]})


def remove_note(document: KnowledgeDocument, number: int) -> KnowledgeDocument:
    kept = [n for n in document.notes if n.number != number]
    if len(kept) == len(document.notes):
        raise EditError("no note {number}", number=str(number))
    return document.model_copy(update={"notes": kept})


def parse_note(text: str) -> tuple[str | None, str, str, str]:
    """«4.1 | title | text | source» or «title | text | source» (how the chat writes it)."""
    parts = [p.strip() for p in text.split("|")]
    level = parts.pop(0) if len(parts) == 4 else None
    if len(parts) != 3:
        raise EditError("a note needs a title, a text and its source")
    return level, parts[0], parts[1], parts[2]
