"""Consent records, a person's own data, and forgetting them: pure rules, no Slack, no SQL.

A consent record keeps what one person was shown when asked, when, and what they answered and
when. A person's export holds only their own part of each intro: never the other side's private
notes, decline reason or preferences. Forgetting someone erases what they wrote and their
profile snapshot ("a former colleague"); their Slack id stays, so the other people's intros,
Home tabs and figures still add up.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from introslack.domain.control import IntroSettings
from introslack.domain.effects import Effect, EffectKind
from introslack.domain.intro import (
    Answer,
    Context,
    Intro,
    Outcome,
    Person,
    Preference,
    Side,
    Workspace,
)
from introslack.domain.messages import N_

# The name snapshot of a person who deleted their data; the Slack layer translates it.
FORMER_COLLEAGUE = N_("a former colleague")

EXPORT_FORMAT = "introslack.my-data.v1"

# Work that edits messages already sent (or the Home tab): it only retires buttons.
EDITS = frozenset(
    {
        EffectKind.REFRESH_REQUESTS,
        EffectKind.REFRESH_ASK,
        EffectKind.REFRESH_NUDGES,
        EffectKind.REFRESH_HOME,
    }
)


class ConsentRole(StrEnum):
    """Why the person was asked for their consent."""

    PARTY = "party"
    # Asked for the intro themselves: their request is what they agreed to share.
    REQUESTER = "requester"


@dataclass(frozen=True)
class ConsentRecord:
    """One person's consent to one intro: what they were shown, when, and their answer."""

    intro_id: str
    user_id: str
    role: ConsentRole
    shown_text: str | None
    shown_at: datetime | None
    answer: Answer | None
    answered_at: datetime | None


@dataclass(frozen=True)
class Shown:
    """A request as it reached a person, in plain text, to keep in their consent record."""

    user_id: str
    text: str
    # A requester's own request, confirmed to them: sending it was their yes.
    role: ConsentRole = ConsentRole.PARTY


def answers_given(before: Intro, after: Intro) -> dict[str, Answer]:
    """Who answered their request in the move from `before` to `after`, and how ("not now" is
    no answer: the record waits for the one they give later)."""
    return {
        after.party(side).user_id: after.answer(side)
        for side in Side
        if before.answer(side).is_open and not after.answer(side).is_open
    }


def not_for(user_id: str, intro: Intro, effects: list[Effect]) -> list[Effect]:
    """The effects of their deletion, less any message to the person who deleted their data
    (edits that retire their own buttons stay)."""
    return [
        effect for effect in effects if effect.kind in EDITS or _recipient(intro, effect) != user_id
    ]


def _recipient(intro: Intro, effect: Effect) -> str | None:
    if effect.user_id is not None:
        return effect.user_id
    return intro.party(effect.side).user_id if effect.side is not None else None


def forgotten(intro: Intro, user_id: str) -> Intro:
    """The intro with this person's profile snapshot and every line they wrote erased.

    A request's words (why, what they hope for) are the requester's until the connector
    introduces them with words of their own; a connector's are theirs, and a pass note.
    """
    for side in Side:
        if intro.party(side).user_id == user_id:
            intro = _forget_party(intro, side)
    if intro.status.before_target:
        if intro.party_a.user_id == user_id:
            intro = replace(intro, context=replace(intro.context, why="", gain_for_a=""))
        if intro.connector_id == user_id:
            context = replace(intro.context, note_to_a="")
            intro = replace(intro, connector_name="", context=context)
    elif intro.connector_id == user_id:
        intro = replace(
            intro,
            connector_name="",  # what the app keeps when Slack gave no name
            context=Context(
                why="",
                next_step=intro.context.next_step,
                relationship=intro.context.relationship,
                met_before=intro.context.met_before,
            ),
        )
    return intro


def _forget_party(intro: Intro, side: Side) -> Intro:
    person = Person(user_id=intro.party(side).user_id, name=FORMER_COLLEAGUE)
    decline = intro.decline
    if decline is not None and decline.side is side:
        decline = replace(decline, note="")
    preference = replace(intro.preference(side), note="")
    if side is Side.A:
        context = replace(intro.context, about_a="")
        return replace(
            intro, party_a=person, preference_a=preference, context=context, decline=decline
        )
    context = replace(intro.context, about_b="")
    return replace(intro, party_b=person, preference_b=preference, context=context, decline=decline)


def my_data(
    workspace: Workspace,
    user_id: str,
    *,
    intros: list[Intro],
    settings: IntroSettings,
    consents: list[ConsentRecord],
    now: datetime,
) -> dict[str, object]:
    """Everything stored about this person, as a JSON-ready document of their own parts."""
    return {
        "format": EXPORT_FORMAT,
        "exported_at": now.isoformat(),
        "workspace": {"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id},
        "user_id": user_id,
        "intro_settings": _settings(settings),
        "intros": [_intro_part(intro, user_id) for intro in intros if _seen_by(intro, user_id)],
        "consent_records": [_consent(record) for record in consents],
    }


def _seen_by(intro: Intro, user_id: str) -> bool:
    """A request its target was never asked about is not theirs to see, even in an export."""
    return not (intro.status.before_target and intro.party_b.user_id == user_id)


def _settings(settings: IntroSettings) -> dict[str, object]:
    return {
        "paused_until": settings.paused_until.isoformat() if settings.paused_until else None,
        "monthly_limit": settings.monthly_limit,
        "topics": list(settings.topics),
        "private_block_list": sorted(settings.blocked),
    }


def _intro_part(intro: Intro, user_id: str) -> dict[str, object]:
    """The intro as this person may see it: as connector, or as one of the two parties."""
    common: dict[str, object] = {
        "intro_id": intro.id,
        "status": intro.status.value,
        "created_at": intro.created_at.isoformat(),
        "closed_at": intro.closed_at.isoformat() if intro.closed_at else None,
        "connector": {"user_id": intro.connector_id, "name": intro.connector_name},
        "next_step": intro.context.next_step.value,
        "relationship": intro.context.relationship.value,
    }
    roles: list[dict[str, object]] = []
    if intro.connector_id == user_id:
        roles.append(_as_connector(intro))
    for side in Side:
        if intro.party(side).user_id == user_id:
            roles.append(_as_party(intro, side))
    return common | {"your_parts": roles}


def _as_connector(intro: Intro) -> dict[str, object]:
    context = intro.context
    return {
        "role": "connector",
        "why": context.why,
        "met_before": context.met_before.value,
        "people": [
            {
                "user_id": intro.party(side).user_id,
                "name": intro.party(side).name,
                "about": context.about(side),
                "gain": context.gain_for(side),
                "your_note_to_them": context.note_to(side),
                "answer": intro.answer(side).value,
            }
            for side in Side
        ],
    }


def _as_party(intro: Intro, side: Side) -> dict[str, object]:
    context, other = intro.context, intro.party(side.other)
    decline = intro.decline if intro.decline and intro.decline.side is side else None
    return {
        "role": "party",
        "you_as_recorded": _person(intro.party(side)),
        "why": context.why,
        "about_you": context.about(side),
        "what_you_gain": context.gain_for(side),
        "note_to_you": context.note_to(side),
        "other_person": {"user_id": other.user_id, "name": other.name},
        "your_answer": intro.answer(side).value,
        "your_decline": None
        if decline is None
        else {"reason": decline.reason.value if decline.reason else None, "note": decline.note},
        "your_preference": _preference(intro.preference(side)),
        "your_follow_up": _value(intro.outcome(side)),
        "you_thanked_the_connector": intro.thanked(side),
    }


def _person(person: Person) -> dict[str, object]:
    return {
        "user_id": person.user_id,
        "name": person.name,
        "title": person.title,
        "time_zone": person.tz,
    }


def _preference(preference: Preference) -> dict[str, object]:
    return {"way": preference.way.value if preference.way else None, "note": preference.note}


def _consent(record: ConsentRecord) -> dict[str, object]:
    return {
        "intro_id": record.intro_id,
        "role": record.role.value,
        "shown_text": record.shown_text,
        "shown_at": record.shown_at.isoformat() if record.shown_at else None,
        "answer": record.answer.value if record.answer else None,
        "answered_at": record.answered_at.isoformat() if record.answered_at else None,
    }


def _value(outcome: Outcome | None) -> str | None:
    return outcome.value if outcome is not None else None
