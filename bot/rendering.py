"""Entries and answers as text for a small screen: Telegram HTML or plain text.

A rendered message is a list of lines, each line a list of spans (plain, bold, italic).
Formatting never crosses a line, so a long message can be split at any line boundary
without breaking a tag, and every piece of knowledge-base text is escaped exactly once.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from knowledge.assistant import Answer, Assistant
from knowledge.entries import Entry, Kind

TELEGRAM_LIMIT = 4096
Translate = Callable[[str], str]


def _identity(text: str) -> str:
    return text


class Style(StrEnum):
    PLAIN = "plain"
    BOLD = "b"
    ITALIC = "i"


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: Style = Style.PLAIN


@dataclass(slots=True)
class Message:
    lines: list[list[Span]] = field(default_factory=list)

    def add(self, *spans: Span | str) -> Message:
        self.lines.append([s if isinstance(s, Span) else Span(s) for s in spans])
        return self

    def blank(self) -> Message:
        if self.lines and self.lines[-1]:
            self.lines.append([])
        return self

    def extend(self, other: Message) -> Message:
        self.lines.extend(other.lines)
        return self

    def html_lines(self) -> list[str]:
        out = []
        for line in self.lines:
            parts = []
            for span in line:
                text = html.escape(span.text, quote=False)
                parts.append(
                    text if span.style is Style.PLAIN else f"<{span.style}>{text}</{span.style}>"
                )
            out.append("".join(parts))
        return out

    def plain_lines(self) -> list[str]:
        return ["".join(span.text for span in line) for line in self.lines]

    def html(self) -> str:
        return "\n".join(self.html_lines()).strip()

    def plain(self) -> str:
        return "\n".join(self.plain_lines()).strip()


def split_for_telegram(lines: Iterable[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Join lines into messages of at most `limit` characters, breaking only between lines.

    A single line longer than the limit (never produced by the renderers for HTML) is cut
    at spaces; that only happens to plain text.
    """
    chunks: list[str] = []
    current = ""
    for line in lines:
        pieces = [line]
        if len(line) > limit:
            pieces = _cut_long_line(line, limit)
        for piece in pieces:
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                if current.strip():
                    chunks.append(current.strip("\n"))
                current = piece
    if current.strip():
        chunks.append(current.strip("\n"))
    return chunks


def _cut_long_line(line: str, limit: int) -> list[str]:
    pieces = []
    while len(line) > limit:
        cut = line.rfind(" ", 0, limit)
        cut = cut if cut > limit // 2 else limit
        pieces.append(line[:cut])
        line = line[cut:].lstrip()
    pieces.append(line)
    return pieces


# --- entries -----------------------------------------------------------------------------

KIND_LABELS: dict[Kind, str] = {
    Kind.STANDARD: "Стандарт",
    Kind.TERM: "Термин",
    Kind.CARD: "Кәсіп карточкасы",
    Kind.FUNCTION: "Еңбек функциясы",
    Kind.TASK: "Міндет",
    Kind.REQUIREMENTS: "Біліктілік талаптары",
    Kind.COMPETENCIES: "Жеке құзыреттер",
    Kind.EDUCATION: "Білім беру жүйесі",
    Kind.CONDITIONS: "Еңбек жағдайлары",
}
KIND_ICONS: dict[Kind, str] = {
    Kind.STANDARD: "📜",
    Kind.TERM: "📖",
    Kind.CARD: "🗂",
    Kind.FUNCTION: "🧩",
    Kind.TASK: "✅",
    Kind.REQUIREMENTS: "🎓",
    Kind.COMPETENCIES: "🤝",
    Kind.EDUCATION: "🏫",
    Kind.CONDITIONS: "⚖️",
}


def is_first_aid(entry: Entry) -> bool:
    return entry.kind is Kind.TASK and "дәрігерге дейінгі" in entry.title.lower()


def breadcrumb(entry: Entry, assistant: Assistant, _: Translate = _identity) -> str:
    """ "4.2 деңгей › 1-еңбек функциясы › 3-міндет" for a task, shorter for others."""
    if entry.level is None:
        return _("Терминдер") if entry.kind is Kind.TERM else _("Стандарт")
    parts = [_("{level} деңгей").format(level=entry.level)]
    function_key = entry.data.get("function") if isinstance(entry.data, dict) else None
    if function_key:
        number = int(function_key[1:])
        parts.append(
            _("{n}-еңбек функциясы").format(n=number)
            if function_key.startswith("F")
            else _("{n}-қосымша еңбек функциясы").format(n=number)
        )
    if entry.kind is Kind.TASK:
        parts.append(_("{n}-міндет").format(n=int(entry.id.rsplit("/T", 1)[1])))
    elif entry.kind not in (Kind.CARD, Kind.FUNCTION):
        parts.append(_(KIND_LABELS[entry.kind]))
    return " › ".join(parts)


def _numbered(message: Message, items: Iterable[object]) -> None:
    for number, item in enumerate(items, 1):
        if isinstance(item, dict):
            message.add(f"{number}. {item['text']}")
            for sub_number, sub in enumerate(item.get("items", []), 1):
                message.add(f"   {sub_number}) {sub}")
        else:
            message.add(f"{number}. {item}")


def render_entry(entry: Entry, assistant: Assistant, _: Translate = _identity) -> Message:
    """The whole entry: header, breadcrumb, body, emergency notice, source."""
    message = Message()
    icon = KIND_ICONS.get(entry.kind, "")
    message.add(
        Span(f"{icon} {_(KIND_LABELS[entry.kind])}: ".lstrip()), Span(entry.title, Style.BOLD)
    )
    message.add(Span(breadcrumb(entry, assistant, _), Style.ITALIC))
    message.blank()
    if entry.kind is Kind.TASK and entry.data.get("skills"):
        message.add(Span(_("Біліктілік пен дағдылар:"), Style.BOLD))
        _numbered(message, entry.data["skills"])
        message.add(Span(_("Білім:"), Style.BOLD))
        _numbered(message, entry.data.get("knowledge", []))
    else:
        for line in entry.text.splitlines():
            message.add(line)
    message.blank()
    if is_first_aid(entry):
        message.add(_("🚑 Шұғыл жағдайда 103 (жедел жәрдем) немесе 112 нөміріне қоңырау шалыңыз."))
    message.add(Span(_("Дереккөз: {source}").format(source=entry.source), Style.ITALIC))
    return message


def render_not_found(query: str, _: Translate = _identity) -> Message:
    message = Message()
    message.add(_("😔 Кешіріңіз, білім қорынан бұл сұраққа жауап таппадым."))
    message.add(
        _(
            "Мен тек «Денсаулық сақтау саласындағы әлеуметтік жұмыскер» кәсіптік "
            "стандарты бойынша жауап беремін: міндеттер, алғашқы көмек, біліктілік "
            "талаптары, терминдер."
        )
    )
    message.blank()
    message.add(_("Мысалы: «4.2 деңгейдің міндеттері» немесе «күйікке алғашқы көмек»."))
    return message


def render_answer(answer: Answer, assistant: Assistant, _: Translate = _identity) -> Message:
    """The best entry, or an honest "not found"; alternatives listed by title."""
    best = answer.best
    if best is None:
        return render_not_found(answer.query, _)
    message = render_entry(best.entry, assistant, _)
    alternatives = answer.close_alternatives()
    if alternatives:
        message.blank()
        message.add(Span(_("Мүмкін, сіз мынаны іздедіңіз:"), Style.BOLD))
        for hit in alternatives:
            message.add(f"• {hit.entry.title} ({breadcrumb(hit.entry, assistant, _)})")
    return message
