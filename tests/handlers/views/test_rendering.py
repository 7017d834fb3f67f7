"""Rendering for a small screen: valid, escaped HTML within Telegram's limits."""

from __future__ import annotations

import re

from handlers.views.rendering import Rendered, Span, Style, render_entry, split_for_telegram
from knowledge.entries import Entry

TAG = re.compile(r"</?([a-z]+)>")


def _balanced(chunk: str) -> bool:
    stack: list[str] = []
    for match in TAG.finditer(chunk):
        if match.group(0).startswith("</"):
            if not stack or stack.pop() != match.group(1):
                return False
        else:
            stack.append(match.group(1))
    return not stack


def test_long_messages_split_between_lines_never_inside_a_tag() -> None:
    rendered = Rendered()
    for number in range(400):
        rendered.add(Span(f"{number}. <скобки> & «тырнақша»", Style.BOLD), " соңы")
    chunks = split_for_telegram(rendered.html_lines())
    assert len(chunks) > 1
    assert all(len(chunk) <= 4096 and _balanced(chunk) for chunk in chunks)
    assert "&lt;скобки&gt; &amp;" in chunks[0]
    assert "\n".join(chunks).count("<b>") == 400


def test_every_entry_renders_to_valid_escaped_html(entries: list[Entry]) -> None:
    for entry in entries:
        chunks = split_for_telegram(render_entry(entry).html_lines())
        assert all(len(c) <= 4096 and _balanced(c) for c in chunks), entry.id
        assert entry.source in "".join(chunks)
