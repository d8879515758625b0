"""The words users see for each domain choice, in one place (English msgids: pass through `t`)."""

from __future__ import annotations

from introslack.domain.intro import (
    ConnectWay,
    DeclineReason,
    MetBefore,
    NextStep,
    Outcome,
    Relationship,
)
from introslack.domain.messages import N_

NEXT_STEP_OPTIONS: dict[NextStep, str] = {
    NextStep.COFFEE: N_("Coffee"),
    NextStep.CALL: N_("Phone call"),
    NextStep.VIDEO_CALL: N_("Video call"),
    NextStep.LUNCH: N_("Lunch"),
    NextStep.EMAIL: N_("Email"),
    NextStep.OTHER: N_("Something else"),
}

NEXT_STEP_ASKS: dict[NextStep, str] = {
    NextStep.COFFEE: N_("☕ Grab a coffee"),
    NextStep.CALL: N_("📞 A quick phone call"),
    NextStep.VIDEO_CALL: N_("🎥 A short video call"),
    NextStep.LUNCH: N_("🥗 Lunch together"),
    NextStep.EMAIL: N_("✉️ Start over email"),
    NextStep.OTHER: N_("🤝 Whatever suits you both"),
}

CONNECT_WAYS: dict[ConnectWay, str] = {
    ConnectWay.CALL: N_("📞 A phone call"),
    ConnectWay.VIDEO_CALL: N_("🎥 A video call"),
    ConnectWay.COFFEE: N_("☕ Coffee"),
    ConnectWay.LUNCH: N_("🥗 Lunch"),
    ConnectWay.ASYNC_CHAT: N_("💬 Async chat"),
}

RELATIONSHIP_OPTIONS: dict[Relationship, str] = {
    Relationship.BUSINESS: N_("Business"),
    Relationship.PERSONAL: N_("Personal"),
}

RELATIONSHIP_NOTES: dict[Relationship, str] = {
    Relationship.BUSINESS: N_("💼 Business intro"),
    Relationship.PERSONAL: N_("🙂 Personal intro"),
}

MET_BEFORE_OPTIONS: dict[MetBefore, str] = {
    MetBefore.NO: N_("No"),
    MetBefore.YES: N_("Yes"),
    MetBefore.NOT_SURE: N_("Not sure"),
}

MET_BEFORE_NOTES: dict[MetBefore, str] = {
    MetBefore.NO: N_("You haven't met yet"),
    MetBefore.YES: N_("You've met before"),
    MetBefore.NOT_SURE: N_("You may have met before"),
}

DECLINE_REASONS: dict[DeclineReason, str] = {
    DeclineReason.BAD_TIMING: N_("Bad timing"),
    DeclineReason.NOT_MY_AREA: N_("Not my area"),
    DeclineReason.TOO_BUSY: N_("Too busy right now"),
    DeclineReason.ALREADY_CONNECTED: N_("We're already connected"),
    DeclineReason.OTHER: N_("Other"),
}

# Button order in the follow-up nudge follows this dict.
OUTCOME_BUTTONS: dict[Outcome, str] = {
    Outcome.MET: N_("We met"),
    Outcome.SCHEDULED: N_("It's scheduled"),
    Outcome.NOT_YET: N_("Not yet"),
    Outcome.NOT_HAPPENING: N_("Not going to happen"),
}
