"""The durable job queue on SQLite and PostgreSQL: leases, takeovers, cancels, exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from introslack.domain.effects import Effect, EffectKind, Obsolete
from introslack.domain.intro import Intro, Side
from introslack.domain.timing import FollowThrough
from introslack.fakeslack.server import FakeSlack
from introslack.service import IntroService
from introslack.slack.client import make_client
from introslack.slack.clients import OneWorkspace
from introslack.slack.effects import SlackEffects
from introslack.slack.notifier import Posted
from introslack.store.database import Database
from introslack.store.intros import IntroRepository
from introslack.store.jobs import Delivery, Job, JobQueue
from introslack.worker import Worker
from tests.conftest import FakeClock
from tests.factories import T0, WORKSPACE, make_intro

LEASE = timedelta(minutes=5)
TIMING = FollowThrough()


class RecordingPerformer:
    """Stands in for Slack: remembers which jobs ran, and sends nothing."""

    def __init__(self) -> None:
        self.performed: list[Job] = []

    def perform(
        self, job: Job, intro: Intro, deliveries: list[Delivery], *, now: datetime
    ) -> Posted | None:
        self.performed.append(job)
        return None


def add_intro(database: Database, intro: Intro | None = None) -> Intro:
    intro = intro or make_intro()
    with database.transaction() as session:
        IntroRepository(session, WORKSPACE).add(intro, now=T0)
    return intro


def schedule(database: Database, *effects: Effect, intro_id: str = "intro0001") -> list[int]:
    with database.transaction() as session:
        return JobQueue(session).schedule(WORKSPACE, intro_id, effects, now=T0)


def claim(database: Database, at: datetime, limit: int = 10) -> list[Job]:
    with database.transaction() as session:
        return JobQueue(session).claim(now=at, lease=LEASE, limit=limit)


def finish(database: Database, job: Job, at: datetime) -> bool:
    with database.transaction() as session:
        return JobQueue(session).finish(job, now=at)


def due_now(kind: EffectKind = EffectKind.CONFIRM_REQUESTS_SENT) -> Effect:
    return Effect(kind, T0, user_id="U0CONNECT")


def test_a_claimed_job_is_not_claimed_again_while_its_lease_lasts(database: Database) -> None:
    add_intro(database)
    (job_id,) = schedule(database, due_now())
    (job,) = claim(database, T0)
    assert (job.id, job.attempts, job.lease_until) == (job_id, 1, T0 + LEASE)
    assert claim(database, T0) == []
    assert claim(database, T0 + LEASE - timedelta(seconds=1)) == []


def test_a_job_whose_lease_ran_out_is_claimed_again_with_one_more_attempt(
    database: Database,
) -> None:
    add_intro(database)
    schedule(database, due_now())
    (first,) = claim(database, T0)
    assert not first.retried
    (again,) = claim(database, T0 + LEASE + timedelta(seconds=1))
    assert again.id == first.id
    assert again.attempts == first.attempts + 1 and again.retried


def test_a_holder_whose_lease_was_taken_over_can_neither_finish_nor_reschedule_the_job(
    database: Database,
) -> None:
    add_intro(database)
    schedule(database, due_now())
    (stale,) = claim(database, T0)
    later = T0 + LEASE + timedelta(seconds=1)
    (current,) = claim(database, later)

    assert not finish(database, stale, later)
    with database.transaction() as session:
        assert not JobQueue(session).retry_later(stale, error="boom", at=later, now=later)
    assert finish(database, current, later)
    assert claim(database, later + 2 * LEASE) == []


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

    claimed = claim(database, T0 + timedelta(days=30))
    assert sorted((job.kind, job.side) for job in claimed) == [
        (EffectKind.EXPIRE_INTRO, None),
        (EffectKind.REMIND_PARTY, Side.B),
    ]


def test_an_answer_and_a_cancel_keep_their_reminders_and_expiry_from_ever_running(
    database: Database,
) -> None:
    clock = FakeClock()
    intros = IntroService(database, timing=TIMING, clock=clock)
    performer = RecordingPerformer()
    worker = Worker(database, intros, performer, clock=clock)
    intro = make_intro()
    change = intros.propose(
        WORKSPACE,
        connector_id=intro.connector_id,
        party_a=intro.party_a,
        party_b=intro.party_b,
        context=intro.context,
    )
    intros.accept(WORKSPACE, change.intro.id, user_id=intro.party_a.user_id)
    worker.run_due()
    clock.advance(TIMING.remind_after + timedelta(days=1))
    worker.run_due()
    reminded = [job.side for job in performer.performed if job.kind is EffectKind.REMIND_PARTY]
    assert reminded == [Side.B]

    intros.cancel(WORKSPACE, change.intro.id, user_id=intro.connector_id)
    performer.performed.clear()
    clock.advance(timedelta(days=60))
    worker.run_due()
    assert {job.kind for job in performer.performed} <= {
        EffectKind.REFRESH_REQUESTS,
        EffectKind.TELL_CONNECTOR_CLOSED,
        EffectKind.REFRESH_HOME,
    }
    assert not any(job.kind is EffectKind.REMIND_PARTY for job in performer.performed)
    assert worker.backlog() == 0


# A job interrupted mid-send ------------------------------------------------------------------


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        intro = make_intro()
        for person in (intro.party_a, intro.party_b):
            fake.add_user(person.user_id, name=person.name.lower(), real_name=person.name)
        fake.add_user(intro.connector_id, name="connector", real_name="Carol Connector")
        yield fake


def slack_worker(database: Database, slack: FakeSlack, clock: FakeClock) -> Worker:
    client = make_client(token=slack.bot_token, base_url=slack.base_url)
    effects = SlackEffects(OneWorkspace(client, WORKSPACE), publish_home=lambda _job: None)
    return Worker(
        database, IntroService(database, timing=TIMING, clock=clock), effects, clock=clock
    )


def propose(database: Database, clock: FakeClock) -> Intro:
    intro = make_intro()
    return (
        IntroService(database, timing=TIMING, clock=clock)
        .propose(
            WORKSPACE,
            connector_id=intro.connector_id,
            party_a=intro.party_a,
            party_b=intro.party_b,
            context=intro.context,
        )
        .intro
    )


def claim_the_request_to_alice(database: Database, intro: Intro) -> Job:
    (job,) = claim(database, T0, limit=1)
    assert (job.kind, job.side, job.intro_id) == (EffectKind.ASK_PARTY, Side.A, intro.id)
    return job


@pytest.mark.parametrize("post_reached_slack", [True, False], ids=["posted", "not-posted"])
def test_a_job_interrupted_mid_send_is_delivered_exactly_once_after_its_lease_expires(
    database: Database, slack: FakeSlack, post_reached_slack: bool
) -> None:
    clock = FakeClock()
    worker = slack_worker(database, slack, clock)
    intro = propose(database, clock)
    interrupted = claim_the_request_to_alice(database, intro)
    if post_reached_slack:
        # The process posted, then died before it could finish the job.
        worker.effects.perform(interrupted, intro, [], now=T0)
    assert worker.run_due() > 0  # everything else runs; the leased job waits
    alice = intro.party_a.user_id
    assert len(slack.dm_messages(alice)) == (1 if post_reached_slack else 0)

    clock.advance(LEASE + timedelta(seconds=1))
    assert worker.run_due() == 1
    assert worker.run_due() == 0
    (request,) = slack.dm_messages(alice)
    assert len(slack.dm_messages(intro.party_b.user_id)) == 1
    assert len(slack.calls_to("chat.postMessage")) == 3  # Alice, Bob and the connector, once each

    intros = IntroService(database, timing=TIMING, clock=clock)
    change = intros.accept(WORKSPACE, intro.id, user_id=alice)
    worker.run_now(change.due_job_ids)
    refreshed = slack.message(slack.dm_channel(alice) or "", request["ts"]) or {}
    assert "You accepted" in str(refreshed.get("text")), "the recovered post was recorded"
