"""Many workspaces on one database (SQLite and PostgreSQL): tokens and due work per workspace."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

import pytest
from slack_sdk.oauth.installation_store import Installation, InstallationStore

from introslack.config import OAuthApp
from introslack.domain.intro import Workspace
from introslack.domain.timing import FollowThrough
from introslack.service import IntroService, Leases
from introslack.slack.clients import InstalledWorkspaces
from introslack.slack.effects import SlackEffects
from introslack.slack.installations import installation_store
from introslack.store.database import Database
from introslack.store.jobs import JobQueue, Lease
from introslack.worker import Worker
from tests.conftest import FakeClock
from tests.factories import T0, make_intro

APP = OAuthApp(client_id="1111111111.2222222222", client_secret="0123456789abcdef0123456789abcdef")
ONE, TWO = Workspace(team_id="T0TEAM001"), Workspace(team_id="T0TEAM002")
API_URL = "http://127.0.0.1:9/api/"
LEASE = timedelta(seconds=15)


def installed_workspaces(database: Database) -> InstalledWorkspaces:
    store = installation_store(database.engine, client_id=APP.client_id)
    return InstalledWorkspaces(store, base_url=API_URL)


def install(store: InstallationStore, workspace: Workspace, token: str) -> None:
    store.save(
        Installation(
            app_id="A0APP0001",
            team_id=workspace.team_id,
            enterprise_id=workspace.enterprise_id,
            bot_token=token,
            bot_id="B0BOT0001",
            bot_user_id="U0BOT0001",
            bot_scopes="commands,chat:write",
            user_id="U0CAROL01",
        )
    )


def propose(intros: IntroService, workspace: Workspace) -> None:
    intro = make_intro()
    intros.propose(
        workspace,
        connector_id=intro.connector_id,
        party_a=intro.party_a,
        party_b=intro.party_b,
        context=intro.context,
    )


def test_each_workspace_gets_a_client_with_its_own_bot_token(database: Database) -> None:
    clients = installed_workspaces(database)
    install(clients.store, ONE, "xoxb-one")
    install(clients.store, TWO, "xoxb-two")
    one, two = clients.for_workspace(ONE), clients.for_workspace(TWO)
    assert one is not None and two is not None
    assert (one.token, two.token) == ("xoxb-one", "xoxb-two")
    assert one.base_url == two.base_url == API_URL
    assert one.retry_handlers, "the same retry policy as the single-workspace client"
    assert clients.for_workspace(ONE) is one, "one client per token, reused"


def test_a_workspace_without_an_installation_gets_no_client(database: Database) -> None:
    clients = installed_workspaces(database)
    install(clients.store, ONE, "xoxb-one")
    assert clients.for_workspace(TWO) is None
    assert clients.for_workspace(replace(ONE, enterprise_id="E0ORG0001")) is None
    clients.store.delete_all(enterprise_id=None, team_id=ONE.team_id)
    assert clients.for_workspace(ONE) is None


def test_stopping_a_workspace_cancels_only_its_pending_jobs(database: Database) -> None:
    clock = FakeClock()
    intros = IntroService(
        database, timing=FollowThrough(), clock=clock, leases=Leases(LEASE, wall=clock)
    )
    for workspace in (ONE, TWO):
        propose(intros, workspace)  # the same people in both
    assert intros.stop_workspace(ONE) > 0
    with database.transaction() as session:
        queue = JobQueue(session)
        assert queue.cancel_workspace(ONE, now=T0) == 0, "nothing pending is left in ONE"
        later = T0 + FollowThrough().expire_after * 2
        lease = Lease.new(wall_now=later, length=LEASE)
        left = queue.claim(now=later, wall_now=later, lease=lease, limit=100).jobs
    assert left and {job.workspace for job in left} == {TWO}


def test_a_job_whose_workspace_has_no_installation_is_finished_without_sending(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    leases = Leases(LEASE, wall=clock)
    intros = IntroService(database, timing=FollowThrough(), clock=clock, leases=leases)
    effects = SlackEffects(installed_workspaces(database), publish_home=lambda _job: None)
    worker = Worker(database, effects, clock=clock, leases=leases, expire=intros.expire)
    intros.hand_due_work_to(worker.submit)
    caplog.set_level(logging.WARNING, logger="introslack")
    propose(intros, ONE)
    assert worker.wait_idle(timeout=10)
    worker.shutdown()
    assert worker.backlog() == 0, "finished, not retried"
    skipped = [r for r in caplog.records if "not installed" in r.getMessage()]
    assert skipped and all(getattr(r, "team_id", None) == ONE.team_id for r in skipped)
