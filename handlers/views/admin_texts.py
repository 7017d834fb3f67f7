"""What admins read in the chat, in their language: document problems with their place
in the file, and what a version changed. (The CLI keeps the loader's English.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from handlers.views.rendering import Rendered, Span, Style, cut
from handlers.views.texts import N_, Translate

if TYPE_CHECKING:
    from knowledge.loader import Problem
    from knowledge.preview import EntryChange
    from knowledge.records import Changes

SHOWN_CHANGES = 12
"""Entries a preview lists one by one; the rest are counted."""

PROBLEM_TEXTS: dict[str, str] = {
    "anchors and aliases (&name, *name) are not allowed": N_(
        "якорьлер мен сілтемелер (&name, *name) қолданылмайды"
    ),
    "nested deeper than {depth} levels": N_("{depth} деңгейден терең кірістірілген"),
    "nested too deeply to read": N_("тым терең кірістірілген, оқылмады"),
    "not valid YAML/JSON: {detail}": N_("YAML/JSON ретінде оқылмады: {detail}"),
    "expected a mapping with order, standard, cards, ...": N_(
        "order, standard, cards, ... өрістері бар құжат күтілді"
    ),
    (
        "this is a flat list of entries (the output of `kb export --format json`); "
        "import takes the knowledge document written by `kb export --format yaml`"
    ): N_("бұл жазбалар тізімі ғана; жүктеу үшін /export берген YAML құжатын өңдеп жіберіңіз"),
    "file is {size} bytes, larger than the limit of {limit}": N_(
        "файл {size} байт, шектеуден ({limit}) үлкен"
    ),
    "not UTF-8 text (byte {byte})": N_("UTF-8 мәтіні емес ({byte}-байт)"),
    "the file is empty": N_("файл бос"),
    "file not found": N_("файл табылмады"),
    "is a directory, not a file": N_("бұл файл емес, қалта"),
    "unknown field": N_("белгісіз өріс"),
    "required field is missing": N_("міндетті өріс жоқ"),
    "must not be empty": N_("бос болмауы керек"),
    "no entry {entry} in this document": N_("құжатта {entry} деген жазба жоқ"),
    "duplicate {field} {key} (first at [{first}])": N_(
        "{field} {key} қайталанады (алғашқысы: [{first}])"
    ),
}
"""The loader's message templates, by their English text, as the chat says them."""


def problem_line(problem: Problem, _: Translate) -> str:
    """`cards[0].title (12-жол): бос болмауы керек`."""
    template = PROBLEM_TEXTS.get(problem.template)
    message = _(template).format(**dict(problem.values)) if template else problem.message
    if problem.line:
        place = _("{where} ({line}-жол)").format(where=problem.where, line=problem.line)
    else:
        place = problem.where
    return f"{place}: {message}"


def changes_line(changes: Changes, _: Translate) -> str:
    """`+0 қосылды, −0 жойылды, ~2 өзгерді`, and the synonym groups when they changed."""
    line = _("+{added} қосылды, −{removed} жойылды, ~{changed} өзгерді").format(
        added=len(changes.added), removed=len(changes.removed), changed=len(changes.changed)
    )
    if changes.synonyms_changed:
        line += _(", синоним топтары: {before} → {after}").format(
            before=changes.synonyms_before, after=changes.synonyms_after
        )
    if changes.aliases_changed:
        line += _(", балама сұрақтар: {before} → {after}").format(
            before=changes.aliases_before, after=changes.aliases_after
        )
    return line


FIELD_NAMES = {"title": N_("атауы"), "text": N_("мәтіні"), "source": N_("дереккөзі"),
               "data": N_("құрылымы")}  # fmt: skip


def render_preview(
    what: str,
    changes: Changes,
    lines: Sequence[EntryChange],
    _: Translate,
    *,
    base_version: int,
    undoes: tuple[int, int] | None = None,
) -> Rendered:
    """What applying a proposal would change, for the admin to confirm or cancel."""
    rendered = Rendered()
    rendered.add(Span(_("🔎 Алдын ала қарау: {what}").format(what=what), Style.BOLD))
    rendered.add(
        Span(
            _("{version}-нұсқамен салыстырғанда: {changes}").format(
                version=base_version, changes=changes_line(changes, _)
            ),
            Style.ITALIC,
        )
    )
    if undoes is not None:
        rendered.blank()
        rendered.add(
            Span(
                _(
                    "⚠️ Бұл файл {based_on}-нұсқадан алынған: қолдансаңыз, {first}–{last} "
                    "нұсқалардағы өзгерістер жойылады."
                ).format(based_on=undoes[0], first=undoes[0] + 1, last=undoes[1]),
                Style.BOLD,
            )
        )
    rendered.blank()
    for change in lines[:SHOWN_CHANGES]:
        rendered.add(f"{change.sign} {change.id} «{cut(change.title, 60)}»")
        for field in change.fields:
            rendered.add(
                Span(
                    f"   {_(FIELD_NAMES[field.field])}: «{field.before}» → «{field.after}»",
                    Style.ITALIC,
                )
            )
    if len(lines) > SHOWN_CHANGES:
        rendered.add(_("… тағы {n} жазба").format(n=len(lines) - SHOWN_CHANGES))
    rendered.blank()
    rendered.add(_("Қолдану керек пе?"))
    return rendered


EDIT_TEXTS: dict[str, str] = {
    "give at least two words or phrases that mean the same": N_(
        "Бір мағыналы кемінде екі сөз не тіркес жазыңыз: /synonym add күйік ожог"
    ),
    "these are synonyms already": N_("Бұлар синоним болып тұр."),
    "no synonym group holds «{phrase}»": N_("«{phrase}» ешбір синоним тобында жоқ."),
    "no entry {entry}": N_("{entry} деген жазба жоқ. Мысалы: /alias 4.1/F1/T2 күйіп қалса"),
    "write the phrasing after the entry id": N_("Жазба нөмірінен кейін сұрақты жазыңыз."),
    "this phrasing is attached already": N_("Бұл сұрақ бұл жазбаға қосылып қойған."),
    "no such phrasing of {entry}": N_("{entry} жазбасында мұндай балама сұрақ жоқ."),
    "a note needs a title, a text and its source": N_(
        "Ескертпеге тақырып, мәтін және дереккөз керек: /note тақырып | мәтін | дереккөз"
    ),
    "no level {level}": N_("{level} деңгейі жоқ."),
    "no note {number}": N_("note/{number} ескертпесі жоқ."),
}
"""knowledge.edits' reasons, by their English text, as the chat says them."""
