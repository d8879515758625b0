"""Insights for admins: on their Home tab, and for people who run the app, in aggregates only."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from introslack import insights
from introslack.slack.ids import Action
from tests.e2e.conftest import ALICE, BOB, CAROL, DAVE, Harness, all_text
from tests.e2e.test_home import history, open_home
from tests.integration.test_home_queries import add_many


def home_text(view: dict[str, Any]) -> str:
    return all_text({"blocks": view["blocks"]})


def test_an_admin_sees_the_workspaces_months_and_others_do_not(harness: Harness) -> None:
    harness.slack.make_admin(DAVE)
    add_many(harness.app.database, history(harness, 30))  # Carol's, this month, every stage

    dave = home_text(open_home(harness, DAVE))
    assert "Insights for admins" in dave and "November 2026" in dave
    assert "30 started" in dave and "fewer than 5" in dave
    for name in ("Alice", "Carol", "Person 1"):
        assert name not in dave, "aggregates only, never names"
    assert "Insights for admins" not in home_text(open_home(harness, CAROL))


def test_the_insights_follow_live_intros_without_counting_the_history(harness: Harness) -> None:
    harness.slack.make_admin(DAVE)
    for _ in range(5):
        harness.make_pending_intro()
        for person in (ALICE, BOB):
            harness.driver.click_in_dm(person, action_id=Action.ACCEPT.value)
        harness.settle()
    dave = home_text(open_home(harness, DAVE))
    assert "5 started · 5 made" in dave and "100% accepted" in dave


def test_the_command_line_prints_the_same_figures_as_csv(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_many(harness.app.database, history(harness, 30))
    monkeypatch.setenv("DATABASE_URL", str(harness.app.database.url))
    out = io.StringIO()
    arguments = ["--team", harness.slack.team_id, "--format", "csv"]
    assert insights.main(arguments, out=out, clock=harness.clock) == 0
    rows = {row["month"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert len(rows) == 6 and set(rows["2026-11"]) == set(insights.COLUMNS)
    assert rows["2026-11"]["started"] == "30" and rows["2026-10"]["started"] == "fewer than 5"
