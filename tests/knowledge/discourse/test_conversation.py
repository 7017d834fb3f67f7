"""Follow-ups and a remembered level, read with the conversation so far."""

from __future__ import annotations

from knowledge.assistant import Answer, Assistant
from knowledge.discourse.conversation import Turn


def _talk(assistant: Assistant, *messages: str) -> list[tuple[Answer, Turn]]:
    turn: Turn | None = None
    out = []
    for message in messages:
        answer, turn = assistant.converse(message, turn)
        out.append((answer, turn))
    return out


def _best(answer: Answer) -> str | None:
    return answer.best.entry.id if answer.best else None


def test_a_stated_level_is_applied_and_shown(assistant: Assistant) -> None:
    (_, first), (answer, _) = _talk(assistant, "мен 4.1 деңгейдемін", "біліктілік талаптары қандай")
    assert first.level == "4.1"
    assert _best(answer) == "4.1/requirements" and answer.context_level == "4.1"


def test_a_follow_up_asks_the_last_question_at_its_level(assistant: Assistant) -> None:
    talk = _talk(assistant, "6.2 біліктілік талаптары", "ал 4.3 деңгейде ше?", "а для 4.2?")
    assert [_best(answer) for answer, _ in talk] == [
        "6.2/requirements", "4.3/requirements", "4.2/requirements",
    ]  # fmt: skip


def test_the_level_of_the_last_answer_carries_over(assistant: Assistant) -> None:
    talk = _talk(assistant, "4.3 жеке құзыреттері", "біліктілік талаптары")
    assert _best(talk[1][0]) == "4.3/requirements" and talk[1][0].context_level == "4.3"


def test_thanks_between_questions_changes_nothing(assistant: Assistant) -> None:
    talk = _talk(assistant, "мен 6.1 деңгейдемін", "рахмет", "жеке құзыреттер")
    assert talk[1][0].small_talk is not None and talk[1][1] == talk[0][1]
    assert _best(talk[2][0]) == "6.1/competencies"


def test_a_question_with_a_level_of_its_own_is_not_overridden(assistant: Assistant) -> None:
    talk = _talk(assistant, "мен 4.1 деңгейдемін", "6.3 білім беру мамандықтары")
    assert _best(talk[1][0]) == "6.3/education" and talk[1][0].context_level is None


def test_terms_are_not_pushed_to_a_level(assistant: Assistant) -> None:
    talk = _talk(assistant, "мен 4.2 деңгейдемін", "еңбек функциясы деген не")
    assert talk[1][0].best is not None and talk[1][0].best.entry.kind == "term"
