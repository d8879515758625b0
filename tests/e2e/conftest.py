"""The real app over real HTTP, against the fake Slack, driven by signed requests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from introslack.bootstrap import Application, create_application
from introslack.config import Settings
from introslack.domain.intro import Workspace
from introslack.domain.timing import FollowThrough
from introslack.fakeslack.driver import AckResponse, SlackDriver
from introslack.fakeslack.server import FakeSlack
from introslack.http import make_http_server
from introslack.slack.ids import Action, Block
from tests.blocks import buttons, readable
from tests.conftest import FakeClock

SIGNING_SECRET = "e2e-signing-secret"
SETTLE_TIMEOUT = 10.0
# How far ahead the app schedules the group-DM introduction in tests: short, so none waits long.
INTRODUCTION_DELAY = timedelta(seconds=1)
CAROL, ALICE, BOB, DAVE = "U0CAROL01", "U0ALICE01", "U0BOB0001", "U0DAVE001"
HELPER_BOT, GONE = "U0HELPBOT", "U0GONE001"


def add_people(slack: FakeSlack, locales: dict[str, str] | None = None) -> None:
    """The usual cast; `locales` sets someone's Slack language (everyone else has en-US)."""
    language = (locales or {}).get
    slack.add_user(
        CAROL,
        name="carol",
        real_name="Carol Chen",
        title="Head of Platform",
        locale=language(CAROL, "en-US"),
    )
    slack.add_user(
        ALICE,
        name="alice",
        real_name="Alice Adams",
        title="Staff Engineer",
        tz="Europe/Paris",
        locale=language(ALICE, "en-US"),
    )
    slack.add_user(
        BOB,
        name="bob",
        real_name="Bob Brown",
        title="Design Lead",
        tz="America/Chicago",
        locale=language(BOB, "en-US"),
    )
    slack.add_user(
        DAVE, name="dave", real_name="Dave Diaz", title="Recruiter", locale=language(DAVE, "en-US")
    )
    slack.add_user(HELPER_BOT, name="helper", real_name="Helper Bot", is_bot=True)
    slack.add_user(GONE, name="gone", real_name="Gina Gone", deleted=True)


@dataclass
class People:
    """What the people in a workspace do and see: a fake Slack and a driver playing Slack."""

    slack: FakeSlack
    driver: SlackDriver

    def open_intro_modal(self, connector: str = CAROL, text: str = "") -> dict[str, Any]:
        """Run /intro and return the modal it opens (not one a refusal left open earlier)."""
        earlier = {view["id"] for view in self.slack.open_views(connector)}
        ack = self.driver.slash_command(connector, "/intro", text)
        assert ack.status == 200
        return self.slack.wait_for(
            lambda: next(
                (v for v in self.slack.open_views(connector)[-1:] if v["id"] not in earlier), None
            ),
            message="the intro modal",
        )

    def submit_intro(
        self, connector: str = CAROL, a: str | None = ALICE, b: str | None = BOB, **fields: Any
    ) -> AckResponse:
        view = self.open_intro_modal(connector)
        values: dict[str, Any] = {
            Block.PARTY_A.value: a,
            Block.PARTY_B.value: b,
            Block.WHY.value: "You both rebuild design systems.",
        }
        values.update(fields)
        return self.driver.submit_view(connector, view["id"], values)

    def wait_for_button(self, user_id: str, action: Action) -> dict[str, Any]:
        return self.slack.wait_for(
            lambda: next(
                (m for m in reversed(self.slack.dm_messages(user_id)) if button(m, action)), None
            ),
            message=f"a {action.value} button in {user_id}'s DM",
        )

    def intro_id_in_dm(self, user_id: str) -> str:
        message = self.wait_for_button(user_id, Action.ACCEPT)
        found = button(message, Action.ACCEPT)
        assert found is not None
        return str(found["value"])

    def decline(self, user_id: str, reason: str | None = None, note: str = "") -> AckResponse:
        click = self.driver.click_in_dm(user_id, action_id=Action.DECLINE.value)
        assert click.status == 200
        modal = self.slack.wait_for(
            lambda: (self.slack.open_views(user_id) or [None])[-1], message="the decline modal"
        )
        values = {Block.DECLINE_REASON.value: reason, Block.DECLINE_NOTE.value: note}
        return self.driver.submit_view(user_id, modal["id"], values)


@dataclass
class Harness(People):
    """One running app with its fake Slack, a driver playing Slack, and the app's clock."""

    app: Application
    clock: FakeClock

    @property
    def app_workspace(self) -> Workspace:
        return Workspace(team_id=self.slack.team_id)

    def make_pending_intro(self, **fields: Any) -> str:
        """Run /intro for Alice and Bob and wait until both requests have landed."""
        ack = self.submit_intro(**fields)
        assert ack.status == 200 and not ack.body, ack.body
        for person in (ALICE, BOB):
            self.wait_for_button(person, Action.ACCEPT)
        self.settle()
        return self.intro_id_in_dm(ALICE)

    def settle(self) -> None:
        """Wait for acked requests and their effects, run the worker until nothing is due, and
        wait for the scheduled introductions to post."""
        worker = self.app.worker
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while True:
            if not self.app.wait_idle(max(deadline - time.monotonic(), 0)):
                raise AssertionError(f"work still in hand after {SETTLE_TIMEOUT}s")
            if not worker.run_due() and not worker.backlog():
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"due work left after {SETTLE_TIMEOUT}s")
        self.slack.wait_for(
            lambda: not self.slack.scheduled_messages(),
            max(deadline - time.monotonic(), 0.1),
            message="the scheduled introductions to post",
        )


def button(message: dict[str, Any], action: Action) -> dict[str, Any] | None:
    for element in buttons(message.get("blocks") or []):
        if element.get("action_id") == action.value:
            return dict(element)
    return None


def all_text(message: dict[str, Any]) -> str:
    """Everything a person could read in a message: fallback text and every text in blocks."""
    return readable(message.get("blocks") or [], fallback=str(message.get("text") or ""))


def start_app(
    slack: FakeSlack,
    database_url: str,
    clock: Callable[[], Any],
    *,
    timing: FollowThrough,
    introduction_delay: timedelta = INTRODUCTION_DELAY,
) -> tuple[Application, Callable[[], None], str]:
    settings = Settings(
        bot_token=slack.bot_token,
        signing_secret=SIGNING_SECRET,
        api_url=slack.base_url,
        database_url=database_url,
        timing=timing,
        run_worker=False,
        introduction_delay=introduction_delay,
    )
    return serve_app(settings, clock)


def serve_app(
    settings: Settings, clock: Callable[[], Any]
) -> tuple[Application, Callable[[], None], str]:
    """The real app on a random port over real HTTP; returns it, a stop function, its URL."""
    application = create_application(settings, clock=clock)
    server = make_http_server(application, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        application.stop()

    return application, stop, f"http://127.0.0.1:{server.server_port}/slack/events"


TEST_TIMING = FollowThrough(
    remind_after=timedelta(days=3),
    expire_after=timedelta(days=7),
    follow_up_after=timedelta(days=7),
)


@pytest.fixture
def slack(request: pytest.FixtureRequest) -> Iterator[FakeSlack]:
    """The fake workspace; parametrize it indirectly with {user_id: locale} to set languages."""
    with FakeSlack() as fake:
        add_people(fake, getattr(request, "param", None))
        yield fake


@pytest.fixture
def introduction_delay() -> timedelta:
    """Override in a test module for a longer window before the introduction posts."""
    return INTRODUCTION_DELAY


@pytest.fixture
def harness(
    slack: FakeSlack, tmp_path: Path, clock: FakeClock, introduction_delay: timedelta
) -> Iterator[Harness]:
    url = f"sqlite:///{tmp_path / 'e2e.sqlite3'}"
    application, stop, app_url = start_app(
        slack, url, clock, timing=TEST_TIMING, introduction_delay=introduction_delay
    )
    try:
        yield Harness(slack, SlackDriver(app_url, SIGNING_SECRET, slack), application, clock)
    finally:
        stop()
