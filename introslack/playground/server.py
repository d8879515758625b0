"""The playground's one WSGI app on 127.0.0.1: the page, its JSON endpoints, and the app itself.

`/` is the page; `/playground/...` are what its script calls; `/slack/events` and `/healthz`
are the real app's own routes (``introslack.http.wsgi_app``), where the simulated Slack
delivers its signed requests. A page that lets anyone act as anyone must never face a network:
the server binds the loopback address only, answers only requests addressed to it by that
name (no DNS rebinding), and takes actions only as JSON from its own origin (no cross-site
forms).
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from importlib.resources import files
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from introslack.config import Settings
from introslack.playground import page
from introslack.playground.people import FIRST
from introslack.playground.session import Playground, PlaygroundError

logger = logging.getLogger("introslack")

HOST = "127.0.0.1"
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
STATIC = "/playground/static/"
SCRIPT, STYLESHEET = f"{STATIC}page.js", f"{STATIC}page.css"
# How long the page's watch request waits for a change before asking again.
WATCH_SECONDS = 20.0
MAX_BODY = 256 * 1024
StartResponse = Callable[..., Any]
Environ = dict[str, Any]


class Reply:
    """An HTTP answer: status, content type and body."""

    def __init__(self, status: str, content_type: str, body: bytes) -> None:
        self.status, self.content_type, self.body = status, content_type, body

    @classmethod
    def json(cls, body: object, status: str = "200 OK") -> Reply:
        return cls(status, "application/json", json.dumps(body).encode())

    @classmethod
    def refuse(cls, status: str, error: str) -> Reply:
        return cls.json({"ok": False, "error": error}, status)


class PlaygroundWeb:
    """Routes each request; the real app's routes go to the current session's app."""

    def __init__(self, playground: Playground, *, port: int) -> None:
        self.playground = playground
        self.hosts = {f"{name}:{port}" for name in LOCAL_NAMES}

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if environ.get("HTTP_HOST", "") not in self.hosts:
            return _send(start_response, Reply.refuse("421 Misdirected Request", "wrong host"))
        if path.startswith("/slack/") or path == "/healthz":
            return self.playground.session.routes(environ, start_response)
        return _send(start_response, self._route(environ, path))

    def _route(self, environ: Environ, path: str) -> Reply:
        method = environ.get("REQUEST_METHOD", "GET")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if method == "GET" and path == "/":
            return self._page(query)
        if method == "GET" and path == "/playground/state":
            return self._state(query)
        if method == "GET" and path.startswith(STATIC):
            return _static(path.removeprefix(STATIC))
        if method == "POST" and path.startswith("/playground/"):
            return self._act(environ, path.removeprefix("/playground/"))
        return Reply("404 Not Found", "text/plain", b"not found\n")

    def _page(self, query: dict[str, str]) -> Reply:
        user_id = self._member(query.get("as", FIRST))
        snapshot = self.playground.snapshot(user_id)
        shown = page.view(snapshot, query.get("pane", "messages"))
        html = page.document(snapshot, shown, script=SCRIPT, stylesheet=STYLESHEET)
        return Reply("200 OK", "text/html; charset=utf-8", html.encode())

    def _state(self, query: dict[str, str]) -> Reply:
        user_id = self._member(query.get("as", FIRST))
        if query.get("wait") and query.get("generation", "").isdigit():
            since = query.get("version", "")
            self.playground.wait_for_change(
                int(query["generation"]), int(since) if since.isdigit() else 0, WATCH_SECONDS
            )
        snapshot = self.playground.snapshot(user_id)
        shown = page.view(snapshot, query.get("pane", "messages"))
        return Reply.json(
            {
                "generation": snapshot.generation,
                "version": snapshot.version,
                "as": user_id,
                "pane": shown.pane,
                "regions": shown.regions,
                "composer": shown.composer,
                "latest": shown.latest,
                "now": snapshot.now.timestamp(),
            }
        )

    def _member(self, user_id: str) -> str:
        return user_id if self.playground.is_member(user_id) else FIRST

    def _act(self, environ: Environ, action: str) -> Reply:
        if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
            return Reply.refuse("415 Unsupported Media Type", "send JSON")
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and origin.removeprefix("http://") not in self.hosts:
            return Reply.refuse("403 Forbidden", "wrong origin")
        try:
            body = _json_body(environ)
            return Reply.json({"ok": True, **self._do(action, body)})
        except PlaygroundError as refusal:
            return Reply.refuse("409 Conflict", str(refusal))
        except (KeyError, TypeError, ValueError):
            return Reply.refuse("400 Bad Request", f"not a valid {action} request")

    def _do(self, action: str, body: dict[str, Any]) -> dict[str, Any]:
        playground = self.playground
        if action == "travel":
            return {"ran": playground.travel(_text(body, "by"))}
        if action == "reset":
            playground.reset()
            return {}
        user_id = _text(body, "as")
        match action:
            case "send":
                note = playground.send(user_id, _text(body, "pane"), _text(body, "text"))
                return {"note": note}
            case "click":
                playground.click(
                    user_id,
                    action_id=_text(body, "action_id"),
                    block_id=_text(body, "block_id"),
                    value=_optional_text(body, "value"),
                    view_id=_optional_text(body, "view_id"),
                    channel_id=_optional_text(body, "channel"),
                    message_ts=_optional_text(body, "ts"),
                )
                return {}
            case "submit":
                errors = playground.submit(
                    user_id, _text(body, "view_id"), _values(body.get("values"))
                )
                return {"errors": errors}
            case "close":
                playground.close_view(user_id, _text(body, "view_id"))
                return {}
            case "open":
                playground.open_app(user_id, _text(body, "tab"))
                return {}
        raise KeyError(action)


def _json_body(environ: Environ) -> dict[str, Any]:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length > MAX_BODY:
        raise ValueError("too large")
    body = json.loads(environ["wsgi.input"].read(length) or b"{}")
    if not isinstance(body, dict):
        raise TypeError("not an object")
    return body


def _text(body: dict[str, Any], key: str) -> str:
    value = body[key]
    if not isinstance(value, str):
        raise TypeError(key)
    return value


def _optional_text(body: dict[str, Any], key: str) -> str | None:
    return _text(body, key) if body.get(key) is not None else None


def _values(values: object) -> dict[str, str | list[str] | None]:
    """A modal's inputs as the page read them: block_id -> text, option value(s) or nothing."""
    if not isinstance(values, dict):
        raise TypeError("values")
    checked: dict[str, str | list[str] | None] = {}
    for block_id, value in values.items():
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            checked[str(block_id)] = list(value)
        elif value is None or isinstance(value, str):
            checked[str(block_id)] = value or None
        else:
            raise TypeError(block_id)
    return checked


def _static(name: str) -> Reply:
    types = {"page.js": "text/javascript", "page.css": "text/css"}
    if name not in types:
        return Reply("404 Not Found", "text/plain", b"not found\n")
    body = files("introslack.playground").joinpath("static", name).read_bytes()
    return Reply("200 OK", f"{types[name]}; charset=utf-8", body)


def _send(start_response: StartResponse, reply: Reply) -> list[bytes]:
    start_response(
        reply.status,
        [
            ("Content-Type", reply.content_type),
            ("Content-Length", str(len(reply.body))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            (
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
            ),
        ],
    )
    return [reply.body]


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Access logs stay out of the app's log lines."""


def make_playground_server(settings: Settings) -> tuple[WSGIServer, Playground]:
    """Bind 127.0.0.1:PORT (0 picks a free port), then start the workspace and the app."""
    server = make_server(
        HOST, settings.port, _not_ready, server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    port = server.server_port
    try:
        playground = Playground(settings, app_url=f"http://{HOST}:{port}/slack/events")
    except BaseException:
        server.server_close()
        raise
    server.set_app(PlaygroundWeb(playground, port=port))
    return server, playground


def _not_ready(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    return _send(start_response, Reply.refuse("503 Service Unavailable", "starting"))


def serve(settings: Settings) -> int:
    """`python app.py` without Slack credentials: the playground, until SIGTERM or Ctrl-C."""
    try:
        server, playground = make_playground_server(settings)
    except OSError as problem:
        print(
            f"introslack: could not listen on {HOST}:{settings.port} for the playground "
            f"({problem.strerror or problem}); set PORT to a free port.",
            file=sys.stderr,
        )
        return 2
    url = f"http://localhost:{server.server_port}/"

    def shut_down(_signal: int, _frame: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, shut_down)
    logger.info(
        "playground: the app with a simulated Slack workspace, on this computer only; "
        "nothing is sent to Slack. Open %s (listening on %s only)",
        url,
        HOST,
    )
    logger.info(
        "playground: to connect a real workspace instead, set SLACK_BOT_TOKEN and "
        "SLACK_SIGNING_SECRET (README, Running it); INTROSLACK_PLAYGROUND=false turns this off"
    )
    print(f"\nintroslack playground: open {url} in your browser\n", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        playground.close()
    return 0
