"""The running playground: a fake Slack workspace, the real app wired to it, and a clock.

What a visitor does on the page arrives here as "Priya runs /intro" or "Maya clicks Accept";
the SlackDriver turns each into the signed request Slack would send to the app's
``/slack/events``, and the fake Slack records every Web API call the app makes in return.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.engine import make_url

from introslack.bootstrap import Application, create_application
from introslack.config import Settings
from introslack.fakeslack.driver import SlackDriver
from introslack.fakeslack.server import FakeSlack
from introslack.http import WsgiApp, wsgi_app
from introslack.playground.clock import PlaygroundClock
from introslack.playground.people import seed
from introslack.slack.ids import Command

logger = logging.getLogger(__name__)

JSON = dict[str, Any]
T = TypeVar("T")
APP_PANES = ("home", "messages")
# The moves the page offers; each one runs the work that became due.
TRAVELS = {"1h": timedelta(hours=1), "1d": timedelta(days=1), "1w": timedelta(weeks=1)}
READ_ONLY_APP = "Sending messages to this app has been turned off. Try /intro instead."
# `@handle` as typed; Slack's client sends it as `<@U…|handle>` for a command that escapes.
HANDLE = re.compile(r"(?<![\w@<])@([a-z0-9][a-z0-9._-]*)", re.IGNORECASE)
_SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")
# The group-DM introduction is a scheduled message: in a simulated workspace it need not wait
# out a crashed worker, so it posts two seconds after the second yes.
INTRODUCTION_DELAY = timedelta(seconds=2)
# How long moving the clock, or a reset, waits for the app to finish what it is doing.
SETTLE_SECONDS = 10.0


class PlaygroundError(Exception):
    """Something the visitor asked for that Slack would refuse; the message says what."""


def run_due_work(application: Application) -> int:
    """Run the jobs the moved clock made due, and what they led to: the one hook into the worker.

    Returns how many jobs ran; gives up after ``SETTLE_SECONDS`` (the poller catches up later).
    """
    ran = 0
    deadline = time.monotonic() + SETTLE_SECONDS
    while (left := deadline - time.monotonic()) > 0:
        application.wait_idle(left)
        batch = application.worker.run_due()
        ran += batch
        if not batch:
            break
    return ran


@dataclass(frozen=True)
class Post:
    """A message as one member sees it; ``ephemeral`` ones only they can see."""

    message: JSON
    ephemeral: bool = False

    @property
    def ts(self) -> float:
        return float(self.message.get("ts") or 0)


@dataclass(frozen=True)
class Place:
    """A conversation a member is in: the app's DM, a group DM, or #general."""

    id: str
    kind: str
    title: str
    posts: list[Post]

    @property
    def latest(self) -> float:
        return max((post.ts for post in self.posts), default=0.0)


@dataclass(frozen=True)
class Snapshot:
    """Everything the page shows one member, read from the fake Slack at one moment."""

    generation: int
    version: int
    user_id: str
    now: datetime
    ahead: timedelta
    members: list[JSON]
    bot_user_id: str
    app_dm: Place | None
    places: list[Place]
    home: JSON | None
    modal: JSON | None
    modal_errors: dict[str, str]

    def member(self, user_id: str) -> JSON:
        return next((m for m in self.members if m["id"] == user_id), {})

    def place(self, channel_id: str) -> Place | None:
        every = ([self.app_dm] if self.app_dm else []) + self.places
        return next((place for place in every if place.id == channel_id), None)


class Session:
    """One simulated workspace and the app serving it; Reset throws it away for a new one."""

    def __init__(self, settings: Settings, *, app_url: str, clock: PlaygroundClock) -> None:
        self.clock = clock
        self.slack = FakeSlack(
            team_name="Playground",
            team_domain="introslack-playground",
            bot_token=f"xoxb-playground-{secrets.token_hex(12)}",
            wall_clock=clock.timestamp,
        )
        self.slack.start()
        signing_secret = secrets.token_hex(16)
        try:
            seed(self.slack)
            self.application = create_application(
                replace(
                    settings,
                    bot_token=self.slack.bot_token,
                    signing_secret=signing_secret,
                    api_url=self.slack.base_url,
                    oauth=None,
                    app_token=None,
                    introduction_delay=INTRODUCTION_DELAY,
                ),
                clock=clock,
                slack_clock=clock,
            )
        except BaseException:
            self.slack.stop()
            raise
        if settings.run_worker:
            self.application.start_worker()
        self.driver = SlackDriver(app_url, signing_secret, self.slack)
        self.routes: WsgiApp = wsgi_app(self.application)

    def close(self) -> None:
        """Let the app finish what it acked (a little while at most), then stop both."""
        try:
            self.application.wait_idle(SETTLE_SECONDS)
            self.application.stop()
        finally:
            self.slack.stop()


class Playground:
    """The current session, and what visitors do in it; ``reset`` starts a fresh one."""

    def __init__(self, settings: Settings, *, app_url: str) -> None:
        self._settings = settings
        self._app_url = app_url
        self._lock = threading.Lock()
        # One attribute, swapped whole: a reader never pairs a generation with another session.
        self._current = (1, self._fresh())

    @property
    def generation(self) -> int:
        """Which workspace this is: it grows with every reset."""
        return self._current[0]

    @property
    def session(self) -> Session:
        return self._current[1]

    def _fresh(self) -> Session:
        """A new workspace on a new database: the old intros named people who no longer exist."""
        _delete_sqlite_file(self._settings.database_url)
        return Session(self._settings, app_url=self._app_url, clock=PlaygroundClock())

    def reset(self) -> None:
        with self._lock:
            generation, old = self._current
            old.close()
            self._current = (generation + 1, self._fresh())
        logger.info("playground reset: a fresh workspace and database")

    def close(self) -> None:
        with self._lock:
            self.session.close()

    # What a member does -----------------------------------------------------------------

    def send(self, user_id: str, pane: str, text: str) -> str | None:
        """Type into a conversation's message box: a slash command, or a message to the others.

        ``pane`` is "messages" (the app's DM) or a conversation id. Returns a note for the
        visitor when Slack would answer with one of its own.
        """
        session = self._member_session(user_id)
        channel_id = session.slack.ensure_dm(user_id) if pane == "messages" else pane
        place = self.snapshot(user_id).place(channel_id)
        if place is None:
            raise PlaygroundError("You are not in that conversation.")
        text = text.strip()
        if not text:
            return None
        if text.startswith("/"):
            command, _, rest = text.partition(" ")
            if command != Command.INTRO.value:
                return f"{command} is not a valid command. Try {Command.INTRO.value}."
            ack = _slack_says(
                lambda: session.driver.slash_command(
                    user_id, command, _as_slack_text(session, rest), channel_id=channel_id
                )
            )
            if ack.status != 200:
                raise PlaygroundError(f"The app answered {ack.status}.")
            return None
        if place.kind == "im":
            return READ_ONLY_APP
        session.slack.post_user_message(channel_id, user_id, _as_slack_text(session, text))
        return None

    def click(
        self,
        user_id: str,
        *,
        action_id: str,
        block_id: str,
        value: str | None,
        view_id: str | None = None,
        channel_id: str | None = None,
        message_ts: str | None = None,
    ) -> None:
        """Click a button on a message (channel and ts) or on a view (the Home tab, a modal).

        Waits first for the app to finish what it is doing, as a person's pace would: a click
        landing while the message's own job is still being recorded could leave it unedited.
        """
        session = self._member_session(user_id)
        session.application.wait_idle(SETTLE_SECONDS)
        ack = _slack_says(
            lambda: session.driver.click(
                user_id,
                action_id=action_id,
                block_id=block_id,
                value=value,
                view_id=view_id,
                channel_id=channel_id,
                message_ts=message_ts,
            )
        )
        if ack.status != 200:
            raise PlaygroundError(f"The app answered {ack.status}.")

    def submit(self, user_id: str, view_id: str, values: Mapping[str, Any]) -> dict[str, str]:
        """Press a modal's submit button; returns the inline errors the app answered with."""
        session = self._member_session(user_id)
        ack = _slack_says(lambda: session.driver.submit_view(user_id, view_id, dict(values)))
        if ack.status != 200:
            raise PlaygroundError(f"The app answered {ack.status}.")
        return session.slack.view_errors(view_id)

    def close_view(self, user_id: str, view_id: str) -> None:
        session = self._member_session(user_id)
        if session.slack.view_owner(view_id) != user_id:
            raise PlaygroundError("That window is not open for you.")
        session.slack.close_view(view_id)

    def open_app(self, user_id: str, tab: str) -> None:
        """Open the app's Home or Messages tab, as Slack tells the app (app_home_opened)."""
        if tab not in APP_PANES:
            raise PlaygroundError(f"The app has no {tab!r} tab.")
        session = self._member_session(user_id)
        _slack_says(lambda: session.driver.open_home(user_id, tab=tab))

    def travel(self, by: str) -> int:
        """Move the app's clock forward and run what became due; returns how many jobs ran."""
        if by not in TRAVELS:
            raise PlaygroundError(f"Time moves by {', '.join(TRAVELS)}, not {by!r}.")
        session = self.session
        session.clock.advance(TRAVELS[by])
        ran = run_due_work(session.application)
        logger.info("playground clock moved forward by %s; %s jobs ran", by, ran)
        return ran

    # What a member sees ---------------------------------------------------------------

    def is_member(self, user_id: str) -> bool:
        """Someone the page can act as: a person, neither a bot nor deactivated."""
        user = self.session.slack.user(user_id) or {}
        return bool(user) and not user.get("is_bot") and not user.get("deleted")

    def snapshot(self, user_id: str) -> Snapshot:
        generation, session = self._current
        slack = session.slack
        version = slack.version  # read first: a change while reading shows up as a newer one
        notes: dict[str, list[Post]] = {}
        for note in slack.ephemerals(user_id):
            notes.setdefault(note.channel_id, []).append(Post(note.message, ephemeral=True))
        members = slack.users()
        names = {m["id"]: str(m.get("real_name") or m.get("name") or "") for m in members}

        def place(channel_id: str, kind: str, title: str) -> Place:
            posts = [Post(message) for message in slack.messages(channel_id)]
            posts += notes.get(channel_id, [])
            return Place(channel_id, kind, title, sorted(posts, key=lambda post: post.ts))

        dm = slack.dm_channel(user_id)
        group_dms = [
            place(
                conversation.id,
                "mpim",
                ", ".join(
                    names.get(m, m)
                    for m in conversation.members
                    if m not in (user_id, slack.bot_user_id)
                ),
            )
            for conversation in slack.mpims()
            if user_id in conversation.members
        ]
        modals = slack.open_views(user_id)
        modal = modals[-1] if modals else None
        return Snapshot(
            generation=generation,
            version=version,
            user_id=user_id,
            now=session.clock(),
            ahead=session.clock.ahead,
            members=members,
            bot_user_id=slack.bot_user_id,
            app_dm=place(dm, "im", "introslack") if dm else None,
            places=[place(slack.general_channel_id, "channel", "general"), *group_dms],
            home=slack.home_view(user_id),
            modal=modal,
            modal_errors=slack.view_errors(modal["id"]) if modal else {},
        )

    def wait_for_change(self, generation: int, version: int, timeout: float) -> None:
        """Return once the workspace changed (or was reset) since the page last looked."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            current, session = self._current
            if current != generation:
                return
            if session.slack.wait_for_change(version, min(left, 1.0)) > version:
                return

    def _member_session(self, user_id: str) -> Session:
        if not self.is_member(user_id):
            raise PlaygroundError("Choose someone from the workspace to act as.")
        return self.session


def _slack_says(send: Callable[[], T]) -> T:
    """Run a driver call; what Slack would refuse (an unknown button, a slow ack) is explained."""
    try:
        return send()
    except AssertionError as refusal:
        raise PlaygroundError(str(refusal).splitlines()[0]) from None


def _as_slack_text(session: Session, typed: str) -> str:
    """Escape what was typed as Slack does, and turn `@handle` into a mention of that member."""
    handles = {str(m["name"]).lower(): str(m["id"]) for m in session.slack.users()}
    escaped = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def mention(match: re.Match[str]) -> str:
        user_id = handles.get(match.group(1).lower())
        return f"<@{user_id}|{match.group(1)}>" if user_id else match.group(0)

    return HANDLE.sub(mention, escaped)


def _delete_sqlite_file(database_url: str) -> None:
    database = make_url(database_url).database
    if not database:
        return
    for suffix in _SQLITE_SIDE_FILES:
        Path(database + suffix).unlink(missing_ok=True)
