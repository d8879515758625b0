"""SlackDriver sends what Slack sends: signed, shaped like Slack's payloads, within deadlines."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest
from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from introslack.fakeslack.appserver import BoltAppServer
from introslack.fakeslack.driver import SlackDriver
from introslack.fakeslack.payloads import state_values
from introslack.fakeslack.server import FakeSlack
from tests.fakeslack.conftest import ALICE, BOB, CAROL

SECRET = "test-signing-secret"
TRIGGER_ID = re.compile(r"\d+\.\d+\.[0-9a-f]{32}")


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode()))

    def payload(self) -> dict[str, Any]:
        return dict(json.loads(self.form()["payload"]))


@dataclass
class RecordingApp:
    """A stand-in app that records requests and answers with a canned response."""

    status: int = 200
    reply: bytes = b""
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)

    def handler(self) -> type[BaseHTTPRequestHandler]:
        app = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                app.received.append(Received(dict(self.headers.items()), body))
                time.sleep(app.delay)
                self.send_response(app.status)
                self.send_header("Content-Length", str(len(app.reply)))
                self.end_headers()
                self.wfile.write(app.reply)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        return Handler


@pytest.fixture
def recording() -> Iterator[tuple[RecordingApp, str]]:
    app = RecordingApp()
    server = ThreadingHTTPServer(("127.0.0.1", 0), app.handler())
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    server.shutdown()
    server.server_close()


@pytest.fixture
def driver(recording: tuple[RecordingApp, str], fake: FakeSlack) -> SlackDriver:
    return SlackDriver(recording[1], SECRET, fake)


def last(recording: tuple[RecordingApp, str]) -> Received:
    return recording[0].received[-1]


ACCEPT_BLOCKS: list[dict[str, Any]] = [
    {"type": "section", "block_id": "ask", "text": {"type": "mrkdwn", "text": "Meet Bob?"}},
    {
        "type": "actions",
        "block_id": "answer",
        "elements": [
            {
                "type": "button",
                "action_id": "accept",
                "text": {"type": "plain_text", "text": "Accept"},
                "value": "intro-1",
                "style": "primary",
            },
            {
                "type": "button",
                "action_id": "decline",
                "text": {"type": "plain_text", "text": "Decline"},
                "value": "intro-1",
            },
        ],
    },
]


def post_to_dm(client: WebClient, user_id: str, **message: Any) -> tuple[str, str]:
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    ts = client.chat_postMessage(channel=channel, **message)["ts"]
    return channel, ts


def open_modal(client: WebClient, fake: FakeSlack, user_id: str, view: dict[str, Any]) -> str:
    return str(
        client.views_open(trigger_id=fake.issue_trigger_id(user_id), view=view)["view"]["id"]
    )


def input_block(block_id: str, element: dict[str, Any], optional: bool = False) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": block_id},
        "element": element,
    }


def option(value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": value.title()}, "value": value}


NOTE_MODAL = {
    "type": "modal",
    "callback_id": "intro",
    "title": {"type": "plain_text", "text": "Introduce"},
    "submit": {"type": "plain_text", "text": "Send"},
    "blocks": [input_block("note", {"type": "plain_text_input", "action_id": "value"})],
}


# -- signing and delivery -------------------------------------------------------------------


def test_the_driver_signature_verifies_with_slack_sdks_verifier(
    driver: SlackDriver, recording: tuple[RecordingApp, str]
) -> None:
    driver.slash_command(ALICE, "/intro", "hello")
    received = last(recording)
    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid(
        body=received.body,
        timestamp=received.headers["X-Slack-Request-Timestamp"],
        signature=received.headers["X-Slack-Signature"],
    )


def test_a_slash_command_carries_every_field_slack_sends(
    driver: SlackDriver, recording: tuple[RecordingApp, str], fake: FakeSlack
) -> None:
    ack = driver.slash_command(ALICE, "/intro", "<@U0BOB0001|bob>")
    form = last(recording).form()
    assert last(recording).headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert set(form) == {
        "token",
        "team_id",
        "team_domain",
        "channel_id",
        "channel_name",
        "user_id",
        "user_name",
        "command",
        "text",
        "api_app_id",
        "is_enterprise_install",
        "response_url",
        "trigger_id",
    }
    assert form["user_name"] == "alice"
    assert form["channel_name"] == "general"
    assert form["text"] == "<@U0BOB0001|bob>"
    assert form["trigger_id"] == ack.trigger_id
    assert ack.trigger_id is not None and TRIGGER_ID.fullmatch(ack.trigger_id)
    assert form["response_url"].startswith(fake.url)


def test_org_installs_add_enterprise_fields(
    driver: SlackDriver, recording: tuple[RecordingApp, str]
) -> None:
    driver.slash_command(ALICE, enterprise_id="E0ORG0001")
    form = last(recording).form()
    assert form["enterprise_id"] == "E0ORG0001"
    assert form["enterprise_name"]


def test_retries_carry_slacks_retry_headers(
    driver: SlackDriver, recording: tuple[RecordingApp, str]
) -> None:
    first = driver.open_home(ALICE)
    driver.redeliver(first, retry_num=2)
    original, retry = recording[0].received
    assert retry.body == original.body
    assert retry.headers["X-Slack-Retry-Num"] == "2"
    assert retry.headers["X-Slack-Retry-Reason"] == "http_timeout"
    assert "X-Slack-Retry-Num" not in original.headers


def test_an_app_that_misses_the_ack_deadline_fails_the_test(
    recording: tuple[RecordingApp, str], fake: FakeSlack
) -> None:
    recording[0].delay = 0.05
    hurried = SlackDriver(recording[1], SECRET, fake, ack_deadline=0.01)
    with pytest.raises(AssertionError, match="to acknowledge"):
        hurried.slash_command(ALICE)


def test_send_raw_can_send_unsigned_or_stale_requests(
    driver: SlackDriver, recording: tuple[RecordingApp, str]
) -> None:
    driver.send_raw(b"command=%2Fintro", "application/x-www-form-urlencoded", sign=False)
    driver.send_raw(b"command=%2Fintro", "application/x-www-form-urlencoded", timestamp=1)
    unsigned, stale = recording[0].received
    assert "X-Slack-Signature" not in unsigned.headers
    assert stale.headers["X-Slack-Request-Timestamp"] == "1"


def test_a_text_ack_to_a_slash_command_is_shown_only_to_the_user(
    driver: SlackDriver, recording: tuple[RecordingApp, str], fake: FakeSlack
) -> None:
    recording[0].reply = b"Usage: /intro @someone"
    driver.slash_command(ALICE, "/intro", "help")
    (shown,) = fake.ephemerals(ALICE)
    assert shown.message["text"] == "Usage: /intro @someone"
    assert shown.via == "ack"
    assert fake.messages("C0GENERAL1") == []


# -- clicks ---------------------------------------------------------------------------------


def test_a_click_on_a_dm_button_sends_the_stored_message_and_the_button(
    driver: SlackDriver, recording: tuple[RecordingApp, str], client: WebClient, fake: FakeSlack
) -> None:
    metadata = {"event_type": "intro", "event_payload": {"id": 1}}
    channel, ts = post_to_dm(client, BOB, text="Meet?", blocks=ACCEPT_BLOCKS, metadata=metadata)
    ack = driver.click_in_dm(BOB, action_id="accept")
    payload = last(recording).payload()
    assert payload["type"] == "block_actions"
    assert payload["user"]["id"] == BOB
    assert payload["trigger_id"] == ack.trigger_id
    assert payload["container"] == {
        "type": "message",
        "message_ts": ts,
        "channel_id": channel,
        "is_ephemeral": False,
    }
    assert payload["channel"] == {"id": channel, "name": "directmessage"}
    assert payload["message"]["blocks"][1]["block_id"] == "answer"
    assert "metadata" not in payload["message"]
    action = payload["actions"][0]
    assert (action["action_id"], action["block_id"], action["value"]) == (
        "accept",
        "answer",
        "intro-1",
    )
    assert action["style"] == "primary"
    assert payload["response_url"].startswith(fake.url)


def test_clicking_a_button_that_is_not_on_the_message_fails(
    driver: SlackDriver, client: WebClient
) -> None:
    post_to_dm(client, BOB, text="no buttons here")
    with pytest.raises(AssertionError, match="'accept'"):
        driver.click_in_dm(BOB, action_id="accept")


def test_nobody_can_click_in_a_dm_they_are_not_part_of(
    driver: SlackDriver, client: WebClient
) -> None:
    channel, ts = post_to_dm(client, BOB, text="Meet?", blocks=ACCEPT_BLOCKS)
    with pytest.raises(AssertionError, match="not a member"):
        driver.click(CAROL, action_id="accept", channel_id=channel, message_ts=ts)


def test_a_click_on_the_home_tab_carries_the_view_and_no_response_url(
    driver: SlackDriver, recording: tuple[RecordingApp, str], client: WebClient
) -> None:
    home = client.views_publish(user_id=ALICE, view={"type": "home", "blocks": ACCEPT_BLOCKS})
    driver.click(ALICE, action_id="decline", view_id=home["view"]["id"])
    payload = last(recording).payload()
    assert payload["container"] == {"type": "view", "view_id": home["view"]["id"]}
    assert payload["view"]["type"] == "home"
    assert "response_url" not in payload
    assert "channel" not in payload


def test_the_response_url_posts_an_ephemeral_or_replaces_the_original(
    driver: SlackDriver, recording: tuple[RecordingApp, str], client: WebClient, fake: FakeSlack
) -> None:
    channel, ts = post_to_dm(client, BOB, text="Meet?", blocks=ACCEPT_BLOCKS)
    driver.click_in_dm(BOB, action_id="accept")
    response_url = last(recording).payload()["response_url"]
    for answer in ({"text": "Only you see this"}, {"text": "Accepted", "replace_original": True}):
        request = urllib.request.Request(
            response_url, json.dumps(answer).encode(), {"Content-Type": "application/json"}
        )
        urllib.request.urlopen(request, timeout=5).close()
    assert [e.message["text"] for e in fake.ephemerals(BOB)] == ["Only you see this"]
    original = fake.message(channel, ts)
    assert original is not None and original["text"] == "Accepted"


# -- modal submissions ----------------------------------------------------------------------


def test_state_values_follow_each_element_type_and_initial_values() -> None:
    blocks = [
        input_block("note", {"type": "plain_text_input", "action_id": "a", "initial_value": "hi"}),
        input_block("who", {"type": "users_select", "action_id": "a"}),
        input_block("many", {"type": "multi_users_select", "action_id": "a"}, optional=True),
        input_block(
            "size",
            {"type": "static_select", "action_id": "a", "options": [option("s"), option("l")]},
        ),
        input_block(
            "tags",
            {"type": "checkboxes", "action_id": "a", "options": [option("x"), option("y")]},
            optional=True,
        ),
    ]
    state = state_values(blocks, {"who": "U0BOB0001", "size": "l", "tags": ["y"]})
    assert state == {
        "note": {"a": {"type": "plain_text_input", "value": "hi"}},
        "who": {"a": {"type": "users_select", "selected_user": "U0BOB0001"}},
        "many": {"a": {"type": "multi_users_select", "selected_users": []}},
        "size": {"a": {"type": "static_select", "selected_option": option("l")}},
        "tags": {"a": {"type": "checkboxes", "selected_options": [option("y")]}},
    }


def test_a_required_input_left_empty_cannot_be_submitted() -> None:
    blocks = [input_block("note", {"type": "plain_text_input", "action_id": "a"})]
    with pytest.raises(AssertionError, match="required"):
        state_values(blocks, {})


def test_values_for_blocks_that_do_not_exist_are_a_test_bug() -> None:
    blocks = [input_block("note", {"type": "plain_text_input", "action_id": "a"})]
    with pytest.raises(AssertionError, match="nope"):
        state_values(blocks, {"note": "x", "nope": "y"})


def test_an_empty_ack_to_a_submission_closes_the_modal(
    driver: SlackDriver, recording: tuple[RecordingApp, str], client: WebClient, fake: FakeSlack
) -> None:
    view_id = open_modal(client, fake, ALICE, NOTE_MODAL)
    driver.submit_view(ALICE, view_id, {"note": "Bob builds things"})
    payload = last(recording).payload()
    assert payload["type"] == "view_submission"
    assert payload["view"]["callback_id"] == "intro"
    assert payload["view"]["state"]["values"]["note"]["value"]["value"] == "Bob builds things"
    assert fake.open_views(ALICE) == []


def test_an_errors_ack_keeps_the_modal_open(
    driver: SlackDriver, recording: tuple[RecordingApp, str], client: WebClient, fake: FakeSlack
) -> None:
    view_id = open_modal(client, fake, ALICE, NOTE_MODAL)
    recording[0].reply = b'{"response_action": "errors", "errors": {"note": "Too short"}}'
    driver.submit_view(ALICE, view_id, {"note": "x"})
    assert [v["id"] for v in fake.open_views(ALICE)] == [view_id]


def test_errors_keyed_by_a_non_input_block_are_an_app_bug(
    driver: SlackDriver, recording: tuple[RecordingApp, str], client: WebClient, fake: FakeSlack
) -> None:
    view_id = open_modal(client, fake, ALICE, NOTE_MODAL)
    recording[0].reply = b'{"response_action": "errors", "errors": {"typo": "Too short"}}'
    with pytest.raises(AssertionError, match="typo"):
        driver.submit_view(ALICE, view_id, {"note": "x"})


def test_an_update_ack_replaces_the_modal_in_place(
    driver: SlackDriver, recording: tuple[RecordingApp, str], client: WebClient, fake: FakeSlack
) -> None:
    view_id = open_modal(client, fake, ALICE, NOTE_MODAL)
    sent = {"type": "section", "text": {"type": "mrkdwn", "text": "Sent!"}}
    thanks = {**NOTE_MODAL, "title": {"type": "plain_text", "text": "Thanks"}, "blocks": [sent]}
    recording[0].reply = json.dumps({"response_action": "update", "view": thanks}).encode()
    driver.submit_view(ALICE, view_id, {"note": "x"})
    (shown,) = fake.open_views(ALICE)
    assert shown["id"] == view_id
    assert shown["title"]["text"] == "Thanks"


# -- events ---------------------------------------------------------------------------------


def test_opening_home_sends_app_home_opened_with_the_published_view(
    driver: SlackDriver, recording: tuple[RecordingApp, str], client: WebClient, fake: FakeSlack
) -> None:
    home = {"type": "home", "blocks": [{"type": "divider"}]}
    published = client.views_publish(user_id=ALICE, view=home)["view"]
    driver.open_home(ALICE)
    envelope = json.loads(last(recording).body)
    assert last(recording).headers["Content-Type"] == "application/json"
    assert envelope["type"] == "event_callback"
    assert envelope["event"]["type"] == "app_home_opened"
    assert envelope["event"]["channel"] == fake.dm_channel(ALICE)
    assert envelope["event"]["view"]["id"] == published["id"]
    assert envelope["authorizations"][0]["user_id"] == fake.bot_user_id
    assert envelope["event_id"].startswith("Ev")


# -- against a real bolt App ----------------------------------------------------------------


def intro_app(fake: FakeSlack) -> App:
    """A miniature introslack: /intro opens a modal, submit DMs the target, accept edits it."""
    app = App(client=WebClient(token=fake.bot_token, base_url=fake.base_url), signing_secret=SECRET)

    @app.command("/intro")
    def open_intro(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        modal = {
            **NOTE_MODAL,
            "blocks": [input_block("who", {"type": "users_select", "action_id": "u"})],
        }
        client.views_open(trigger_id=body["trigger_id"], view=modal)

    @app.view("intro")
    def submit_intro(ack: Ack, view: dict[str, Any], client: WebClient) -> None:
        ack()
        target = view["state"]["values"]["who"]["u"]["selected_user"]
        channel = client.conversations_open(users=target)["channel"]["id"]
        client.chat_postMessage(channel=channel, text="Meet Bob?", blocks=ACCEPT_BLOCKS)

    @app.action("accept")
    def accept(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        container = body["container"]
        client.chat_update(
            channel=container["channel_id"], ts=container["message_ts"], text="Accepted", blocks=[]
        )

    @app.event("app_home_opened")
    def home(event: dict[str, Any], client: WebClient) -> None:
        client.views_publish(
            user_id=event["user"], view={"type": "home", "blocks": [{"type": "divider"}]}
        )

    return app


@pytest.fixture
def bolt_driver(fake: FakeSlack) -> Iterator[SlackDriver]:
    with BoltAppServer(intro_app(fake)) as server:
        yield SlackDriver(server.url, SECRET, fake)


def test_a_bolt_app_runs_the_whole_intro_flow_through_the_driver(
    bolt_driver: SlackDriver, fake: FakeSlack
) -> None:
    assert bolt_driver.slash_command(ALICE, "/intro").status == 200
    (modal,) = fake.wait_for(lambda: fake.open_views(ALICE))
    bolt_driver.submit_view(ALICE, modal["id"], {"who": CAROL})
    fake.wait_for(lambda: fake.dm_messages(CAROL))
    bolt_driver.click_in_dm(CAROL, action_id="accept")
    fake.wait_for(lambda: fake.dm_messages(CAROL)[0]["text"] == "Accepted")
    bolt_driver.open_home(CAROL)
    assert fake.wait_for(lambda: fake.home_view(CAROL))["type"] == "home"
    assert fake.open_views(ALICE) == []


def test_bolt_rejects_unsigned_and_stale_requests(bolt_driver: SlackDriver) -> None:
    body = b"command=%2Fintro&user_id=U0ALICE01"
    form = "application/x-www-form-urlencoded"
    assert bolt_driver.send_raw(body, form, sign=False).status == 401
    assert bolt_driver.send_raw(body, form, timestamp=int(time.time()) - 301).status == 401


def test_an_errors_ack_shows_its_messages_on_the_modal_until_the_next_submission(
    driver: SlackDriver, recording: tuple[RecordingApp, str], client: WebClient, fake: FakeSlack
) -> None:
    view_id = open_modal(client, fake, ALICE, NOTE_MODAL)
    recording[0].reply = b'{"response_action": "errors", "errors": {"note": "Too short"}}'
    driver.submit_view(ALICE, view_id, {"note": "x"})
    assert fake.view_errors(view_id) == {"note": "Too short"}
    recording[0].reply = b""
    fake.record_view_state(view_id, {})
    assert fake.view_errors(view_id) == {}
