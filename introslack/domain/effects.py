"""What must happen after a transition, chosen from the intro before and after it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from introslack.domain.intro import Answer, Intro, IntroStatus, Outcome, Side
from introslack.domain.timing import FollowThrough, humane_time


class EffectKind(StrEnum):
    """Each kind is one job for the worker; names say what the user will see."""

    ASK_PARTY = "ask_party"
    CONFIRM_REQUESTS_SENT = "confirm_requests_sent"
    REFRESH_REQUESTS = "refresh_requests"
    REMIND_PARTY = "remind_party"
    # "Not now, ask me later": the one re-ask, and the connector's private word of it.
    REASK_PARTY = "reask_party"
    TELL_CONNECTOR_LATER = "tell_connector_later"
    EXPIRE_INTRO = "expire_intro"
    # A request's own expiry: it never expires the intro the connector made of it.
    EXPIRE_REQUEST = "expire_request"
    INTRODUCE_PAIR = "introduce_pair"
    TELL_CONNECTOR_CLOSED = "tell_connector_closed"
    NUDGE_PARTY = "nudge_party"
    REFRESH_NUDGES = "refresh_nudges"
    TELL_CONNECTOR_OUTCOME = "tell_connector_outcome"
    THANK_CONNECTOR = "thank_connector"
    REFRESH_HOME = "refresh_home"
    COMPLETE_WORKFLOW_STEP = "complete_workflow_step"
    # A person asked for their data: it reaches their DM, about them rather than one intro.
    SEND_MY_DATA = "send_my_data"
    # A request for an intro: the connector is asked, the requester hears back.
    ASK_CONNECTOR = "ask_connector"
    REFRESH_ASK = "refresh_ask"
    CONFIRM_REQUEST_SENT = "confirm_request_sent"
    TELL_REQUESTER_CLOSED = "tell_requester_closed"

    @property
    def reads_intro(self) -> bool:
        """False for work that needs only its user (Home, data) or reads the intro itself."""
        return self not in (
            EffectKind.REFRESH_HOME,
            EffectKind.EXPIRE_INTRO,
            EffectKind.EXPIRE_REQUEST,
            EffectKind.SEND_MY_DATA,
        )

    @property
    def posts_live_buttons(self) -> bool:
        """True for a message whose buttons a later move retires by editing it."""
        return self in (
            EffectKind.ASK_PARTY,
            EffectKind.REMIND_PARTY,
            EffectKind.REASK_PARTY,
            EffectKind.NUDGE_PARTY,
            EffectKind.ASK_CONNECTOR,
        )

    @property
    def posts_scheduled(self) -> bool:
        """True for a message Slack posts at a time fixed before the first attempt."""
        return self is EffectKind.INTRODUCE_PAIR

    @property
    def reads_deliveries(self) -> bool:
        """True for work that edits messages posted earlier."""
        return self in (
            EffectKind.REFRESH_REQUESTS,
            EffectKind.REFRESH_NUDGES,
            EffectKind.REFRESH_ASK,
        )


@dataclass(frozen=True)
class Effect:
    """One thing to do, for one person, at one time."""

    kind: EffectKind
    due_at: datetime
    side: Side | None = None
    user_id: str | None = None


@dataclass(frozen=True)
class Obsolete:
    """Scheduled work of this kind (for this side, or all sides if None) no longer applies."""

    kind: EffectKind
    side: Side | None = None


def obsolete_after(before: Intro, after: Intro) -> list[Obsolete]:
    """The scheduled work the move from `before` to `after` makes pointless."""
    if before.status is IntroStatus.REQUESTED:
        # Introduced: the target's own expiry replaces the request's; expired: it is done.
        expired = after.status is IntroStatus.REQUEST_EXPIRED
        return [] if expired else [Obsolete(EffectKind.EXPIRE_REQUEST)]
    reasks = [
        Obsolete(EffectKind.REASK_PARTY, side)
        for side in Side
        if before.answer(side) is Answer.LATER and after.answer(side) is not Answer.LATER
    ]
    if after.status is IntroStatus.EXPIRED and before.status is IntroStatus.PENDING:
        return [Obsolete(EffectKind.REMIND_PARTY), *reasks]  # the expiry job finishes itself
    if after.status is not IntroStatus.PENDING and before.status is IntroStatus.PENDING:
        return [Obsolete(EffectKind.REMIND_PARTY), Obsolete(EffectKind.EXPIRE_INTRO), *reasks]
    answered = [Obsolete(EffectKind.REMIND_PARTY, side) for side in _changed(before, after)]
    if _asked_later(before, after):
        answered.append(Obsolete(EffectKind.EXPIRE_INTRO))  # moved past the re-ask
    answered += reasks
    settled = [
        Obsolete(EffectKind.NUDGE_PARTY, side)
        for side in Side
        if before.outcome(side) is not after.outcome(side)
        and after.outcome(side) is not Outcome.NOT_YET
    ]
    return answered + settled


def effects_of(
    before: Intro | None, after: Intro, *, now: datetime, timing: FollowThrough
) -> list[Effect]:
    """List the follow-on work for the move from `before` to `after` (None: just created)."""
    if before is None and after.status is IntroStatus.REQUESTED:
        effects = _on_requested(after, now, timing)
    elif before is None:
        effects = _on_created(after, now, timing)
    elif before.status is IntroStatus.REQUESTED and after.status is IntroStatus.PENDING:
        effects = _on_introduced(after, now, timing)
    elif before.status is IntroStatus.REQUESTED:
        effects = [
            Effect(EffectKind.REFRESH_ASK, now, user_id=after.connector_id),
            Effect(EffectKind.TELL_REQUESTER_CLOSED, now, side=Side.A),
        ]
    elif before.status is not after.status:
        effects = _on_closed(after, now, timing)
    elif before.answer_a is not after.answer_a or before.answer_b is not after.answer_b:
        effects = [_now(EffectKind.REFRESH_REQUESTS, now, side) for side in _changed(before, after)]
        effects += _on_asked_later(before, after, now, timing)
    else:
        effects = (
            _on_followed_up(before, after, now, timing)
            + _on_thanked(before, after, now)
            + _on_preference(before, after, now)
        )
    return effects + _home_refreshes(after, now)


def reminders_on_request(intro: Intro, *, now: datetime) -> list[Effect]:
    """The connector pressed Remind: remind whoever has not answered, now."""
    effects = [
        Effect(EffectKind.REMIND_PARTY, now, side=side)
        for side in intro.waiting_sides()
        if intro.answer(side) is Answer.WAITING  # "not now" is asked again when they chose
    ]
    return [*effects, Effect(EffectKind.REFRESH_HOME, now, user_id=intro.connector_id)]


def _on_created(intro: Intro, now: datetime, timing: FollowThrough) -> list[Effect]:
    return _asking(intro, list(Side), now, timing)


def _on_requested(intro: Intro, now: datetime, timing: FollowThrough) -> list[Effect]:
    """Only the connector is asked, once; no reminders. The target hears nothing at all."""
    return [
        Effect(EffectKind.ASK_CONNECTOR, now, user_id=intro.connector_id),
        Effect(EffectKind.CONFIRM_REQUEST_SENT, now, side=Side.A),
        Effect(EffectKind.EXPIRE_REQUEST, now + timing.expire_after),
    ]


def _on_introduced(intro: Intro, now: datetime, timing: FollowThrough) -> list[Effect]:
    """The requester said yes by asking: only the target is asked, as in any intro."""
    refresh = Effect(EffectKind.REFRESH_ASK, now, user_id=intro.connector_id)
    return [*_asking(intro, intro.waiting_sides(), now, timing), refresh]


def _asking(intro: Intro, sides: list[Side], now: datetime, timing: FollowThrough) -> list[Effect]:
    effects = [_now(EffectKind.ASK_PARTY, now, side) for side in sides]
    effects.append(Effect(EffectKind.CONFIRM_REQUESTS_SENT, now, user_id=intro.connector_id))
    for side in sides:
        due = humane_time(now + timing.remind_after, scheduled_at=now, tz=intro.party(side).tz)
        effects.append(Effect(EffectKind.REMIND_PARTY, due, side=side))
    effects.append(Effect(EffectKind.EXPIRE_INTRO, now + timing.expire_after))
    return effects


def _on_asked_later(
    before: Intro, after: Intro, now: datetime, timing: FollowThrough
) -> list[Effect]:
    """Tell the connector, ask again once when chosen, and expire only after the last re-ask."""
    sides = _asked_later(before, after)
    if not sides:
        return []
    effects: list[Effect] = []
    for side in sides:
        effects.append(
            Effect(EffectKind.TELL_CONNECTOR_LATER, now, side=side, user_id=after.connector_id)
        )
        effects.append(Effect(EffectKind.REASK_PARTY, after.ask_again(side) or now, side=side))
    last = max(after.ask_again(side) or now for side in Side if after.answer(side) is Answer.LATER)
    effects.append(Effect(EffectKind.EXPIRE_INTRO, last + timing.expire_after))
    return effects


def _asked_later(before: Intro, after: Intro) -> list[Side]:
    return [
        side
        for side in Side
        if after.answer(side) is Answer.LATER and before.answer(side) is not Answer.LATER
    ]


def _on_closed(intro: Intro, now: datetime, timing: FollowThrough) -> list[Effect]:
    """The introduction first (it is what the two are waiting for), then the tidying up."""
    effects: list[Effect] = []
    if intro.status is IntroStatus.MADE:
        effects.append(Effect(EffectKind.INTRODUCE_PAIR, now))
    effects += [_now(EffectKind.REFRESH_REQUESTS, now, side) for side in Side]
    if intro.status is IntroStatus.MADE:
        effects.extend(_nudges(intro, now, timing, list(Side)))
    if intro.status is not IntroStatus.CANCELLED:
        effects.append(Effect(EffectKind.TELL_CONNECTOR_CLOSED, now, user_id=intro.connector_id))
    if intro.workflow_step is not None:
        effects.append(Effect(EffectKind.COMPLETE_WORKFLOW_STEP, now))
    if intro.requested and intro.status is not IntroStatus.MADE:
        # The requester has no request message to edit: a neutral note tells them instead.
        effects.append(Effect(EffectKind.TELL_REQUESTER_CLOSED, now, side=Side.A))
    return effects


def _on_followed_up(
    before: Intro, after: Intro, now: datetime, timing: FollowThrough
) -> list[Effect]:
    effects: list[Effect] = []
    for side in Side:
        if before.outcome(side) is after.outcome(side):
            continue
        effects.append(_now(EffectKind.REFRESH_NUDGES, now, side))
        effects.append(Effect(EffectKind.TELL_CONNECTOR_OUTCOME, now, side=side))
        if before.outcome(side) is None and after.outcome(side) is Outcome.NOT_YET:
            effects.extend(_nudges(after, now, timing, [side]))
    return effects


def _on_thanked(before: Intro, after: Intro, now: datetime) -> list[Effect]:
    return [
        Effect(EffectKind.THANK_CONNECTOR, now, side=side, user_id=after.connector_id)
        for side in Side
        if after.thanked(side) and not before.thanked(side)
    ]


def _on_preference(before: Intro, after: Intro, now: datetime) -> list[Effect]:
    """The party's own request shows what they chose; the other side sees it only once made."""
    return [
        _now(EffectKind.REFRESH_REQUESTS, now, side)
        for side in Side
        if before.preference(side) != after.preference(side)
    ]


def _nudges(intro: Intro, now: datetime, timing: FollowThrough, sides: list[Side]) -> list[Effect]:
    return [
        Effect(
            EffectKind.NUDGE_PARTY,
            humane_time(now + timing.follow_up_after, scheduled_at=now, tz=intro.party(side).tz),
            side=side,
        )
        for side in sides
    ]


def _home_refreshes(intro: Intro, now: datetime) -> list[Effect]:
    people = [intro.connector_id, intro.party_a.user_id]
    if not intro.status.before_target:
        people.append(intro.party_b.user_id)
    return [Effect(EffectKind.REFRESH_HOME, now, user_id=user_id) for user_id in people]


def _changed(before: Intro, after: Intro) -> list[Side]:
    return [side for side in Side if before.answer(side) is not after.answer(side)]


def _now(kind: EffectKind, now: datetime, side: Side) -> Effect:
    return Effect(kind, now, side=side)
