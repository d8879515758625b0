"""Signed requests only, one workspace only, and user text that can never ping anyone."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import urlencode

import pytest

from introslack.logs import JsonLines
from introslack.slack.ids import Action, Block
from tests.e2e.conftest import ALICE, BOB, CAROL, SIGNING_SECRET, Harness, all_text

PINGS = "<!channel> <!here> <@U0DAVE001> <https://evil.example|click me> & more"


def test_a_request_with_a_bad_signature_is_rejected_and_does_nothing(harness: Harness) -> None:
    body = urlencode({"command": "/intro", "user_id": CAROL, "trigger_id": "1.2.abc"}).encode()
    headers = {"X-Slack-Signature": "v0=" + "0" * 64}
    ack = harness.driver.send_raw(body, "application/x-www-form-urlencoded", headers, sign=False)
    assert ack.status == 401
    assert harness.slack.calls_to("views.open") == []


def test_a_stale_timestamp_is_rejected_even_when_correctly_signed(harness: Harness) -> None:
    body = urlencode({"command": "/intro", "user_id": CAROL}).encode()
    stale = int(time.time()) - 6 * 60
    ack = harness.driver.send_raw(body, "application/x-www-form-urlencoded", timestamp=stale)
    assert ack.status == 401


def test_a_request_from_another_workspace_is_refused_and_nothing_is_sent(
    harness: Harness,
) -> None:
    ack = harness.driver.slash_command(CAROL, "/intro", team_id="T0ELSEWHERE")
    assert ack.status == 403
    assert harness.slack.calls_to("views.open") == []
    assert harness.slack.calls_to("views.publish") == []


def test_user_text_is_shown_as_text_and_pings_no_one(harness: Harness) -> None:
    fields = {
        Block.WHY.value: PINGS,
        Block.GAIN_A.value: PINGS,
        Block.GAIN_B.value: PINGS,
        Block.NOTE_A.value: PINGS,
        Block.NOTE_B.value: PINGS,
    }
    harness.make_pending_intro(**fields)
    harness.decline(BOB, reason="other", note=PINGS)
    harness.settle()
    posted = [json.dumps(call.params) for call in harness.slack.calls_to("chat.postMessage")]
    posted += [json.dumps(call.params) for call in harness.slack.calls_to("chat.update")]
    assert posted
    for payload in posted:
        for ping in ("<!channel>", "<!here>", "<@U0DAVE001>", "<https://evil"):
            assert ping not in payload
    connector = "\n".join(all_text(m) for m in harness.slack.dm_messages(CAROL))
    assert "&lt;!channel&gt;" in connector


def test_every_request_is_acknowledged_within_three_seconds(harness: Harness) -> None:
    harness.make_pending_intro()
    acks = [
        harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value),
        harness.driver.open_home(ALICE),
        harness.driver.slash_command(CAROL, "/intro", "help"),
    ]
    assert all(ack.status == 200 and ack.elapsed < 3.0 for ack in acks)


def test_logs_carry_ids_but_never_a_token_or_what_users_typed(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="introslack")
    harness.make_pending_intro(**{Block.WHY.value: "SECRET-WHY", Block.NOTE_A.value: "SECRET-NOTE"})
    harness.decline(BOB, reason="other", note="SECRET-REASON")
    harness.settle()
    lines = [JsonLines().format(record) for record in caplog.records]
    assert any('"intro_id"' in line and '"team_id"' in line for line in lines)
    for line in lines:
        for secret in ("SECRET-", harness.slack.bot_token, SIGNING_SECRET):
            assert secret not in line
