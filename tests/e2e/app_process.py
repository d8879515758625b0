"""`python app.py` as a child process whose every output line is kept and can be waited for."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from tests.e2e.test_startup import START_TIMEOUT, run_app

STOP_TIMEOUT = 20.0


class AppProcess:
    """The real app in its own process; stdout and stderr are read as they are written."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self._env = env
        self._cwd = cwd
        self._lines: list[str] = []
        self._changed = threading.Condition()
        self._readers: list[threading.Thread] = []
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> Self:
        self._process = run_app(self._env, self._cwd)
        for stream in (self._process.stdout, self._process.stderr):
            assert stream is not None
            reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
            reader.start()
            self._readers.append(reader)
        return self

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with self._changed:
                self._lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    @property
    def lines(self) -> list[str]:
        """Everything written so far, stdout and stderr interleaved as read."""
        with self._changed:
            return list(self._lines)

    @property
    def returncode(self) -> int | None:
        return None if self._process is None else self._process.poll()

    def wait_for_line(
        self, predicate: Callable[[str], bool], *, timeout: float = START_TIMEOUT, what: str
    ) -> str:
        """The first line matching ``predicate``, waiting for it; fails if the app exits first."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = next((line for line in self._lines if predicate(line)), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                if left <= 0 or self.returncode is not None:
                    shown = "\n".join(self._lines[-20:])
                    raise AssertionError(f"the app never logged {what}; its last lines:\n{shown}")
                self._changed.wait(min(left, 0.2))

    def wait_until_healthy(self, port: int) -> None:
        """HTTP mode: wait until GET /healthz answers 200."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.returncode is None, "\n".join(self.lines)
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=1
                ) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.05)  # not listening yet
        raise AssertionError("the app did not become healthy")

    def stop(self, signum: signal.Signals = signal.SIGTERM) -> int:
        """Send ``signum``, then wait (killing it after the deadline); returns the exit code."""
        process = self._process
        if process is None:
            return 0
        if process.poll() is None:
            process.send_signal(signum)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)
        for reader in self._readers:
            reader.join(timeout=STOP_TIMEOUT)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        return process.returncode

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
