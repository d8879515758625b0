"""Mutated versions of every payload the app handles, correctly signed, sent to the real app.

Whatever arrives, the answer is fast and honest: never a 5xx, always within Slack's 3 s, no
traceback in the log, and nothing sent to anyone for a request that was refused.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from introslack.fakeslack import payloads
from introslack.fakeslack.driver import ACK_DEADLINE_SECONDS, FORM, JSON
from introslack.fakeslack.payloads import Actor
from introslack.slack.ids import Action, Block, Command
from introslack.slack.socket_mode import CheckedSocketModeHandler
from tests.e2e.conftest import ALICE, BOB, CAROL, DAVE, Harness, button

# Each example sends one request; all of them together stay well under a minute.
EXAMPLES = int(os.environ.get("INTROSLACK_FUZZ_EXAMPLES", "1000"))


@dataclass(frozen=True)
class Seed:
    """A real payload, as Slack would send it, and how Slack encodes it."""

    name: str
    body: dict[str, Any]
    encoding: str  # "command" (form fields), "payload" (form payload=JSON) or "json"


def actor(harness: Harness, user_id: str) -> Actor:
    slack = harness.slack
    return Actor(
        user_id=user_id,
        user_name=user_id.lower(),
        team_id=slack.team_id,
        team_domain=slack.team_domain,
        app_id=slack.app_id,
        token="fake-verification-token",
    )


def real_payloads(harness: Harness) -> list[Seed]:
    """One of each request the app handles, built from a live intro, modal and Home tab."""
    slack, driver = harness.slack, harness.driver
    intro_id = harness.make_pending_intro()
    carol, alice, bob = (actor(harness, user) for user in (CAROL, ALICE, BOB))
    command = payloads.slash_command_form(
        carol,
        command=Command.INTRO.value,
        text=f"<@{ALICE}|alice> <@{DAVE}>",
        channel_id=slack.general_channel_id,
        channel_name="general",
        response_url=slack.issue_response_url(CAROL, slack.general_channel_id),
        trigger_id=slack.issue_trigger_id(CAROL),
    )
    request = harness.wait_for_button(ALICE, Action.ACCEPT)
    channel = {"id": str(slack.dm_channel(ALICE)), "name": "directmessage"}

    def dm_click(action_id: str, value: str) -> dict[str, Any]:
        action = {"type": "button", "action_id": action_id, "block_id": "b", "value": value}
        action["action_ts"] = slack.next_ts()
        return payloads.message_block_actions(
            alice,
            trigger_id=slack.issue_trigger_id(ALICE),
            action=action,
            channel=channel,
            message=request,
            response_url=slack.issue_response_url(ALICE, channel["id"], message_ts=request["ts"]),
        )

    accept = button(request, Action.ACCEPT)
    assert accept is not None
    driver.open_home(CAROL)
    harness.settle()
    home = slack.home_view(CAROL)
    assert home is not None

    def home_click(action: Action, value: str) -> dict[str, Any]:
        clicked = {"type": "button", "action_id": action.value, "block_id": "h", "value": value}
        clicked["action_ts"] = slack.next_ts()
        return payloads.view_block_actions(
            carol, trigger_id=slack.issue_trigger_id(CAROL), action=clicked, view=home
        )

    intro_modal = harness.open_intro_modal(CAROL)
    intro_values = {Block.PARTY_A.value: DAVE, Block.PARTY_B.value: ALICE, Block.WHY.value: "hi"}
    intro_modal["state"] = {"values": payloads.state_values(intro_modal["blocks"], intro_values)}
    assert driver.click_in_dm(BOB, action_id=Action.DECLINE.value).status == 200
    decline_modal = slack.wait_for(lambda: (slack.open_views(BOB) or [None])[-1])
    decline_values = {Block.DECLINE_REASON.value: "too_busy", Block.DECLINE_NOTE.value: "busy"}
    decline_modal["state"] = {
        "values": payloads.state_values(decline_modal["blocks"], decline_values)
    }
    harness.settle()
    home_opened = payloads.app_home_opened(
        alice,
        bot_user_id=slack.bot_user_id,
        channel_id=slack.ensure_dm(ALICE),
        tab="home",
        event_id=slack.next_event_id(),
        event_ts=slack.next_ts(),
        view=slack.home_view(ALICE),
    )
    revoked = payloads.tokens_revoked(
        alice, bot_user_ids=[], user_ids=[ALICE], event_id="Ev1", event_ts=slack.next_ts()
    )
    uninstalled = payloads.app_uninstalled(alice, event_id="Ev2", event_ts=slack.next_ts())
    execution = slack.start_execution(
        "request_intro", {"connector": CAROL, "person_a": BOB, "person_b": DAVE, "why": "hi"}
    )
    step = payloads.function_executed(
        actor(harness, slack.bot_user_id),
        bot_user_id=slack.bot_user_id,
        function={"id": "Fn1", "callback_id": "request_intro", "type": "app", "title": "Step"},
        inputs=execution.inputs,
        execution_id=execution.execution_id,
        bot_access_token=execution.bot_access_token,
        event_id=slack.next_event_id(),
        event_ts=slack.next_ts(),
    )
    challenge = {"token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    return [
        Seed("slash command", command, "command"),
        Seed("accept", dm_click(Action.ACCEPT.value, str(accept["value"])), "payload"),
        Seed("decline", dm_click(Action.DECLINE.value, intro_id), "payload"),
        Seed("follow-up", dm_click(f"{Action.FOLLOW_UP.value}:met", f"{intro_id}:met"), "payload"),
        Seed("remind", home_click(Action.REMIND, intro_id), "payload"),
        Seed("cancel", home_click(Action.CANCEL, intro_id), "payload"),
        Seed("new intro", home_click(Action.NEW_INTRO, ""), "payload"),
        Seed("show more", home_click(Action.SHOW_MORE, "started:1"), "payload"),
        Seed(
            "intro submission",
            payloads.view_submission(
                carol, trigger_id=slack.issue_trigger_id(CAROL), view=intro_modal
            ),
            "payload",
        ),
        Seed(
            "decline submission",
            payloads.view_submission(
                bob, trigger_id=slack.issue_trigger_id(BOB), view=decline_modal
            ),
            "payload",
        ),
        Seed("home opened", home_opened, "json"),
        Seed("tokens revoked", revoked, "json"),
        Seed("uninstalled", uninstalled, "json"),
        Seed("workflow step", step, "json"),
        Seed("url verification", {**challenge, "type": "url_verification"}, "json"),
    ]


# -- mutations ------------------------------------------------------------------------------

ODD_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            "\x00",
            "\ud800",
            "\u202e\u2066",
            "🙂" * 2000,
            "x" * 100_000,
            "<!channel>",
            "U0ALICE01",
            "null",
            "1e999",
            "https://",
            "http://[::1",
            "intro_accept",
            "T0TEAM001",
        ]
    ),
    st.text(max_size=40),
)
WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    ODD_TEXT,
    st.just([]),
    st.just({}),
    st.lists(st.integers(), min_size=1, max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), min_size=1, max_size=2),
)
CONTENT_TYPES = [FORM, JSON, "text/plain", "", "multipart/form-data; boundary=x", "application/xml"]
NOT_OBJECTS = [b"[]", b"1", b'"payload"', b"null", b"{", b"{}", b'{"type": 1}', b"\xff\xfe{"]


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key or index under `value`, as a path from the top."""
    children = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in children:
        yield (*prefix, key)
        if isinstance(child, dict | list) and len(prefix) < 6:
            yield from paths(child, (*prefix, key))


def mutate(body: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """Drop, retype or deeply nest a few values anywhere in a copy of `body`."""
    mutated = copy.deepcopy(body)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        found = list(paths(mutated))
        if not found:
            break
        path = data.draw(st.sampled_from(found), label="path")
        parent = mutated
        for key in path[:-1]:
            parent = parent[key]
        what = data.draw(st.sampled_from(["drop", "retype", "nest"]), label="how")
        if what == "drop":
            del parent[path[-1]]
        elif what == "retype":
            parent[path[-1]] = data.draw(WRONG, label="value")
        else:
            deep: Any = parent[path[-1]]
            for _level in range(data.draw(st.sampled_from([50, 500]), label="depth")):
                deep = [deep]
            parent[path[-1]] = deep
    return mutated


def encode(body: dict[str, Any], encoding: str) -> tuple[bytes, str]:
    if encoding == "command":
        fields = {k: str(v) for k, v in body.items()}
        return urlencode(fields, errors="surrogatepass").encode(), FORM
    text = json.dumps(body)
    if encoding == "payload":
        return f"payload={quote(text)}".encode(), FORM
    return text.encode(), JSON


def garble(raw: bytes, data: st.DataObject) -> bytes:
    """Byte-level damage: truncation, invalid UTF-8, or something that is no payload at all."""
    how = data.draw(
        st.sampled_from(["truncate", "bad utf-8", "replace", "deep", "huge"]), label="damage"
    )
    if how == "truncate" and raw:
        return raw[: data.draw(st.integers(0, len(raw) - 1), label="cut")]
    if how == "bad utf-8":
        at = data.draw(st.integers(0, len(raw)), label="at")
        bad = data.draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80"]), label="bytes")
        return raw[:at] + bad + raw[at:]
    if how == "replace":
        return data.draw(st.sampled_from(NOT_OBJECTS) | st.binary(max_size=64), label="body")
    if how == "huge":
        return raw + b"&x=" + b"x" * 1_100_000
    depth = data.draw(st.sampled_from([100, 10_000, 200_000]), label="depth")
    nested = b"[" * depth + b"]" * depth
    return data.draw(st.sampled_from([nested, b"payload=" + nested]), label="deep body")


# -- the property -----------------------------------------------------------------------------

SENDS = ("chat.", "views.", "conversations.open", "functions.", "response_url")


def test_no_mutated_request_gets_a_5xx_a_slow_answer_a_traceback_or_sends_anything(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    seeds = real_payloads(harness)
    statuses: dict[int, int] = {}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def one_request(data: st.DataObject) -> None:
        seed = data.draw(st.sampled_from(seeds), label="seed")
        body = mutate(seed.body, data) if data.draw(st.booleans(), label="mutate") else seed.body
        raw, content_type = encode(body, seed.encoding)
        if data.draw(st.integers(0, 3), label="damage bytes") == 0:
            raw = garble(raw, data)
        if data.draw(st.integers(0, 3), label="odd content type") == 0:
            content_type = data.draw(st.sampled_from(CONTENT_TYPES), label="content type")
        sent_before = len(harness.slack.calls)
        records_before = len(caplog.records)
        started = time.monotonic()
        ack = harness.driver.send_raw(raw, content_type)
        elapsed = time.monotonic() - started
        harness.settle()
        statuses[ack.status] = statuses.get(ack.status, 0) + 1
        assert ack.status < 500, f"{seed.name}: {ack.status}"
        assert elapsed < ACK_DEADLINE_SECONDS
        new_records = caplog.records[records_before:]
        tracebacks = [r.getMessage() for r in new_records if r.exc_info]
        assert not tracebacks, f"{seed.name}: {tracebacks}"
        if ack.status >= 400:
            sent = [c.method for c in harness.slack.calls[sent_before:]]
            assert not [m for m in sent if m.startswith(SENDS)], f"{seed.name}: sent {sent}"
            refused = [r for r in new_records if r.getMessage().startswith("refused a request")]
            assert len(refused) <= 1

    one_request()
    assert "Traceback" not in caplog.text
    # The run reached both sides: requests that were carried out and requests that were refused.
    assert statuses.get(200, 0) > 100 and statuses.get(400, 0) > 100, statuses


class RecordingSocket:
    """Stands in for the WebSocket: keeps what the handler answers."""

    def __init__(self) -> None:
        self.answers: list[SocketModeResponse] = []

    def send_socket_mode_response(self, response: SocketModeResponse) -> None:
        self.answers.append(response)


def test_socket_mode_acks_and_drops_a_payload_that_does_not_parse(harness: Harness) -> None:
    handler = CheckedSocketModeHandler(harness.app.bolt, "xapp-1-test")
    socket = RecordingSocket()
    submission = {"type": "view_submission", "user": {"id": 12345}, "view": {"state": {}}}
    try:
        for envelope_id, payload in [("e1", submission), ("e2", {"type": "block_actions"})]:
            request = SocketModeRequest("interactive", envelope_id, payload)
            handler.handle(socket, request)  # type: ignore[arg-type]
        harness.settle()
    finally:
        handler.close()
    assert [answer.envelope_id for answer in socket.answers] == ["e1", "e2"]
    assert not [c for c in harness.slack.calls if c.method.startswith(SENDS)]


def test_a_submission_from_a_user_id_that_is_not_text_is_refused_and_makes_no_intro(
    harness: Harness,
) -> None:
    seeds = {seed.name: seed for seed in real_payloads(harness)}
    forged = copy.deepcopy(seeds["intro submission"].body)
    forged["user"]["id"] = 12345
    harness.slack.clear_calls()
    ack = harness.driver.send_raw(*encode(forged, "payload"))
    harness.settle()
    assert ack.status == 400
    assert harness.slack.dm_messages(DAVE) == []
    assert not [c for c in harness.slack.calls if c.method.startswith(SENDS)]


def test_a_click_no_listener_knows_is_answered_404_at_once(harness: Harness) -> None:
    seeds = {seed.name: seed for seed in real_payloads(harness)}
    unknown = copy.deepcopy(seeds["accept"].body)
    unknown["actions"][0]["action_id"] = "no_such_button"
    harness.slack.clear_calls()
    ack = harness.driver.send_raw(*encode(unknown, "payload"))
    assert ack.status == 404 and ack.elapsed < 0.5, (ack.status, ack.elapsed)
    harness.settle()
    assert not [c for c in harness.slack.calls if c.method.startswith(SENDS)]


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "HEAD"])
def test_any_path_signed_or_not_is_answered_quickly_and_never_with_a_5xx(
    harness: Harness, method: str
) -> None:
    root = harness.driver.app_url.removesuffix("/slack/events")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for path in ["/slack/events", "/slack/install", "/slack/oauth_redirect", "/healthz", "/x"]:
        request = urllib.request.Request(
            root + path, data=b"payload=%7B" if method in ("POST", "PUT") else None, method=method
        )
        started = time.monotonic()
        try:
            with opener.open(request, timeout=5) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        assert status < 500 and time.monotonic() - started < ACK_DEADLINE_SECONDS, (path, status)
