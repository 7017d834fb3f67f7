"""Words and signs the views share: kind labels and icons, the emergency line.

Constants are marked with `N_` for the message catalogue and translated where shown.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.entries import Kind

Translate = Callable[[str], str]


def identity(text: str) -> str:
    return text


def N_(text: str) -> str:
    """Marks a constant for the message catalogue; it is translated where it is shown."""
    return text


KIND_LABELS: dict[Kind, str] = {
    Kind.STANDARD: N_("Стандарт"),
    Kind.TERM: N_("Термин"),
    Kind.CARD: N_("Кәсіп карточкасы"),
    Kind.FUNCTION: N_("Еңбек функциясы"),
    Kind.TASK: N_("Міндет"),
    Kind.REQUIREMENTS: N_("Біліктілік талаптары"),
    Kind.COMPETENCIES: N_("Жеке құзыреттер"),
    Kind.EDUCATION: N_("Білім беру жүйесі"),
    Kind.CONDITIONS: N_("Еңбек жағдайлары"),
    Kind.NOTE: N_("Жергілікті ескертпе"),
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
    Kind.NOTE: "📝",
}
EMERGENCY = N_("🚑 Шұғыл жағдайда 103 (жедел жәрдем) немесе 112 нөміріне қоңырау шалыңыз.")
SKILLS_NOT_STEPS = N_(
    "Стандарт нақты қадамдарды емес, қызметкер меңгеруі тиіс дағдыларды атайды; "
    "жедел жәрдем диспетчерінің нұсқауын орындаңыз."
)
SCOPE = N_(
    "Мен «Денсаулық сақтау саласындағы әлеуметтік жұмыскер» кәсіптік стандарты "
    "бойынша ғана жауап беремін: міндеттер, алғашқы көмек, біліктілік талаптары, "
    "жеке құзыреттер, терминдер."
)
