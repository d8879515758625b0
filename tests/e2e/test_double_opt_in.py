"""The double opt-in flow end to end: /intro, private requests, accept, decline."""

from __future__ import annotations

from introslack.slack.ids import Action, Block
from tests.e2e.conftest import ALICE, BOB, CAROL, Harness, all_text, button


def test_intro_command_opens_the_modal_prefilled_with_the_people_mentioned(
    harness: Harness,
) -> None:
    view = harness.open_intro_modal(CAROL, text=f"<@{ALICE}|alice> <@{BOB}|bob>")
    initial = {
        block["block_id"]: block["element"].get("initial_user")
        for block in view["blocks"]
        if block["type"] == "input"
    }
    assert initial[Block.PARTY_A.value] == ALICE
    assert initial[Block.PARTY_B.value] == BOB


def test_each_party_is_asked_privately_and_the_connector_hears_the_requests_went_out(
    harness: Harness,
) -> None:
    harness.make_pending_intro(**{Block.NOTE_A.value: "Alice, Bob is lovely."})
    alice_request = harness.wait_for_button(ALICE, Action.ACCEPT)
    bob_request = harness.wait_for_button(BOB, Action.ACCEPT)
    assert "Bob Brown" in all_text(alice_request) and "Design Lead" in all_text(alice_request)
    assert "Alice Adams" in all_text(bob_request)
    assert "Alice, Bob is lovely." in all_text(alice_request)
    assert "Alice, Bob is lovely." not in all_text(bob_request)
    labels = [button(alice_request, a)["text"]["text"] for a in (Action.ACCEPT, Action.DECLINE)]  # type: ignore[index]
    assert labels == ["Accept", "Decline"]
    harness.slack.wait_for(lambda: harness.slack.dm_messages(CAROL), message="connector note")
    assert harness.slack.mpims() == []


def test_both_accepting_opens_one_group_dm_with_the_structured_introduction(
    harness: Harness,
) -> None:
    harness.make_pending_intro()
    harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value)
    harness.slack.wait_for(lambda: button(harness.slack.dm_messages(ALICE)[-1], Action.ACCEPT) is None)
    assert harness.slack.mpims() == []
    harness.driver.click_in_dm(BOB, action_id=Action.ACCEPT.value)
    group = harness.slack.wait_for(lambda: harness.slack.mpims(), message="the group DM")
    assert len(group) == 1
    assert set(group[0].members) == {ALICE, BOB, harness.slack.bot_user_id}
    messages = harness.slack.wait_for(lambda: harness.slack.messages(group[0].id))
    assert len(messages) == 1
    intro_text = all_text(messages[0])
    for expected in ("Alice Adams", "Bob Brown", "Staff Engineer", "Design Lead", "design systems"):
        assert expected in intro_text
    harness.settle()
    for person in (ALICE, BOB):
        assert all(button(m, Action.ACCEPT) is None for m in harness.slack.dm_messages(person))
    assert any("group DM" in all_text(m) for m in harness.slack.dm_messages(CAROL))
