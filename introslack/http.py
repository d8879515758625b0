"""HTTP mode: Slack's requests at POST /slack/events, and /healthz for load balancers.

Slack's requests pass the edge first: signature, size, decoding and a typed envelope are checked
here, and a request that fails any of them is answered at once without Bolt seeing it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from sqlalchemy import text

from introslack.bootstrap import Application
from introslack.slack.edge import (
    MAX_BODY_BYTES,
    RawSignatureVerifier,
    Refusal,
    bolt_request,
    read_envelope,
)
from introslack.slack.oauth import INSTALL_PATH, REDIRECT_PATH

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
# An oversized body is read up to this much before the 413, and no further.
DRAIN_BYTES = 8 * MAX_BODY_BYTES
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def wsgi_app(application: Application) -> WsgiApp:
    """One WSGI callable for any server (wsgiref here, gunicorn in production)."""
    slack = SlackRequestHandler(application.bolt)
    verifier = RawSignatureVerifier(application.settings.signing_secret)

    def route(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == EVENTS_PATH and environ.get("REQUEST_METHOD") == "POST":
            return _answer(_events(application, verifier, environ), start_response)
        if path in (EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH):
            return slack(environ, start_response)
        if path == "/healthz":
            return _health(application, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]

    return route


def _events(
    application: Application, verifier: RawSignatureVerifier, environ: dict[str, Any]
) -> WsgiHttpResponse:
    """Check the signature, then the body; only a request that parses reaches Bolt."""
    request = WsgiHttpRequest(environ)
    headers = request.get_headers()
    raw = _body(environ)
    if raw is None:
        return _refuse(Refusal(413, "the body is too large or its length is unknown"))
    if not verifier.signed(
        raw, _header(headers, "x-slack-request-timestamp"), _header(headers, "x-slack-signature")
    ):
        return _refuse(Refusal(401, "the request is not signed by Slack"))
    parsed = bolt_request(raw, query=request.query_string, headers=headers)
    if isinstance(parsed, Refusal):
        return _refuse(parsed)
    envelope = read_envelope(parsed.body)
    if isinstance(envelope, Refusal):
        return _refuse(envelope)
    answer = application.bolt.dispatch(parsed)
    return WsgiHttpResponse(status=answer.status, headers=answer.headers, body=answer.body)


def _body(environ: dict[str, Any]) -> bytes | None:
    """The raw body, or None when it is over the size cap or its length cannot be read."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    stream = environ.get("wsgi.input")
    if length < 0 or stream is None:
        return None
    if length > MAX_BODY_BYTES:
        # Read (a bounded amount of) what is being sent, so the sender hears the 413.
        left = min(length, DRAIN_BYTES)
        while left > 0:
            chunk = stream.read(min(left, 65536))
            if not chunk:
                break
            left -= len(chunk)
        return None
    return stream.read(length) if length else b""


def _header(headers: dict[str, Any], name: str) -> str | None:
    value = headers.get(name)
    return value if isinstance(value, str) else None


def _refuse(refusal: Refusal) -> WsgiHttpResponse:
    logger.warning(
        "ignored a request: %s" if refusal.status == 200 else "refused a request: %s",
        refusal.reason,
        extra={"status": refusal.status, "kind": refusal.kind},
    )
    return WsgiHttpResponse(
        status=refusal.status, headers={"content-type": ["text/plain;charset=utf-8"]}, body=""
    )


def _answer(response: WsgiHttpResponse, start_response: StartResponse) -> Iterable[bytes]:
    start_response(response.status, response.get_headers())
    return response.get_body()


def _health(application: Application, start_response: StartResponse) -> Iterable[bytes]:
    try:
        with application.database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
        return [b"database unavailable\n"]
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok\n"]


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # The stdlib's backlog of 5 resets connections when a crowd clicks at once.
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Access logs stay out of the app's log lines."""


def make_http_server(application: Application, *, host: str, port: int) -> WSGIServer:
    return make_server(
        host,
        port,
        wsgi_app(application),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
