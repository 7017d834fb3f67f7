"""What text the knowledge base stores: one definition, checked before any database.

SQLite would store a NUL or a lone surrogate that PostgreSQL refuses; checking here keeps
`kb validate` and `kb import` in agreement and both backends alike.
"""

from __future__ import annotations

import re

AUTHOR_MAX_LENGTH = 200
"""The width of `kb_version.author`."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""C0/C1 controls except tab and line breaks, DEL, and surrogates (not characters at all)."""


def control_character(text: str) -> str | None:
    """A description of the first character no backend may store, or None."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X} at position {found.start() + 1}"


def readable(text: str) -> str:
    """`text` as valid UTF-8: bytes the OS handed over undecoded (a file name, an argument
    in another encoding) become U+FFFD instead of failing at the database."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def label(text: str, limit: int) -> str:
    """A short free-text label (an author, a file name) made storable: readable, without
    control characters, at most `limit` characters."""
    return _CONTROL.sub("", readable(text))[:limit]


def author_problem(author: str) -> str | None:
    """Why `author` cannot be recorded as given (for a clear refusal), or None."""
    if readable(author) != author:
        return "is not UTF-8 text"
    if (where := control_character(author)) is not None:
        return f"contains a control character ({where})"
    if len(author) > AUTHOR_MAX_LENGTH:
        return f"is {len(author)} characters long; at most {AUTHOR_MAX_LENGTH} are kept"
    return None
