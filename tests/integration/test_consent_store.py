"""Consent records on SQLite and PostgreSQL: written once per post, answered, per workspace."""

from __future__ import annotations

from datetime import timedelta

from introslack.domain.effects import Effect, EffectKind
from introslack.domain.intro import Answer, Side, Workspace
from introslack.domain.privacy import Shown
from introslack.retention import Retention
from introslack.store.database import Database
from introslack.store.intros import IntroRepository
from introslack.store.jobs import JobQueue, Lease, Posted
from introslack.store.privacy import ConsentRecords
from tests.factories import T0, WORKSPACE, make_intro

ALICE = "U0ALICE01"
OTHER = Workspace(team_id="T0OTHER01")


def posted_request(database: Database, intro_id: str, text: str, *, at_hours: int) -> None:
    """The worker finished a request to Alice that showed `text`."""
    at = T0 + timedelta(hours=at_hours)
    with database.transaction() as session:
        queue = JobQueue(session)
        lease = Lease.new(wall_now=at, length=timedelta(seconds=15))
        effect = Effect(EffectKind.ASK_PARTY, at, side=Side.A)
        (job,) = queue.schedule(WORKSPACE, intro_id, [effect], now=at, lease=lease)
        posted = Posted("D0ALICE01", f"{at.timestamp():.6f}", shown=Shown(ALICE, text))
        queue.finish(lease, {job: posted}, now=at)


def test_a_request_is_recorded_once_a_reminder_replaces_it_and_the_answer_freezes_it(
    database: Database,
) -> None:
    with database.transaction() as session:
        IntroRepository(session, WORKSPACE).add(make_intro(), now=T0)
    posted_request(database, "intro0001", "Meet Bob?", at_hours=0)
    posted_request(database, "intro0001", "Reminder: meet Bob?", at_hours=24)
    with database.transaction() as session:
        answers = {ALICE: Answer.ACCEPTED}
        ConsentRecords(session, WORKSPACE).answered("intro0001", answers, at=T0 + timedelta(days=2))
    posted_request(database, "intro0001", "A late copy", at_hours=72)

    with database.reading() as session:
        (record,) = ConsentRecords(session, WORKSPACE).of(ALICE)
        assert ConsentRecords(session, OTHER).of(ALICE) == []
    assert record.shown_text == "Reminder: meet Bob?"
    assert record.shown_at == T0 + timedelta(hours=24)
    assert record.answer is Answer.ACCEPTED and record.answered_at == T0 + timedelta(days=2)


def test_the_retention_sweep_erases_a_records_words_and_keeps_the_answer(
    database: Database,
) -> None:
    intro = make_intro(closed_at=T0 - timedelta(days=400))
    with database.transaction() as session:
        IntroRepository(session, WORKSPACE).add(intro, now=T0)
    posted_request(database, intro.id, "Secret reorg plans", at_hours=-9000)
    with database.transaction() as session:
        ConsentRecords(session, WORKSPACE).answered(intro.id, {ALICE: Answer.DECLINED}, at=T0)

    Retention(database, keep=timedelta(days=180), clock=lambda: T0).sweep()

    with database.reading() as session:
        (record,) = ConsentRecords(session, WORKSPACE).of(ALICE)
    assert record.shown_text == "" and record.answer is Answer.DECLINED
