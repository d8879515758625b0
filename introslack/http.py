"""HTTP mode: Slack's requests at POST /slack/events, and /healthz for load balancers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text

from introslack.bootstrap import Application
from introslack.slack.oauth import INSTALL_PATH, REDIRECT_PATH

EVENTS_PATH = "/slack/events"
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def wsgi_app(application: Application) -> WsgiApp:
    """One WSGI callable for any server (wsgiref here, gunicorn in production)."""
    slack = SlackRequestHandler(application.bolt)

    def route(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path in (EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH):
            return slack(environ, start_response)
        if path == "/healthz":
            return _health(application, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]

    return route


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
