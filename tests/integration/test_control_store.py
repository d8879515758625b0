"""What the checks before a new intro read, on SQLite and PostgreSQL: per workspace, by index."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

from introslack.domain.control import IntroSettings
from introslack.domain.intro import Answer, Declined, IntroStatus, Person, Side, Workspace, apply
from introslack.store.control import ProposalQueries, SettingsRepository
from introslack.store.database import Database
from introslack.store.intros import IntroRepository
from tests.factories import T0, WORKSPACE, make_intro

OTHER = Workspace(team_id="T0OTHER01")
DAVE = Person("U0DAVE001", "Dave Diaz")


def test_settings_read_back_per_person_and_workspace(database: Database) -> None:
    mine = IntroSettings(
        paused_until=date(2026, 12, 24),
        monthly_limit=4,
        topics=("design", "hiring"),
        blocked=frozenset({"U0BOB0001"}),
    )
    with database.transaction() as session:
        SettingsRepository(session, WORKSPACE).save("U0ALICE01", mine, now=T0)
    with database.transaction() as session:
        SettingsRepository(session, WORKSPACE).save("U0ALICE01", replace(mine, topics=()), now=T0)
    with database.reading() as session:
        assert SettingsRepository(session, WORKSPACE).get("U0ALICE01") == replace(mine, topics=())
        assert SettingsRepository(session, OTHER).get("U0ALICE01") == IntroSettings()
        many = SettingsRepository(session, WORKSPACE).get_many(["U0ALICE01", "U0BOB0001"])
        assert many["U0BOB0001"] == IntroSettings() and many["U0ALICE01"].monthly_limit == 4


def test_history_counts_a_pairs_decline_a_connectors_week_and_a_persons_month(
    database: Database,
) -> None:
    first = make_intro(id="intro0001", created_at=T0 - timedelta(days=3))
    declined = apply(first, Declined(Side.B), now=T0 - timedelta(days=2))
    second = make_intro(id="intro0002", party_b=DAVE, created_at=T0 - timedelta(days=1))
    with database.transaction() as session:
        IntroRepository(session, WORKSPACE).add_many([declined, second], now=T0)
        IntroRepository(session, OTHER).add_many(
            [replace(second, id="intro0003", workspace=OTHER)], now=T0
        )
    with database.reading() as session:
        history = ProposalQueries(session, WORKSPACE)
        assert history.last_declined_at("U0BOB0001", "U0ALICE01") == T0 - timedelta(days=2)
        assert history.last_declined_at("U0ALICE01", "U0DAVE001") is None
        starts = history.started_since("U0CONNECT", T0 - timedelta(days=7), limit=5)
        assert starts == [T0 - timedelta(days=1), T0 - timedelta(days=3)]
        assert history.started_since("U0CONNECT", T0 - timedelta(days=7), limit=1) == starts[:1]
        assert history.requests_since("U0ALICE01", T0 - timedelta(days=30)) == 2
        assert history.requests_since("U0DAVE001", T0 - timedelta(days=30)) == 1
        assert history.requests_since("U0ALICE01", T0 - timedelta(hours=1)) == 0
        assert ProposalQueries(session, OTHER).requests_since("U0ALICE01", T0 - timedelta(30)) == 1


def test_on_sqlite_the_checks_seek_an_index_instead_of_scanning_intros(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    database.migrate()
    try:
        with database.engine.connect() as connection:
            plans = {
                "ix_intros_pair_closed": "pair_key = 'a:b' AND status = 'declined'",
                "ix_intros_connector_created": "connector_id = 'U1' AND created_at > '2026-01-01'",
                "ix_intros_party_a_created": "party_a_id = 'U1' AND created_at >= '2026-01-01'",
            }
            for index, where in plans.items():
                plan = connection.execute(
                    text(f"EXPLAIN QUERY PLAN SELECT * FROM intros WHERE team_id = 'T' AND {where}")
                ).all()
                assert any(index in str(row) for row in plan), (index, plan)
    finally:
        database.dispose()


def test_an_intro_someone_asked_for_counts_as_a_request_to_the_other_person_only(
    database: Database,
) -> None:
    asked_for = make_intro(
        id="intro0009",
        status=IntroStatus.PENDING,
        answer_a=Answer.ACCEPTED,
        requested=True,
        created_at=T0 - timedelta(days=1),
    )
    with database.transaction() as session:
        IntroRepository(session, WORKSPACE).add(asked_for, now=T0)
    with database.reading() as session:
        history = ProposalQueries(session, WORKSPACE)
        assert history.requests_since(asked_for.party_a.user_id, T0 - timedelta(days=30)) == 0
        assert history.requests_since(asked_for.party_b.user_id, T0 - timedelta(days=30)) == 1
