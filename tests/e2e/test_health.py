"""/healthz tells a load balancer whether this process can reach its database."""

from __future__ import annotations

import urllib.error
import urllib.request

from introslack.store.database import Database
from tests.e2e.conftest import Harness


def health(harness: Harness) -> int:
    url = harness.driver.app_url.replace("/slack/events", "/healthz")
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_health_is_ok_while_the_database_answers(harness: Harness) -> None:
    assert health(harness) == 200


def test_health_fails_when_the_database_does_not_answer(harness: Harness) -> None:
    working = harness.app.database
    harness.app.database = Database("sqlite:////no-such-folder/introslack.sqlite3")
    try:
        assert health(harness) == 503
    finally:
        harness.app.database.dispose()
        harness.app.database = working
