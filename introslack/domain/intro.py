"""The introduction and its state machine: the etiquette, with no Slack and no SQL."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum


class IntroStatus(StrEnum):
    """Where an introduction stands as a whole."""

    PENDING = "pending"
    MADE = "made"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"

    @property
    def is_closed(self) -> bool:
        return self is not IntroStatus.PENDING


class Answer(StrEnum):
    """One party's answer to the private opt-in request."""

    WAITING = "waiting"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Side(StrEnum):
    """Which of the two parties; the other side is always `side.other`."""

    A = "a"
    B = "b"

    @property
    def other(self) -> Side:
        return Side.B if self is Side.A else Side.A


class NextStep(StrEnum):
    """The concrete ask the connector suggests."""

    COFFEE = "coffee"
    CALL = "call"
    VIDEO_CALL = "video_call"
    LUNCH = "lunch"
    EMAIL = "email"
    OTHER = "other"


class Relationship(StrEnum):
    BUSINESS = "business"
    PERSONAL = "personal"


class MetBefore(StrEnum):
    NO = "no"
    YES = "yes"
    NOT_SURE = "not_sure"


class Outcome(StrEnum):
    """What a party says, days later, about whether the pair connected."""

    MET = "met"
    SCHEDULED = "scheduled"
    NOT_YET = "not_yet"
    NOT_HAPPENING = "not_happening"


class DeclineReason(StrEnum):
    """One-click reasons a party may give the connector; free text may add to them."""

    BAD_TIMING = "bad_timing"
    NOT_MY_AREA = "not_my_area"
    TOO_BUSY = "too_busy"
    ALREADY_CONNECTED = "already_connected"
    OTHER = "other"


@dataclass(frozen=True)
class Workspace:
    """The tenant every row and every lookup is keyed by."""

    team_id: str
    enterprise_id: str | None = None


@dataclass(frozen=True)
class Person:
    """A snapshot of a party's Slack profile, taken when the intro is created."""

    user_id: str
    name: str
    title: str = ""
    tz: str | None = None
    tz_label: str | None = None


@dataclass(frozen=True)
class Context:
    """What the connector tells both sides: why, what each gains, and the ask."""

    why: str
    gain_for_a: str = ""
    gain_for_b: str = ""
    next_step: NextStep = NextStep.COFFEE
    relationship: Relationship = Relationship.BUSINESS
    met_before: MetBefore = MetBefore.NO
    note_to_a: str = ""
    note_to_b: str = ""

    def gain_for(self, side: Side) -> str:
        return self.gain_for_a if side is Side.A else self.gain_for_b

    def note_to(self, side: Side) -> str:
        return self.note_to_a if side is Side.A else self.note_to_b


@dataclass(frozen=True)
class Decline:
    """A decline and its optional reason: for the connector's eyes only."""

    side: Side
    reason: DeclineReason | None = None
    note: str = ""


@dataclass(frozen=True)
class Intro:
    """A double opt-in introduction of party A and party B, asked for by the connector."""

    id: str
    workspace: Workspace
    connector_id: str
    party_a: Person
    party_b: Person
    context: Context
    created_at: datetime
    status: IntroStatus = IntroStatus.PENDING
    answer_a: Answer = Answer.WAITING
    answer_b: Answer = Answer.WAITING
    decline: Decline | None = None
    closed_at: datetime | None = None
    outcome_a: Outcome | None = None
    outcome_b: Outcome | None = None
    # The Workflow Builder step that asked for this intro, told the outcome once it settles.
    workflow_step: str | None = None
    version: int = 1

    def party(self, side: Side) -> Person:
        return self.party_a if side is Side.A else self.party_b

    def answer(self, side: Side) -> Answer:
        return self.answer_a if side is Side.A else self.answer_b

    def outcome(self, side: Side) -> Outcome | None:
        return self.outcome_a if side is Side.A else self.outcome_b

    def side_of(self, user_id: str) -> Side | None:
        """The side this user is on, or None for anyone who is not a party."""
        if user_id == self.party_a.user_id:
            return Side.A
        if user_id == self.party_b.user_id:
            return Side.B
        return None

    def waiting_sides(self) -> list[Side]:
        return [side for side in Side if self.answer(side) is Answer.WAITING]

    def involves(self, user_id: str) -> bool:
        return user_id == self.connector_id or self.side_of(user_id) is not None


# Events -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Accepted:
    side: Side


@dataclass(frozen=True)
class Declined:
    side: Side
    reason: DeclineReason | None = None
    note: str = ""


@dataclass(frozen=True)
class Expired:
    pass


@dataclass(frozen=True)
class Cancelled:
    pass


@dataclass(frozen=True)
class FollowedUp:
    """A party's answer to the follow-up nudge, some days after the intro was made."""

    side: Side
    outcome: Outcome


Event = Accepted | Declined | Expired | Cancelled | FollowedUp


# Errors -------------------------------------------------------------------------------------


class IntroError(Exception):
    """A move the etiquette does not allow; the message is safe to show the user."""


class AlreadyAnswered(IntroError):
    """The party has given this answer already: a double click or a retried request."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class IntroClosed(IntroError):
    """The intro is over (made, declined, expired or cancelled): nothing more can change."""

    def __init__(self, status: IntroStatus) -> None:
        super().__init__(CLOSED_EXPLANATIONS[status])
        self.status = status


CLOSED_EXPLANATIONS: dict[IntroStatus, str] = {
    IntroStatus.PENDING: "This intro is still waiting for answers.",
    IntroStatus.MADE: "This intro has already been made.",
    IntroStatus.DECLINED: "This intro won't go ahead.",
    IntroStatus.EXPIRED: "This intro has expired.",
    IntroStatus.CANCELLED: "This intro was cancelled.",
}


# Transitions --------------------------------------------------------------------------------


def apply(intro: Intro, event: Event, *, now: datetime) -> Intro:
    """Return the intro after `event`, or raise an IntroError if the move is not allowed."""
    if isinstance(event, FollowedUp):
        return _follow_up(intro, event)
    if intro.status.is_closed:
        raise IntroClosed(intro.status)
    match event:
        case Accepted(side=side):
            return _accept(intro, side, now)
        case Declined(side=side, reason=reason, note=note):
            _require_waiting(intro, side)
            return replace(
                _with_answer(intro, side, Answer.DECLINED),
                status=IntroStatus.DECLINED,
                decline=Decline(side=side, reason=reason, note=note),
                closed_at=now,
            )
        case Expired():
            return replace(intro, status=IntroStatus.EXPIRED, closed_at=now)
        case Cancelled():
            return replace(intro, status=IntroStatus.CANCELLED, closed_at=now)
    raise TypeError(f"unknown event {event!r}")  # pragma: no cover - exhaustive match


def _accept(intro: Intro, side: Side, now: datetime) -> Intro:
    _require_waiting(intro, side)
    accepted = _with_answer(intro, side, Answer.ACCEPTED)
    if accepted.answer(side.other) is Answer.ACCEPTED:
        return replace(accepted, status=IntroStatus.MADE, closed_at=now)
    return accepted


def _follow_up(intro: Intro, event: FollowedUp) -> Intro:
    if intro.status is not IntroStatus.MADE:
        raise IntroClosed(intro.status)
    if intro.outcome(event.side) is event.outcome:
        raise AlreadyAnswered("Thanks, your answer is already recorded.")
    if event.side is Side.A:
        return replace(intro, outcome_a=event.outcome)
    return replace(intro, outcome_b=event.outcome)


def _require_waiting(intro: Intro, side: Side) -> None:
    answer = intro.answer(side)
    if answer is not Answer.WAITING:
        raise AlreadyAnswered(f"You have already {answer.value} this intro.")


def _with_answer(intro: Intro, side: Side, answer: Answer) -> Intro:
    if side is Side.A:
        return replace(intro, answer_a=answer)
    return replace(intro, answer_b=answer)
