"""Fixtures for the fake Slack's own tests: a started fake, a real WebClient, three people."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from introslack.fakeslack.clock import ManualClock
from introslack.fakeslack.server import FakeSlack

ALICE, BOB, CAROL = "U0ALICE01", "U0BOB0001", "U0CAROL01"


@pytest.fixture
def monotonic() -> ManualClock:
    return ManualClock(start=1000.0)


@pytest.fixture
def fake(monotonic: ManualClock) -> Iterator[FakeSlack]:
    with FakeSlack(monotonic=monotonic) as fake:
        fake.add_user(ALICE, name="alice", real_name="Alice Adams", title="Engineer")
        fake.add_user(BOB, name="bob", real_name="Bob Brown", tz="Europe/London")
        fake.add_user(CAROL, name="carol", real_name="Carol Chen", tz="Asia/Tokyo")
        yield fake


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.base_url)
