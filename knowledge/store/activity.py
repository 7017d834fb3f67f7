"""What users did: unanswered questions and 👍/👎, for the admins to review."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge.privacy import mask_personal_data
from knowledge.records import FeedbackRecord, MissRecord, MissSummary
from knowledge.store.models import FeedbackRow, MissRow
from knowledge.store.queries import utc
from knowledge.text_rules import label

MAX_QUERY_CHARS = 1000


def _storable(query: str) -> str:
    return label(mask_personal_data(query), MAX_QUERY_CHARS)


class ActivityLog:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def record(
        self, *, misses: Sequence[MissRecord] = (), feedback: Sequence[FeedbackRecord] = ()
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
        async with self._sessions.begin() as session:
            if miss_rows:
                await session.execute(insert(MissRow), miss_rows)
            if feedback_rows:
                await session.execute(insert(FeedbackRow), feedback_rows)

    async def purge(self, before: datetime) -> int:
        """Forget questions and feedback recorded before `before` (the retention period)."""
        async with self._sessions.begin() as session:
            misses = await session.execute(delete(MissRow).where(MissRow.created_at < before))
            feedback = await session.execute(
                delete(FeedbackRow).where(FeedbackRow.created_at < before)
            )
        return int(getattr(misses, "rowcount", 0) or 0) + int(getattr(feedback, "rowcount", 0) or 0)

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

    async def miss_query(self, miss_id: int) -> str | None:
        async with self._sessions() as session:
            return await session.scalar(select(MissRow.query).where(MissRow.id == miss_id))

    async def dismiss(self, query: str) -> int:
        """Forget every record of an unanswered question (an admin looked and decided)."""
        async with self._sessions.begin() as session:
            result = await session.execute(delete(MissRow).where(MissRow.query == query))
        return int(getattr(result, "rowcount", 0) or 0)
