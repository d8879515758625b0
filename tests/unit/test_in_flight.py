"""Listener work in flight: a failure after the ack stays in the log and never costs the ack."""

from __future__ import annotations

import threading

import pytest
from slack_bolt import Ack

from introslack.slack.listeners.replies import InFlight, InFlightExecutor


def test_a_failure_after_the_ack_is_logged_and_the_ack_is_kept(
    caplog: pytest.LogCaptureFixture,
) -> None:
    in_flight, ack = InFlight(), Ack()
    with in_flight.track(ack):
        ack()
        raise RuntimeError("boom")
    assert ack.response is not None and ack.response.status == 200
    assert [r.getMessage() for r in caplog.records] == ["a listener failed after its ack"]
    assert in_flight.wait_idle(0)


def test_a_failure_before_the_ack_reaches_bolt() -> None:
    in_flight, ack = InFlight(), Ack()
    with pytest.raises(RuntimeError), in_flight.track(ack):
        raise RuntimeError("boom")
    assert in_flight.wait_idle(0)


def test_a_listener_handed_to_the_executor_is_in_flight_before_it_starts() -> None:
    in_flight, release = InFlight(), threading.Event()
    executor = InFlightExecutor(in_flight)
    try:
        executor.submit(release.wait, 5)
        assert not in_flight.wait_idle(0)
        release.set()
        assert in_flight.wait_idle(5)
    finally:
        release.set()
        executor.shutdown(wait=True)
