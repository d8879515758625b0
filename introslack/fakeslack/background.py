"""BackgroundHTTPServer: serve a request handler on a random 127.0.0.1 port in a daemon thread."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self


class QuietHandler(BaseHTTPRequestHandler):
    """A handler that answers GET and POST alike through ``_dispatch`` and logs nothing."""

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def _dispatch(self) -> None:
        raise NotImplementedError


class BackgroundHTTPServer:
    """The lifecycle the fakes share: ``start()``, ``stop()``, a context manager, ``root_url``.

    Subclasses pass their handler class, a thread name and the name used in "not started"
    errors, and override ``_attach`` to hang what the handler needs on ``self.server``.
    """

    def __init__(
        self, handler: type[BaseHTTPRequestHandler], *, thread_name: str, name: str
    ) -> None:
        self._handler_class = handler
        self._thread_name = thread_name
        self._name = name
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def _attach(self, server: ThreadingHTTPServer) -> None:
        """Hook: let the handler reach its owner through the server (nothing by default)."""

    def start(self) -> Self:
        """Serve on a random port in a daemon thread."""
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class)
        self._attach(server)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.02,), name=self._thread_name, daemon=True
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
    def root_url(self) -> str:
        """The server root, e.g. ``http://127.0.0.1:54321``."""
        if self._server is None:
            raise RuntimeError(f"{self._name} is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"
