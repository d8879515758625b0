"""The playground served in-process on a free port, for tests that need no browser."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from introslack.config import Settings
from introslack.playground.server import make_playground_server
from introslack.playground.session import Playground

PRIYA, MAYA, KENJI, SOFIA = "U0PRIYA001", "U0MAYA0001", "U0KENJI001", "U0SOFIA001"
BUILD_BOT, ERIK = "U0BUILDBOT", "U0ERIK0001"


@dataclass
class Served:
    playground: Playground
    url: str

    def request(
        self,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """GET (no body) or POST JSON; returns the status and the JSON answer."""
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json"} if body is not None else {}
        all_headers.update(headers or {})
        request = urllib.request.Request(self.url + path, data=data, headers=all_headers)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    settings = Settings(
        bot_token=None,
        signing_secret="",
        playground=True,
        port=0,
        database_url=f"sqlite:///{tmp_path / 'playground.sqlite3'}",
        run_worker=False,
    )
    server, playground = make_playground_server(settings)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield Served(playground, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        playground.close()
