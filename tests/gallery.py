"""Every view the app renders, in every state, for one translator: what the language tests read."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from introslack.domain.intro import (
    Accepted,
    AlreadyConnected,
    Cancelled,
    ConnectWay,
    Context,
    Declined,
    DeclineReason,
    Expired,
    FollowedUp,
    Intro,
    MetBefore,
    NextStep,
    Outcome,
    Person,
    Preference,
    PreferenceGiven,
    Relationship,
    Side,
    Workspace,
    apply,
)
from introslack.slack.i18n import Translator
from introslack.slack.views.introduction import introduction_message
from introslack.slack.views.message import Message
from introslack.slack.views.notices import (
    intro_closed,
    notice_modal,
    outcome_reported,
    requests_sent,
    thank_you_sent,
    thanked_connector,
)
from introslack.slack.views.nudges import follow_up_nudge
from introslack.slack.views.preference_modal import preference_modal
from introslack.slack.views.requests import request_message

NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)

ADA = Person("UADA", "Ada Lovelace", "Head of Engines", "Europe/London", "Greenwich Mean Time")
GRACE = Person("UGRACE", "Grace Hopper", "Compiler Lead", "America/New_York", "Eastern Time")
KENJI = Person("UKENJI", "Kenji Sato", "Researcher", "Asia/Tokyo", "Japan Standard Time")
NOBODY = Person("UNOBODY", "", "", None, None)

# The user's own words: shown as written in every language.
USER_TEXT = (
    "You are both rebuilding onboarding this quarter.",
    "A second opinion on the hiring plan.",
    "A team that ships weekly.",
    "A note for Ada.",
    "A note for Grace.",
    "Launch week, sorry",
    "Mornings are best for me",
    "Carol Chen",
    "A note.",
    "Carol",
    *(p.name for p in (ADA, GRACE, KENJI)),
    *(p.title for p in (ADA, GRACE, KENJI)),
    *(p.tz_label or "" for p in (ADA, GRACE, KENJI)),
)


def _intro(**changes: Any) -> Intro:
    intro = Intro(
        id="intro-42",
        workspace=Workspace(team_id="T1"),
        connector_id="UCAROL",
        connector_name="Carol Chen",
        party_a=ADA,
        party_b=GRACE,
        context=Context(
            why=USER_TEXT[0],
            gain_for_a=USER_TEXT[1],
            gain_for_b=USER_TEXT[2],
            next_step=NextStep.VIDEO_CALL,
            note_to_a=USER_TEXT[3],
            note_to_b=USER_TEXT[4],
            relationship=Relationship.PERSONAL,
            met_before=MetBefore.NOT_SURE,
        ),
        created_at=NOW,
    )
    return replace(intro, **changes)


def intros() -> dict[str, Intro]:
    """The intro at every point of its life, through the domain's own transitions."""
    pending = _intro()
    preference = PreferenceGiven(Side.A, Preference(ConnectWay.COFFEE, USER_TEXT[6]))
    accepted = apply(apply(pending, Accepted(Side.A), now=NOW), preference, now=NOW)
    made = apply(accepted, Accepted(Side.B), now=NOW)
    return {
        "pending": pending,
        "pending, business, met": replace(
            pending,
            context=replace(
                pending.context,
                relationship=Relationship.BUSINESS,
                met_before=MetBefore.YES,
                next_step=NextStep.COFFEE,
            ),
        ),
        "pending, not met": replace(
            pending, context=replace(pending.context, met_before=MetBefore.NO)
        ),
        "a accepted": accepted,
        "made": made,
        "made without overlap": replace(made, party_b=KENJI, party_a=replace(ADA, tz=None)),
        "made across zones": replace(made, party_b=KENJI),
        "a declined with reason": apply(
            pending, Declined(Side.A, DeclineReason.TOO_BUSY, USER_TEXT[5]), now=NOW
        ),
        "b declined without reason": apply(pending, Declined(Side.B), now=NOW),
        "a already connected": apply(pending, AlreadyConnected(Side.A), now=NOW),
        "expired with b silent": apply(accepted, Expired(), now=NOW),
        "expired with both silent": apply(pending, Expired(), now=NOW),
        "cancelled": apply(pending, Cancelled(), now=NOW),
        "unknown names": replace(pending, party_b=NOBODY, connector_name=""),
        **{
            f"made, a says {outcome.value}": apply(made, FollowedUp(Side.A, outcome), now=NOW)
            for outcome in Outcome
        },
    }


def _message(message: Message) -> dict[str, Any]:
    return {"text": message.text, "blocks": message.blocks}


def renders(t: Translator) -> dict[str, Any]:
    """Name → what a person would read (a message, a view or a plain text) in `t`'s language."""
    shown: dict[str, Any] = {}
    for name, intro in intros().items():
        for side in Side:
            shown[f"request to {side} ({name})"] = _message(
                request_message(intro, side, now=NOW, t=t)
            )
            shown[f"outcome from {side} ({name})"] = _message(outcome_reported(intro, side, t=t))
            shown[f"nudge to {side} ({name})"] = _message(follow_up_nudge(intro, side, t=t))
            shown[f"thanks from {side} ({name})"] = _message(thanked_connector(intro, side, t=t))
            shown[f"preference modal for {side} ({name})"] = preference_modal(
                intro, side, private_metadata="{}", t=t
            )
        shown[f"reminder ({name})"] = _message(
            request_message(intro, Side.A, now=NOW, reminder=True, t=t)
        )
        shown[f"requests sent ({name})"] = _message(requests_sent(intro, t=t))
        shown[f"closed ({name})"] = _message(intro_closed(intro, t=t))
        shown[f"introduction ({name})"] = _message(introduction_message(intro, now=NOW, t=t))
        shown[f"thank-you sent ({name})"] = thank_you_sent(intro, t=t)
    shown["notice modal"] = notice_modal(t("Intro"), "A note.", t=t)
    return shown
