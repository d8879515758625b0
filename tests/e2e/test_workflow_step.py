"""The Workflow Builder step: it asks both privately, and completes once the intro settles."""

from __future__ import annotations

from typing import Any

import pytest

from introslack.fakeslack.state import FunctionExecution
from introslack.slack.ids import Action
from introslack.slack.listeners.workflow import STEP
from tests.e2e.conftest import ALICE, BOB, CAROL, HELPER_BOT, Harness

INPUTS = {"connector": CAROL, "person_a": ALICE, "person_b": BOB, "why": "Design systems"}


def run_step(harness: Harness, **changes: Any) -> str:
    execution_id, ack = harness.driver.run_step(STEP, INPUTS | changes, title="Request an intro")
    assert ack.status == 200
    return execution_id


def settled(harness: Harness, execution_id: str) -> FunctionExecution:
    return harness.slack.wait_for(
        lambda: _finished(harness.slack.execution(execution_id)),
        message=f"the step {execution_id} completed or failed",
    )


def _finished(execution: FunctionExecution | None) -> FunctionExecution | None:
    return execution if execution is not None and execution.state != "running" else None


def test_the_step_asks_both_privately_and_completes_with_the_intro_when_both_accept(
    harness: Harness,
) -> None:
    execution_id = run_step(harness, next_step="video call")
    intro_id = harness.intro_id_in_dm(ALICE)
    harness.wait_for_button(BOB, Action.ACCEPT)
    harness.settle()
    running = harness.slack.execution(execution_id)
    assert running is not None and running.state == "running", "not before both have answered"

    for person in (ALICE, BOB):
        assert harness.driver.click_in_dm(person, action_id=Action.ACCEPT.value).status == 200
    finished = settled(harness, execution_id)
    assert finished.state == "completed"
    assert finished.outputs == {"intro_id": intro_id, "outcome": "made"}
    assert len(harness.slack.mpims()) == 1


def test_a_declined_intro_completes_the_step_with_its_outcome_and_no_reason(
    harness: Harness,
) -> None:
    execution_id = run_step(harness)
    harness.wait_for_button(BOB, Action.ACCEPT)
    assert harness.decline(BOB, reason="bad_timing", note="PRIVATE launch week").status == 200
    finished = settled(harness, execution_id)
    assert finished.outputs is not None and finished.outputs["outcome"] == "declined"
    assert "PRIVATE" not in str(finished.outputs)


@pytest.mark.parametrize(
    ("changes", "explained"),
    [
        ({"person_b": HELPER_BOT}, "is a bot or an app"),
        ({"person_b": ALICE}, "Pick two different people."),
        ({"person_a": CAROL}, "You're the connector"),
        ({"why": "   "}, "Say why these two should meet"),
        ({"person_a": "not a user"}, "must be a person"),
    ],
)
def test_a_request_the_modal_would_refuse_fails_the_step_saying_why_and_asks_nobody(
    harness: Harness, changes: dict[str, str], explained: str
) -> None:
    execution_id = run_step(harness, **changes)
    finished = settled(harness, execution_id)
    assert finished.state == "failed" and explained in (finished.error or "")
    harness.settle()
    assert harness.slack.calls_to("chat.postMessage") == []


def test_a_pair_already_being_asked_fails_the_second_step(harness: Harness) -> None:
    harness.make_pending_intro()
    finished = settled(harness, run_step(harness))
    assert finished.state == "failed" and "already a pending intro" in (finished.error or "")
