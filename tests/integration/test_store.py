"""The store on SQLite and PostgreSQL: workspace isolation, compare-and-set, one pending pair."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from introslack.domain.intro import (
    Accepted,
    AlreadyConnected,
    Answer,
    ConnectWay,
    Context,
    IntroStatus,
    Preference,
    PreferenceGiven,
    Side,
    Thanked,
    Workspace,
    apply,
)
from introslack.store.database import Database
from introslack.store.intros import IntroRepository, PendingIntroExists
from tests.factories import T0, WORKSPACE, make_intro

OTHER_WORKSPACE = Workspace(team_id="T0OTHER01")


def add(database: Database, intro=None, workspace: Workspace = WORKSPACE) -> None:  # type: ignore[no-untyped-def]
    intro = intro or make_intro()
    with database.transaction() as session:
        IntroRepository(session, workspace).add(intro, now=T0)


def test_an_intro_reads_back_exactly_as_it_was_written(database: Database) -> None:
    intro = make_intro()
    add(database, intro)
    with database.transaction() as session:
        assert IntroRepository(session, WORKSPACE).get(intro.id) == intro


def test_the_etiquette_fields_read_back_after_each_move(database: Database) -> None:
    intro = make_intro(
        connector_name="Carol Chen",
        context=Context(why="Design systems", about_a="Runs tokens", about_b="Knows Figma"),
    )
    add(database, intro)
    moves = [
        PreferenceGiven(Side.A, Preference(ConnectWay.VIDEO_CALL, "mornings")),
        Accepted(Side.A),
        Accepted(Side.B),
        Thanked(Side.B),
    ]
    current = intro
    for event in moves:
        after = apply(current, event, now=T0)
        with database.transaction() as session:
            assert IntroRepository(session, WORKSPACE).compare_and_set(current, after, now=T0)
        current = replace(after, version=current.version + 1)
    with database.transaction() as session:
        stored = IntroRepository(session, WORKSPACE).get(intro.id)
    assert stored == current
    assert stored is not None and stored.thanked_b and not stored.thanked_a
    assert stored.preference(Side.A) == Preference(ConnectWay.VIDEO_CALL, "mornings")


def test_an_intro_closed_because_the_pair_knew_each_other_reads_back(database: Database) -> None:
    intro = make_intro()
    add(database, intro)
    after = apply(intro, AlreadyConnected(Side.B), now=T0)
    with database.transaction() as session:
        assert IntroRepository(session, WORKSPACE).compare_and_set(intro, after, now=T0)
        stored = IntroRepository(session, WORKSPACE).get(intro.id)
    assert stored is not None
    assert (stored.status, stored.answer_b) == (
        IntroStatus.ALREADY_CONNECTED,
        Answer.ALREADY_CONNECTED,
    )


def test_another_workspace_cannot_see_an_intro_even_with_the_same_user_ids(
    database: Database,
) -> None:
    add(database)
    with database.transaction() as session:
        other = IntroRepository(session, OTHER_WORKSPACE)
        assert other.get("intro0001") is None
        assert other.pending_between("U0ALICE01", "U0BOB0001") is None


def test_the_same_pair_may_have_a_pending_intro_in_two_workspaces(database: Database) -> None:
    add(database)
    add(database, replace(make_intro(id="intro0002"), workspace=OTHER_WORKSPACE), OTHER_WORKSPACE)
    with database.transaction() as session:
        assert IntroRepository(session, OTHER_WORKSPACE).get("intro0002") is not None


def test_only_one_pending_intro_per_pair_whichever_way_round(database: Database) -> None:
    add(database)
    swapped = make_intro(id="intro0002")
    swapped = replace(swapped, party_a=swapped.party_b, party_b=swapped.party_a)
    with pytest.raises(PendingIntroExists):
        add(database, swapped)


def test_a_closed_intro_lets_the_pair_be_introduced_again(database: Database) -> None:
    add(database, make_intro(status=IntroStatus.EXPIRED))
    add(database, make_intro(id="intro0002"))
    with database.transaction() as session:
        found = IntroRepository(session, WORKSPACE).pending_between("U0BOB0001", "U0ALICE01")
    assert found is not None and found.id == "intro0002"


def test_compare_and_set_lets_exactly_one_of_two_writers_win(database: Database) -> None:
    intro = make_intro()
    add(database, intro)
    first = apply(intro, Accepted(Side.A), now=T0)
    second = apply(intro, Accepted(Side.B), now=T0)
    with database.transaction() as session:
        assert IntroRepository(session, WORKSPACE).compare_and_set(intro, first, now=T0)
    with database.transaction() as session:
        assert not IntroRepository(session, WORKSPACE).compare_and_set(intro, second, now=T0)
    with database.transaction() as session:
        stored = IntroRepository(session, WORKSPACE).get(intro.id)
    assert stored is not None
    assert (stored.answer_a, stored.answer_b, stored.version) == (first.answer_a, intro.answer_b, 2)


def test_concurrent_writers_from_one_version_never_both_succeed(database: Database) -> None:
    intro = make_intro()
    add(database, intro)
    barrier = threading.Barrier(8)
    wins: list[bool] = []

    def write(side: Side) -> None:
        after = apply(intro, Accepted(side), now=T0)
        barrier.wait()
        with database.transaction() as session:
            wins.append(IntroRepository(session, WORKSPACE).compare_and_set(intro, after, now=T0))

    threads = [threading.Thread(target=write, args=(list(Side)[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1


def test_two_connectors_proposing_the_same_pair_at_once_leave_one_pending_intro(
    postgres_schema: str,
) -> None:
    """PostgreSQL only: SQLite runs one writer at a time, so there the race cannot happen."""
    database = Database(postgres_schema)
    database.migrate()
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []

    def propose(intro_id: str) -> None:
        with database.transaction() as session:
            intros = IntroRepository(session, WORKSPACE)
            intro = make_intro(id=intro_id)
            assert intros.pending_between("U0ALICE01", "U0BOB0001") is None
            barrier.wait()  # both have checked; only the unique index can tell them apart now
            try:
                intros.add(intro, now=T0)
                outcomes.append("added")
            except PendingIntroExists:
                outcomes.append("refused")

    threads = [threading.Thread(target=propose, args=(f"intro000{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    database.dispose()
    assert sorted(outcomes) == ["added", "refused"]
