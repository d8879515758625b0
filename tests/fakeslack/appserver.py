"""Serve a slack_bolt App over real HTTP on 127.0.0.1, so SlackDriver can reach it."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import App, BoltRequest, BoltResponse


class BoltAppServer:
    """A threaded HTTP server that hands every POST on ``path`` to ``app.dispatch``."""

    def __init__(self, app: App, *, path: str = "/slack/events") -> None:
        self.app = app
        self.path = path
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> BoltAppServer:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _BoltHandler)
        server.bolt_app = self.app  # type: ignore[attr-defined]
        server.bolt_path = self.path  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.02,), name="bolt-app", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> BoltAppServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The events URL, e.g. ``http://127.0.0.1:54321/slack/events``."""
        if self._server is None:
            raise RuntimeError("BoltAppServer is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{self.path}"


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
