"""Any number of workspaces: installed over OAuth, and never seeing one another's intros.

The app runs in OAuth mode behind a FakeSlackGrid: one Web API URL in front of two fake
workspaces that have the same user ids (U0ALICE01…) but different people behind them.
"""

from __future__ import annotations

import html
import json
import logging
import re
import signal
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy import func, select

from introslack.bootstrap import Application, create_application
from introslack.config import OAuthApp, Settings
from introslack.fakeslack import payloads
from introslack.fakeslack.driver import FORM, AckResponse, SlackDriver
from introslack.fakeslack.grid import FakeSlackGrid
from introslack.fakeslack.server import FakeSlack
from introslack.slack.ids import Action
from introslack.slack.installations import BOT_SCOPES
from introslack.slack.oauth import NOT_INSTALLED
from introslack.store.jobs import PENDING
from introslack.store.models import IntroRow, JobRow
from tests.conftest import FakeClock
from tests.e2e.conftest import (
    ALICE,
    BOB,
    CAROL,
    INTRODUCTION_DELAY,
    SIGNING_SECRET,
    TEST_TIMING,
    Harness,
    add_people,
    all_text,
    serve_app,
)
from tests.e2e.test_startup import START_TIMEOUT, free_port, run_app, wait_until_healthy
from tests.integration.test_installations import stored_text

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "0123456789abcdef0123456789abcdef"
ENCRYPTION_KEY = Fernet.generate_key().decode()
OAUTH_APP = OAuthApp(
    client_id=CLIENT_ID, client_secret=CLIENT_SECRET, encryption_keys=(ENCRYPTION_KEY,)
)
STATE_COOKIE = "slack-app-oauth-state"
# What only workspace 1 knows: its people's names and the connector's reason.
ONE_ONLY = ("Alice Adams", "Bob Brown", "W1 design systems")
TWO_ONLY = ("Alicia Andrade", "Bo Berg", "W2 data platforms")
EVENTUALLY = 5.0
REMINDER = "gentle reminder"


def add_other_people(slack: FakeSlack) -> None:
    """Workspace 2: the same user ids as workspace 1, other people."""
    slack.add_user(CAROL, name="carla", real_name="Carla Cruz", title="CTO")
    slack.add_user(ALICE, name="alicia", real_name="Alicia Andrade", title="Data Engineer")
    slack.add_user(BOB, name="bo", real_name="Bo Berg", title="Analyst", tz="Europe/Oslo")


@dataclass(frozen=True)
class Page:
    status: int
    body: str
    headers: dict[str, str]  # names in lower case


def get(url: str, headers: dict[str, str] | None = None) -> Page:
    """A browser's GET, without following redirects or using a proxy."""
    request = urllib.request.Request(url, headers=headers or {}, method="GET")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return Page(response.status, response.read().decode(), _lower(response.headers))
    except urllib.error.HTTPError as error:
        return Page(error.code, error.read().decode(), _lower(error.headers))


def _lower(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def eventually(check: Callable[[], bool], what: str) -> None:
    """Wait for work Bolt finishes after its ack (event listeners run after the 200)."""
    deadline = time.monotonic() + EVENTUALLY
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


@dataclass
class Workspaces:
    """One app in OAuth mode, the grid in front of two fake workspaces, and their drivers."""

    grid: FakeSlackGrid
    app: Application
    root: str
    clock: FakeClock
    one: Harness
    two: Harness

    @property
    def store(self) -> InstallationStore:
        store = self.app.bolt.installation_store
        assert store is not None
        return store

    def install_link(self) -> tuple[str, str]:
        """GET /slack/install: the "Add to Slack" link, and the state cookie it set."""
        page = get(f"{self.root}/slack/install")
        assert page.status == 200, page.body
        found = re.search(r'<a href="([^"]+)"', page.body)
        assert found is not None, page.body
        cookie = page.headers["set-cookie"].split(";")[0]
        assert cookie.startswith(f"{STATE_COOKIE}=")
        return html.unescape(found.group(1)), cookie

    def install(self, harness: Harness, installer: str = CAROL) -> Page:
        """Install the app into the harness's workspace, through the browser as Slack would."""
        link, cookie = self.install_link()
        back = self.grid.approve(link, workspace=harness.slack, installer=installer)
        return get(f"{self.root}/slack/oauth_redirect?{urlencode(back)}", {"Cookie": cookie})

    def bot_token(self, slack: FakeSlack) -> str | None:
        bot = self.store.find_bot(enterprise_id=None, team_id=slack.team_id)
        return bot.bot_token if bot else None

    def count(self, table: Any, slack: FakeSlack, **where: Any) -> int:
        query = select(func.count()).select_from(table).where(table.team_id == slack.team_id)
        for column, value in where.items():
            query = query.where(getattr(table, column) == value)
        with self.app.database.transaction() as session:
            return int(session.scalar(query) or 0)

    def settle(self) -> None:
        """Run due work: the app has one worker, for every workspace."""
        self.one.settle()


@contextmanager
def running(database_url: str, clock: FakeClock) -> Iterator[Workspaces]:
    with (
        FakeSlack() as one,
        FakeSlack(
            team_id="T0TEAM002",
            team_name="Second Test",
            team_domain="second-test",
            bot_token="xoxb-team-two",
            bot_user_id="U0BOT0002",
            bot_id="B0BOT0002",
        ) as two,
        FakeSlackGrid(one, two, client_id=CLIENT_ID, client_secret=CLIENT_SECRET) as grid,
    ):
        add_people(one)
        add_other_people(two)
        settings = Settings(
            bot_token=None,
            signing_secret=SIGNING_SECRET,
            oauth=OAUTH_APP,
            api_url=grid.base_url,
            database_url=database_url,
            timing=TEST_TIMING,
            run_worker=False,
            introduction_delay=INTRODUCTION_DELAY,
        )
        app, stop, events = serve_app(settings, clock)
        root = events.removesuffix("/slack/events")
        try:
            yield Workspaces(
                grid,
                app,
                root,
                clock,
                Harness(one, SlackDriver(events, SIGNING_SECRET, one), app, clock),
                Harness(two, SlackDriver(events, SIGNING_SECRET, two), app, clock),
            )
        finally:
            stop()


@pytest.fixture
def workspaces(tmp_path: Path, clock: FakeClock) -> Iterator[Workspaces]:
    with running(f"sqlite:///{tmp_path / 'many.sqlite3'}", clock) as running_workspaces:
        yield running_workspaces


@pytest.fixture
def installed(workspaces: Workspaces) -> Workspaces:
    for harness in (workspaces.one, workspaces.two):
        assert workspaces.install(harness).status == 200
    return workspaces


def make_intros_in_both(many: Workspaces) -> tuple[str, str]:
    """The same people, by id, introduced in each workspace for that workspace's reason."""
    first = many.one.make_pending_intro(why="W1 design systems")
    second = many.two.make_pending_intro(why="W2 data platforms")
    assert first != second
    return first, second


def everything_in(slack: FakeSlack) -> str:
    """All a person could read in this workspace: DMs, group DMs and Home tabs."""
    texts = [all_text(m) for user in (CAROL, ALICE, BOB) for m in slack.dm_messages(user)]
    texts += [all_text(m) for mpim in slack.mpims() for m in mpim.messages]
    texts += [
        all_text({"blocks": (slack.home_view(user) or {}).get("blocks")})
        for user in (CAROL, ALICE, BOB)
    ]
    return "\n".join(texts)


# -- installing -----------------------------------------------------------------------------


def test_an_oauth_install_asks_for_the_bot_scopes_and_stores_the_workspaces_token(
    workspaces: Workspaces,
) -> None:
    link, cookie = workspaces.install_link()
    query = {k: v[0] for k, v in parse_qs(urlsplit(link).query, keep_blank_values=True).items()}
    assert link.startswith("https://slack.com/oauth/v2/authorize?")
    assert query["client_id"] == CLIENT_ID
    assert query["scope"].split(",") == list(BOT_SCOPES)
    assert query["state"] and cookie == f"{STATE_COOKIE}={query['state']}"

    back = workspaces.grid.approve(link, workspace=workspaces.two.slack, installer=CAROL)
    done = get(f"{workspaces.root}/slack/oauth_redirect?{urlencode(back)}", {"Cookie": cookie})

    assert done.status == 200 and "Thank you!" in done.body
    installation = workspaces.store.find_installation(enterprise_id=None, team_id="T0TEAM002")
    assert installation is not None
    assert (installation.bot_token, installation.bot_user_id) == ("xoxb-team-two", "U0BOT0002")
    assert installation.user_id == CAROL
    assert workspaces.bot_token(workspaces.one.slack) is None
    assert not any(
        "xoxb-team-two" in value for value in stored_text(workspaces.app.database.engine)
    )


def test_an_install_link_works_once(workspaces: Workspaces) -> None:
    link, cookie = workspaces.install_link()
    back = workspaces.grid.approve(link, workspace=workspaces.one.slack, installer=CAROL)
    redirect = f"{workspaces.root}/slack/oauth_redirect?{urlencode(back)}"
    assert get(redirect, {"Cookie": cookie}).status == 200
    again = workspaces.grid.approve(link, workspace=workspaces.two.slack, installer=CAROL)
    replay = get(f"{workspaces.root}/slack/oauth_redirect?{urlencode(again)}", {"Cookie": cookie})
    assert replay.status == 401 and "invalid_state" in replay.body
    assert workspaces.bot_token(workspaces.two.slack) is None


@pytest.mark.parametrize(
    ("tamper", "status", "reason"),
    [
        ("no cookie", 400, "invalid_browser"),
        ("another browser's state", 400, "invalid_browser"),
        ("a code Slack never issued", 401, "invalid_code"),
    ],
)
def test_a_tampered_oauth_redirect_installs_nothing(
    workspaces: Workspaces, tamper: str, status: int, reason: str
) -> None:
    link, cookie = workspaces.install_link()
    back = workspaces.grid.approve(link, workspace=workspaces.one.slack, installer=CAROL)
    headers = {"Cookie": cookie}
    if tamper == "no cookie":
        headers = {}
    elif tamper == "another browser's state":
        headers = {"Cookie": workspaces.install_link()[1]}
    else:
        back["code"] = "1.T0TEAM001.forged"
    page = get(f"{workspaces.root}/slack/oauth_redirect?{urlencode(back)}", headers)
    assert page.status == status and reason in page.body
    assert workspaces.bot_token(workspaces.one.slack) is None


# -- isolation ------------------------------------------------------------------------------


@pytest.fixture
def installed_on_each_database(database_url: str, clock: FakeClock) -> Iterator[Workspaces]:
    with running(database_url, clock) as many:
        for harness in (many.one, many.two):
            assert many.install(harness).status == 200
        yield many


def wait_for_introduction(slack: FakeSlack) -> None:
    slack.wait_for(
        lambda: any(pair.messages for pair in slack.mpims()),
        message=f"the introduction in {slack.team_id}",
    )


def open_home(harness: Harness, user_id: str) -> dict[str, Any]:
    """Open the Home tab and return the view the app publishes in answer."""
    before = harness.slack.home_view(user_id)
    assert harness.driver.open_home(user_id).status == 200
    return harness.slack.wait_for(
        lambda: _changed(harness.slack.home_view(user_id), before),
        message=f"{user_id}'s Home tab republished",
    )


def _changed(view: dict[str, Any] | None, before: dict[str, Any] | None) -> dict[str, Any] | None:
    return view if view is not None and view != before else None


def test_two_workspaces_with_the_same_user_ids_each_see_only_their_own_intros(
    installed_on_each_database: Workspaces,
) -> None:
    many = installed_on_each_database
    make_intros_in_both(many)
    for harness in (many.one, many.two):
        for person in (ALICE, BOB):
            assert harness.driver.click_in_dm(person, action_id=Action.ACCEPT.value).status == 200
        wait_for_introduction(harness.slack)
    many.settle()

    one, two = many.one.slack, many.two.slack
    for slack in (one, two):
        (pair,) = slack.mpims()
        assert sorted(pair.members) == sorted([ALICE, BOB, slack.bot_user_id])
        assert len(pair.messages) == 1
    seen_in_one, seen_in_two = everything_in(one), everything_in(two)
    assert all(text in seen_in_one for text in ONE_ONLY)
    assert all(text in seen_in_two for text in TWO_ONLY)
    assert not any(text in seen_in_two for text in ONE_ONLY)
    assert not any(text in seen_in_one for text in TWO_ONLY)
    assert {call.team_id for call in many.grid.calls if call.method != "oauth.v2.access"} == {
        one.team_id,
        two.team_id,
    }
    assert not [call for call in many.grid.calls if call.error]


def forged_accept(harness: Harness, user_id: str, intro_id: str) -> AckResponse:
    """The user's own Accept button in this workspace, its value swapped for another's intro."""
    slack = harness.slack
    message = harness.wait_for_button(user_id, Action.ACCEPT)
    found = payloads.find_button(message["blocks"], action_id=Action.ACCEPT.value)
    assert found is not None
    block_id, button = found
    channel = slack.dm_channel(user_id) or ""
    actor = payloads.Actor(
        user_id=user_id,
        user_name="alicia",
        team_id=slack.team_id,
        team_domain=slack.team_domain,
        app_id=slack.app_id,
        token="fake-verification-token",
    )
    payload = payloads.message_block_actions(
        actor,
        trigger_id=slack.issue_trigger_id(user_id),
        action=payloads.button_action(block_id, {**button, "value": intro_id}, slack.next_ts()),
        channel={"id": channel, "name": "directmessage"},
        message=message,
        response_url=slack.issue_response_url(user_id, channel, message_ts=message["ts"]),
    )
    return harness.driver.send_raw(f"payload={quote(json.dumps(payload))}".encode(), FORM)


def test_a_forged_click_carrying_another_workspaces_intro_id_finds_nothing_and_changes_nothing(
    installed_on_each_database: Workspaces,
) -> None:
    many = installed_on_each_database
    first, _second = make_intros_in_both(many)
    calls_in_one = len(many.one.slack.calls)

    assert forged_accept(many.two, ALICE, first).status == 200
    (note,) = many.two.slack.wait_for(lambda: many.two.slack.ephemerals(ALICE))
    many.settle()

    assert "I can't find that intro" in all_text(note.message)
    assert len(many.one.slack.calls) == calls_in_one, "nothing reached workspace 1"
    assert many.one.slack.mpims() == [] and many.two.slack.mpims() == []
    with many.app.database.transaction() as session:
        rows = session.scalars(select(IntroRow).order_by(IntroRow.team_id)).all()
        assert [(r.team_id, r.answer_a, r.version) for r in rows] == [
            ("T0TEAM001", "waiting", 1),
            ("T0TEAM002", "waiting", 1),
        ]


def test_a_workspaces_home_tab_shows_nothing_of_another_workspace(installed: Workspaces) -> None:
    make_intros_in_both(installed)
    two = installed.two
    for person in (CAROL, ALICE):
        home = all_text({"blocks": open_home(two, person)["blocks"]})
        assert "W2 data platforms" in home
        assert not any(text in home for text in ONE_ONLY)


# -- leaving --------------------------------------------------------------------------------


def test_uninstalling_from_one_workspace_forgets_its_token_and_stops_only_its_intros(
    installed: Workspaces,
) -> None:
    many = installed
    make_intros_in_both(many)
    one, two = many.one, many.two
    assert many.count(JobRow, one.slack, state=PENDING) > 0

    many.grid.uninstall(one.slack)  # Slack revokes the token, then tells the app
    assert one.driver.uninstall_app().status == 200
    eventually(lambda: many.count(JobRow, one.slack, state=PENDING) == 0, "jobs cancelled")

    assert many.bot_token(one.slack) is None
    assert many.store.find_installation(enterprise_id=None, team_id=one.slack.team_id) is None
    calls_in_one = len(one.slack.calls)
    through_grid = len(many.grid.calls_from(one.slack))
    many.clock.advance(TEST_TIMING.expire_after - timedelta(hours=1))
    many.settle()
    for person in (ALICE, BOB):  # workspace 2 is reminded; workspace 1 hears nothing
        reminders = [m for m in two.slack.dm_messages(person) if REMINDER in all_text(m)]
        assert reminders, f"{person} in workspace 2 was reminded"
    many.clock.advance(timedelta(hours=2))
    many.settle()
    assert len(one.slack.calls) == calls_in_one
    later = many.grid.calls_from(one.slack)[through_grid:]
    assert all(call.method != "chat.postMessage" for call in later)
    assert not [call for call in many.grid.calls_from(one.slack) if call.error]
    assert "expired" in all_text(two.slack.dm_messages(CAROL)[-1]).lower()

    refused = one.driver.slash_command(CAROL, "/intro")
    assert refused.status == 200
    (note,) = one.slack.wait_for(lambda: one.slack.ephemerals(CAROL))
    assert all_text(note.message) == NOT_INSTALLED
    assert [call.method for call in one.slack.calls[calls_in_one:]] == ["response_url"]
    two.open_intro_modal(CAROL)  # workspace 2 keeps working


def test_a_revoked_bot_token_stops_the_workspace_like_an_uninstall(installed: Workspaces) -> None:
    many = installed
    make_intros_in_both(many)
    assert many.one.driver.revoke_tokens(bot=True).status == 200
    eventually(lambda: many.count(JobRow, many.one.slack, state=PENDING) == 0, "jobs cancelled")
    assert many.bot_token(many.one.slack) is None
    assert many.count(JobRow, many.two.slack, state=PENDING) > 0
    assert many.bot_token(many.two.slack) == "xoxb-team-two"


def test_a_request_from_a_never_installed_workspace_is_refused_and_nothing_is_stored_or_sent(
    workspaces: Workspaces,
) -> None:
    assert workspaces.install(workspaces.one).status == 200
    never = workspaces.two

    command = never.driver.slash_command(CAROL, "/intro")
    home = never.driver.open_home(ALICE)

    assert command.status == 200 and home.status == 200
    assert home.body == NOT_INSTALLED
    (note,) = never.slack.wait_for(lambda: never.slack.ephemerals(CAROL))
    assert all_text(note.message) == NOT_INSTALLED
    assert [call.method for call in never.slack.calls] == ["response_url"]
    assert workspaces.grid.calls_from(never.slack) == []
    assert workspaces.count(IntroRow, never.slack) == workspaces.count(JobRow, never.slack) == 0


# -- modes ----------------------------------------------------------------------------------


def test_started_with_client_credentials_and_no_bot_token_the_app_serves_its_install_page(
    tmp_path: Path,
) -> None:
    port = free_port()
    env = {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "INTROSLACK_ENCRYPTION_KEY": ENCRYPTION_KEY,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        "PORT": str(port),
    }
    process = run_app(env, tmp_path)
    try:
        wait_until_healthy(port, process)
        page = get(f"http://127.0.0.1:{port}/slack/install")
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
    assert page.status == 200
    assert f"client_id={CLIENT_ID}" in html.unescape(page.body)
    assert page.headers["set-cookie"].startswith(f"{STATE_COOKIE}=")


def test_started_with_client_credentials_but_no_encryption_key_the_app_stops_in_one_sentence(
    tmp_path: Path,
) -> None:
    env = {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
    }
    process = run_app(env, tmp_path)
    _out, err = process.communicate(timeout=START_TIMEOUT)
    assert process.returncode == 2
    [line] = err.strip().splitlines()
    assert line.startswith("introslack: INTROSLACK_ENCRYPTION_KEY is not set")


def test_with_a_bot_token_and_client_credentials_both_set_oauth_wins_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="introslack")
    settings = Settings(
        bot_token="xoxb-never-checked",
        signing_secret=SIGNING_SECRET,
        oauth=OAUTH_APP,
        api_url="http://127.0.0.1:9/api/",
        database_url=f"sqlite:///{tmp_path / 'both.sqlite3'}",
        run_worker=False,
    )
    app = create_application(settings)
    try:
        assert app.bolt.oauth_flow is not None
        assert app.bolt.installation_store is not None
    finally:
        app.stop()
    assert any("SLACK_BOT_TOKEN is ignored" in r.getMessage() for r in caplog.records)


def test_with_one_bot_token_an_uninstall_stops_that_workspaces_intros(harness: Harness) -> None:
    harness.make_pending_intro()
    calls = len(harness.slack.calls)
    assert harness.driver.uninstall_app().status == 200

    def pending_jobs() -> int:
        query = select(func.count()).select_from(JobRow).where(JobRow.state == PENDING)
        with harness.app.database.transaction() as session:
            return int(session.scalar(query) or 0)

    eventually(lambda: pending_jobs() == 0, "jobs cancelled")
    harness.clock.advance(TEST_TIMING.expire_after + timedelta(days=1))
    harness.settle()
    assert len(harness.slack.calls) == calls


def test_with_no_uninstall_grace_an_uninstall_deletes_the_workspaces_intros_at_once(
    slack: FakeSlack, tmp_path: Path, clock: FakeClock
) -> None:
    settings = Settings(
        bot_token=slack.bot_token,
        signing_secret=SIGNING_SECRET,
        api_url=slack.base_url,
        database_url=f"sqlite:///{tmp_path / 'gone.sqlite3'}",
        timing=TEST_TIMING,
        run_worker=False,
        uninstall_grace=timedelta(0),
    )
    application, stop, url = serve_app(settings, clock)
    try:
        harness = Harness(slack, SlackDriver(url, SIGNING_SECRET, slack), application, clock)
        harness.make_pending_intro()

        def intros() -> int:
            with application.database.reading() as session:
                return int(session.scalar(select(func.count()).select_from(IntroRow)) or 0)

        assert intros() == 1
        assert harness.driver.uninstall_app().status == 200
        eventually(lambda: intros() == 0, "the workspace's intros deleted")
    finally:
        stop()
