"""Serve a slack_bolt App over real HTTP on 127.0.0.1, so SlackDriver can reach it."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import App, BoltRequest, BoltResponse

from introslack.fakeslack.background import BackgroundHTTPServer


class BoltAppServer(BackgroundHTTPServer):
    """A threaded HTTP server that hands every POST on ``path`` to ``app.dispatch``."""

    def __init__(self, app: App, *, path: str = "/slack/events") -> None:
        super().__init__(_BoltHandler, thread_name="bolt-app", name="BoltAppServer")
        self.app = app
        self.path = path

    def _attach(self, server: ThreadingHTTPServer) -> None:
        server.bolt_app = self.app  # type: ignore[attr-defined]
        server.bolt_path = self.path  # type: ignore[attr-defined]

    @property
    def url(self) -> str:
        """The events URL, e.g. ``http://127.0.0.1:54321/slack/events``."""
        return f"{self.root_url}{self.path}"


class _BoltHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        if urlsplit(self.path).path != self.server.bolt_path:  # type: ignore[attr-defined]
            self._write(BoltResponse(status=404, body="not found"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        request = BoltRequest(
            body=self.rfile.read(length).decode("utf-8"),
            query=urlsplit(self.path).query,
            headers={k.lower(): [v] for k, v in self.headers.items()},
        )
        app: App = self.server.bolt_app  # type: ignore[attr-defined]
        self._write(app.dispatch(request))

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def _write(self, response: BoltResponse) -> None:
        body = response.body.encode("utf-8")
        self.send_response(response.status)
        for name, values in response.headers.items():
            if name.lower() != "content-length":
                for value in values:
                    self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
