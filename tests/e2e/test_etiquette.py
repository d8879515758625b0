"""Etiquette around the double opt-in: pairs who know each other, thanks, context, timing."""

from __future__ import annotations

import json

from introslack.slack.ids import Action, Block
from tests.e2e.conftest import ALICE, BOB, CAROL, Harness, all_text, button


def _dm_text(harness: Harness, user_id: str) -> str:
    return "\n".join(all_text(m) for m in harness.slack.dm_messages(user_id))


def test_a_party_who_already_knows_the_other_closes_the_intro_happily_without_a_group_dm(
    harness: Harness,
) -> None:
    harness.make_pending_intro()
    ack = harness.driver.click_in_dm(BOB, action_id=Action.ALREADY_CONNECTED.value)
    assert ack.status == 200
    harness.settle()
    assert harness.slack.mpims() == []
    carol = _dm_text(harness, CAROL)
    assert f"<@{BOB}> says they already know <@{ALICE}>" in carol
    alice = _dm_text(harness, ALICE)
    assert "already know each other" in alice and "no intro is needed" in alice
    assert "declined" not in alice and "won't go ahead" not in alice
    for person in (ALICE, BOB):
        assert all(button(m, Action.ACCEPT) is None for m in harness.slack.dm_messages(person))
    late = harness.driver.redeliver(ack, retry_num=1)
    assert late.status == 200
    harness.settle()
    assert harness.slack.mpims() == []
    told = [m for m in harness.slack.dm_messages(CAROL) if "already know" in all_text(m)]
    assert len(told) == 1


def test_a_pair_who_already_knew_each_other_counts_as_a_success_on_the_connectors_home(
    harness: Harness,
) -> None:
    harness.make_pending_intro()
    harness.driver.click_in_dm(ALICE, action_id=Action.ALREADY_CONNECTED.value)
    harness.settle()
    harness.driver.open_home(CAROL)
    home = harness.slack.wait_for(lambda: harness.slack.home_view(CAROL), message="Carol's Home")
    text = all_text(home)
    assert "*1* pair already knew each other" in text
    assert "*100%* accepted" in text
    assert "already knew each other (so said *Alice Adams*)" in text


def _made_intro(harness: Harness) -> str:
    harness.make_pending_intro()
    for person in (ALICE, BOB):
        harness.driver.click_in_dm(person, action_id=Action.ACCEPT.value)
    harness.settle()
    (group,) = harness.slack.mpims()
    return group.id


def test_each_party_can_thank_the_connector_once_from_the_introduction(harness: Harness) -> None:
    group = _made_intro(harness)
    (introduction,) = harness.slack.messages(group)
    thank = button(introduction, Action.THANK_CONNECTOR)
    assert thank is not None and thank["text"]["text"] == "Thank Carol 🙏"
    first = harness.driver.click_latest(ALICE, channel_id=group, action_id=thank["action_id"])
    harness.settle()
    harness.driver.redeliver(first, retry_num=1)
    harness.driver.send_raw(first.request_body, first.content_type)
    harness.settle()
    thanks = [m for m in harness.slack.dm_messages(CAROL) if "says thank you" in all_text(m)]
    assert len(thanks) == 1
    assert f"<@{ALICE}> says thank you for the intro to <@{BOB}>" in all_text(thanks[0])
    notes = [all_text(e.message) for e in harness.slack.ephemerals(ALICE)]
    assert any("passed your thanks on to Carol" in n for n in notes)
    assert any("already thanked" in n for n in notes)
    harness.driver.click_latest(BOB, channel_id=group, action_id=thank["action_id"])
    harness.settle()
    thanks = [m for m in harness.slack.dm_messages(CAROL) if "says thank you" in all_text(m)]
    assert len(thanks) == 2
    assert harness.slack.ephemerals(CAROL) == []


def test_the_connectors_home_shows_their_record_with_the_thanks_received(
    harness: Harness,
) -> None:
    group = _made_intro(harness)
    harness.driver.click_latest(BOB, channel_id=group, action_id=Action.THANK_CONNECTOR.value)
    harness.settle()
    harness.driver.open_home(CAROL)
    harness.settle()
    home = harness.slack.wait_for(lambda: harness.slack.home_view(CAROL), message="Carol's Home")
    text = all_text(home)
    assert "*1* intro made" in text and "*100%* accepted" in text and "*0%* met" in text
    assert "*1* thank-you received" in text


def test_intro_command_with_mentions_prefills_a_line_about_each_from_their_slack_title(
    harness: Harness,
) -> None:
    view = harness.open_intro_modal(CAROL, text=f"<@{ALICE}|alice> <@{BOB}|bob>")
    initial = {
        block["block_id"]: block["element"].get("initial_value")
        for block in view["blocks"]
        if block["type"] == "input"
    }
    assert initial[Block.ABOUT_A.value] == "Staff Engineer"
    assert initial[Block.ABOUT_B.value] == "Design Lead"


def test_the_line_about_each_person_reaches_the_other_side_and_the_introduction(
    harness: Harness,
) -> None:
    harness.make_pending_intro(
        **{
            Block.ABOUT_A.value: "Rebuilt our <!channel> design tokens",
            Block.ABOUT_B.value: "Knows every Figma shortcut",
        }
    )
    alice_request = all_text(harness.wait_for_button(ALICE, Action.ACCEPT))
    bob_request = all_text(harness.wait_for_button(BOB, Action.ACCEPT))
    assert "Knows every Figma shortcut" in alice_request
    assert "Rebuilt our &lt;!channel&gt; design tokens" in bob_request
    assert "<!channel>" not in bob_request
    assert "Figma" not in bob_request and "design tokens" not in alice_request
    for person in (ALICE, BOB):
        harness.driver.click_in_dm(person, action_id=Action.ACCEPT.value)
    harness.settle()
    (group,) = harness.slack.mpims()
    introduction = all_text(harness.slack.messages(group.id)[0])
    assert "Knows every Figma shortcut" in introduction
    assert "Rebuilt our &lt;!channel&gt; design tokens" in introduction


def test_a_line_left_empty_falls_back_to_the_slack_title(harness: Harness) -> None:
    intro_id = harness.make_pending_intro(**{Block.ABOUT_A.value: "Our accessibility lead"})
    intro = harness.app.intros.find(harness.app_workspace, intro_id)
    assert intro.context.about_a == "Our accessibility lead"
    assert intro.context.about_b == "Design Lead"


def test_the_introduction_shows_when_paris_and_chicago_can_meet(harness: Harness) -> None:
    group = _made_intro(harness)
    introduction = all_text(harness.slack.messages(group)[0])
    assert "When you could meet" in introduction
    assert (
        "Your working days overlap 16:00\u201317:00 for Alice Adams, "
        "09:00\u201310:00 for Bob Brown." in introduction
    )
    slots = [line for line in introduction.splitlines() if line.startswith("• ")]
    assert len(slots) == 3
    assert all("for Alice Adams · " in s and "for Bob Brown" in s for s in slots)
    assert "there now" in introduction  # each person's local time


def _prefer(harness: Harness, user_id: str, way: str | None, note: str) -> None:
    click = harness.driver.click_in_dm(user_id, action_id=Action.PREFERENCE.value)
    assert click.status == 200
    modal = harness.slack.wait_for(
        lambda: (harness.slack.open_views(user_id) or [None])[-1], message="the preference modal"
    )
    values = {Block.PREFERRED_WAY.value: way, Block.PREFERENCE_NOTE.value: note}
    ack = harness.driver.submit_view(user_id, modal["id"], values)
    assert ack.status == 200 and not ack.body, ack.body
    harness.settle()


def test_a_preferred_way_and_note_appear_next_to_that_person_only_in_the_introduction(
    harness: Harness,
) -> None:
    harness.make_pending_intro()
    harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value)  # still one click
    harness.settle()
    _prefer(harness, ALICE, "video_call", "Mornings are best for me <!here>")
    alice_dm = _dm_text(harness, ALICE)
    assert "Your preference for Bob Brown: 🎥 A video call" in alice_dm
    assert "Mornings are best" not in _dm_text(harness, BOB)  # nothing before both say yes
    _prefer(harness, BOB, None, "Async first, please")
    harness.driver.click_in_dm(BOB, action_id=Action.ACCEPT.value)
    harness.settle()
    (group,) = harness.slack.mpims()
    (introduction,) = harness.slack.messages(group.id)
    fields = [f["text"] for b in introduction["blocks"] for f in b.get("fields", [])]
    alice_field, bob_field = fields
    assert "Prefers: 🎥 A video call · “Mornings are best for me &lt;!here&gt;”" in alice_field
    assert "Prefers: “Async first, please”" in bob_field
    assert "video call" not in bob_field.lower()
    assert "<!here>" not in all_text(introduction)


def test_a_preference_cannot_be_given_once_the_intro_is_over(harness: Harness) -> None:
    harness.make_pending_intro()
    click = harness.driver.click_in_dm(BOB, action_id=Action.PREFERENCE.value)
    assert click.status == 200
    modal = harness.slack.wait_for(lambda: (harness.slack.open_views(BOB) or [None])[-1])
    harness.app.intros.cancel(harness.app_workspace, harness.intro_id_in_dm(ALICE), user_id=CAROL)
    ack = harness.driver.submit_view(BOB, modal["id"], {Block.PREFERRED_WAY.value: "lunch"})
    assert ack.status == 200 and ack.json is not None
    assert "cancelled" in json.dumps(ack.json)
