"""Known Kazakh lemmas: what tells the stemmer that a stem it reached is evidently wrong.

The packaged list (knowledge/data/lexicon/kk_lemmas.txt) is Hunspell's Kazakh dictionary
entries as listed, plus its verbs' stems, written by scripts/build_lexicon.py; a small
curated supplement (kk_supplement.txt) adds common words the dictionary lacks. The
README next to them names the sources and licences. A Lexicon is built per Analyzer and
passed in; nothing here is module state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import resources

PACKAGED = ("lexicon", "kk_lemmas.txt")
SUPPLEMENT = ("lexicon", "kk_supplement.txt")
"""Where the lists sit inside the knowledge.data package."""
VERB_MARK = "-"
"""Ends a line that is a verb's stem (баста- from бастау); any other line is a word."""
COMMENT = "#"


class Lexicon:
    """Words and verb stems, in Kazakh spelling.

    The dictionary's list stays one sorted text, searched by bisection on its lines: at
    start-up that costs a read and no split, set or folded copy (a few milliseconds
    against tens); a question's few words need a few look-ups."""

    __slots__ = ("_extra", "_text", "digest")

    def __init__(self, text: str, extra: Iterable[str] = (), *, digest: str | None = None) -> None:
        """`text`: sorted unique lines, each ended by a newline; `extra`: more lines."""
        self._text = text
        self._extra = frozenset(extra)
        self.digest = digest or _digest(text.encode(), self._extra)
        """sha256 of both lists: what the analyser's fingerprint takes in."""

    @classmethod
    def of(cls, words: Iterable[str], verbs: Iterable[str] = ()) -> Lexicon:
        lines = sorted({*words, *(f"{v}{VERB_MARK}" for v in verbs)})
        return cls("".join(f"{line}\n" for line in lines))

    @classmethod
    def empty(cls) -> Lexicon:
        """No known lemmas: the stemmer keeps the suffix tables' stems."""
        return cls("")

    @classmethod
    def packaged(cls) -> Lexicon:
        """The dictionary's list with the curated supplement."""
        data = resources.files("knowledge.data")
        raw = data.joinpath(*PACKAGED).read_bytes()
        extra = frozenset(_entries(data.joinpath(*SUPPLEMENT).read_text(encoding="utf-8")))
        return cls(raw.decode("utf-8"), extra, digest=_digest(raw, extra))

    def __bool__(self) -> bool:
        return bool(self._text or self._extra)

    def knows_word(self, word: str) -> bool:
        """A dictionary word (noun, adjective, adverb, ...) spelt so."""
        return word in self._extra or _contains(self._text, word)

    def knows_verb(self, stem: str) -> bool:
        """A verb's stem spelt so (баста for бастау)."""
        return self.knows_word(f"{stem}{VERB_MARK}")

    def knows(self, stem: str) -> bool:
        """A word or a verb's stem."""
        return self.knows_word(stem) or self.knows_verb(stem)


def _digest(raw: bytes, extra: frozenset[str]) -> str:
    supplement = "\n".join(sorted(extra)).encode()
    return hashlib.sha256(raw + b"\0" + supplement).hexdigest()


def _contains(text: str, line: str) -> bool:
    """Is `line` one of the sorted newline-ended lines of `text`? (bisection on lines)"""
    lo, hi = 0, len(text)
    while lo < hi:
        start = text.rfind("\n", lo, (lo + hi) // 2) + 1 or lo
        end = text.find("\n", start)
        current = text[start:end]
        if current == line:
            return True
        if current < line:
            lo = end + 1
        else:
            hi = start
    return False


def _entries(text: str) -> list[str]:
    """The lines of a curated list: the first field of each, comments left out."""
    entries = []
    for raw in text.splitlines():
        fields = raw.split(COMMENT, 1)[0].split()
        if fields:
            entries.append(fields[0])
    return entries
