"""The playground's clock: real time plus however far the visitor has moved it forward."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def _utc_now() -> datetime:
    return datetime.now(UTC)


class PlaygroundClock:
    """Callable like the app's clock (aware UTC); ``advance`` jumps ahead, time keeps flowing."""

    def __init__(self, now: Callable[[], datetime] = _utc_now) -> None:
        self._now = now
        self._ahead = timedelta()
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now() + self._ahead

    @property
    def ahead(self) -> timedelta:
        """How far ahead of real time the playground is."""
        with self._lock:
            return self._ahead

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta():
            raise ValueError("the playground's clock only moves forward")
        with self._lock:
            self._ahead += delta

    def timestamp(self) -> float:
        """Seconds since the epoch, for the fake Slack's message timestamps."""
        return self().timestamp()
