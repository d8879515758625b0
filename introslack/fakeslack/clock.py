"""A clock tests move by hand, so expiry rules are tested without sleeping."""

from __future__ import annotations


class ManualClock:
    """Callable like ``time.monotonic``/``time.time``; only ``advance`` moves it."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
