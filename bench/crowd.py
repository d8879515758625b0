"""One intro as people live it, against either app, timed from the fake Slack's side.

The bench talks to an app only over HTTP: the fake Slack Web API it calls and signed requests
from SlackDriver. ``BenchSlack`` notes the moment the fake applied each call the bench waits
for, so waits are event-driven (never blind sleeps) and latencies do not include polling.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http.client import HTTPException
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

from benchkit import GUNICORN, PYTHON, ROOT, AppProcess, clean_environment, free_port

from introslack.fakeslack.driver import SlackDriver
from introslack.fakeslack.server import FakeSlack, HttpReply

SIGNING_SECRET = "bench-signing-secret"
ACK_DEADLINE = 3.0
WAIT_TIMEOUT = 30.0  # one step of one intro; far beyond any healthy latency
LISTEN_BACKLOG = 1024
T = TypeVar("T")


class StepTimeout(Exception):
    """An intro did not reach its next step in time."""


class BenchSlack(FakeSlack):
    """The fake Slack, also noting when it applied the calls the bench waits for."""

    def __init__(self) -> None:
        # The stdlib's listen backlog of 5 drops connections when 50 people are busy at once;
        # in this process only the fake Slack serves HTTP, so widening it touches nothing else.
        ThreadingHTTPServer.request_queue_size = LISTEN_BACKLOG
        super().__init__()
        self._seen = threading.Condition()
        self._posts: dict[str, list[float]] = defaultdict(list)
        self._updates: dict[str, list[float]] = defaultdict(list)
        self._modals: dict[str, str] = {}
        self._homes: dict[str, list[float]] = defaultdict(list)
        self._conversations: dict[frozenset[str], str] = {}
        self._refused: dict[str, str] = {}  # trigger_id -> why views.open failed
        self.api_calls = 0

    def handle_api(self, method: str, raw: dict[str, Any], token: str | None) -> HttpReply:
        reply = super().handle_api(method, raw, token)
        applied = time.perf_counter()
        body = json.loads(reply.body) if reply.status == 200 and reply.body else {}
        if method == "views.open" and body.get("ok"):
            body["owner"] = self.view_owner(body["view"]["id"])
        with self._seen:
            self.api_calls += 1
            if body.get("ok"):
                self._note(method, raw, body, applied)
            elif method == "views.open":
                self._refused[str(raw.get("trigger_id"))] = str(body.get("error", reply.status))
            self._seen.notify_all()
        return reply

    def _record(self, *args: Any) -> None:
        """Keep no call log (the bench takes its own notes); saves a deep copy per call."""
        self._changed()

    def _note(self, method: str, raw: dict[str, Any], body: dict[str, Any], at: float) -> None:
        # The introduction is a scheduled message: the app's part ends when Slack has it.
        if method in ("chat.postMessage", "chat.scheduleMessage"):
            self._posts[body["channel"]].append(at)
        elif method == "chat.update":
            self._updates[body["channel"]].append(at)
        elif method == "views.open":
            if body["owner"] is not None:
                self._modals[body["owner"]] = body["view"]["id"]
        elif method == "views.publish":
            self._homes[str(raw.get("user_id"))].append(at)
        elif method == "conversations.open" and raw.get("users"):
            users = raw["users"]
            names = users if isinstance(users, list) else str(users).split(",")
            self._conversations[frozenset(u.strip() for u in names)] = body["channel"]["id"]

    def wait(self, found: Callable[[], T | None], *, timeout: float, what: str) -> T:
        """Block until ``found()`` returns something (checked after every Web API call)."""
        with self._seen:
            result = self._seen.wait_for(found, timeout)
        if result is None or result is False:
            raise StepTimeout(f"no {what} within {timeout:.0f}s")
        return result

    def post_after(self, channel: str, after: float) -> float | None:
        return next((t for t in self._posts.get(channel, ()) if t > after), None)

    def update_after(self, channel: str, after: float) -> float | None:
        return next((t for t in self._updates.get(channel, ()) if t > after), None)

    def home_after(self, user_id: str, after: float) -> float | None:
        return next((t for t in self._homes.get(user_id, ()) if t > after), None)

    def modal_or_refusal(self, user_id: str, trigger_id: str | None) -> tuple[str, str] | None:
        """("opened", view id) or ("refused", Slack's error) once views.open has answered."""
        if user_id in self._modals:
            return "opened", self._modals[user_id]
        if trigger_id in self._refused:
            return "refused", self._refused[trigger_id]
        return None

    def conversation_of(self, *users: str) -> str | None:
        return self._conversations.get(frozenset(users))

    def quiet_for(self, seconds: float, *, timeout: float) -> bool:
        """Wait until no Web API call came for ``seconds``; False if that never happened."""
        deadline = time.monotonic() + timeout
        last = -1
        while time.monotonic() < deadline:
            with self._seen:
                calls = self.api_calls
            if calls == last:
                return True
            last = calls
            time.sleep(seconds)
        return False


@dataclass(frozen=True)
class AppShape:
    """What the bench must know of an app's Slack surface to drive it."""

    accept_action: str
    submission: Callable[[str, str], dict[str, Any]]


def floor_shape() -> AppShape:
    import floor_app

    return AppShape(
        accept_action=floor_app.ACCEPT,
        submission=lambda a, b: {
            floor_app.PARTY_A: a,
            floor_app.PARTY_B: b,
            floor_app.WHY: "You both rebuild design systems.",
        },
    )


def introslack_shape() -> AppShape:
    """introslack's ids: the only thing the bench takes from its code."""
    from introslack.slack.ids import Action, Block

    return AppShape(
        accept_action=Action.ACCEPT.value,
        submission=lambda a, b: {
            Block.PARTY_A.value: a,
            Block.PARTY_B.value: b,
            Block.WHY.value: "You both rebuild design systems.",
        },
    )


@dataclass(frozen=True)
class Trio:
    """A fresh connector and two parties who have never been in an intro."""

    connector: str
    a: str
    b: str
    dms: dict[str, str]


def seed_trios(slack: FakeSlack, prefix: str, count: int) -> list[Trio]:
    """Add ``count`` trios of people (``prefix``: capital letters) with their bot DMs open."""
    trios = []
    for n in range(count):
        ids = [f"U{prefix}{n:06d}{role}" for role in "CAB"]
        for user_id, title in zip(ids, ("Connector", "Engineer", "Designer"), strict=True):
            name = user_id.lower()
            slack.add_user(user_id, name=name, real_name=f"Person {user_id}", title=title)
        dms = {user_id: slack.ensure_dm(user_id) for user_id in ids}
        trios.append(Trio(ids[0], ids[1], ids[2], dms))
    return trios


@dataclass
class IntroTimes:
    """What one intro measured: ack times by kind, two latencies, and whether it finished."""

    acks: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    submission_to_requests: float | None = None
    second_accept_to_introduction: float | None = None
    finished_at: float | None = None
    failure: str | None = None


def run_intro(
    slack: BenchSlack, driver: SlackDriver, shape: AppShape, trio: Trio, *, timeout: float
) -> IntroTimes:
    """/intro @a @b, the modal, its submission, both requests, both Accepts, the group DM."""
    times = IntroTimes()
    try:
        _walk(slack, driver, shape, trio, times, timeout)
    except (StepTimeout, AssertionError) as error:
        times.failure = str(error).splitlines()[0]
    except (OSError, HTTPException) as error:  # the app dropped or reset the connection
        times.failure = f"{type(error).__name__}: {error}"
    return times


def _ack(times: IntroTimes, kind: str, status: int, elapsed: float) -> None:
    times.acks[kind].append(elapsed)
    if status != 200:
        raise AssertionError(f"{kind} answered HTTP {status}")


def _walk(
    slack: BenchSlack,
    driver: SlackDriver,
    shape: AppShape,
    trio: Trio,
    times: IntroTimes,
    timeout: float,
) -> None:
    c, a, b = trio.connector, trio.a, trio.b
    ack = driver.slash_command(c, "/intro", f"<@{a}|{a.lower()}> <@{b}|{b.lower()}>")
    _ack(times, "/intro", ack.status, ack.elapsed)
    outcome, view_id = slack.wait(
        partial(slack.modal_or_refusal, c, ack.trigger_id), timeout=timeout, what="intro modal"
    )
    if outcome == "refused":
        raise AssertionError(f"views.open failed: {view_id}")

    submitted = time.perf_counter()
    ack = driver.submit_view(c, view_id, shape.submission(a, b))
    _ack(times, "submission", ack.status, ack.elapsed)
    if ack.body.strip():
        raise AssertionError(f"the submission was refused: {ack.body[:120]}")
    requested = [
        slack.wait(
            partial(slack.post_after, trio.dms[party], submitted),
            timeout=timeout,
            what=f"request in {party}'s DM",
        )
        for party in (a, b)
    ]
    times.submission_to_requests = max(requested) - submitted

    first = time.perf_counter()
    ack = driver.click_in_dm(a, action_id=shape.accept_action)
    _ack(times, "Accept", ack.status, ack.elapsed)
    slack.wait(
        lambda: slack.update_after(trio.dms[a], first), timeout=timeout, what="first answer noted"
    )

    second = time.perf_counter()
    ack = driver.click_in_dm(b, action_id=shape.accept_action)
    _ack(times, "Accept", ack.status, ack.elapsed)
    group = slack.wait(lambda: slack.conversation_of(a, b), timeout=timeout, what="group DM")
    introduced = slack.wait(
        lambda: slack.post_after(group, second), timeout=timeout, what="introduction"
    )
    times.second_accept_to_introduction = introduced - second
    times.finished_at = slack.wait(
        lambda: slack.post_after(trio.dms[c], introduced), timeout=timeout, what="connector told"
    )


def driver_for(slack: FakeSlack, app: AppProcess) -> SlackDriver:
    """A driver that lets slow acks through: the bench counts those over 3 s itself."""
    return SlackDriver(
        app.events_url, SIGNING_SECRET, slack, ack_deadline=WAIT_TIMEOUT, timeout=WAIT_TIMEOUT
    )


def slack_environment(slack: FakeSlack, port: int) -> dict[str, str]:
    return clean_environment(
        {
            "SLACK_BOT_TOKEN": slack.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.base_url,
            "PORT": str(port),
        }
    )


def start_floor(slack: FakeSlack, workdir: Path) -> AppProcess:
    port = free_port()
    app = AppProcess(
        "floor",
        [str(PYTHON), str(ROOT / "bench" / "floor_app.py")],
        env=slack_environment(slack, port),
        cwd=workdir,
        port=port,
    )
    app.wait_until_listening(health_path=None)
    return app


def start_introslack(
    slack: FakeSlack, workdir: Path, *, database_url: str, gunicorn: bool
) -> AppProcess:
    """`python app.py`, or the README's gunicorn command bound to 127.0.0.1."""
    port = free_port()
    env = slack_environment(slack, port) | {"DATABASE_URL": database_url}
    if gunicorn:
        command = [str(GUNICORN), "--workers", "2", "--threads", "4"]
        command += ["--bind", f"127.0.0.1:{port}", "introslack.wsgi:create()"]
    else:
        command = [str(PYTHON), str(ROOT / "app.py")]
    app = AppProcess("introslack", command, env=env, cwd=workdir, port=port)
    app.wait_until_listening(health_path="/healthz")
    return app
