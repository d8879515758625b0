"""Small builders of domain objects for tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from introslack.domain.intro import Context, Intro, Person, Workspace

T0 = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # a Monday
WORKSPACE = Workspace(team_id="T0TEAM001")


def make_intro(**changes: Any) -> Intro:
    intro = Intro(
        id="intro0001",
        workspace=WORKSPACE,
        connector_id="U0CONNECT",
        party_a=Person("U0ALICE01", "Alice Adams", "Staff Engineer", "Europe/Paris", "CET"),
        party_b=Person("U0BOB0001", "Bob Brown", "Designer", "America/New_York", "EST"),
        context=Context(why="Both of you are rebuilding design systems."),
        created_at=T0,
    )
    return replace(intro, **changes)
