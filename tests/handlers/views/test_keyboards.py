"""Keyboards: every button's callback data fits Telegram's 64 bytes and unpacks again."""

from __future__ import annotations

from handlers.views.keyboards import OpenEntry, Vote, entry_keyboard
from knowledge.assistant import Assistant
from knowledge.entries import Entry


def test_every_button_fits_telegrams_64_bytes(entries: list[Entry], assistant: Assistant) -> None:
    for entry in entries:
        markup = entry_keyboard(entry, assistant, lambda s: s, feedback=True)
        for row in markup.inline_keyboard:
            for button in row:
                if button.callback_data:
                    assert len(button.callback_data.encode()) <= 64, (
                        entry.id,
                        button.callback_data,
                    )
    assert OpenEntry.unpack(OpenEntry(id="4.2/F1/T3").pack()).id == "4.2/F1/T3"
    assert Vote.unpack(Vote(id="term/7", up=False).pack()).up is False
