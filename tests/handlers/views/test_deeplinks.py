"""Deep links: every entry id becomes a valid start parameter and comes back unchanged."""

from __future__ import annotations

import re

from handlers.views.deeplinks import decode_entry, encode_entry
from knowledge.entries import Entry


def test_deep_links_round_trip(entries: list[Entry]) -> None:
    for entry in entries:
        payload = encode_entry(entry.id)
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)
        assert decode_entry(payload) == entry.id
    assert decode_entry("bad payload!") is None
