"""The edge's typed reading of Slack's payloads: what parses, and the reason for what doesn't."""

from __future__ import annotations

import time
from typing import Any

import pytest

from introslack.fakeslack.driver import slack_signature
from introslack.slack.edge import (
    MAX_BODY_BYTES,
    Envelope,
    RawSignatureVerifier,
    Refusal,
    bolt_request,
    read_envelope,
)

USER = {"id": "U0ALICE01", "team_id": "T0TEAM001"}
CLICK = {"type": "block_actions", "user": USER, "actions": [{"action_id": "intro_accept"}]}
COMMAND = {
    "command": "/intro",
    "user_id": "U0ALICE01",
    "trigger_id": "1.2.3",
    "team_id": "T0TEAM001",
    "response_url": "https://hooks.slack.com/commands/1",
}


def nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _level in range(depth):
        value = [value]
    return value


SUBMISSION = {
    "type": "view_submission",
    "user": USER,
    "view": {"type": "modal", "state": {"values": {}}},
}
EVENT = {"type": "event_callback", "team_id": "T0TEAM001", "event": {"type": "app_home_opened"}}


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        (CLICK, "interaction"),
        (COMMAND, "command"),
        (EVENT, "event"),
        ({"type": "url_verification", "challenge": "abc"}, "url_verification"),
        (SUBMISSION, "interaction"),
    ],
)
def test_what_slack_sends_parses_into_an_envelope(payload: dict[str, Any], kind: str) -> None:
    envelope = read_envelope(payload)
    assert isinstance(envelope, Envelope) and envelope.kind == kind


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ([CLICK], 400),
        ({**CLICK, "type": 7}, 400),
        ({**CLICK, "actions": []}, 400),
        ({**CLICK, "actions": [{"action_id": ["intro_accept"]}]}, 400),
        ({**CLICK, "user": {"id": 12345}}, 400),
        ({**CLICK, "team": 5}, 400),
        ({**CLICK, "response_url": "not a url"}, 400),
        ({"type": "view_submission", "user": USER, "view": {"state": {"values": []}}}, 400),
        ({**SUBMISSION, "view": {"state": {"values": {}}}}, 400),
        ({key: value for key, value in COMMAND.items() if key != "trigger_id"}, 400),
        ({**COMMAND, "type": "block_actions"}, 400),
        ({**EVENT, "event": "app_home_opened"}, 400),
        ({**EVENT, "event": {"type": "message"}}, 200),
        ({"type": "view_closed", "user": USER}, 200),
        ({"type": "something_new"}, 400),
        ({**CLICK, "deep": nested(60)}, 400),
    ],
)
def test_what_does_not_parse_is_refused_with_a_status(payload: object, status: int) -> None:
    refusal = read_envelope(payload)
    assert isinstance(refusal, Refusal) and refusal.status == status


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"\xff", 400),
        (b"{", 400),
        (b"[" * 100_000 + b"]" * 100_000, 400),
        (b"x" * (MAX_BODY_BYTES + 1), 413),
    ],
)
def test_a_body_that_cannot_be_read_is_refused(raw: bytes, status: int) -> None:
    refusal = bolt_request(raw, query=None, headers={"content-type": "application/json"})
    assert isinstance(refusal, Refusal) and refusal.status == status


def test_the_signature_is_judged_over_the_raw_bytes_even_when_they_are_not_utf8() -> None:
    verifier = RawSignatureVerifier("secret")
    timestamp = str(int(time.time()))
    raw = b"payload=\xff"
    assert verifier.signed(raw, timestamp, slack_signature("secret", int(timestamp), raw))
    assert not verifier.signed(raw, timestamp, "v0=" + "0" * 64)
    assert not verifier.signed(raw, "soon", "v0=" + "0" * 64)
