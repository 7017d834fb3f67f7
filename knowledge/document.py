"""The knowledge document: the whole standard as admins edit, export and import it.

The document mirrors the structure of order No. 146 (the order, chapter 1 with its terms,
the passport, the six profession cards) plus the search synonyms. Every model forbids
unknown fields, so a typo in an edited file is reported instead of silently dropped.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from knowledge.ids import FunctionRef
from knowledge.text_rules import control_character


def _storable(value: str) -> str:
    if (where := control_character(value)) is not None:
        raise ValueError(f"contains a control character ({where})")
    return value


PlainText = Annotated[str, AfterValidator(_storable)]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_storable)
]
Level = Annotated[str, StringConstraints(pattern=r"^[1-9]\.[1-9]$")]
FunctionKey = Annotated[str, StringConstraints(pattern=r"^[FA][1-9][0-9]?$")]
TaskKey = Annotated[str, StringConstraints(pattern=r"^T[1-9][0-9]?$")]
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]

SCHEMA_VERSION: Literal[1] = 1


class Strict(BaseModel):
    """Base for every part of the document: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NestedItem(Strict):
    """A numbered item that carries its own sub-items ("1) ...", "2) ...")."""

    text: Text
    items: list[Text] = Field(min_length=1)


Item = Text | NestedItem


def item_lines(item: Item) -> list[str]:
    """The item and its sub-items as plain lines, for text and indexing."""
    if isinstance(item, str):
        return [item]
    return [item.text, *item.items]


# --- the order -----------------------------------------------------------------------------


class Registration(Strict):
    authority: Text
    date: IsoDate
    number: Text


class OrderItem(Strict):
    number: int = Field(ge=1)
    text: Text
    items: list[Text] = []


class Signatory(Strict):
    position: Text
    name: Text


class Order(Strict):
    title: Text
    issuer: Text
    number: Text
    date: IsoDate
    registration: Registration
    heading: Text
    preamble: Text
    items: list[OrderItem] = Field(min_length=1)
    effective: Text
    signed_by: Signatory
    agreed_by: list[Text] = []


# --- chapter 1 and the passport ------------------------------------------------------------


class Chapter(Strict):
    number: int = Field(ge=1)
    title: Text


class StandardInfo(Strict):
    name: Text
    annex_heading: Text
    version: int = Field(ge=1)
    version_text: Text
    year: int = Field(ge=2000, le=2100)
    review_date: Text
    chapters: list[Chapter]
    purpose: Text


class Term(Strict):
    number: int = Field(ge=1)
    term: Text
    definition: Text


class PassportUser(Strict):
    number: int = Field(ge=1)
    who: Text
    role: Text


class PassportCard(Strict):
    level: Level
    annex: int = Field(ge=1)
    profession: Text
    text: Text


class Passport(Strict):
    name: Text
    goal: Text
    description: list[Text] = Field(min_length=1)
    groups: list[Text] = Field(min_length=1)
    users_intro: Text
    users: list[PassportUser] = Field(min_length=1)
    subgroups: list[Text] = Field(min_length=1)
    cards_intro: Text
    cards: list[PassportCard] = Field(min_length=1)


class Abbreviation(Strict):
    abbr: Text
    meaning: Text


# --- the profession cards ------------------------------------------------------------------


class Task(Strict):
    """A task (міндет) of a labour function, with its skills and knowledge."""

    id: TaskKey
    title: Text
    skills: list[Item] = Field(min_length=1)
    knowledge: list[Item] = Field(min_length=1)


class LabourFunction(Strict):
    """A labour function (еңбек функциясы): F1.. are mandatory, A1.. additional."""

    id: FunctionKey
    title: Text
    detail_title: Text | None = None
    tasks: list[Task] = Field(min_length=1)

    @property
    def mandatory(self) -> bool:
        return FunctionRef.parse(self.id).mandatory

    @property
    def number(self) -> int:
        return FunctionRef.parse(self.id).number


class RelatedLevels(Strict):
    levels: list[Level] = Field(min_length=1)
    profession: Text


class CatalogueReference(Strict):
    reference: Text
    item_number: int = Field(ge=1)
    item_title: Text


class Qualification(Strict):
    code: Text
    name: Text


class Specialty(Strict):
    code: Text
    name: Text
    qualifications: list[Qualification] = Field(min_length=1)


class EducationLinks(Strict):
    level: Text
    specialties: list[Specialty] = Field(min_length=1)


class Card(Strict):
    """One profession card (annexes 1-6): a qualification level of the profession."""

    level: Level
    annex: int = Field(ge=1)
    card_title: Text
    profession_code: Text | None = None
    group_code: Text
    profession_name: Text
    qualification_level: Level
    qualification_requirements: Text
    education_level: Text
    functions: list[LabourFunction] = Field(min_length=1)
    competencies: list[Text] = Field(min_length=1)
    related_levels: list[RelatedLevels] = []
    catalogue: CatalogueReference
    education: EducationLinks
    working_conditions: Text
    conditions_label: Text

    @model_validator(mode="before")
    @classmethod
    def _tasks_need_a_function(cls, data: Any) -> Any:
        if isinstance(data, dict) and "tasks" in data:
            raise ValueError(
                "a task without a labour function: tasks belong under functions[].tasks"
            )
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Card:
        if self.qualification_level != self.level:
            raise ValueError(
                f"qualification_level {self.qualification_level} differs from level {self.level}"
            )
        return self


# --- search vocabulary ---------------------------------------------------------------------


class SynonymGroup(Strict):
    """Words and phrases that mean the same thing to a user (Kazakh variants, Russian, Latin).

    The first phrase is the canonical one; a query containing any of the phrases also
    searches for the others.
    """

    phrases: list[Text] = Field(min_length=2)
    note: PlainText | None = None


class Alias(Strict):
    """Another way people ask for an entry («күйіп қалса не істеймін» for 4.1/F1/T2): search
    reads it as the entry's own words. Admins add them, e.g. from unanswered questions."""

    entry: Annotated[str, StringConstraints(pattern=r"^[a-z0-9./A-Z_-]{1,64}$")]
    phrase: Text


class Note(Strict):
    """Local guidance beside the standard: searched and shown like its entries, always with
    its own source, never presented as the standard's words."""

    number: int = Field(ge=1)
    title: Text
    text: Text
    source: Text
    level: Level | None = None
    """The card it concerns, if any."""


# --- the whole document --------------------------------------------------------------------


class KnowledgeDocument(Strict):
    """The whole knowledge base. Keys that must be unique (card levels, term numbers,
    function and task ids) are checked by `knowledge.loader`, which can say on which line
    the second one stands."""

    schema_version: Literal[1] = SCHEMA_VERSION
    based_on_version: int | None = Field(default=None, ge=1)
    """The version this document was exported from: importing it over newer work is
    refused unless forced. Not part of the content: versions are stored without it."""
    order: Order
    standard: StandardInfo
    terms_intro: Text
    terms: list[Term] = Field(min_length=1)
    passport: Passport
    abbreviations: list[Abbreviation] = []
    cards: list[Card] = Field(min_length=1)
    synonyms: list[SynonymGroup] = []
    aliases: list[Alias] = []
    notes: list[Note] = []

    def card(self, level: str) -> Card | None:
        return next((c for c in self.cards if c.level == level), None)

    def content(self) -> KnowledgeDocument:
        """The document without where it came from: what a version stores."""
        if self.based_on_version is None:
            return self
        return self.model_copy(update={"based_on_version": None})

    def exported_from(self, version_id: int) -> KnowledgeDocument:
        return self.model_copy(update={"based_on_version": version_id})
