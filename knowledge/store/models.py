"""SQLAlchemy models of the knowledge store.

`kb_version` keeps every imported document whole, so any version can be restored; `entry`,
`index_term` and `synonym` hold the active version in the shape search loads quickly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from knowledge.schema import META_TABLE, VERSION_TABLE

JsonValue = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JsonValue}


class KbVersion(Base):
    """One numbered version of the knowledge base: who changed what, and the whole document."""

    __tablename__ = VERSION_TABLE

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    source_name: Mapped[str] = mapped_column(Text, default="")
    checksum: Mapped[str] = mapped_column(String(64))
    changes: Mapped[dict[str, Any]] = mapped_column(JsonValue)
    document: Mapped[dict[str, Any]] = mapped_column(JsonValue, deferred=True)
    """The whole document (large): loaded only when asked for by name."""


class EntryRow(Base):
    """A searchable entry of the active version (see knowledge.entries.Entry)."""

    __tablename__ = "entry"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    level: Mapped[str | None] = mapped_column(String(8), index=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[str | None] = mapped_column(String(64), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[dict[str, Any]] = mapped_column(JsonValue)
    title_key: Mapped[str] = mapped_column(Text, default="")
    """The title as folded primary terms (knowledge.search.indexing.entry_key)."""
    sequence: Mapped[str] = mapped_column(Text, default="")
    """The entry's content words in order, as folded primary terms, space-separated."""
    version_id: Mapped[int] = mapped_column(ForeignKey("kb_version.id"))


class IndexTermRow(Base):
    """Analysed terms of an entry's fields: the inverted index, ready to load."""

    __tablename__ = "index_term"
    __table_args__ = (Index("ix_index_term_term", "term"),)

    entry_id: Mapped[str] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[str] = mapped_column(String(8), primary_key=True)
    term: Mapped[str] = mapped_column(String(128), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=1)


class SynonymRow(Base):
    """One phrase of a synonym group of the active version."""

    __tablename__ = "synonym"

    group_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    phrase: Mapped[str] = mapped_column(Text)


class FeedbackRow(Base):
    """A 👍/👎 on an answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    entry_id: Mapped[str] = mapped_column(String(64), index=True)
    query: Mapped[str] = mapped_column(Text, default="")
    user_key: Mapped[str] = mapped_column(String(64), default="")
    value: Mapped[int] = mapped_column(Integer)


class MissRow(Base):
    """A question nothing in the knowledge base answered, for admins to review."""

    __tablename__ = "miss"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    query: Mapped[str] = mapped_column(Text)
    user_key: Mapped[str] = mapped_column(String(64), default="")


class MetaRow(Base):
    """Small facts about the store: the analyser version of the index, the bundled checksum."""

    __tablename__ = META_TABLE

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ProposalRow(Base):
    """A change an admin has been shown but not yet confirmed: the whole document it would
    make active, and the version it was computed against (a confirmation after another
    version went live in between applies nothing)."""

    __tablename__ = "kb_proposal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    source_name: Mapped[str] = mapped_column(Text, default="")
    base_version: Mapped[int] = mapped_column(Integer)
    changes: Mapped[dict[str, Any]] = mapped_column(JsonValue)
    document: Mapped[dict[str, Any]] = mapped_column(JsonValue, deferred=True)


class QuestionRow(Base):
    """One question asked: for the admins' statistics, never who asked it (a keyed hash at
    most) and with personal data masked; deleted after the retention period."""

    __tablename__ = "question_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    chat_type: Mapped[str] = mapped_column(String(16))
    query: Mapped[str] = mapped_column(Text)
    top_entry: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    answered: Mapped[bool] = mapped_column(Boolean)
    user_key: Mapped[str] = mapped_column(String(64), default="")
