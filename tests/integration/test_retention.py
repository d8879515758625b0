"""The retention sweep on SQLite and PostgreSQL: old words erased, old work swept, in batches."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from introslack.domain.effects import Effect, EffectKind
from introslack.domain.intro import Context, Declined, Intro, Person, Side, apply
from introslack.retention import Retention
from introslack.store.control import ProposalQueries
from introslack.store.database import Database
from introslack.store.intros import IntroRepository
from introslack.store.jobs import JobQueue, Lease, Posted
from introslack.store.models import DeliveryRow, JobRow
from tests.factories import T0, WORKSPACE, make_intro

KEEP = timedelta(days=180)
WORDS = Context(
    why="Secret reorg plans", gain_for_a="gain", gain_for_b="gain", note_to_a="a", note_to_b="b"
)


def declined_at(intro_id: str, party_b: Person, closed: datetime) -> Intro:
    intro = make_intro(id=intro_id, party_b=party_b, context=WORDS, created_at=closed)
    return apply(intro, Declined(Side.B, note="Not him again"), now=closed)


def sent_and_finished(database: Database, intro_id: str, at: datetime) -> None:
    """A request the worker posted at `at`: a finished job and its delivery."""
    with database.transaction() as session:
        queue = JobQueue(session)
        lease = Lease.new(wall_now=at, length=timedelta(seconds=15))
        effect = Effect(EffectKind.ASK_PARTY, at, side=Side.A, user_id="U0ALICE01")
        jobs = queue.schedule(WORKSPACE, intro_id, [effect], now=at, lease=lease)
        queue.finish(lease, {jobs[0]: Posted("D0ALICE01", f"{at.timestamp():.6f}")}, now=at)


def count(database: Database, column: object) -> int:
    with database.reading() as session:
        return int(session.scalar(select(func.count(column))) or 0)  # type: ignore[arg-type]


def test_old_closed_intros_lose_their_words_and_their_work_in_batches(database: Database) -> None:
    old = [
        declined_at(f"old{n}", Person(f"U0OLD000{n}", f"Old {n}"), T0 - timedelta(days=200 + n))
        for n in range(3)
    ]
    recent = declined_at("recent", Person("U0NEW0001", "New"), T0 - timedelta(days=10))
    pending = make_intro(id="pending", party_b=Person("U0PEND001", "Pending"), context=WORDS)
    with database.transaction() as session:
        IntroRepository(session, WORKSPACE).add_many([*old, recent, pending], now=T0)
    for intro in old:
        sent_and_finished(database, intro.id, intro.created_at)
    sent_and_finished(database, recent.id, recent.created_at)
    sent_and_finished(database, pending.id, T0 - timedelta(days=300))

    swept = Retention(database, keep=KEEP, clock=lambda: T0, batch=2).sweep()

    assert (swept.intros, swept.jobs) == (3, 3)
    with database.reading() as session:
        intros = IntroRepository(session, WORKSPACE)
        for intro in old:
            erased = intros.get(intro.id)
            assert erased is not None and erased.context.why == ""
            assert erased.context.note_to_a == erased.context.gain_for_b == ""
            assert erased.decline is not None and erased.decline.note == ""
            assert erased.decline.side is Side.B and erased.version == intro.version + 1
        assert intros.get("recent") == recent
        assert intros.get("pending") == pending, "an open intro keeps its words"
        history = ProposalQueries(session, WORKSPACE)
        assert history.last_declined_at("U0ALICE01", "U0OLD0000") == old[0].closed_at
    assert count(database, DeliveryRow.id) == 2, "the recent and the pending requests' messages"
    assert count(database, JobRow.id) == 2
    assert Retention(database, keep=KEEP, clock=lambda: T0).sweep().intros == 0
