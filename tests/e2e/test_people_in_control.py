"""People in control, end to end: what a connector is told when a request may not be sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from introslack.config import Settings
from introslack.domain.control import Limits
from introslack.fakeslack.driver import SlackDriver
from introslack.fakeslack.server import FakeSlack
from introslack.slack.ids import Action, Block
from tests.conftest import FakeClock
from tests.e2e.conftest import (
    ALICE,
    BOB,
    CAROL,
    DAVE,
    SIGNING_SECRET,
    TEST_TIMING,
    Harness,
    all_text,
    serve_app,
)

A, B = Block.PARTY_A.value, Block.PARTY_B.value


def refusal(ack_json: dict[str, object] | None) -> dict[str, str]:
    assert ack_json is not None and ack_json["response_action"] == "errors", ack_json
    errors = ack_json["errors"]
    assert isinstance(errors, dict)
    return errors


def sent(harness: Harness) -> int:
    harness.settle()
    return len(harness.slack.calls_to("chat.postMessage"))


@pytest.fixture
def strict(slack: FakeSlack, tmp_path: Path, clock: FakeClock) -> Iterator[Harness]:
    """The app with a connector limit of two intros a week."""
    settings = Settings(
        bot_token=slack.bot_token,
        signing_secret=SIGNING_SECRET,
        api_url=slack.base_url,
        database_url=f"sqlite:///{tmp_path / 'strict.sqlite3'}",
        timing=TEST_TIMING,
        limits=Limits(connector_weekly_limit=2),
        run_worker=False,
    )
    application, stop, app_url = serve_app(settings, clock)
    try:
        yield Harness(slack, SlackDriver(app_url, SIGNING_SECRET, slack), application, clock)
    finally:
        stop()


def test_a_declined_pair_is_not_proposed_again_by_anyone_for_ninety_days(
    harness: Harness,
) -> None:
    harness.make_pending_intro()
    assert harness.decline(BOB, note="Not now").status == 200
    harness.settle()
    before = sent(harness)

    errors = refusal(harness.submit_intro(DAVE, ALICE, BOB).json)

    assert errors == {B: "These two can't be introduced just yet."}
    assert "declin" not in errors[B].lower() and "Bob" not in errors[B]
    assert sent(harness) == before, "nobody is asked"
    harness.clock.advance(timedelta(days=89))
    refusal(harness.submit_intro(CAROL, BOB, ALICE).json)
    harness.clock.advance(timedelta(days=1, seconds=1))
    ack = harness.submit_intro(DAVE, ALICE, BOB)
    assert ack.status == 200 and not ack.body, ack.body
    harness.wait_for_button(BOB, Action.ACCEPT)


def test_a_connector_may_start_only_so_many_intros_a_week_and_is_told_when_again(
    strict: Harness,
) -> None:
    for a, b in ((ALICE, BOB), (ALICE, DAVE)):
        ack = strict.submit_intro(CAROL, a, b)
        assert ack.status == 200 and not ack.body, ack.body
    strict.settle()
    before = sent(strict)

    errors = refusal(strict.submit_intro(CAROL, BOB, DAVE).json)

    assert "You've started 2 intros in the past week" in errors[A]
    assert "after Monday 30 November at 15:00 UTC" in errors[A]
    assert sent(strict) == before
    other = strict.submit_intro(DAVE, BOB, ALICE)  # someone else's week is their own
    assert refusal(other.json) == {B: "There's already a pending intro between these two people."}
    strict.clock.advance(timedelta(days=7, seconds=1))
    ack = strict.submit_intro(CAROL, BOB, DAVE)
    assert ack.status == 200 and not ack.body, ack.body
    strict.slack.wait_for(
        lambda: any("Bob Brown" in all_text(m) for m in strict.slack.dm_messages(DAVE)),
        message="Dave's request to meet Bob",
    )
