"""Personal data in what users type is masked before it is stored; stored questions and
feedback are forgotten after the retention period; no question reaches a log line."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from knowledge.document import KnowledgeDocument
from knowledge.privacy import UserKeys, mask_personal_data
from knowledge.recorder import Recorder
from knowledge.records import FeedbackRecord, MissRecord
from knowledge.store import KnowledgeStore, StoreUnavailable
from knowledge.store.models import MissRow, ProposalRow

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ЖСН 850101400123 қалай тексеремін", "ЖСН [ЖСН] қалай тексеремін"),
        ("маған +7 701 234 56 78 хабарласыңыз", "маған [телефон] хабарласыңыз"),
        ("тел: 8(777)1234567", "тел: [телефон]"),
        ("номері 87011234567", "номері [телефон]"),
        ("үй телефоны 555-12-34", "үй телефоны [телефон]"),
        ("почта aigul.s@mail.kz", "почта [email]"),
        ("карта 4400 4301 2345 6786 төлем", "карта [карта] төлем"),
        ("атым Айгүл Серікбаева, сұрағым бар", "атым [аты], сұрағым бар"),
        ("меня зовут Иван Петров", "меня зовут [аты]"),
        ("науқас Ахметов Болатқа инсульт", "науқас [аты] инсульт"),
        ("Ахметовтың қысымы көтерілді", "[аты] қысымы көтерілді"),
        ("Медбике Гүлнар апай айтты", "Медбике [аты] апай айтты"),
        ("Ерлан Болатұлы келді", "Ерлан [аты] келді"),
    ],
)
def test_personal_data_is_masked(typed: str, stored: str) -> None:
    assert mask_personal_data(typed) == stored


def test_questions_about_the_standard_are_left_as_they_are() -> None:
    kept = [
        "6.2 деңгей біліктілік талаптары",
        "№ 146 бұйрық 2023 жылғы 23 тамыз",
        "Денсаулық сақтау министрі",
        "инсулин, Аспирин, витамин",
        "3412-0 кодтағы кәсіп",
        "4.1/F1/T2 міндеті",
    ]
    for line in (DATA / "regression_queries.jsonl").read_text(encoding="utf-8").splitlines():
        kept.append(json.loads(line)["query"])
    changed = [q for q in kept if mask_personal_data(q) != q]
    assert changed == []


def test_pseudonyms_are_stable_keyed_and_never_the_id() -> None:
    keyed, other, unkeyed = UserKeys(b"one"), UserKeys(b"two"), UserKeys(None)
    assert keyed.pseudonym(123456789) == keyed.pseudonym(123456789)
    assert keyed.pseudonym(123456789) != other.pseudonym(123456789)
    assert "123456789" not in unkeyed.pseudonym(123456789)
    assert unkeyed.of(123456789) == ""  # without a secret nothing is stored with records


async def test_stored_questions_are_masked(store: KnowledgeStore) -> None:
    typed = "атым Айгүл Серікбаева, ЖСН 850101400123, тел 87011234567: күйік\x00 майы"
    await store.record(
        misses=[MissRecord(typed, "k")], feedback=[FeedbackRecord("4.1", -1, typed, "k")]
    )
    [miss] = await store.misses()
    assert miss.query == "атым [аты], ЖСН [ЖСН], тел [телефон]: күйік майы"


async def test_old_questions_and_feedback_are_forgotten(store: KnowledgeStore) -> None:
    await store.record(misses=[MissRecord("ескі сұрақ", "")], feedback=[FeedbackRecord("4.1", 1)])
    assert await store.purge_activity(datetime.now(UTC) - timedelta(days=1)) == 0
    assert len(await store.misses()) == 1
    assert await store.purge_activity(datetime.now(UTC) + timedelta(seconds=1)) == 2
    assert await store.misses() == [] and await store.feedback_counts() == {}


async def test_the_recorder_purges_on_its_own(store: KnowledgeStore) -> None:
    await store.record(misses=[MissRecord("ескі сұрақ", ""), MissRecord("жаңа сұрақ", "")])
    async with store.engine.begin() as connection:
        await connection.execute(
            update(MissRow)
            .where(MissRow.query == "ескі сұрақ")
            .values(created_at=datetime.now(UTC) - timedelta(days=91))
        )
    recorder = Recorder(store, retention_days=90, purge_every=3600)
    assert await recorder.purge_if_due() == 1
    assert [m.query for m in await store.misses()] == ["жаңа сұрақ"]
    await store.record(misses=[MissRecord("ескі сұрақ", "")])
    async with store.engine.begin() as connection:
        await connection.execute(
            update(MissRow).values(created_at=datetime.now(UTC) - timedelta(days=91))
        )
    assert await recorder.purge_if_due() == 0  # the next purge is hours away


class _FailingStore:
    async def record(self, **_: object) -> None:
        raise StoreUnavailable(
            "cannot use the database x: invalid input for query 'атым Айгүл, тел 87011234567'"
        )


async def test_a_failed_write_logs_no_question(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(_FailingStore())  # type: ignore[arg-type]
    recorder.miss("атым Айгүл, тел 87011234567")
    with caplog.at_level(logging.ERROR):
        await recorder.flush()
    assert "could not store 1 feedback/miss records" in caplog.text
    assert "Айгүл" not in caplog.text and "87011234567" not in caplog.text


async def test_unconfirmed_previews_are_forgotten_after_a_week(
    store: KnowledgeStore, document: KnowledgeDocument
) -> None:
    proposal = await store.propose(document.model_copy(update={"terms": document.terms[:-1]}),
                                   author="admin")  # fmt: skip
    async with store.engine.begin() as connection:
        await connection.execute(
            update(ProposalRow).values(created_at=datetime.now(UTC) - timedelta(days=8))
        )
    recorder = Recorder(store, retention_days=90)
    await recorder.purge_if_due()
    assert await store.proposal(proposal.id) is None
