"""Whole screens that list things: the cards, the terms, the first-aid conditions.

Each returns the text and its keyboard, so a command and a menu button show the same
screen.
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from handlers.views.keyboards import first_aid_keyboard, list_keyboard
from handlers.views.rendering import Rendered, render_list
from handlers.views.texts import EMERGENCY, Translate
from knowledge.assistant import Assistant
from knowledge.entries import Entry, Kind

Screen = tuple[Rendered, InlineKeyboardMarkup]


def _title(entry: Entry) -> str:
    return entry.title


def levels_screen(assistant: Assistant, _: Translate) -> Screen:
    cards = assistant.entries_of_kind(Kind.CARD)
    rendered = render_list(_("Кәсіп карточкалары (СБШ бойынша деңгейлер):"))
    return rendered, list_keyboard(cards, _, label=_title)


def terms_screen(assistant: Assistant, _: Translate) -> Screen:
    terms = assistant.entries_of_kind(Kind.TERM)
    rendered = render_list(_("Терминдер мен анықтамалар (1-тарау, 2-тармақ):"))
    return rendered, list_keyboard(terms, _, label=_title)


def first_aid_screen(assistant: Assistant, _: Translate) -> Screen:
    rendered = render_list(_("Стандартта аталған жағдайлар – дәрігерге дейінгі көмек:"))
    rendered.add(_(EMERGENCY))
    return rendered, first_aid_keyboard(assistant.first_aid_conditions(), _)


def with_notice(notice: str, screen: Screen) -> Screen:
    """The same screen under a one-line notice ("«4.9» табылмады")."""
    rendered, markup = screen
    return Rendered([*Rendered().add(notice).blank().lines, *rendered.lines]), markup
