"""Rendering for a small screen: valid, escaped HTML within Telegram's limits."""

from __future__ import annotations

import re

import pytest

from handlers.views.rendering import (
    Rendered,
    Span,
    Style,
    render_answer,
    render_entry,
    split_for_telegram,
)
from knowledge.assistant import Assistant
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


@pytest.mark.parametrize(
    "message",
    [
        "апам құлап қалды басынан қан ағып жатыр не істеймін!!!",
        "розеткадан ток соғып кетті",
        "күйікке алғашқы көмек",
        "бабушка потеряла сознание что делать",
        "ауа райы қандай, атам суға батып кетті",
    ],
)
def test_an_emergency_answer_begins_with_the_call_line(assistant: Assistant, message: str) -> None:
    text = render_answer(assistant.ask(message)).plain()
    assert text.startswith("🚑") and "103" in text.splitlines()[0] and "112" in text
    assert "Дереккөз:" in text


@pytest.mark.parametrize("message", ["Сәлеметсіз бе!", "рахмет", "сен кімсің?"])
def test_small_talk_is_answered_like_a_person_not_with_the_apology(
    assistant: Assistant, message: str
) -> None:
    text = render_answer(assistant.ask(message)).plain()
    assert "таппадым" not in text and text


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("айлығымыз қанша теңге", "жұмыс берушіңізден"),
        ("колледжге түсу емтиханы қандай", "оқу орнының өзінен"),
        ("аурухананың телефон нөмірін айтыңызшы", "ұйымның өзінен"),
    ],
)
def test_a_declined_question_says_where_to_ask(
    assistant: Assistant, question: str, where: str
) -> None:
    text = render_answer(assistant.ask(question)).plain()
    assert where in text and "таппадым" not in text
