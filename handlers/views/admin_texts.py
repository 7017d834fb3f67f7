"""What admins read in the chat, in their language: document problems with their place
in the file, and what a version changed. (The CLI keeps the loader's English.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.views.texts import N_, Translate

if TYPE_CHECKING:
    from knowledge.loader import Problem
    from knowledge.records import Changes

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
    return line
