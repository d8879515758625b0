"""Consent records, my data and deleting it, end to end against the fake Slack."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from introslack.domain.intro import Answer, IntroStatus
from introslack.slack.ids import Action, Block, Callback
from introslack.slack.mrkdwn import unescape
from tests.e2e.conftest import ALICE, BOB, CAROL, Harness, all_text
from tests.e2e.test_home import click_home, home_text, open_home, top_modal
from tests.e2e.test_people_in_control import change_settings

DECLINE_NOTE = "Private-decline durian"
PART = re.compile(r"part (\d+) of (\d+)\)\.\n```\n(.*)```\Z", re.DOTALL)


def as_shown(message: dict[str, Any]) -> str:
    """What the person was shown, read off the message the fake Slack stored."""
    lines = [str(message["text"])]
    for block in message["blocks"]:
        if block["type"] == "context":
            lines += [element["text"] for element in block["elements"] if "text" in element]
        elif block["type"] in ("section", "header"):
            lines += [block["text"]["text"]] if "text" in block else []
            lines += [field["text"] for field in block.get("fields", [])]
    return "\n".join(lines)


def export_parts(harness: Harness, user_id: str) -> list[str]:
    return [
        str(message["text"])
        for message in harness.slack.dm_messages(user_id)
        if "as JSON (part" in str(message.get("text"))
    ]


def exported(harness: Harness, user_id: str) -> dict[str, Any]:
    """The person's export, put back together from the numbered parts in their DM."""
    pieces = []
    for text in export_parts(harness, user_id):
        found = PART.search(text)
        assert found is not None, text
        pieces.append(unescape(found.group(3)))
    document = json.loads("".join(pieces))
    assert isinstance(document, dict)
    return document


def test_the_consent_record_keeps_exactly_the_request_as_sent_and_the_answer(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro()
    request = harness.wait_for_button(ALICE, Action.ACCEPT)
    shown_at = harness.clock()
    harness.clock.advance(timedelta(hours=2))
    assert harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value).status == 200
    harness.settle()

    (record,) = harness.app.intros.consents(harness.app_workspace, ALICE, limit=10)
    assert record.intro_id == intro_id
    assert record.shown_text == as_shown(request)
    assert record.shown_at == shown_at
    assert record.answer is Answer.ACCEPTED
    assert record.answered_at == shown_at + timedelta(hours=2)
    (bobs,) = harness.app.intros.consents(harness.app_workspace, BOB, limit=10)
    assert bobs.answer is None and bobs.shown_text == as_shown(
        harness.wait_for_button(BOB, Action.ACCEPT)
    )


def test_what_you_agreed_to_shows_the_viewer_only_their_own_part(harness: Harness) -> None:
    harness.make_pending_intro()
    assert harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value).status == 200
    harness.settle()
    assert harness.decline(BOB, reason="too_busy", note=DECLINE_NOTE).status == 200
    harness.settle()

    open_home(harness, ALICE)
    click_home(harness, ALICE, Action.CONSENTS, "consents")
    alices = all_text(top_modal(harness, ALICE, Callback.CONSENTS_MODAL))
    open_home(harness, BOB)
    click_home(harness, BOB, Action.CONSENTS, "consents")
    bobs = all_text(top_modal(harness, BOB, Callback.CONSENTS_MODAL))

    assert "You accepted on" in alices and "declined" not in alices
    assert DECLINE_NOTE not in alices
    assert "You declined on" in bobs and "You accepted" not in bobs
    assert "Alice Adams" in bobs and "Bob Brown" in alices  # each saw the other's profile


def test_my_data_arrives_in_the_dm_as_json_without_the_other_sides_decline(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro()
    change_settings(harness, ALICE, **{Block.TOPICS.value: "design systems"})
    assert harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value).status == 200
    harness.settle()
    assert harness.decline(BOB, reason="too_busy", note=DECLINE_NOTE).status == 200
    harness.settle()

    ack = harness.driver.slash_command(ALICE, "/intro", "my-data")
    harness.settle()

    assert ack.status == 200 and "on its way" in str(ack.body)
    document = exported(harness, ALICE)
    assert document["user_id"] == ALICE
    assert document["intro_settings"]["topics"] == ["design systems"]
    (intro,) = document["intros"]
    assert intro["intro_id"] == intro_id and intro["status"] == IntroStatus.DECLINED.value
    (part,) = intro["your_parts"]
    assert part["your_answer"] == "accepted" and part["other_person"]["user_id"] == BOB
    (consent,) = document["consent_records"]
    assert consent["answer"] == "accepted" and "Bob Brown" in consent["shown_text"]
    everything = json.dumps(document)
    assert DECLINE_NOTE not in everything and "too_busy" not in everything


def test_a_lost_answer_from_slack_neither_loses_nor_repeats_the_export(
    harness: Harness,
) -> None:
    harness.make_pending_intro()
    harness.slack.fail_after_apply("chat.postMessage")
    open_home(harness, ALICE)
    click_home(harness, ALICE, Action.MY_DATA, "my_data")
    harness.settle()
    harness.clock.advance(timedelta(minutes=5))
    harness.settle()

    assert len(export_parts(harness, ALICE)) == 1
    assert exported(harness, ALICE)["user_id"] == ALICE


def test_deleting_my_data_cancels_erases_and_the_others_read_a_neutral_cancel(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro(**{Block.ABOUT_A.value: "Knows every font"})
    change_settings(harness, ALICE, **{Block.TOPICS.value: "design systems"})
    workspace = harness.app_workspace

    open_home(harness, ALICE)
    click_home(harness, ALICE, Action.DELETE_MY_DATA, "delete_my_data")
    modal = top_modal(harness, ALICE, Callback.DELETE_MY_DATA_MODAL)
    assert "can't be undone" in all_text(modal)
    assert harness.driver.submit_view(ALICE, modal["id"], {}).status == 200
    harness.settle()

    intro = harness.app.intros.find(workspace, intro_id)
    assert intro.status is IntroStatus.CANCELLED
    assert intro.party_a.name == "a former colleague" and intro.party_a.title == ""
    assert intro.context.about_a == ""
    bobs_request = harness.slack.dm_messages(BOB)[0]
    assert "This intro was cancelled" in all_text(bobs_request)
    assert "data" not in all_text(bobs_request).lower()
    assert harness.app.intros.consents(workspace, ALICE, limit=10) == []
    (bobs,) = harness.app.intros.consents(workspace, BOB, limit=10)
    assert bobs.shown_text == "" and bobs.shown_at is not None  # it quoted Alice
    assert harness.app.core.control.settings(workspace, ALICE).topics == ()
    assert "a former colleague" in home_text(open_home(harness, CAROL))

    posted = len(harness.slack.calls_to("chat.postMessage"))
    assert harness.driver.slash_command(ALICE, "/intro", "delete-my-data").status == 200
    again = top_modal(harness, ALICE, Callback.DELETE_MY_DATA_MODAL)
    assert harness.driver.submit_view(ALICE, again["id"], {}).status == 200
    harness.settle()
    assert len(harness.slack.calls_to("chat.postMessage")) == posted
