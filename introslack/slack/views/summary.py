"""Pieces shared by several messages: the connector's words, budgeted to fit a section."""

from __future__ import annotations

from introslack.domain.intro import Intro, Side
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.mrkdwn import mention
from introslack.slack.views import people
from introslack.slack.views.blocks import SECTION_TEXT_MAX, context, safe, section
from introslack.slack.views.message import JSON

SUMMARY_WHY_MAX = 300


def labelled(label: str, user_text: str) -> JSON:
    """A section with a bold label over escaped user text, clipped to fit."""
    heading = f"*{label}*\n"
    return section(heading + safe(user_text, SECTION_TEXT_MAX - len(heading)))


def closed_summary(intro: Intro, side: Side, *, t: Translator = ENGLISH_TRANSLATOR) -> JSON:
    """A compact reminder of who and why, kept in a request once it is no longer live."""
    other = intro.party(side.other)
    said = t(
        "Intro from {connector} to {other}",
        connector=mention(intro.connector_id),
        other=people.name(other, t),
    )
    return context(f"{said} · _{safe(intro.context.why, SUMMARY_WHY_MAX)}_")
