"""Deep-link payloads for entries: t.me/<bot>?start=<payload>.

Telegram allows 1-64 characters of A-Z, a-z, 0-9, "_" and "-" in a start parameter; entry
ids use "." and "/", so they map to "_" and "-" (ids never contain those): 4.2/F1/T3 is
4_2-F1-T3, readable in a link and reversible.
"""

from __future__ import annotations

import re

_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def encode_entry(entry_id: str) -> str:
    payload = entry_id.replace(".", "_").replace("/", "-")
    if not _PAYLOAD.match(payload):
        raise ValueError(f"entry id {entry_id!r} cannot be a deep link")
    return payload


def decode_entry(payload: str) -> str | None:
    """The entry id a payload names, or None for anything that is not one of ours."""
    if not _PAYLOAD.match(payload):
        return None
    return payload.replace("_", ".").replace("-", "/")


def entry_link(bot_username: str, entry_id: str) -> str:
    return f"https://t.me/{bot_username}?start={encode_entry(entry_id)}"


MENU_PAYLOAD = "menu"
"""Opens the bot at its greeting and menu (no entry id is a bare word)."""


def bot_link(bot_username: str) -> str:
    """The bot's private chat, opened at its start."""
    return f"https://t.me/{bot_username}?start={MENU_PAYLOAD}"
