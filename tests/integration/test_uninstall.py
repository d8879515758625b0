"""A workspace that uninstalls the app: its data goes after the grace period (or at once), in
batches, on SQLite and PostgreSQL, and nothing of any other workspace goes with it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Table, func, select

from introslack.domain.control import IntroSettings
from introslack.domain.effects import EffectKind
from introslack.domain.intro import Person, Workspace
from introslack.domain.privacy import Shown
from introslack.domain.timing import FollowThrough
from introslack.retention import Retention
from introslack.service import IntroService, Leases
from introslack.slack.installations import installation_store
from introslack.store.control import SettingsRepository
from introslack.store.database import Database
from introslack.store.jobs import PENDING, Job, JobQueue, Lease, Posted
from introslack.store.models import Base, DepartedWorkspaceRow, JobRow
from tests.conftest import FakeClock
from tests.factories import T0, make_intro
from tests.integration.test_installations import APP, install

ONE, TWO = Workspace(team_id="T0TEAM001"), Workspace(team_id="T0TEAM002")
GRACE = timedelta(days=30)
KEEP = timedelta(days=180)
LEASE = timedelta(seconds=15)
DEPARTED = DepartedWorkspaceRow.__table__


def workspace_tables() -> list[Table]:
    """Every table of ours keyed by workspace (Slack's OAuth tables are Bolt's to clear)."""
    return [
        table
        for table in Base.metadata.sorted_tables
        if "team_id" in table.c and not table.name.startswith("slack_") and table is not DEPARTED
    ]


def rows_of(database: Database, workspace: Workspace) -> dict[str, int]:
    with database.reading() as session:
        return {
            table.name: int(
                session.scalar(select(func.count()).where(table.c.team_id == workspace.team_id))
                or 0
            )
            for table in workspace_tables()
        }


def used(database: Database, intros: IntroService, workspace: Workspace) -> None:
    """A workspace with a bit of everything: intros, sent requests, settings, Home viewers."""
    template = make_intro()
    for n in range(3):
        made = intros.propose(
            workspace,
            connector_id=template.connector_id,
            party_a=template.party_a,
            party_b=Person(f"U0PARTY0{n}", f"Party {n}"),
            context=template.context,
        )
        intros.remind(workspace, made.id, user_id=made.connector_id)
    intros.opened_home(workspace, "U0CAROL01")
    with database.transaction() as session:
        SettingsRepository(session, workspace).save(
            "U0ALICE01", IntroSettings(topics=("design",)), now=T0
        )
        queue = JobQueue(session)
        lease = Lease.new(wall_now=T0, length=LEASE)
        claimed = queue.claim(now=T0, wall_now=T0, lease=lease, limit=100).jobs
        mine = [job for job in claimed if job.workspace == workspace]
        sent = {job: posted(job) if job.intro_id else None for job in mine}
        queue.finish(lease, sent, now=T0)


def posted(job: Job) -> Posted:
    """Where the job's message landed; a request also leaves its words in a consent record."""
    asked = f"U0ASKED{job.id:02d}"
    shown = Shown(asked, "Would you like to meet?") if job.kind is EffectKind.ASK_PARTY else None
    return Posted("D0ALICE01", f"{T0.timestamp() + job.id:.6f}", shown=shown)


def pending_work(database: Database) -> list[tuple[str | None, str, datetime]]:
    with database.reading() as session:
        rows = session.execute(
            select(JobRow.intro_id, JobRow.kind, JobRow.due_at)
            .where(JobRow.state == PENDING)
            .order_by(JobRow.id)
        )
        return [tuple(row) for row in rows]


def service(database: Database, clock: FakeClock, grace: timedelta) -> IntroService:
    return IntroService(
        database,
        timing=FollowThrough(),
        clock=clock,
        leases=Leases(LEASE, wall=clock),
        uninstall_grace=grace,
    )


def test_a_workspace_that_left_keeps_its_data_for_the_grace_period_then_loses_all_of_it(
    database: Database,
) -> None:
    clock = FakeClock()
    intros = service(database, clock, GRACE)
    for workspace in (ONE, TWO):
        used(database, intros, workspace)
    before = rows_of(database, ONE)
    assert all(before.values()), f"every table holds something of the workspace: {before}"

    intros.stop_workspace(ONE)
    sweep = Retention(database, keep=KEEP, grace=GRACE, clock=clock, batch=2)
    clock.advance(GRACE - timedelta(hours=1))
    assert sweep.sweep().workspaces == 0
    assert rows_of(database, ONE) == before, "nothing goes during the grace period"

    clock.advance(timedelta(hours=2))
    assert sweep.sweep().workspaces == 1
    assert not any(rows_of(database, ONE).values())
    assert rows_of(database, TWO) == before, "the other workspace keeps everything"
    assert sweep.sweep().workspaces == 0, "done once"
    with database.reading() as session:
        assert session.get(DepartedWorkspaceRow, ONE.team_id) is None


def test_with_no_grace_a_workspace_that_left_loses_its_data_at_once(database: Database) -> None:
    clock = FakeClock()
    intros = service(database, clock, timedelta(0))
    for workspace in (ONE, TWO):
        used(database, intros, workspace)
    kept = rows_of(database, TWO)

    intros.stop_workspace(ONE)

    assert not any(rows_of(database, ONE).values())
    assert rows_of(database, TWO) == kept


@pytest.mark.parametrize("way_back", ["oauth install", "start with a working bot token"])
def test_a_workspace_that_installs_again_within_the_grace_period_keeps_its_data(
    database: Database, way_back: str
) -> None:
    clock = FakeClock()
    intros = service(database, clock, GRACE)
    used(database, intros, ONE)
    before = rows_of(database, ONE)
    waiting = pending_work(database)
    intros.stop_workspace(ONE)
    assert pending_work(database) == []
    clock.advance(timedelta(days=10))  # past the reminders' day and the expiry (and so is now)
    if way_back == "oauth install":
        install(installation_store(database.engine, APP), ONE, "xoxb-again")
    else:
        intros.installed_again(ONE)
    stale = {"remind_party", "reask_party", "nudge_party"}
    expected = [job for job in waiting if job[1] not in stale]
    assert any(job[1] == "expire_intro" for job in expected)
    assert pending_work(database) == expected, "the expiries are due again, no late reminder"

    clock.advance(GRACE * 2)
    assert Retention(database, keep=KEEP, grace=GRACE, clock=clock).sweep().workspaces == 0
    assert rows_of(database, ONE) == before
