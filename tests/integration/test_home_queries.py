"""The Home tab's queries on SQLite and PostgreSQL: sections, paging, counts, isolation, cost."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select

from introslack.domain.effects import EffectKind
from introslack.domain.intro import (
    Accepted,
    Cancelled,
    Declined,
    DeclineReason,
    Expired,
    FollowedUp,
    Intro,
    IntroClosed,
    Outcome,
    Person,
    Side,
    Workspace,
    apply,
)
from introslack.domain.timing import FollowThrough
from introslack.service import IntroService, NotYourIntro, RemindedRecently
from introslack.store.database import Database
from introslack.store.home import Home, HomeQueries, Section
from introslack.store.intros import IntroRepository
from introslack.store.jobs import JobQueue
from introslack.store.models import JobRow
from tests.conftest import FakeClock
from tests.factories import T0, WORKSPACE, make_intro

CONNECTOR, ALICE, BOB, DAVE = "U0CONNECT", "U0ALICE01", "U0BOB0001", "U0DAVE001"
OTHER_WORKSPACE = Workspace(team_id="T0OTHER01")
PER_PAGE = 5


def add_many(database: Database, intros: list[Intro]) -> None:
    """Insert many intros of one workspace in one statement."""
    with database.transaction() as session:
        IntroRepository(session, intros[0].workspace).add_many(intros, now=T0)


def life(intro: Intro, step: int) -> Intro:
    """The intro at one of six points of its life, chosen by `step`; Alice is party A."""
    later = intro.created_at + timedelta(hours=1)
    accepted = apply(intro, Accepted(Side.A), now=later)
    match step % 6:
        case 0:
            return intro
        case 1:
            return accepted
        case 2:
            both = apply(accepted, Accepted(Side.B), now=later)
            return apply(both, FollowedUp(Side.B, Outcome.MET), now=later)
        case 3:
            return apply(accepted, Declined(Side.B, DeclineReason.TOO_BUSY), now=later)
        case 4:
            return apply(intro, Expired(), now=later)
        case _:
            return apply(intro, Cancelled(), now=later)


def history(count: int, *, start: int = 0, workspace: Workspace = WORKSPACE) -> list[Intro]:
    """`count` intros from the connector between Alice and someone new, a minute apart."""
    return [
        life(
            make_intro(
                id=f"{workspace.team_id[-3:]}{n:06d}",
                workspace=workspace,
                party_b=Person(f"U{n:08d}", f"Person {n}"),
                created_at=T0 - timedelta(minutes=n),
            ),
            n,
        )
        for n in range(start, start + count)
    ]


def read_home(
    database: Database,
    user_id: str,
    *,
    pages: dict[Section, int] | None = None,
    workspace: Workspace = WORKSPACE,
) -> Home:
    with database.transaction() as session:
        return HomeQueries(session, workspace).home(user_id, pages=pages or {}, per_page=PER_PAGE)


def ids(intros: list[Intro]) -> list[str]:
    return [intro.id for intro in intros]


@contextmanager
def counting_statements(database: Database) -> Iterator[list[str]]:
    """The statements run meanwhile, leaving out the worker renewing its leases now and then."""
    statements: list[str] = []

    def count(*args: Any) -> None:
        if threading.current_thread().name != "leases":
            statements.append(str(args[2]))

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(database.engine, "before_cursor_execute", count)


# Sections -----------------------------------------------------------------------------------


def test_each_intro_lands_in_the_section_that_matches_the_users_part_in_it(
    database: Database,
) -> None:
    intros = history(6)
    add_many(database, intros)
    pending, accepted, made, declined, expired, cancelled = ids(intros)

    carol = read_home(database, CONNECTOR)
    assert [item.intro.id for item in carol.started] == [pending, accepted]
    assert ids(carol.recent) == [made, declined, expired, cancelled]
    assert carol.waiting == carol.accepted == []

    alice = read_home(database, ALICE)
    assert ids(alice.waiting) == [pending]
    assert ids(alice.accepted) == [accepted]
    assert ids(alice.recent) == [made, declined, expired, cancelled]
    assert alice.started == []

    first_b = read_home(database, intros[0].party_b.user_id)
    assert ids(first_b.waiting) == [pending] and first_b.recent == []
    stranger = read_home(database, DAVE)
    assert stranger.tally.is_empty and stranger.recent == []


def test_recent_lists_the_most_recently_closed_first(database: Database) -> None:
    early, late = history(2, start=3)  # declined, then expired
    late = replace(late, closed_at=T0 + timedelta(days=3))
    add_many(database, [early, late])
    assert ids(read_home(database, ALICE).recent) == [late.id, early.id]


# Paging -------------------------------------------------------------------------------------


def test_pages_come_newest_first_and_a_page_past_the_end_shows_the_last_one(
    database: Database,
) -> None:
    intros = history(60)
    add_many(database, intros)
    started = [i.id for i in intros if i.status.value == "pending"]  # 20, newest first

    first = read_home(database, CONNECTOR)
    second = read_home(database, CONNECTOR, pages={Section.STARTED: 1})
    assert [item.intro.id for item in first.started] == started[:5]
    assert [item.intro.id for item in second.started] == started[5:10]
    assert second.pages == {Section.STARTED: 1}
    beyond = read_home(database, CONNECTOR, pages={Section.STARTED: 99, Section.RECENT: -4})
    assert [item.intro.id for item in beyond.started] == started[15:20]
    assert beyond.pages == {Section.STARTED: 3}


# Counts -------------------------------------------------------------------------------------


def test_the_tally_counts_each_section_and_how_the_users_own_intros_went(
    database: Database,
) -> None:
    add_many(database, history(60))  # ten of each of the six points of life

    carol = read_home(database, CONNECTOR).tally
    assert (carol.started, carol.recent, carol.waiting, carol.accepted) == (20, 40, 0, 0)
    assert carol.started_ever == 60
    assert (carol.started_made, carol.started_decided, carol.started_met) == (10, 30, 10)

    alice = read_home(database, ALICE).tally
    assert (alice.waiting, alice.accepted, alice.recent, alice.started) == (10, 10, 40, 0)
    assert alice.started_ever == alice.started_made == 0


# Privacy ------------------------------------------------------------------------------------


def test_another_workspace_never_shows_up_even_with_the_same_user_ids(database: Database) -> None:
    add_many(database, history(12, workspace=OTHER_WORKSPACE))
    enterprise = Workspace(team_id=WORKSPACE.team_id, enterprise_id="E0ORG0001")
    add_many(database, history(6, start=100, workspace=enterprise))
    add_many(database, history(6, start=200))

    carol, alice = read_home(database, CONNECTOR), read_home(database, ALICE)
    assert (carol.tally.started, carol.tally.recent) == (2, 4)
    assert (alice.tally.waiting, alice.tally.accepted, alice.tally.recent) == (1, 1, 4)
    for home in (carol, alice):
        every = [*home.waiting, *home.accepted, *home.recent, *(s.intro for s in home.started)]
        assert {intro.workspace for intro in every} == {WORKSPACE}
    assert read_home(database, ALICE, workspace=enterprise).tally.recent == 4


# Reminders ----------------------------------------------------------------------------------


def test_a_reminder_is_recorded_at_most_once_a_day(database: Database) -> None:
    (intro,) = history(1)
    add_many(database, [intro])
    day = timedelta(days=1)

    def claim(at: datetime) -> datetime | None:
        with database.transaction() as session:
            return HomeQueries(session, WORKSPACE).claim_reminder(intro.id, now=at, every=day)

    assert claim(T0) is None
    assert claim(T0 + timedelta(hours=23)) == T0
    assert claim(T0 + day) is None
    assert read_home(database, CONNECTOR).started[0].reminded_at == T0 + day
    with database.transaction() as session:
        other = HomeQueries(session, OTHER_WORKSPACE)
        assert other.claim_reminder(intro.id, now=T0 + day, every=day) is not None


def test_concurrent_reminders_let_exactly_one_through(database: Database) -> None:
    (intro,) = history(1)
    add_many(database, [intro])
    barrier = threading.Barrier(6)
    claimed: list[bool] = []

    def claim() -> None:
        barrier.wait()
        with database.transaction() as session:
            earlier = HomeQueries(session, WORKSPACE).claim_reminder(
                intro.id, now=T0, every=timedelta(days=1)
            )
        claimed.append(earlier is None)

    threads = [threading.Thread(target=claim) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert claimed.count(True) == 1


def test_remind_asks_only_the_side_still_waiting_and_only_for_the_connector(
    database: Database,
) -> None:
    intros = history(4)
    add_many(database, intros)
    clock = FakeClock(T0)
    service = IntroService(database, timing=FollowThrough(), clock=clock)
    accepted_by_alice = intros[1]

    service.remind(WORKSPACE, accepted_by_alice.id, user_id=CONNECTOR)
    with database.reading() as session:
        jobs = session.scalars(select(JobRow).where(JobRow.intro_id == accepted_by_alice.id))
        asked = sorted((job.kind, job.side, job.user_id) for job in jobs)
    # Carol has never opened her Home tab, so nothing republishes it.
    assert asked == [(EffectKind.REMIND_PARTY.value, Side.B.value, None)]
    with pytest.raises(RemindedRecently, match="about 24 hours"):
        service.remind(WORKSPACE, accepted_by_alice.id, user_id=CONNECTOR)
    clock.advance(timedelta(hours=23, minutes=30))
    with pytest.raises(RemindedRecently, match="about 1 hour"):
        service.remind(WORKSPACE, accepted_by_alice.id, user_id=CONNECTOR)
    with pytest.raises(NotYourIntro):
        service.remind(WORKSPACE, intros[0].id, user_id=ALICE)
    with pytest.raises(IntroClosed):
        service.remind(WORKSPACE, intros[3].id, user_id=CONNECTOR)
    with database.transaction() as session:
        assert JobQueue(session).backlog(now=T0) == 1, "the one reminder to Bob"


# Cost ---------------------------------------------------------------------------------------


def test_a_home_takes_the_same_few_queries_for_ten_intros_or_a_thousand(
    database: Database,
) -> None:
    service = IntroService(database, timing=FollowThrough(), clock=FakeClock(T0))
    add_many(database, history(12))
    with counting_statements(database) as few:
        small = service.home(WORKSPACE, ALICE, pages={}, per_page=PER_PAGE)
    add_many(database, history(1200, start=12))
    with counting_statements(database) as many:
        large = service.home(WORKSPACE, ALICE, pages={Section.RECENT: 7}, per_page=PER_PAGE)

    assert len(few) == len(many) <= 6
    assert small.tally.recent == 8 and large.tally.recent == 808
    assert len(large.recent) == PER_PAGE
