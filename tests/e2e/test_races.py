"""Two app processes on one database: simultaneous accepts make exactly one introduction."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest

from introslack.fakeslack.driver import SlackDriver
from introslack.fakeslack.server import FakeSlack
from introslack.slack.ids import Action
from tests.conftest import FakeClock
from tests.e2e.conftest import (
    ALICE,
    BOB,
    CAROL,
    SIGNING_SECRET,
    TEST_TIMING,
    Harness,
    all_text,
    start_app,
)

ROUNDS = 5


@pytest.fixture
def two_apps(slack: FakeSlack, database_url: str, clock: FakeClock) -> Iterator[list[Harness]]:
    """Two independent apps (own engine, own HTTP server) sharing the database and Slack."""
    started = [start_app(slack, database_url, clock, timing=TEST_TIMING) for _ in range(2)]
    try:
        yield [
            Harness(slack, SlackDriver(url, SIGNING_SECRET, slack), application, clock)
            for application, _stop, url in started
        ]
    finally:
        for _application, stop, _url in started:
            stop()


def test_both_parties_accepting_at_the_same_instant_on_two_processes_opens_one_group_dm(
    two_apps: list[Harness],
) -> None:
    first, second = two_apps
    for _ in range(ROUNDS):
        first.make_pending_intro()
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=accept_together, args=(barrier, first, ALICE)),
            threading.Thread(target=accept_together, args=(barrier, second, BOB)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        first.settle()
        second.settle()
    group_dms = first.slack.mpims()
    assert len(group_dms) == 1, "the same pair always shares one group DM"
    introductions = first.slack.messages(group_dms[0].id)
    assert len(introductions) == ROUNDS, "one introduction per intro, never two"


def test_not_now_pressed_on_two_processes_at_once_tells_the_connector_once_and_asks_again_once(
    two_apps: list[Harness],
) -> None:
    first, second = two_apps
    first.make_pending_intro()
    barrier = threading.Barrier(2)
    threads = [
        threading.Thread(target=not_now_together, args=(barrier, harness, BOB))
        for harness in two_apps
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first.settle()
    second.settle()
    first.clock.advance(timedelta(weeks=2, days=2))  # past the re-ask, before the expiry
    first.settle()
    second.settle()

    def said(user_id: str, words: str) -> list[str]:
        return [t for t in map(all_text, first.slack.dm_messages(user_id)) if words in t]

    assert len(said(CAROL, "would rather be asked again")) == 1
    assert len(said(BOB, "here it is again")) == 1


def accept_together(barrier: threading.Barrier, harness: Harness, person: str) -> None:
    barrier.wait()
    harness.driver.click_in_dm(person, action_id=Action.ACCEPT.value)


def not_now_together(barrier: threading.Barrier, harness: Harness, person: str) -> None:
    barrier.wait()
    harness.driver.click_in_dm(person, action_id=f"{Action.LATER.value}:2")
