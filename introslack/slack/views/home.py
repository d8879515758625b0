"""The App Home tab: the user's intros at a glance."""

from __future__ import annotations

from datetime import datetime

from introslack.domain.intro import Intro
from introslack.slack.views.blocks import header, section
from introslack.slack.views.message import JSON
from introslack.slack.views.people import name


def home_view(user_id: str, intros: list[Intro], *, now: datetime) -> JSON:
    """A home view listing the newest intros this user is part of."""
    blocks: list[JSON] = [header("Your intros")]
    if not intros:
        blocks.append(section("No intros yet. Type `/intro` to introduce two colleagues."))
    for intro in intros:
        blocks.append(
            section(f"{name(intro.party_a)} ↔ {name(intro.party_b)} · {intro.status.value}")
        )
    return {"type": "home", "blocks": blocks}
