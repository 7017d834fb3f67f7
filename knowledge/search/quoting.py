"""Does a message hold an entry's title word after word?

A long message is asked the same thing for every candidate's title (and its parent's):
the message's words are indexed once by their keys, so each title is looked up where its
first word stands instead of being slid along the whole message.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.search.query import Slot

QUOTED_TITLE_WORDS = 2
"""A one-word title is quoted by any message that uses the word: not a quotation."""


class TypedWords:
    """The message's words as typed (not their synonyms), indexed by key."""

    def __init__(self, slots: Sequence[Slot]) -> None:
        self.slots = tuple(slots)
        self._at: dict[str, list[int]] = {}
        for position, slot in enumerate(self.slots):
            for key in slot.keys:
                self._at.setdefault(key, []).append(position)
        self._spans: dict[str, tuple[int, int] | None] = {}

    def __len__(self) -> int:
        return len(self.slots)

    def span(self, title_key: str) -> tuple[int, int] | None:
        """Where the whole title (two words or more) stands in the message, if it does:
        the first place, as analysed (not through typo or prefix neighbours)."""
        if title_key not in self._spans:
            self._spans[title_key] = self._find(title_key.split())
        return self._spans[title_key]

    def quotes(self, title_key: str) -> bool:
        """«мұнда медициналық-әлеуметтік көмек деп жазылыпты, бұл ұғым нені білдіреді»."""
        return self.span(title_key) is not None

    def _find(self, title: list[str]) -> tuple[int, int] | None:
        if len(title) < QUOTED_TITLE_WORDS or len(title) > len(self.slots):
            return None
        rest = title[1:]
        for start in self._at.get(title[0], ()):
            following = self.slots[start + 1 : start + len(title)]
            if len(following) == len(rest) and all(
                word in slot.keys for word, slot in zip(rest, following, strict=True)
            ):
                return start, start + len(title)
        return None
