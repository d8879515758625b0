"""The durable job queue on SQLite and PostgreSQL: leases, takeovers, cancels, exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select

from introslack.domain.effects import Effect, EffectKind, Obsolete
from introslack.domain.intro import Intro, Side
from introslack.domain.timing import FollowThrough
from introslack.fakeslack.server import FakeSlack
from introslack.service import IntroService, Leases
from introslack.slack.client import make_client
from introslack.slack.clients import OneWorkspace
from introslack.slack.effects import SlackEffects
from introslack.store.database import Database
from introslack.store.intros import IntroRepository
from introslack.store.jobs import Batch, Job, JobQueue, Lease, Posted, PostPlanner, to_job
from introslack.store.models import JobRow
from introslack.worker import Worker
from tests.conftest import FakeClock
from tests.factories import T0, WORKSPACE, make_intro

LEASE = timedelta(seconds=15)
TIMING = FollowThrough()


class RecordingPerformer:
    """Stands in for Slack: remembers which jobs ran, and sends nothing."""

    def __init__(self) -> None:
        self.performed: list[Job] = []

    def perform(
        self, job: Job, batch: Batch, *, now: datetime, plan_post: PostPlanner
    ) -> Posted | None:
        self.performed.append(job)
        return None


def add_intro(database: Database, intro: Intro | None = None) -> Intro:
    intro = intro or make_intro()
    with database.transaction() as session:
        IntroRepository(session, WORKSPACE).add(intro, now=T0)
    return intro


def schedule(database: Database, *effects: Effect, intro_id: str = "intro0001") -> None:
    with database.transaction() as session:
        JobQueue(session).schedule(WORKSPACE, intro_id, effects, now=T0)


def claim(database: Database, at: datetime, limit: int = 10) -> Batch:
    """Claim at `at`, on the app's clock and the wall clock alike."""
    with database.transaction() as session:
        lease = Lease.new(wall_now=at, length=LEASE)
        return JobQueue(session).claim(now=at, wall_now=at, lease=lease, limit=limit)


def finish(database: Database, batch: Batch, at: datetime) -> int:
    with database.transaction() as session:
        return JobQueue(session).finish(batch.lease, dict.fromkeys(batch.jobs), now=at)


def wired(
    database: Database, performer: RecordingPerformer | SlackEffects, clock: FakeClock
) -> tuple[IntroService, Worker]:
    """A service and a worker wired like the app's, with leases on the test's clock."""
    leases = Leases(length=LEASE, wall=clock)
    intros = IntroService(database, timing=TIMING, clock=clock, leases=leases)
    worker = Worker(database, performer, clock=clock, leases=leases, expire=intros.expire)
    intros.hand_due_work_to(worker.submit)
    return intros, worker


def due_now(kind: EffectKind = EffectKind.CONFIRM_REQUESTS_SENT) -> Effect:
    return Effect(kind, T0, user_id="U0CONNECT")


def test_a_claimed_job_is_not_claimed_again_while_its_lease_lasts(database: Database) -> None:
    add_intro(database)
    schedule(database, due_now())
    (job,) = claim(database, T0).jobs
    assert job.attempts == 1
    assert claim(database, T0).jobs == []
    assert claim(database, T0 + LEASE - timedelta(seconds=1)).jobs == []


def test_a_renewed_lease_keeps_the_job_and_a_lapsed_one_frees_it_within_seconds(
    database: Database,
) -> None:
    add_intro(database)
    schedule(database, due_now())
    batch = claim(database, T0)
    with database.transaction() as session:
        JobQueue(session).renew([batch.lease.claim], until=T0 + 2 * LEASE)
    assert claim(database, T0 + LEASE + timedelta(seconds=1)).jobs == []
    (again,) = claim(database, T0 + 2 * LEASE + timedelta(seconds=1)).jobs
    assert again.retried


def test_a_batch_is_finished_in_one_statement(database: Database) -> None:
    add_intro(database)
    schedule(database, *(due_now() for _ in range(5)))
    batch = claim(database, T0)
    statements: list[str] = []
    with database.transaction() as session:
        connection = session.connection()
        event.listen(connection, "before_cursor_execute", lambda *a: statements.append(a[2]))
        assert JobQueue(session).finish(batch.lease, dict.fromkeys(batch.jobs), now=T0) == 5
    assert [s.split()[0] for s in statements] == ["UPDATE"]
    assert claim(database, T0 + timedelta(days=1)).jobs == []


def test_a_job_whose_lease_ran_out_is_claimed_again_with_one_more_attempt(
    database: Database,
) -> None:
    add_intro(database)
    schedule(database, due_now())
    (first,) = claim(database, T0).jobs
    assert not first.retried
    (again,) = claim(database, T0 + LEASE + timedelta(seconds=1)).jobs
    assert again.id == first.id
    assert again.attempts == first.attempts + 1 and again.retried


def test_a_holder_whose_lease_was_taken_over_can_neither_finish_nor_reschedule_the_job(
    database: Database,
) -> None:
    add_intro(database)
    schedule(database, due_now())
    stale = claim(database, T0)
    later = T0 + LEASE + timedelta(seconds=1)
    current = claim(database, later)

    assert finish(database, stale, later) == 0
    with database.transaction() as session:
        assert not JobQueue(session).retry_later(stale.lease, stale.jobs[0], error="boom", at=later)
    assert finish(database, current, later) == 1
    assert claim(database, later + 2 * LEASE).jobs == []


def test_cancelled_jobs_are_never_claimed(database: Database) -> None:
    add_intro(database)
    remind_at = T0 + TIMING.remind_after
    schedule(
        database,
        Effect(EffectKind.REMIND_PARTY, remind_at, side=Side.A),
        Effect(EffectKind.REMIND_PARTY, remind_at, side=Side.B),
        Effect(EffectKind.EXPIRE_INTRO, T0 + TIMING.expire_after),
    )
    with database.transaction() as session:
        JobQueue(session).cancel("intro0001", [Obsolete(EffectKind.REMIND_PARTY, Side.A)], now=T0)

    claimed = claim(database, T0 + timedelta(days=30)).jobs
    assert sorted((job.kind, job.side) for job in claimed) == [
        (EffectKind.EXPIRE_INTRO, None),
        (EffectKind.REMIND_PARTY, Side.B),
    ]


def test_an_answer_and_a_cancel_keep_their_reminders_and_expiry_from_ever_running(
    database: Database,
) -> None:
    clock = FakeClock()
    performer = RecordingPerformer()
    intros, worker = wired(database, performer, clock)
    intro = make_intro()
    proposed = intros.propose(
        WORKSPACE,
        connector_id=intro.connector_id,
        party_a=intro.party_a,
        party_b=intro.party_b,
        context=intro.context,
    )
    intros.accept(WORKSPACE, proposed.id, user_id=intro.party_a.user_id)
    assert worker.wait_idle(timeout=10)
    worker.run_due()
    clock.advance(TIMING.remind_after + timedelta(days=1))
    worker.run_due()
    reminded = [job.side for job in performer.performed if job.kind is EffectKind.REMIND_PARTY]
    assert reminded == [Side.B]

    intros.cancel(WORKSPACE, proposed.id, user_id=intro.connector_id)
    performer.performed.clear()
    assert worker.wait_idle(timeout=10)
    clock.advance(timedelta(days=60))
    worker.run_due()
    assert {job.kind for job in performer.performed} <= {
        EffectKind.REFRESH_REQUESTS,
        EffectKind.TELL_CONNECTOR_CLOSED,
        EffectKind.REFRESH_HOME,
    }
    assert not any(job.kind is EffectKind.REMIND_PARTY for job in performer.performed)
    assert worker.backlog() == 0
    worker.shutdown()


# A job interrupted mid-send ------------------------------------------------------------------


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        intro = make_intro()
        for person in (intro.party_a, intro.party_b):
            fake.add_user(person.user_id, name=person.name.lower(), real_name=person.name)
        fake.add_user(intro.connector_id, name="connector", real_name="Carol Connector")
        yield fake


def slack_effects(slack: FakeSlack) -> SlackEffects:
    client = make_client(token=slack.bot_token, base_url=slack.base_url)
    return SlackEffects(OneWorkspace(client, WORKSPACE), publish_home=lambda _job: None)


def propose_and_die(database: Database, clock: FakeClock) -> Intro:
    """Propose in a process that claims the requests and dies before it runs them."""
    intro = make_intro()
    intros = IntroService(
        database, timing=TIMING, clock=clock, leases=Leases(length=LEASE, wall=clock)
    )
    intros.hand_due_work_to(lambda _batch: None)
    return intros.propose(
        WORKSPACE,
        connector_id=intro.connector_id,
        party_a=intro.party_a,
        party_b=intro.party_b,
        context=intro.context,
    )


@pytest.mark.parametrize("post_reached_slack", [True, False], ids=["posted", "not-posted"])
def test_a_job_interrupted_mid_send_is_delivered_exactly_once_after_its_lease_expires(
    database: Database, slack: FakeSlack, post_reached_slack: bool
) -> None:
    clock = FakeClock()
    effects = slack_effects(slack)
    intro = propose_and_die(database, clock)
    if post_reached_slack:
        (to_alice,) = [job for job in claimed_jobs(database) if job.side is Side.A]
        batch = Batch(Lease("dead", T0), [to_alice], {intro.id: intro})
        effects.perform(to_alice, batch, now=T0, plan_post=lambda: T0)
    intros, worker = wired(database, effects, clock)
    assert worker.run_due() == 0  # the dead process's claim still holds
    alice = intro.party_a.user_id
    assert len(slack.dm_messages(alice)) == (1 if post_reached_slack else 0)

    clock.advance(LEASE + timedelta(seconds=1))
    assert worker.run_due() == 3
    assert worker.run_due() == 0
    (request,) = slack.dm_messages(alice)
    assert len(slack.dm_messages(intro.party_b.user_id)) == 1
    assert len(slack.calls_to("chat.postMessage")) == 3  # Alice, Bob and the connector, once each

    intros.accept(WORKSPACE, intro.id, user_id=alice)
    assert worker.wait_idle(timeout=10)
    refreshed = slack.message(slack.dm_channel(alice) or "", request["ts"]) or {}
    assert "You accepted" in str(refreshed.get("text")), "the recovered post was recorded"
    worker.shutdown()


def claimed_jobs(database: Database) -> list[Job]:
    with database.reading() as session:
        rows = session.scalars(select(JobRow).where(JobRow.claim.is_not(None)))
        return [to_job(row) for row in rows]


def test_an_introductions_post_time_is_kept_across_a_takeover_and_cleared_only_on_a_refusal(
    database: Database,
) -> None:
    """Every attempt, in any process, schedules for the same P, unless Slack said it did nothing."""
    add_intro(database)
    schedule(database, due_now(EffectKind.INTRODUCE_PAIR))
    first = claim(database, T0)
    (job,) = first.jobs
    planned = T0 + timedelta(minutes=1)
    with database.transaction() as session:
        assert JobQueue(session).plan_post(first.lease, job, at=planned)
    (taken_over,) = claim(database, T0 + LEASE + timedelta(seconds=1)).jobs
    assert taken_over.post_at == planned and taken_over.retried
    with database.transaction() as session:
        assert not JobQueue(session).plan_post(first.lease, job, at=T0), "the lease was lost"
    stranger = Lease("stranger", T0)  # nor can a claim that is not the job's clear it
    with database.transaction() as session:
        assert not JobQueue(session).retry_later(stranger, job, error="x", at=T0, replan=True)
    (still,) = claim(database, T0 + 3 * LEASE).jobs
    assert still.post_at == planned


def test_a_refused_schedule_lets_the_next_attempt_pick_a_new_post_time(database: Database) -> None:
    add_intro(database)
    schedule(database, due_now(EffectKind.INTRODUCE_PAIR))
    batch = claim(database, T0)
    (job,) = batch.jobs
    with database.transaction() as session:
        queue = JobQueue(session)
        queue.plan_post(batch.lease, job, at=T0 + timedelta(minutes=1))
        assert queue.retry_later(batch.lease, job, error="slack:200:x", at=T0, replan=True)
    (again,) = claim(database, T0).jobs
    assert again.post_at is None
