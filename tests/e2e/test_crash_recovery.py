"""A process killed mid-job: its work is picked up by the next process within 30 s, once."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from introslack.fakeslack.driver import SlackDriver
from introslack.fakeslack.server import FakeSlack
from introslack.slack.ids import Action
from tests.e2e.conftest import ALICE, BOB, CAROL, SIGNING_SECRET, People, add_people, button
from tests.e2e.test_startup import START_TIMEOUT, free_port, run_app, wait_until_healthy

RECOVERY_DEADLINE = 30.0


def requests_in_dm(slack: FakeSlack, user_id: str) -> list[dict[str, object]]:
    return [m for m in slack.dm_messages(user_id) if button(m, Action.ACCEPT)]


def start(
    slack: FakeSlack, tmp_path: Path, port: int, *, introduction_delay: str = "2s"
) -> subprocess.Popen[str]:
    """`python app.py` with the default poll interval, on a SQLite file both processes share."""
    env = {
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "PORT": str(port),
        "INTROSLACK_INTRODUCTION_DELAY": introduction_delay,
    }
    process = run_app(env, tmp_path)
    wait_until_healthy(port, process)
    return process


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
    process.communicate(timeout=START_TIMEOUT)


def test_requests_left_by_a_killed_process_arrive_within_30_seconds_exactly_once(
    tmp_path: Path,
) -> None:
    with FakeSlack() as slack:
        add_people(slack)
        slack.hang_next("chat.postMessage")
        port = free_port()
        first = start(slack, tmp_path, port)
        try:
            people = People(
                slack, SlackDriver(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET, slack)
            )
            assert people.submit_intro(CAROL, ALICE, BOB).status == 200
            slack.wait_for(
                lambda: [c for c in slack.calls_to("chat.postMessage") if c.fault == "hung"],
                message="the first request, stuck in Slack",
            )
            first.kill()  # SIGKILL: no cleanup, its claim on the jobs just stops being renewed
            first.communicate(timeout=START_TIMEOUT)
            killed_at = time.monotonic()
        finally:
            stop(first)
        second = start(slack, tmp_path, free_port())
        try:
            slack.wait_for(
                lambda: requests_in_dm(slack, ALICE) and requests_in_dm(slack, BOB),
                timeout=RECOVERY_DEADLINE + 5,
                message="both requests, sent by the second process",
            )
            recovered_in = time.monotonic() - killed_at
        finally:
            stop(second)  # SIGTERM: it finishes the work in hand, so any duplicate would show
        assert recovered_in < RECOVERY_DEADLINE, f"recovered after {recovered_in:.1f}s"
        assert len(requests_in_dm(slack, ALICE)) == 1
        assert len(requests_in_dm(slack, BOB)) == 1


def test_an_introduction_whose_process_was_killed_right_after_slack_scheduled_it_posts_once(
    tmp_path: Path,
) -> None:
    with FakeSlack() as slack:
        add_people(slack)
        port = free_port()
        first = start(slack, tmp_path, port)
        try:
            people = People(
                slack, SlackDriver(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET, slack)
            )
            assert people.submit_intro(CAROL, ALICE, BOB).status == 200
            people.wait_for_button(BOB, Action.ACCEPT)
            people.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value)
            slack.wait_for(lambda: not requests_in_dm(slack, ALICE), message="Alice's answer")
            slack.hang_next("chat.scheduleMessage", after_apply=True)
            people.driver.click_in_dm(BOB, action_id=Action.ACCEPT.value)
            slack.wait_for(
                lambda: [c for c in slack.calls_to("chat.scheduleMessage") if c.fault],
                message="the introduction, scheduled by Slack, its answer never sent",
            )
            first.kill()  # SIGKILL right after Slack scheduled the introduction
            first.communicate(timeout=START_TIMEOUT)
        finally:
            stop(first)
        (group,) = slack.mpims()
        second = start(slack, tmp_path, free_port())
        try:
            slack.wait_for(
                lambda: slack.calls_to("chat.scheduledMessages.list"),
                timeout=RECOVERY_DEADLINE + 5,
                message="the second process, checking on the introduction",
            )
            slack.wait_for(lambda: slack.messages(group.id), message="the introduction")
        finally:
            stop(second)  # SIGTERM: it finishes the work in hand, so any duplicate would show
        assert len(slack.messages(group.id)) == 1
        assert len(slack.calls_to("chat.scheduleMessage")) == 1
        assert not [
            c for c in slack.calls_to("conversations.history") if c.params["channel"] == group.id
        ]
