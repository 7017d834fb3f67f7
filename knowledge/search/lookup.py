"""Precise lookups by number: "4.2 деңгейдің 2-еңбек функциясы", "3-қосымша еңбек
функциясы", "1-міндет", "5-термин". The standard numbers its functions, tasks and terms; a
question that names a number wants that one, not whatever shares its words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.analysis.analyzer import AnalyzedToken
from knowledge.analysis.normalize import fold_russian_keyboard
from knowledge.analysis.tokenize import TokenType
from knowledge.ids import FunctionRef

_LABOUR = fold_russian_keyboard("еңбек")
_FUNCTION = fold_russian_keyboard("функци")
_ADDITIONAL = fold_russian_keyboard("қосымша")
_TASK = fold_russian_keyboard("міндет")
_TERM = tuple(fold_russian_keyboard(word) for word in ("термин", "ұғым", "анықтама"))


@dataclass(frozen=True, slots=True)
class Lookup:
    function: FunctionRef | None = None
    task: int | None = None
    term: int | None = None
    """The standard's numbered definitions (1-тарау, 2-тармақ): "5-термин"."""


def read_lookup(tokens: Sequence[AnalyzedToken]) -> Lookup | None:
    function: FunctionRef | None = None
    task: int | None = None
    term: int | None = None
    for index, token in enumerate(tokens):
        if token.type is not TokenType.NUMBER or not token.surface.isdigit():
            continue
        number = int(token.surface)
        following = [t.folded for t in tokens[index + 1 : index + 4]]
        if not 1 <= number <= 99 or not following:
            continue
        additional = following[0].startswith(_ADDITIONAL)
        rest = following[1:] if additional else following
        if len(rest) >= 2 and rest[0].startswith(_LABOUR) and rest[1].startswith(_FUNCTION):
            function = function or FunctionRef(not additional, number)
        elif rest and rest[0].startswith(_TASK) and not additional:
            task = task or number
        elif following[0].startswith(_TERM):
            term = term or number
    if function is None and task is None and term is None:
        return None
    return Lookup(function, task, term)
