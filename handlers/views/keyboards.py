"""Inline keyboards and their callback data (every button packs within Telegram's 64 bytes:
aiogram's CallbackData.pack() checks it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.views.texts import KIND_ICONS, Translate
from knowledge.assistant import Assistant
from knowledge.entries import Entry, FunctionData, Kind
from knowledge.first_aid import Condition
from knowledge.search.ranking import Hit

BUTTON_CHARS = 48


class OpenEntry(CallbackData, prefix="e"):
    id: str


class Expand(CallbackData, prefix="x"):
    """«Толығырақ» / «Қысқаша»: the same message, whole or as a phone-screen summary."""

    id: str
    full: bool


class ProposalAction(CallbackData, prefix="p"):
    """An admin's answer to a preview: apply, apply for sure (after a warning), cancel."""

    id: int
    act: str


class Triage(CallbackData, prefix="t"):
    """An unanswered question (by one of its rows; `f`: a 👎 one) made a phrasing of
    entry `e`, or dismissed (`e` empty)."""

    m: int
    e: str
    f: bool = False


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


CHILD_ICON_KINDS = frozenset(
    {Kind.REQUIREMENTS, Kind.COMPETENCIES, Kind.EDUCATION, Kind.CONDITIONS}
)


def child_label(entry: Entry, _: Translate) -> str:
    if isinstance(entry.data, FunctionData):
        number = entry.data.number
        mark = f"{number}." if entry.data.mandatory else f"+{number}."
        return short(f"{mark} {entry.title}")
    if entry.kind is Kind.TASK:
        return short(_("{n}-міндет: {title}").format(n=entry.ref.task, title=entry.title))
    icon = KIND_ICONS[entry.kind] if entry.kind in CHILD_ICON_KINDS else "•"
    return short(f"{icon} {entry.title}")


class EntryKeyboards:
    """Keyboards of entries, with the rows that depend only on the entry cached.

    Buttons are pydantic models and costly to build; the children, other-level and
    navigation rows of an entry never change within one knowledge-base version and
    locale, so they are built once. The share and 👍/👎 row is built per answer.
    """

    def __init__(self, max_entries: int = 4096) -> None:
        self.max_entries = max_entries
        self._rows: dict[tuple[int | None, str, str], list[list[InlineKeyboardButton]]] = {}

    def _static_rows(
        self, entry: Entry, assistant: Assistant, _: Translate, locale: str
    ) -> list[list[InlineKeyboardButton]]:
        key = (assistant.version, locale, entry.id)
        rows = self._rows.get(key)
        if rows is None:
            if len(self._rows) >= self.max_entries:
                self._rows.clear()
            rows = self._rows[key] = _static_rows(entry, assistant, _)
        return rows

    def build(
        self,
        entry: Entry,
        assistant: Assistant,
        _: Translate,
        *,
        locale: str = "kk",
        alternatives: Sequence[Hit] = (),
        share_query: str | None = None,
        feedback: bool = False,
        expand: bool | None = None,
    ) -> InlineKeyboardMarkup:
        """«Толығырақ» (`expand` True) or «Қысқаша» (False) first, then children to walk
        into, close alternatives, other levels, up, menu, share, 👍/👎."""
        static = self._static_rows(entry, assistant, _, locale)
        children, levels_and_navigation = static[:-2], static[-2:]
        rows: list[list[InlineKeyboardButton]] = []
        if expand is not None:
            label = _("📖 Толығырақ") if expand else _("🔼 Қысқаша")
            rows.append([_button(label, Expand(id=entry.id, full=expand))])
        rows += children
        rows += [
            [_button("🔎 " + hit.entry.title, OpenEntry(id=hit.entry.id))] for hit in alternatives
        ]
        rows += [row for row in levels_and_navigation if row]
        bottom = [
            InlineKeyboardButton(
                text=_("↗️ Бөлісу"), switch_inline_query=short(share_query or entry.title, 60)
            )
        ]
        if feedback:
            bottom += [
                _button("👍", Vote(id=entry.id, up=True)),
                _button("👎", Vote(id=entry.id, up=False)),
            ]
        rows.append(bottom)
        return InlineKeyboardMarkup(inline_keyboard=rows)


def _static_rows(
    entry: Entry, assistant: Assistant, _: Translate
) -> list[list[InlineKeyboardButton]]:
    """Child rows, then the other-levels row (maybe empty), then the navigation row."""
    rows: list[list[InlineKeyboardButton]] = [
        [_button(child_label(child, _), OpenEntry(id=child.id))]
        for child in assistant.children(entry.id)
    ]
    others = assistant.at_other_levels(entry)
    rows.append([_button(str(other.level), OpenEntry(id=other.id)) for other in others])
    navigation = []
    lineage = assistant.lineage(entry)
    if lineage:
        parent = lineage[-1]
        label = parent.level if parent.kind is Kind.CARD else short(parent.title, 28)
        navigation.append(_button(f"⬆️ {label}", OpenEntry(id=parent.id)))
    navigation.append(_button(_("☰ Мәзір"), Menu(name="start")))
    rows.append(navigation)
    return rows


def entry_keyboard(
    entry: Entry,
    assistant: Assistant,
    _: Translate,
    *,
    alternatives: Sequence[Hit] = (),
    share_query: str | None = None,
    feedback: bool = False,
    expand: bool | None = None,
) -> InlineKeyboardMarkup:
    """An entry's keyboard without caching (tests, one-off uses)."""
    return EntryKeyboards().build(
        entry,
        assistant,
        _,
        alternatives=alternatives,
        share_query=share_query,
        feedback=feedback,
        expand=expand,
    )


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=short(text), callback_data=data.pack())


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


def proposal_keyboard(proposal_id: int, _: Translate, *, warn: bool) -> InlineKeyboardMarkup:
    """Apply / cancel; with `warn`, apply asks a second time before doing anything."""
    apply = _button(_("✅ Қолдану"), ProposalAction(id=proposal_id, act="ask" if warn else "apply"))
    cancel = _button(_("✖️ Бас тарту"), ProposalAction(id=proposal_id, act="cancel"))
    return InlineKeyboardMarkup(inline_keyboard=[[apply, cancel]])


def proposal_sure_keyboard(proposal_id: int, _: Translate) -> InlineKeyboardMarkup:
    sure = _button(_("⚠️ Иә, бәрібір қолдану"), ProposalAction(id=proposal_id, act="apply"))
    cancel = _button(_("✖️ Бас тарту"), ProposalAction(id=proposal_id, act="cancel"))
    return InlineKeyboardMarkup(inline_keyboard=[[sure], [cancel]])


def triage_keyboard(
    row_id: int, suggestions: Sequence[Entry], _: Translate, *, disliked: bool = False
) -> InlineKeyboardMarkup:
    """One button per suggested entry (attach the question to it), then dismiss."""
    rows = [
        [_button(f"➕ {entry.id}: {entry.title}", Triage(m=row_id, e=entry.id, f=disliked))]
        for entry in suggestions
    ]
    rows.append([_button(_("✖️ Тізімнен алу"), Triage(m=row_id, e="", f=disliked))])
    return InlineKeyboardMarkup(inline_keyboard=rows)
