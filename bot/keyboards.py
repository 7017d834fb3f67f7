"""Inline keyboards and their callback data (every button packs within Telegram's 64 bytes:
aiogram's CallbackData.pack() checks it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from knowledge.assistant import Assistant
from knowledge.entries import Entry, Kind
from knowledge.first_aid import Condition
from knowledge.search.ranking import Hit

Translate = Callable[[str], str]
BUTTON_CHARS = 48


class OpenEntry(CallbackData, prefix="e"):
    id: str


class Vote(CallbackData, prefix="v"):
    id: str
    up: bool


class FirstAidItem(CallbackData, prefix="a"):
    n: int


class Menu(CallbackData, prefix="m"):
    name: str
    """levels, terms, firstaid, help"""


class Language(CallbackData, prefix="l"):
    code: str


def short(text: str, limit: int = BUTTON_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


PART_ICONS = {
    Kind.REQUIREMENTS: "🎓",
    Kind.COMPETENCIES: "🤝",
    Kind.EDUCATION: "🏫",
    Kind.CONDITIONS: "⚖️",
}


def child_label(entry: Entry, _: Translate) -> str:
    if entry.kind is Kind.FUNCTION:
        number = entry.data.get("number", "")
        mark = f"{number}." if entry.data.get("mandatory", True) else f"+{number}."
        return short(f"{mark} {entry.title}")
    if entry.kind is Kind.TASK:
        return short(
            _("{n}-міндет: {title}").format(n=entry.id.rsplit("/T", 1)[1], title=entry.title)
        )
    icon = PART_ICONS.get(entry.kind, "•")
    return short(f"{icon} {entry.title}")


def entry_keyboard(
    entry: Entry,
    assistant: Assistant,
    _: Translate,
    *,
    alternatives: Sequence[Hit] = (),
    share_query: str | None = None,
    feedback: bool = False,
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for child in assistant.children(entry.id):
        builder.row(
            InlineKeyboardButton(
                text=child_label(child, _), callback_data=OpenEntry(id=child.id).pack()
            )
        )
    for hit in alternatives:
        builder.row(
            InlineKeyboardButton(
                text=short("🔎 " + hit.entry.title), callback_data=OpenEntry(id=hit.entry.id).pack()
            )
        )
    others = assistant.at_other_levels(entry)
    if others:
        builder.row(
            *(
                InlineKeyboardButton(
                    text=f"{other.level}", callback_data=OpenEntry(id=other.id).pack()
                )
                for other in others
            )
        )
    navigation = []
    lineage = assistant.lineage(entry)
    if lineage:
        parent = lineage[-1]
        label = parent.level if parent.kind is Kind.CARD else short(parent.title, 28)
        navigation.append(
            InlineKeyboardButton(text=f"⬆️ {label}", callback_data=OpenEntry(id=parent.id).pack())
        )
    navigation.append(
        InlineKeyboardButton(text=_("☰ Мәзір"), callback_data=Menu(name="start").pack())
    )
    builder.row(*navigation)
    bottom = [
        InlineKeyboardButton(
            text=_("↗️ Бөлісу"), switch_inline_query=short(share_query or entry.title, 60)
        )
    ]
    if feedback:
        bottom += [
            InlineKeyboardButton(text="👍", callback_data=Vote(id=entry.id, up=True).pack()),
            InlineKeyboardButton(text="👎", callback_data=Vote(id=entry.id, up=False).pack()),
        ]
    builder.row(*bottom)
    return builder.as_markup()


def menu_keyboard(_: Translate) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.row(
        InlineKeyboardButton(text=_("🗂 Деңгейлер"), callback_data=Menu(name="levels").pack()),
        InlineKeyboardButton(
            text=_("🚑 Алғашқы көмек"), callback_data=Menu(name="firstaid").pack()
        ),
    )
    builder.row(
        InlineKeyboardButton(text=_("📖 Терминдер"), callback_data=Menu(name="terms").pack()),
        InlineKeyboardButton(text=_("❓ Қалай сұраймын"), callback_data=Menu(name="help").pack()),
    )
    return builder.as_markup()


def list_keyboard(
    entries: Sequence[Entry], _: Translate, *, label: Callable[[Entry], str]
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for entry in entries:
        builder.row(
            InlineKeyboardButton(
                text=short(label(entry)), callback_data=OpenEntry(id=entry.id).pack()
            )
        )
    builder.row(InlineKeyboardButton(text=_("☰ Мәзір"), callback_data=Menu(name="start").pack()))
    return builder.as_markup()


def first_aid_keyboard(conditions: Sequence[Condition], _: Translate) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for condition in conditions:
        builder.button(
            text=short(condition.name, 30), callback_data=FirstAidItem(n=condition.number)
        )
    builder.adjust(2)
    builder.row(InlineKeyboardButton(text=_("☰ Мәзір"), callback_data=Menu(name="start").pack()))
    return builder.as_markup()


def language_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="Қазақша", callback_data=Language(code="kk"))
    builder.button(text="Русский", callback_data=Language(code="ru"))
    return builder.as_markup()


def open_in_bot_keyboard(url: str, _: Translate) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=_("🤖 Ботта ашу"), url=url)]]
    )
