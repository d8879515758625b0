"""The words users see for each domain choice, in one place."""

from __future__ import annotations

from introslack.domain.intro import (
    ConnectWay,
    DeclineReason,
    MetBefore,
    NextStep,
    Outcome,
    Relationship,
)

NEXT_STEP_OPTIONS: dict[NextStep, str] = {
    NextStep.COFFEE: "Coffee",
    NextStep.CALL: "Phone call",
    NextStep.VIDEO_CALL: "Video call",
    NextStep.LUNCH: "Lunch",
    NextStep.EMAIL: "Email",
    NextStep.OTHER: "Something else",
}

NEXT_STEP_ASKS: dict[NextStep, str] = {
    NextStep.COFFEE: "☕ Grab a coffee",
    NextStep.CALL: "📞 A quick phone call",
    NextStep.VIDEO_CALL: "🎥 A short video call",
    NextStep.LUNCH: "🥗 Lunch together",
    NextStep.EMAIL: "✉️ Start over email",
    NextStep.OTHER: "🤝 Whatever suits you both",
}

CONNECT_WAYS: dict[ConnectWay, str] = {
    ConnectWay.CALL: "📞 A phone call",
    ConnectWay.VIDEO_CALL: "🎥 A video call",
    ConnectWay.COFFEE: "☕ Coffee",
    ConnectWay.LUNCH: "🥗 Lunch",
    ConnectWay.ASYNC_CHAT: "💬 Async chat",
}

RELATIONSHIP_OPTIONS: dict[Relationship, str] = {
    Relationship.BUSINESS: "Business",
    Relationship.PERSONAL: "Personal",
}

RELATIONSHIP_NOTES: dict[Relationship, str] = {
    Relationship.BUSINESS: "💼 Business intro",
    Relationship.PERSONAL: "🙂 Personal intro",
}

MET_BEFORE_OPTIONS: dict[MetBefore, str] = {
    MetBefore.NO: "No",
    MetBefore.YES: "Yes",
    MetBefore.NOT_SURE: "Not sure",
}

MET_BEFORE_NOTES: dict[MetBefore, str] = {
    MetBefore.NO: "You haven't met yet",
    MetBefore.YES: "You've met before",
    MetBefore.NOT_SURE: "You may have met before",
}

DECLINE_REASONS: dict[DeclineReason, str] = {
    DeclineReason.BAD_TIMING: "Bad timing",
    DeclineReason.NOT_MY_AREA: "Not my area",
    DeclineReason.TOO_BUSY: "Too busy right now",
    DeclineReason.ALREADY_CONNECTED: "We're already connected",
    DeclineReason.OTHER: "Other",
}

# Button order in the follow-up nudge follows this dict.
OUTCOME_BUTTONS: dict[Outcome, str] = {
    Outcome.MET: "We met",
    Outcome.SCHEDULED: "It's scheduled",
    Outcome.NOT_YET: "Not yet",
    Outcome.NOT_HAPPENING: "Not going to happen",
}
