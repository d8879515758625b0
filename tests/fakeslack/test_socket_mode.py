"""FakeSocketMode is Slack's end of Socket Mode: tickets, hello, envelopes, acks by envelope_id."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import Ack, App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from introslack.fakeslack.server import FakeSlack
from introslack.fakeslack.socketmode import FakeSocketMode, SocketModeDriver
from tests.fakeslack.conftest import ALICE

MODAL = {
    "type": "modal",
    "callback_id": "ask",
    "title": {"type": "plain_text", "text": "Ask"},
    "submit": {"type": "plain_text", "text": "Send"},
    "blocks": [
        {
            "type": "input",
            "block_id": "why",
            "label": {"type": "plain_text", "text": "Why"},
            "element": {"type": "plain_text_input", "action_id": "input"},
        }
    ],
}


@pytest.fixture
def socket(fake: FakeSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode(fake) as socket:
        yield socket


def bolt_app(fake: FakeSlack) -> App:
    """A small Bolt app: a command that opens a modal, a refused submission, a Home tab."""
    app = App(
        client=WebClient(token=fake.bot_token, base_url=fake.base_url),
        signing_secret="unused in Socket Mode",
    )

    @app.command("/ask")
    def ask(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack("Opening the form")
        client.views_open(trigger_id=body["trigger_id"], view=MODAL)

    @app.view("ask")
    def refuse(ack: Ack) -> None:
        ack(response_action="errors", errors={"why": "Say a little more."})

    @app.event("app_home_opened")
    def home(event: dict[str, Any], client: WebClient) -> None:
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": []})

    return app


@pytest.fixture
def connected(fake: FakeSlack, socket: FakeSocketMode) -> Iterator[SocketModeHandler]:
    """Bolt's own Socket Mode handler (slack_sdk's built-in client), connected to the fake."""
    handler = SocketModeHandler(bolt_app(fake), fake.app_token, auto_reconnect_enabled=False)
    handler.connect()  # type: ignore[no-untyped-call]
    try:
        socket.wait_for_connection()
        yield handler
    finally:
        socket.stop()  # the close frame ends the client's read loop at once
        handler.close()  # type: ignore[no-untyped-call]


def test_apps_connections_open_gives_the_app_token_a_websocket_url_on_the_fake(
    fake: FakeSlack, socket: FakeSocketMode
) -> None:
    answer = WebClient(base_url=fake.base_url).apps_connections_open(app_token=fake.app_token)
    assert str(answer["url"]).startswith(f"ws://127.0.0.1:{socket.port}/link/?ticket=")
    assert str(answer["url"]).endswith(f"&app_id={fake.app_id}")


def test_each_token_works_only_for_its_own_kind_of_method(
    fake: FakeSlack, socket: FakeSocketMode
) -> None:
    client = WebClient(base_url=fake.base_url)
    for token, method, error in (
        (fake.bot_token, "apps.connections.open", "not_allowed_token_type"),
        ("xapp-1-made-up", "apps.connections.open", "invalid_auth"),
        (fake.app_token, "auth.test", "not_allowed_token_type"),
    ):
        with pytest.raises(SlackApiError) as refused:
            client.api_call(method, headers={"Authorization": f"Bearer {token}"})
        assert refused.value.response["error"] == error


def test_without_a_socket_mode_server_there_is_no_url_to_hand_out(fake: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as refused:
        WebClient(base_url=fake.base_url).apps_connections_open(app_token=fake.app_token)
    assert refused.value.response["error"] == "internal_error"


def test_the_app_is_greeted_with_hello_and_a_ticket_opens_one_connection_only(
    socket: FakeSocketMode,
) -> None:
    url = socket.issue_url()
    with connect(url, open_timeout=5) as link:
        hello = json.loads(link.recv(timeout=5))
    assert hello["type"] == "hello"
    assert hello["connection_info"] == {"app_id": socket.app_id}
    assert hello["num_connections"] == 1
    with pytest.raises(InvalidStatus) as refused:
        connect(url, open_timeout=5)
    assert refused.value.response.status_code == 401
    assert socket.connections_made == 1
    assert "refused a connection" in socket.problems[0]


def test_slacks_own_client_acks_a_command_with_its_envelope_id_and_the_reply(
    fake: FakeSlack, socket: FakeSocketMode, connected: SocketModeHandler
) -> None:
    ack = SocketModeDriver(socket, fake).slash_command(ALICE, "/ask")
    (envelope,) = socket.envelopes
    assert (envelope.type, envelope.accepts_response_payload) == ("slash_commands", True)
    assert envelope.payload["command"] == "/ask" and envelope.payload["user_id"] == ALICE
    assert ack.envelope_id == envelope.envelope_id
    assert ack.json == {"text": "Opening the form"}
    assert [e.message["text"] for e in fake.ephemerals(ALICE)] == ["Opening the form"]
    assert socket.problems == []


def test_a_view_submission_ack_carries_its_errors_back_to_the_modal(
    fake: FakeSlack, socket: FakeSocketMode, connected: SocketModeHandler
) -> None:
    driver = SocketModeDriver(socket, fake)
    driver.slash_command(ALICE, "/ask")
    modal = fake.wait_for(lambda: fake.open_views(ALICE), message="the modal")[-1]
    ack = driver.submit_view(ALICE, modal["id"], {"why": "?"})
    assert socket.envelopes[-1].type == "interactive"
    assert ack.json == {"response_action": "errors", "errors": {"why": "Say a little more."}}
    assert [v["id"] for v in fake.open_views(ALICE)] == [modal["id"]]  # still open


def test_an_event_arrives_as_events_api_and_is_acked_without_a_payload(
    fake: FakeSlack, socket: FakeSocketMode, connected: SocketModeHandler
) -> None:
    ack = SocketModeDriver(socket, fake).open_home(ALICE)
    envelope = socket.envelopes[-1]
    assert (envelope.type, envelope.accepts_response_payload) == ("events_api", False)
    assert envelope.payload["type"] == "event_callback"
    assert (ack.envelope_id, ack.json) == (envelope.envelope_id, None)
    fake.wait_for(lambda: fake.home_view(ALICE), message="the Home tab")


def test_an_ack_that_misses_the_deadline_fails_as_slack_would(fake: FakeSlack) -> None:
    with FakeSocketMode(fake, ack_deadline=0.2) as socket, connect(socket.issue_url()) as link:
        link.recv(timeout=5)  # hello; then never acknowledge anything
        with pytest.raises(AssertionError, match="did not acknowledge slash_commands"):
            socket.deliver("slash_commands", {"command": "/ask"}, accepts_response_payload=True)


def test_stray_and_repeated_acks_are_problems(fake: FakeSlack) -> None:
    with FakeSocketMode(fake) as socket, connect(socket.issue_url()) as link:
        link.recv(timeout=5)
        link.send(json.dumps({"envelope_id": "never-sent"}))
        link.send("not json")
        envelope_id = deliver_and_ack_twice(socket, link)
        problems = socket.wait_for(lambda: p if len(p := socket.problems) == 3 else None)
    assert [a.envelope_id for a in socket.acks] == [envelope_id]
    assert problems[0] == "an ack for an envelope never sent: never-sent"
    assert problems[1].startswith("a frame that is not an ack")
    assert problems[2] == f"a second ack for envelope {envelope_id}"


def deliver_and_ack_twice(socket: FakeSocketMode, link: Any) -> str:
    """Acknowledge the next envelope from another thread of the 'app', twice."""

    def app() -> None:
        envelope = json.loads(link.recv(timeout=5))
        for _ in range(2):
            link.send(json.dumps({"envelope_id": envelope["envelope_id"]}))

    thread = threading.Thread(target=app)
    thread.start()
    try:
        ack = socket.deliver(
            "events_api", {"type": "event_callback"}, accepts_response_payload=False
        )
    finally:
        thread.join(timeout=5)
    return ack.envelope_id


def test_a_disconnect_makes_slacks_client_reconnect_on_a_fresh_url(
    fake: FakeSlack, socket: FakeSocketMode, connected: SocketModeHandler
) -> None:
    socket.disconnect("refresh_requested")
    socket.wait_for_connection(count=2)
    ack = SocketModeDriver(socket, fake).slash_command(ALICE, "/ask")
    assert ack.envelope_id == socket.envelopes[-1].envelope_id
    assert len(fake.calls_to("apps.connections.open")) == 2
