"""Socket Mode, Slack's side: a local WebSocket server, and a driver that delivers over it.

``FakeSocketMode`` is what ``apps.connections.open`` points an app at: a ``ws://127.0.0.1`` URL
with a single-use ticket. On connecting, the app is greeted with ``hello``; each delivery is an
envelope (``envelope_id``, ``type``, ``payload``, ``accepts_response_payload``) that the app must
acknowledge within 3 s with ``{"envelope_id": …, "payload": …}``. ``SocketModeDriver`` acts for
users exactly as ``SlackDriver`` does, but sends envelopes instead of signed HTTP requests.

```python
with FakeSlack() as slack, FakeSocketMode(slack) as socket:  # apps.connections.open → socket
    ...start the app with SLACK_APP_TOKEN=slack.app_token, SLACK_API_URL=slack.base_url...
    socket.wait_for_connection()
    driver = SocketModeDriver(socket, slack)
    driver.slash_command("U0ALICE01", "/intro")  # an ack carrying its envelope_id
```

Shapes follow Slack's "Using Socket Mode" guide and slack_sdk's Socket Mode client.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from types import TracebackType
from typing import Any, Literal, Self, TypeVar
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

from introslack.fakeslack.driver import ACK_DEADLINE_SECONDS, AckResponse, SlackDriver
from introslack.fakeslack.server import FakeSlack

T = TypeVar("T")
EnvelopeType = Literal["slash_commands", "interactive", "events_api"]
CONNECT_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0


@dataclass(frozen=True)
class Envelope:
    """What Slack sends over the socket for one request (the HTTP body becomes ``payload``)."""

    envelope_id: str
    type: EnvelopeType
    payload: dict[str, Any]
    accepts_response_payload: bool
    retry_attempt: int | None = None
    retry_reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "envelope_id": self.envelope_id,
            "type": self.type,
            "payload": self.payload,
            "accepts_response_payload": self.accepts_response_payload,
        }
        if self.retry_attempt is not None:
            body.update(retry_attempt=self.retry_attempt, retry_reason=self.retry_reason)
        return body


@dataclass(frozen=True)
class SocketAck:
    """The app's acknowledgement of one envelope, and how long after sending it arrived."""

    envelope_id: str
    payload: dict[str, Any] | None
    elapsed: float


class FakeSocketMode:
    """Slack's Socket Mode endpoint on a random 127.0.0.1 port, in its own server thread."""

    def __init__(
        self,
        slack: FakeSlack | None = None,
        *,
        app_id: str = "A0APP0001",
        ack_deadline: float = ACK_DEADLINE_SECONDS,
    ) -> None:
        self.slack = slack
        self.app_id = slack.app_id if slack is not None else app_id
        self.ack_deadline = ack_deadline
        self._cond = threading.Condition(threading.RLock())
        self._tickets: set[str] = set()
        self._links: list[ServerConnection] = []
        self._connections_made = 0
        self._sent: dict[str, tuple[Envelope, float]] = {}
        self._acks: dict[str, SocketAck] = {}
        self._problems: list[str] = []
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> Self:
        """Listen on a random port; attach to the FakeSlack's apps.connections.open."""
        self._server = serve(
            self._serve_connection,
            "127.0.0.1",
            0,
            process_request=self._check_ticket,
            compression=None,
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-socket-mode", daemon=True
        )
        self._thread.start()
        if self.slack is not None:
            self.slack.enable_socket_mode(self.issue_url)
        return self

    def stop(self) -> None:
        """Detach, close every connection, and wait for the server's threads to end."""
        if self.slack is not None:
            self.slack.enable_socket_mode(None)
        if self._server is not None:
            self._server.shutdown()  # closes open connections, joins their handler threads
        if self._thread is not None:
            self._thread.join(timeout=STOP_TIMEOUT)
            if self._thread.is_alive():
                raise RuntimeError("the fake Socket Mode server did not stop")
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeSocketMode is not started")
        return int(self._server.socket.getsockname()[1])

    # -- connections ------------------------------------------------------------------------

    def issue_url(self) -> str:
        """A fresh WebSocket URL with a single-use ticket, as apps.connections.open returns."""
        ticket = uuid.uuid4().hex
        with self._cond:
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"

    @property
    def connections(self) -> int:
        """How many connections are open now."""
        with self._cond:
            return len(self._links)

    @property
    def connections_made(self) -> int:
        """How many connections were accepted since the start (reconnects included)."""
        with self._cond:
            return self._connections_made

    def wait_for_connection(self, timeout: float = CONNECT_TIMEOUT, *, count: int = 1) -> None:
        """Block until ``count`` connections were accepted and the app reads the newest one.

        Reading is proved by a pong: slack_sdk's client may still be blocked on its previous
        socket for a few seconds after a reconnect, and would miss an envelope's deadline.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            if not self._cond.wait_for(lambda: self._connections_made >= count, timeout):
                raise AssertionError(
                    f"the app did not open Socket Mode connection {count} within {timeout}s "
                    f"(problems: {self._problems})"
                )
        pong = self._newest_link().ping()
        if not pong.wait(max(0.0, deadline - time.monotonic())):
            raise AssertionError(f"the app does not read its Socket Mode connection ({timeout}s)")

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the app to reconnect, as Slack does before it refreshes a connection."""
        self._newest_link().send(
            json.dumps(
                {"type": "disconnect", "reason": reason, "debug_info": {"host": "fake-socket"}}
            )
        )

    def _check_ticket(self, connection: ServerConnection, request: Request) -> Response | None:
        """Refuse the handshake unless the URL carries a ticket this server issued (once)."""
        url = urlsplit(request.path)
        ticket = (parse_qs(url.query).get("ticket") or [""])[0]
        with self._cond:
            if url.path.rstrip("/") == "/link" and ticket in self._tickets:
                self._tickets.discard(ticket)
                return None
            self._problems.append(f"refused a connection to {url.path} with ticket {ticket!r}")
            self._cond.notify_all()
        return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid ticket\n")

    def _serve_connection(self, connection: ServerConnection) -> None:
        """One connection's life: hello, then every frame the app sends, until it closes."""
        with self._cond:
            self._links.append(connection)
            self._connections_made += 1
            count = len(self._links)
        connection.send(json.dumps(self._hello(count)))
        with self._cond:
            self._cond.notify_all()
        try:
            for frame in connection:
                self._receive(frame)
        except ConnectionClosed:
            pass
        finally:
            with self._cond:
                self._links.remove(connection)
                self._cond.notify_all()

    def _hello(self, num_connections: int) -> dict[str, Any]:
        return {
            "type": "hello",
            "num_connections": num_connections,
            "debug_info": {
                "host": "applink-fake",
                "build_number": 1,
                "approximate_connection_time": 3600,
            },
            "connection_info": {"app_id": self.app_id},
        }

    def _receive(self, frame: str | bytes) -> None:
        now = time.monotonic()
        with self._cond:
            try:
                message = json.loads(frame)
            except ValueError:
                message = None
            envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
            if not isinstance(envelope_id, str):
                self._problems.append(f"a frame that is not an ack: {frame!r:.200}")
            elif envelope_id not in self._sent:
                self._problems.append(f"an ack for an envelope never sent: {envelope_id}")
            elif envelope_id in self._acks:
                self._problems.append(f"a second ack for envelope {envelope_id}")
            else:
                assert isinstance(message, dict)
                payload = message.get("payload")
                envelope, sent_at = self._sent[envelope_id]
                if payload is not None and not envelope.accepts_response_payload:
                    self._problems.append(f"a payload in the ack of {envelope.type} {envelope_id}")
                self._acks[envelope_id] = SocketAck(
                    envelope_id, payload if isinstance(payload, dict) else None, now - sent_at
                )
            self._cond.notify_all()

    def _newest_link(self, timeout: float = CONNECT_TIMEOUT) -> ServerConnection:
        with self._cond:
            if not self._cond.wait_for(lambda: self._links, timeout):
                raise AssertionError("the app has no open Socket Mode connection")
            return self._links[-1]

    def wait_for(
        self, predicate: Callable[[], T | None], timeout: float = 5.0, *, message: str = ""
    ) -> T:
        """Block until ``predicate()`` is truthy (re-checked whenever a frame arrives)."""
        with self._cond:
            result = self._cond.wait_for(predicate, timeout)
            if not result:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {message or predicate}"
                )
            return result

    # -- deliveries -------------------------------------------------------------------------

    def deliver(
        self,
        kind: EnvelopeType,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
    ) -> SocketAck:
        """Send one envelope on the newest connection and wait for its ack (3 s, like Slack)."""
        envelope = Envelope(
            envelope_id=str(uuid.uuid4()),
            type=kind,
            payload=payload,
            accepts_response_payload=accepts_response_payload,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
        )
        link = self._newest_link()
        with self._cond:
            self._sent[envelope.envelope_id] = (envelope, time.monotonic())
        link.send(json.dumps(envelope.to_dict()))
        with self._cond:
            if not self._cond.wait_for(
                lambda: envelope.envelope_id in self._acks, self.ack_deadline
            ):
                raise AssertionError(
                    f"the app did not acknowledge {kind} envelope {envelope.envelope_id} within "
                    f"{self.ack_deadline:.0f}s; Slack shows the user an error"
                )
            return self._acks[envelope.envelope_id]

    @property
    def envelopes(self) -> list[Envelope]:
        """Every envelope sent, oldest first."""
        with self._cond:
            return [envelope for envelope, _ in self._sent.values()]

    @property
    def acks(self) -> list[SocketAck]:
        """Every ack received for an envelope, in the order they arrived."""
        with self._cond:
            return list(self._acks.values())

    @property
    def problems(self) -> list[str]:
        """What the app did that Slack would not accept: stray frames, double acks, bad tickets."""
        with self._cond:
            return list(self._problems)


class SocketModeDriver(SlackDriver):
    """SlackDriver's people, whose every request travels as a Socket Mode envelope."""

    def __init__(self, socket: FakeSocketMode, fake: FakeSlack) -> None:
        super().__init__("socket-mode", "", fake, ack_deadline=socket.ack_deadline)
        self.socket = socket

    def send_raw(
        self,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        *,
        sign: bool = True,
        timestamp: int | None = None,
    ) -> AckResponse:
        raise TypeError("Socket Mode carries envelopes, not HTTP bodies: act as a user instead")

    def _send_form(self, form: dict[str, str], retry_num: int | None) -> AckResponse:
        return self._deliver("slash_commands", dict(form), retry_num, accepts=True)

    def _send_payload(self, payload: dict[str, Any], retry_num: int | None) -> AckResponse:
        return self._deliver("interactive", payload, retry_num, accepts=True)

    def _send_event(self, event: dict[str, Any], retry_num: int | None = None) -> AckResponse:
        return self._deliver("events_api", event, retry_num, accepts=False)

    def _deliver(
        self, kind: EnvelopeType, payload: dict[str, Any], retry_num: int | None, *, accepts: bool
    ) -> AckResponse:
        ack = self.socket.deliver(
            kind,
            payload,
            accepts_response_payload=accepts,
            retry_attempt=retry_num,
            retry_reason="timeout" if retry_num is not None else None,
        )
        body = "" if ack.payload is None else json.dumps(ack.payload)
        return AckResponse(
            status=200,
            body=body,
            json=ack.payload,
            elapsed=ack.elapsed,
            envelope_id=ack.envelope_id,
        )
