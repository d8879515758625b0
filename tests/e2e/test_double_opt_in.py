"""The double opt-in flow end to end: /intro, private requests, accept, decline."""

from __future__ import annotations

from slack_sdk import WebClient

from introslack.slack.ids import Action, Block
from tests.e2e.conftest import ALICE, BOB, CAROL, DAVE, Harness, all_text, button


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
    harness.slack.wait_for(
        lambda: button(harness.slack.dm_messages(ALICE)[-1], Action.ACCEPT) is None
    )
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


def test_a_decline_and_its_reason_reach_only_the_connector(harness: Harness) -> None:
    harness.make_pending_intro()
    ack = harness.decline(BOB, reason="bad_timing", note="Launch week, sorry")
    assert ack.status == 200 and not ack.body
    harness.settle()
    connector_text = "\n".join(all_text(m) for m in harness.slack.dm_messages(CAROL))
    assert "Bad timing" in connector_text and "Launch week, sorry" in connector_text
    alice_text = "\n".join(all_text(m) for m in harness.slack.dm_messages(ALICE))
    assert "won't go ahead" in alice_text
    for secret in ("Bad timing", "Launch week", "Bob Brown declined", "declined"):
        assert secret not in alice_text
    assert all(button(m, Action.ACCEPT) is None for m in harness.slack.dm_messages(ALICE))


def test_no_group_dm_ever_opens_for_a_declined_intro_whatever_is_clicked_later(
    harness: Harness,
) -> None:
    harness.make_pending_intro()
    alice_accepts = harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value)
    harness.settle()
    harness.decline(BOB)
    harness.settle()
    late = harness.driver.redeliver(alice_accepts, retry_num=1)
    assert late.status == 200
    note = harness.slack.wait_for(lambda: harness.slack.ephemerals(ALICE))
    assert "won't go ahead" in all_text(note[-1].message)
    harness.settle()
    assert harness.slack.mpims() == []


def test_a_double_click_on_accept_changes_the_state_once(harness: Harness) -> None:
    harness.make_pending_intro()
    first = harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value)
    # The second click of a double click carries the same button, whatever the app did since.
    second = harness.driver.send_raw(first.request_body, first.content_type)
    assert (first.status, second.status) == (200, 200)
    note = harness.slack.wait_for(lambda: harness.slack.ephemerals(ALICE))
    assert "already accepted" in all_text(note[-1].message)
    harness.driver.click_in_dm(BOB, action_id=Action.ACCEPT.value)
    harness.settle()
    assert len(harness.slack.mpims()) == 1
    assert len(harness.slack.messages(harness.slack.mpims()[0].id)) == 1


def test_slacks_retry_of_a_click_changes_nothing_more(harness: Harness) -> None:
    harness.make_pending_intro()
    first = harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value)
    harness.settle()
    intro_id = harness.intro_id_in_dm(BOB)
    before = harness.app.intros.find(harness.app_workspace, intro_id)
    assert harness.driver.redeliver(first, retry_num=1).status == 200
    harness.settle()
    assert harness.app.intros.find(harness.app_workspace, intro_id).version == before.version
    harness.driver.click_in_dm(BOB, action_id=Action.ACCEPT.value)
    harness.settle()
    assert len(harness.slack.mpims()) == 1
    assert len(harness.slack.messages(harness.slack.mpims()[0].id)) == 1


def test_only_the_addressed_party_can_answer_a_request(harness: Harness) -> None:
    harness.make_pending_intro()
    intro_id = harness.intro_id_in_dm(ALICE)
    forged = harness.slack.ensure_dm(DAVE)
    bot = WebClient(token=harness.slack.bot_token, base_url=harness.slack.base_url)
    ts = bot.chat_postMessage(
        channel=forged,
        text="A request",
        blocks=[
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": Action.ACCEPT.value,
                        "text": {"type": "plain_text", "text": "Accept"},
                        "value": intro_id,
                    }
                ],
            }
        ],
    )["ts"]
    harness.driver.click(DAVE, action_id=Action.ACCEPT.value, channel_id=forged, message_ts=ts)
    note = harness.slack.wait_for(lambda: harness.slack.ephemerals(DAVE))
    assert "only they can answer" in all_text(note[-1].message)
    harness.driver.click_in_dm(BOB, action_id=Action.ACCEPT.value)
    harness.settle()
    assert harness.slack.mpims() == []


def test_an_accept_that_overtakes_the_post_of_its_own_request_still_retires_its_buttons(
    harness: Harness,
) -> None:
    # Bob's request is slow to post, so the batch that posted Alice's is still in hand when
    # she accepts: her message has no delivery on record yet for the refresh to find.
    harness.slack.delay_next("chat.postMessage", 1.5, after=1)
    assert harness.submit_intro().status == 200
    harness.wait_for_button(ALICE, Action.ACCEPT)
    assert harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value).status == 200
    harness.settle()
    (request,) = harness.slack.dm_messages(ALICE)
    assert button(request, Action.ACCEPT) is None
    assert "You accepted" in all_text(request)
