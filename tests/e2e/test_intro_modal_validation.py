"""Bad requests get inline modal errors, and nothing is stored or sent."""

from __future__ import annotations

import pytest

from introslack.slack.ids import Action, Block
from tests.e2e.conftest import ALICE, BOB, CAROL, GONE, HELPER_BOT, Harness, all_text

A, B = Block.PARTY_A.value, Block.PARTY_B.value


@pytest.mark.parametrize(
    ("party_a", "party_b", "block", "says"),
    [
        (ALICE, ALICE, B, "two different people"),
        (CAROL, BOB, A, "You're the connector"),
        (ALICE, CAROL, B, "You're the connector"),
        (ALICE, HELPER_BOT, B, "is a bot"),
        (GONE, BOB, A, "deactivated"),
    ],
)
def test_an_impossible_pair_is_refused_inline_and_nobody_is_asked(
    harness: Harness, party_a: str, party_b: str, block: str, says: str
) -> None:
    ack = harness.submit_intro(CAROL, party_a, party_b)
    assert ack.json is not None and ack.json["response_action"] == "errors"
    assert says in ack.json["errors"][block]
    assert harness.app.worker.backlog() == 0
    assert harness.slack.calls_to("chat.postMessage") == []
    assert harness.slack.open_views(CAROL), "the modal stays open for a fix"


def test_a_second_pending_intro_between_the_same_two_is_refused(harness: Harness) -> None:
    harness.make_pending_intro()
    posts = len(harness.slack.calls_to("chat.postMessage"))
    ack = harness.submit_intro(CAROL, BOB, ALICE)
    assert ack.json is not None
    assert "already a pending intro" in ack.json["errors"][B]
    harness.settle()
    assert len(harness.slack.calls_to("chat.postMessage")) == posts


def test_why_is_required_by_the_modal_itself(harness: Harness) -> None:
    view = harness.open_intro_modal()
    why = next(b for b in view["blocks"] if b.get("block_id") == Block.WHY.value)
    assert why["type"] == "input" and not why.get("optional", False)


def test_a_rate_limited_profile_lookup_acks_in_time_and_the_intro_goes_out_after_all(
    harness: Harness,
) -> None:
    view = harness.open_intro_modal()
    harness.slack.fail_next("users.info", status=429, retry_after=1)
    values = {A: ALICE, B: BOB, Block.WHY.value: "You both rebuild design systems."}
    ack = harness.driver.submit_view(CAROL, view["id"], values)
    assert ack.elapsed < 3.0
    assert ack.status == 200 and not ack.body, "no need to submit again"
    harness.wait_for_button(ALICE, Action.ACCEPT)
    harness.wait_for_button(BOB, Action.ACCEPT)


def test_a_problem_found_after_a_slow_check_reaches_only_the_connector_and_asks_nobody(
    harness: Harness,
) -> None:
    view = harness.open_intro_modal()
    harness.slack.fail_next("users.info", status=429, retry_after=1)
    values = {A: ALICE, B: HELPER_BOT, Block.WHY.value: "You both rebuild design systems."}
    ack = harness.driver.submit_view(CAROL, view["id"], values)
    assert ack.status == 200 and not ack.body
    note = harness.slack.wait_for(
        lambda: harness.slack.dm_messages(CAROL), message="a private note to the connector"
    )
    assert "haven't asked anyone" in all_text(note[-1]) and "is a bot" in all_text(note[-1])
    harness.settle()
    assert harness.slack.dm_messages(ALICE) == []
