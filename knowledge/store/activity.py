"""What users did: the question log, unanswered questions and 👍/👎, for the admins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge.privacy import mask_personal_data
from knowledge.records import DayStats, FeedbackRecord, MissRecord, MissSummary, QuestionRecord
from knowledge.store.models import FeedbackRow, MissRow, QuestionRow
from knowledge.store.queries import utc
from knowledge.text_rules import label

MAX_QUERY_CHARS = 1000


def _storable(query: str) -> str:
    return label(mask_personal_data(query), MAX_QUERY_CHARS)


def _normalised(query: str) -> str:
    """What the log keeps of a question: masked, lower-case, one space between words."""
    return " ".join(_storable(query).casefold().split())


async def _asked_before(session: AsyncSession, vote: FeedbackRecord, now: datetime) -> str:
    """The question a 👎 was about: the same user's latest question answered with that
    entry in the last day (the vote's button cannot carry the question itself)."""
    query = await session.scalar(
        select(QuestionRow.query)
        .where(
            QuestionRow.user_key == vote.user_key,
            QuestionRow.top_entry == vote.entry_id,
            QuestionRow.created_at >= now - timedelta(days=1),
        )
        .order_by(QuestionRow.id.desc())
        .limit(1)
    )
    return str(query or "")


class ActivityLog:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def record(
        self,
        *,
        misses: Sequence[MissRecord] = (),
        feedback: Sequence[FeedbackRecord] = (),
        questions: Sequence[QuestionRecord] = (),
    ) -> None:
        """Store unanswered questions and 👍/👎 in one short transaction, the questions with
        personal data masked and made storable (no control characters) on every backend."""
        now = datetime.now(UTC)
        miss_rows = [
            {"created_at": now, "query": _storable(m.query), "user_key": m.user_key} for m in misses
        ]
        feedback_rows = [
            {"created_at": now, "entry_id": f.entry_id[:64], "query": _storable(f.query),
             "user_key": f.user_key, "value": f.value}
            for f in feedback
        ]  # fmt: skip
        question_rows = [
            {"created_at": now, "chat_type": q.chat_type[:16], "query": _normalised(q.query),
             "top_entry": q.top_entry, "score": float(q.score), "answered": q.answered,
             "user_key": q.user_key}
            for q in questions
        ]  # fmt: skip
        async with self._sessions.begin() as session:
            if question_rows:
                await session.execute(insert(QuestionRow), question_rows)
            if miss_rows:
                await session.execute(insert(MissRow), miss_rows)
            if feedback_rows:
                for vote, row in zip(feedback, feedback_rows, strict=True):
                    if vote.value < 0 and not vote.query and vote.user_key:
                        row["query"] = await _asked_before(session, vote, now)
                await session.execute(insert(FeedbackRow), feedback_rows)

    async def purge(self, before: datetime) -> int:
        """Forget questions and feedback recorded before `before` (the retention period)."""
        purged = 0
        async with self._sessions.begin() as session:
            for model in (MissRow, FeedbackRow, QuestionRow):
                result = await session.execute(delete(model).where(model.created_at < before))
                purged += int(getattr(result, "rowcount", 0) or 0)
        return purged

    async def days(self, since: datetime) -> list[DayStats]:
        """Questions asked and answered per day since `since` (UTC days)."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(QuestionRow.created_at, QuestionRow.answered).where(
                    QuestionRow.created_at >= since
                )
            )
            counts: dict[date, list[int]] = {}
            for moment, answered in rows:
                day = counts.setdefault(utc(moment).date(), [0, 0])
                day[0] += 1
                day[1] += int(bool(answered))
        return [DayStats(day, asked, ok) for day, (asked, ok) in sorted(counts.items())]

    async def top_entries(self, since: datetime, limit: int = 5) -> list[tuple[str, int]]:
        """The entries most often given as the answer since `since`."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(QuestionRow.top_entry, func.count())
                .where(QuestionRow.created_at >= since, QuestionRow.answered.is_(True))
                .group_by(QuestionRow.top_entry)
                .order_by(func.count().desc())
                .limit(limit)
            )
            return [(str(entry), int(count)) for entry, count in rows if entry]

    async def feedback_counts(self) -> dict[str, tuple[int, int]]:
        """entry id -> (👍, 👎)."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(FeedbackRow.entry_id, FeedbackRow.value, func.count()).group_by(
                    FeedbackRow.entry_id, FeedbackRow.value
                )
            )
        counts: dict[str, list[int]] = {}
        for entry_id, value, count in rows:
            counts.setdefault(entry_id, [0, 0])[0 if value > 0 else 1] += count
        return {k: (v[0], v[1]) for k, v in counts.items()}

    async def misses(self, limit: int = 20, since: datetime | None = None) -> list[MissSummary]:
        """The questions nothing answered (since `since`), most frequent first."""
        query = select(
            MissRow.query, func.count(), func.max(MissRow.created_at), func.max(MissRow.id)
        )
        if since is not None:
            query = query.where(MissRow.created_at >= since)
        async with self._sessions() as session:
            rows = await session.execute(
                query.group_by(MissRow.query)
                .order_by(func.count().desc(), func.max(MissRow.created_at).desc())
                .limit(limit)
            )
            return [MissSummary(q, c, utc(last), int(i)) for q, c, last, i in rows]

    async def disliked(self, limit: int, since: datetime) -> list[MissSummary]:
        """Questions whose answer got 👎 (when the question is known), most frequent first."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(
                    FeedbackRow.query,
                    func.count(),
                    func.max(FeedbackRow.created_at),
                    func.max(FeedbackRow.id),
                )
                .where(
                    FeedbackRow.value < 0, FeedbackRow.query != "", FeedbackRow.created_at >= since
                )
                .group_by(FeedbackRow.query)
                .order_by(func.count().desc())
                .limit(limit)
            )
            return [MissSummary(q, c, utc(last), int(i)) for q, c, last, i in rows]

    async def disliked_query(self, feedback_id: int) -> str | None:
        async with self._sessions() as session:
            query = await session.scalar(
                select(FeedbackRow.query).where(FeedbackRow.id == feedback_id)
            )
            return query or None

    async def dismiss_disliked(self, query: str) -> int:
        """Forget which question a 👎 was about (the vote itself is kept for the counts)."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(FeedbackRow).where(FeedbackRow.query == query).values(query="")
            )
        return int(getattr(result, "rowcount", 0) or 0)

    async def miss_query(self, miss_id: int) -> str | None:
        async with self._sessions() as session:
            return await session.scalar(select(MissRow.query).where(MissRow.id == miss_id))

    async def dismiss(self, query: str) -> int:
        """Forget every record of an unanswered question (an admin looked and decided)."""
        async with self._sessions.begin() as session:
            result = await session.execute(delete(MissRow).where(MissRow.query == query))
        return int(getattr(result, "rowcount", 0) or 0)
