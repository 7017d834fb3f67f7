"""Small assertions the tests share."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def present(value: T | None) -> T:
    """The value, asserting it is there (a version, an entry the test expects)."""
    assert value is not None
    return value
