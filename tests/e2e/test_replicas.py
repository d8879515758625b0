"""Two gunicorn replicas on one PostgreSQL database, behind the same fake Slack."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from introslack.fakeslack.driver import SlackDriver
from introslack.fakeslack.server import FakeSlack
from introslack.slack.ids import Action
from tests.e2e.conftest import ALICE, BOB, CAROL, SIGNING_SECRET, People, add_people, button
from tests.e2e.test_startup import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
START_TIMEOUT = 30.0
DUE_WORK_TIMEOUT = 20.0


class Replica:
    """One `gunicorn 'introslack.wsgi:create()'` process with its own port."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.port = free_port()
        self.log = (cwd / f"replica-{self.port}.log").open("w")  # read it when a test fails
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "--workers",
                "1",
                "--threads",
                "4",
                "--no-control-socket",
                "--graceful-timeout",
                "10",
                "--bind",
                f"127.0.0.1:{self.port}",
                "introslack.wsgi:create()",
            ],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            text=True,
        )

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "replica exited; see its log"
            try:
                url = f"http://127.0.0.1:{self.port}/healthz"
                with urllib.request.urlopen(url, timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.05)  # not listening yet
        raise AssertionError("replica did not become healthy")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        self.process.communicate(timeout=START_TIMEOUT)
        self.log.close()
        return self.process.returncode


@pytest.fixture
def replicas(postgres_schema: str, tmp_path: Path) -> Iterator[tuple[FakeSlack, list[Replica]]]:
    with FakeSlack() as slack:
        add_people(slack)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "INTROSLACK_"))}
        env |= {
            "SLACK_BOT_TOKEN": slack.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.base_url,
            "DATABASE_URL": postgres_schema,
            "INTROSLACK_REMINDER_AFTER": "3s",
            "INTROSLACK_SCHEDULER_INTERVAL": "1s",
            "INTROSLACK_INTRODUCTION_DELAY": "1s",
            "PYTHONPATH": str(ROOT),
        }
        started = [Replica(env, tmp_path) for _ in range(2)]
        try:
            for replica in started:
                replica.wait_until_healthy()
            yield slack, started
        finally:
            codes = [replica.stop() for replica in started]
        assert codes == [0, 0], "each replica shuts down gracefully on SIGTERM"


def test_two_replicas_make_one_introduction_and_send_each_reminder_once(
    replicas: tuple[FakeSlack, list[Replica]],
) -> None:
    slack, (first, second) = replicas
    drivers = [SlackDriver(r.events_url, SIGNING_SECRET, slack) for r in (first, second)]
    ack = People(slack, drivers[0]).submit_intro()
    assert ack.status == 200 and not ack.body

    # Nobody answers yet: both replicas poll for due work; each party gets one reminder.
    for person in (ALICE, BOB):
        slack.wait_for(
            lambda person=person: len(requests_with_buttons(slack, person)) == 2,
            timeout=DUE_WORK_TIMEOUT,
            message=f"{person}'s reminder",
        )

    barrier = threading.Barrier(2)
    threads = [
        threading.Thread(target=accept_together, args=(barrier, driver, person))
        for driver, person in zip(drivers, (ALICE, BOB), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Two app processes on two shared cores: allow them the time a busy machine takes.
    group = slack.wait_for(lambda: slack.mpims(), timeout=DUE_WORK_TIMEOUT, message="the group DM")
    slack.wait_for(
        lambda: slack.messages(group[0].id), timeout=DUE_WORK_TIMEOUT, message="the introduction"
    )
    slack.wait_for(
        lambda: any("group DM" in str(m.get("text")) for m in slack.dm_messages(CAROL)),
        timeout=DUE_WORK_TIMEOUT,
        message="the connector hears the intro was made",
    )
    posts = slack.calls_to("chat.postMessage")
    keys = [post.params["metadata"]["event_payload"]["key"] for post in posts]
    assert len(keys) == len(set(keys)), "no job posted twice, whichever replica ran it"
    assert len(slack.mpims()) == 1
    assert len(slack.messages(group[0].id)) == 1
    for person in (ALICE, BOB):
        assert len(slack.dm_messages(person)) == 2, "one request and one reminder, never more"


def requests_with_buttons(slack: FakeSlack, person: str) -> list[dict[str, object]]:
    return [m for m in slack.dm_messages(person) if button(m, Action.ACCEPT)]


def accept_together(barrier: threading.Barrier, driver: SlackDriver, person: str) -> None:
    barrier.wait()
    driver.click_in_dm(person, action_id=Action.ACCEPT.value)
