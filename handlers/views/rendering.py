"""Entries and answers as text for a small screen: Telegram HTML or plain text.

A rendered message is a list of lines, each a list of spans (plain, bold, italic).
Formatting never crosses a line, so a long message can be split at any line boundary
without breaking a tag, and every piece of knowledge-base text is escaped exactly once.
UI wording goes through `_` (gettext); knowledge-base text is shown as the standard says it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from handlers.views.texts import (
    EMERGENCY,
    KIND_ICONS,
    KIND_LABELS,
    SCOPE,
    SKILLS_NOT_STEPS,
    Translate,
)
from handlers.views.texts import identity as _identity
from knowledge.assistant import Answer
from knowledge.discourse.declines import Decline
from knowledge.discourse.reader import SmallTalk
from knowledge.entries import Entry, Item, Kind, numbered_lines
from knowledge.first_aid import Condition, is_first_aid
from knowledge.search.highlight import passages

TELEGRAM_LIMIT = 4000
"""Telegram allows 4,096 characters a message, counted in UTF-16 units (an emoji counts
twice); parts are kept under 4,000 characters of HTML to stay clear of it."""


class Style(StrEnum):
    PLAIN = "plain"
    BOLD = "b"
    ITALIC = "i"


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: Style = Style.PLAIN


@dataclass(slots=True)
class Rendered:
    lines: list[list[Span]] = field(default_factory=list)
    shortened: bool = False
    """Lines were left out or cut to fit a phone screen: the whole entry is one tap away."""

    def add(self, *spans: Span | str) -> Rendered:
        self.lines.append([s if isinstance(s, Span) else Span(s) for s in spans])
        return self

    def blank(self) -> Rendered:
        if self.lines and self.lines[-1]:
            self.lines.append([])
        return self

    def html_lines(self) -> list[str]:
        out = []
        for line in self.lines:
            parts = []
            for span in line:
                text = html.escape(span.text, quote=False)
                if span.style is Style.PLAIN:
                    parts.append(text)
                else:
                    parts.append(f"<{span.style}>{text}</{span.style}>")
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

    A single line longer than the limit is cut at spaces; rendered HTML never has such a
    line (knowledge-base lines are short), so this only ever cuts plain text.
    """
    chunks: list[str] = []
    current = ""
    for line in lines:
        for piece in _cut_long_line(line, limit) if len(line) > limit else [line]:
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
                continue
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


def breadcrumb(entry: Entry, _: Translate = _identity) -> str:
    """'4.2 деңгей › 1-еңбек функциясы › 3-міндет' for a task, shorter for others."""
    return " › ".join(_breadcrumb_parts(entry, _))


def _breadcrumb_parts(entry: Entry, _: Translate) -> list[str]:
    if entry.level is None:
        if entry.kind is Kind.NOTE:
            return [_("Жергілікті ескертпелер (стандарттан тыс)")]
        return [_("Терминдер") if entry.kind is Kind.TERM else _("Стандарт")]
    ref = entry.ref
    parts = [_("{level} деңгей").format(level=entry.level)]
    if ref.function is not None:
        if ref.function.mandatory:
            parts.append(_("{n}-еңбек функциясы").format(n=ref.function.number))
        else:
            parts.append(_("{n}-қосымша еңбек функциясы").format(n=ref.function.number))
    if ref.task is not None:
        parts.append(_("{n}-міндет").format(n=ref.task))
    elif entry.kind not in (Kind.CARD, Kind.FUNCTION):
        parts.append(_(KIND_LABELS[entry.kind]))
    return parts


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _header(rendered: Rendered, entry: Entry, _: Translate) -> None:
    """What it is, once, and where it sits, without saying the title again."""
    icon = KIND_ICONS.get(entry.kind, "")
    label = _(KIND_LABELS[entry.kind])
    if _same(label, entry.title):
        rendered.add(Span(f"{icon} "), Span(entry.title, Style.BOLD))
    else:
        rendered.add(Span(f"{icon} {label}: "), Span(entry.title, Style.BOLD))
    parts = [p for p in _breadcrumb_parts(entry, _) if not _same(p, entry.title)]
    if parts and not (entry.level is None and len(parts) == 1 and _same(parts[0], label)):
        rendered.add(Span(" › ".join(parts), Style.ITALIC))


def _first_aid_head(rendered: Rendered, entry: Entry, _: Translate) -> None:
    if is_first_aid(entry):
        rendered.add(Span(_(EMERGENCY), Style.BOLD))
        rendered.add(Span(_(SKILLS_NOT_STEPS), Style.ITALIC))
        rendered.blank()


def _source(rendered: Rendered, entry: Entry, _: Translate) -> None:
    rendered.add(Span(_("Дереккөз: {source}").format(source=entry.source), Style.ITALIC))


def _numbered(rendered: Rendered, items: Iterable[Item]) -> None:
    for line in numbered_lines(items):
        rendered.add(line)


def render_entry(entry: Entry, _: Translate = _identity) -> Rendered:
    """The whole entry: the emergency line first for first aid, header, breadcrumb, body,
    source."""
    rendered = Rendered()
    _first_aid_head(rendered, entry, _)
    _header(rendered, entry, _)
    rendered.blank()
    if entry.skills:
        rendered.add(Span(_("Біліктілік пен дағдылар:"), Style.BOLD))
        _numbered(rendered, entry.skills)
        rendered.add(Span(_("Білім:"), Style.BOLD))
        _numbered(rendered, entry.knowledge)
    else:
        for line in entry.text.splitlines():
            rendered.add(line)
    rendered.blank()
    _source(rendered, entry, _)
    return rendered


SUMMARY_CHARS = 700
"""Visible characters of a first answer: about one phone screen (some 12 lines)."""
LINE_CHARS = 220
"""A longer line of a summary is cut at a word and ends with "…"."""


def cut(text: str, limit: int = LINE_CHARS) -> str:
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit - 1)
    return text[: space if space > limit // 2 else limit - 1].rstrip(" ,;:") + "…"


def _visible(rendered: Rendered) -> int:
    return len(rendered.plain())


def render_summary(
    entry: Entry,
    _: Translate = _identity,
    *,
    focus: Sequence[int] = (),
    room: int = SUMMARY_CHARS,
) -> Rendered:
    """The entry in one phone screen: what and where, the lines the question is about
    first (marked ▸), then as much of the rest as fits, and the source. `shortened` says
    whether anything was left out."""
    head, tail = Rendered(), Rendered()
    _first_aid_head(head, entry, _)
    _header(head, entry, _)
    head.blank()
    _source(tail, entry, _)
    budget = room - _visible(head) - _visible(tail) - 2
    body = _task_body(entry, focus, _) if entry.skills else _text_body(entry)
    rendered = Rendered(list(head.lines))
    shortened = False
    for line, complete in body:
        text = "".join(span.text for span in line)
        if len(text) + 1 > budget:
            shortened = True
            break
        rendered.lines.append(line)
        budget -= len(text) + 1
        shortened = shortened or not complete
    else:
        shortened = shortened or len(body) < _body_size(entry)
    rendered.blank()
    rendered.lines.extend(tail.lines)
    rendered.shortened = shortened
    return rendered


def _body_size(entry: Entry) -> int:
    if entry.skills:
        return len(passages(entry)) + 2  # the passages and the two section headings
    return len(entry.text.splitlines())


def _text_body(entry: Entry) -> list[tuple[list[Span], bool]]:
    lines = entry.text.splitlines()
    return [([Span(cut(line))], len(line) <= LINE_CHARS) for line in lines]


def _task_body(entry: Entry, focus: Sequence[int], _: Translate) -> list[tuple[list[Span], bool]]:
    """The asked passages first, marked; without a question, the first of each section."""
    found = passages(entry)
    chosen = [i for i in focus if 0 <= i < len(found)]
    if not chosen:
        chosen = [
            next(i for i, p in enumerate(found) if p.section == section)
            for section in ("skills", "knowledge")
            if any(p.section == section for p in found)
        ]
    mark = "▸ " if focus else ""
    headings = {"skills": _("Біліктілік пен дағдылар:"), "knowledge": _("Білім:")}
    out: list[tuple[list[Span], bool]] = []
    for section in ("skills", "knowledge"):
        picked = [found[i] for i in chosen if found[i].section == section]
        if not picked:
            continue
        out.append(([Span(headings[section], Style.BOLD)], True))
        for passage in picked:
            text = f"{mark}{passage.label} {passage.text}"
            out.append(([Span(cut(text))], len(text) <= LINE_CHARS))
    return out


def render_not_found(_: Translate = _identity) -> Rendered:
    rendered = Rendered()
    rendered.add(_("😔 Кешіріңіз, білім қорынан бұл сұраққа жауап таппадым."))
    rendered.add(_(SCOPE))
    rendered.blank()
    rendered.add(_("Мысалы: «4.2 деңгейдің міндеттері» немесе «күйікке алғашқы көмек»."))
    return rendered


def render_small_talk(kind: SmallTalk, _: Translate = _identity) -> Rendered:
    """A human reply to a greeting, thanks or "who are you", never the apology."""
    if kind is SmallTalk.THANKS:
        return Rendered().add(_("Оқасы жоқ! Тағы сұрақ болса, жаза беріңіз."))
    if kind is SmallTalk.IDENTITY:
        rendered = Rendered()
        rendered.add(Span(_("Мен – Көмекші, бағдарлама-бот, адам емеспін."), Style.BOLD))
        rendered.add(_(SCOPE))
        return rendered
    if kind is SmallTalk.QUESTION_COMING:
        return Rendered().add(_("Иә, тыңдап тұрмын: сұрағыңызды жаза беріңіз."))
    if kind is SmallTalk.NO_WORDS:
        rendered = Rendered().add(_("Хабарламада сөз жоқ. Сұрағыңызды сөзбен жазыңыз."))
        rendered.add(_("Мысалы: «4.2 деңгейдің міндеттері» немесе «күйікке алғашқы көмек»."))
        return rendered
    return render_start(_)


def render_small_talk_in_group(kind: SmallTalk, _: Translate = _identity) -> Rendered:
    """In a group, one short line: the chat is not the bot's."""
    if kind is SmallTalk.THANKS:
        return Rendered().add(_("Оқасы жоқ!"))
    if kind is SmallTalk.IDENTITY:
        return Rendered().add(_("Мен – Көмекші, бағдарлама-бот, адам емеспін."))
    if kind in (SmallTalk.QUESTION_COMING, SmallTalk.NO_WORDS):
        return Rendered().add(_("Сұрағыңызды /q арқылы сөзбен жазыңыз."))
    return Rendered().add(_("Сәлеметсіз бе! Сұрағыңызды /q арқылы жазыңыз."))


def render_declined(reason: Decline, _: Translate = _identity) -> Rendered:
    """One honest line on what the standard does not hold, and where to ask instead."""
    rendered = Rendered()
    if reason is Decline.MEDICAL:
        rendered.add(
            _(
                "💊 Дәрі мөлшерін және диагнозды тек дәрігер анықтайды: дәрігерге "
                "хабарласыңыз, шұғыл жағдайда 103 нөміріне қоңырау шалыңыз."
            )
        )
    elif reason is Decline.STUDIES:
        rendered.add(
            _(
                "🎓 Стандартта оқуға түсу, емтихан және оқу орындары туралы мәлімет жоқ: оны "
                "оқу орнының өзінен біліңіз. Стандарт лауазымға қандай білім керегін ғана айтады."
            )
        )
    elif reason is Decline.CONTACT:
        rendered.add(
            _(
                "☎️ Стандартта телефон нөмірлері мен мекенжайлар жоқ: оларды ұйымның өзінен "
                "немесе ресми сайтынан біліңіз."
            )
        )
    else:
        rendered.add(
            _(
                "💼 Стандартта жалақы, демалыс күндері, жас не баға сияқты нақты сандар жоқ: "
                "бұл туралы жұмыс берушіңізден немесе кадр бөлімінен сұраңыз."
            )
        )
    rendered.add(_(SCOPE))
    return rendered


def render_answer(
    answer: Answer, _: Translate = _identity, *, focus: Sequence[int] = (), full: bool = False
) -> Rendered:
    """The best entry (a phone-screen summary, or `full`), or an honest "not found". A
    message read as an emergency always begins with the 103/112 line."""
    best = answer.best
    note: list[Span] = []
    if answer.context_level is not None and best is not None:
        text = _("📌 {level} деңгей бойынша (басқа деңгей керек болса, оны жазыңыз: «4.2»)")
        note = [Span(text.format(level=answer.context_level), Style.ITALIC)]
    alarm = answer.emergency is not None and not (best and is_first_aid(best.entry))
    room = SUMMARY_CHARS - len("".join(s.text for s in note)) - 1
    if alarm:
        room -= len(_(EMERGENCY)) + 2
    rendered = _render_answer_body(answer, _, focus, full, room)
    if note:
        at = _after_emergency(rendered, _)
        rendered.lines[at:at] = [note]
    if alarm:
        rendered.lines[:0] = [[Span(_(EMERGENCY), Style.BOLD)], []]
    return rendered


def _after_emergency(rendered: Rendered, _: Translate) -> int:
    """Where a note may go without pushing the 103/112 line off the top: after the
    first-aid lines when the answer starts with them, else first."""
    if not rendered.lines or rendered.lines[0] != [Span(_(EMERGENCY), Style.BOLD)]:
        return 0
    return next((i + 1 for i, line in enumerate(rendered.lines) if not line), 0)


def _render_answer_body(
    answer: Answer, _: Translate, focus: Sequence[int], full: bool, room: int
) -> Rendered:
    if answer.small_talk is not None:
        return render_small_talk(answer.small_talk, _)
    if answer.declined is not None:
        return render_declined(answer.declined, _)
    best = answer.best
    if best is None:
        return render_not_found(_)
    if not full:
        return render_summary(best.entry, _, focus=focus, room=room)
    rendered = render_entry(best.entry, _)
    alternatives = answer.close_alternatives()
    if alternatives:
        rendered.blank()
        rendered.add(Span(_("Мүмкін, сіз мынаны іздедіңіз:"), Style.BOLD))
        for hit in alternatives:
            rendered.add(f"• {hit.entry.title} ({breadcrumb(hit.entry, _)})")
    return rendered


# --- menus -------------------------------------------------------------------------------


def render_start(_: Translate = _identity) -> Rendered:
    rendered = Rendered()
    rendered.add(Span(_("Сәлеметсіз бе! Мен – Көмекші."), Style.BOLD))
    rendered.add(
        _(
            "Денсаулық сақтау саласындағы әлеуметтік жұмыскердің кәсіптік стандарты "
            "(ҚР ДСМ 2023 жылғы 23 тамыздағы № 146 бұйрығы) бойынша жауап беремін."
        )
    )
    rendered.add(
        _(
            "Сұрағыңызды жай жазыңыз, мысалы: «күйікке алғашқы көмек» "
            "немесе «6.2 біліктілік талаптары»."
        )
    )
    return rendered


def render_help(_: Translate = _identity, *, admin: bool = False) -> Rendered:
    rendered = Rendered()
    rendered.add(Span(_("Қалай сұрау керек"), Style.BOLD))
    rendered.add(
        _("• Сұрақты өз сөзіңізбен жазыңыз: «4.1 деңгейдің міндеттері», «ожог», «СБШ деген не».")
    )
    rendered.add(_("• Деңгейді көрсетсеңіз (4.1–4.3, 6.1–6.3), жауап сол карточкадан келеді."))
    rendered.add(_("• Орыс пернетақтасымен немесе латынша жазсаңыз да түсінемін."))
    rendered.blank()
    rendered.add(Span(_("Командалар"), Style.BOLD))
    rendered.add(_("/levels – кәсіп карточкалары (деңгейлер)"))
    rendered.add(_("/card 4.2 – карточканы ашу; /card 4.2/F1/T3 – нақты міндет"))
    rendered.add(_("/firstaid – стандартта аталған алғашқы көмек жағдайлары"))
    rendered.add(_("/terms – терминдер мен анықтамалар"))
    rendered.add(_("/lang – интерфейс тілі"))
    rendered.add(_("Топта: /q сұрақ, /card 4.2 немесе ботты атап жазыңыз."))
    if admin:
        rendered.blank()
        rendered.add(Span(_("Әкімшіге"), Style.BOLD))
        rendered.add(_("/export – білім қорын файлмен алу; өңделген файлды қайта жіберсеңіз, "
                       "алдын ала қарау шығады, содан кейін қолданасыз"))  # fmt: skip
        rendered.add(_("/history – нұсқалар; /rollback 3 – 3-нұсқаны қайтару (алдын ала қараумен)"))
        rendered.add(_("/misses – жауап табылмаған сұрақтар"))
        rendered.add(_("/unanswered – оларды саралау: жазбаға балама сұрақ ету не тізімнен алу"))
        rendered.add(_("/synonym add күйік ожог, /synonym remove ожог, /synonyms – синонимдер"))
        rendered.add(_("/alias 4.1/F1/T2 күйіп қалса не істеймін – жазбаға балама сұрақ"))
        rendered.add(_("/selftest – әр атау мен балама сұрақ өз жазбасын таба ма"))
        rendered.add(_("/stats – 30 күннің сұрақтары мен жауаптары (сурет)"))
        rendered.add(_("/note [4.1 |] тақырып | мәтін | дереккөз – жергілікті ескертпе; "
                       "/note remove 3"))  # fmt: skip
    return rendered


def render_list(title: str, _: Translate = _identity) -> Rendered:
    return Rendered().add(Span(title, Style.BOLD))


def render_condition(condition: Condition, entry: Entry, _: Translate = _identity) -> Rendered:
    rendered = Rendered()
    rendered.add(
        Span(
            _("🚑 «{name}» стандартта мына міндетте аталады:").format(name=condition.name),
            Style.BOLD,
        )
    )
    rendered.blank()
    summary = render_summary(entry, _)
    rendered.lines.extend(summary.lines)
    rendered.shortened = summary.shortened
    return rendered
