"""The introduction and its state machine: the etiquette, with no Slack and no SQL."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from introslack.domain.messages import N_
from introslack.domain.timing import humane_time


class IntroStatus(StrEnum):
    """Where an introduction stands as a whole."""

    # Someone asked a connector to introduce them; the target knows nothing of it yet.
    REQUESTED = "requested"
    PENDING = "pending"
    MADE = "made"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    # A party said they already know the other: a happy close, with no group DM.
    ALREADY_CONNECTED = "already_known"
    # The connector said "Not this time" to a request; the target never learns of it.
    PASSED = "passed"
    # The connector never answered a request; the target never learns of it either.
    REQUEST_EXPIRED = "request_expired"
    # The requester or the connector deleted their data while the request waited.
    REQUEST_WITHDRAWN = "request_withdrawn"

    @property
    def is_closed(self) -> bool:
        return self not in (IntroStatus.PENDING, IntroStatus.REQUESTED)

    @property
    def before_target(self) -> bool:
        """True while (and when) a request ends before its target was ever asked."""
        return self in BEFORE_TARGET


BEFORE_TARGET = frozenset(
    {
        IntroStatus.REQUESTED,
        IntroStatus.PASSED,
        IntroStatus.REQUEST_EXPIRED,
        IntroStatus.REQUEST_WITHDRAWN,
    }
)


class Answer(StrEnum):
    """One party's answer to the private opt-in request."""

    WAITING = "waiting"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ALREADY_CONNECTED = "already_known"
    # "Not now, ask me later": no answer yet, and the party is asked again once, later.
    LATER = "later"

    @property
    def is_open(self) -> bool:
        """True while the party may still answer: they have not, or asked to be asked later."""
        return self in (Answer.WAITING, Answer.LATER)


# The choices a party has for "Not now, ask me later", in weeks.
ASK_LATER_WEEKS = (2, 4)


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


class ConnectWay(StrEnum):
    """How a party would like to connect, if they care to say."""

    CALL = "call"
    VIDEO_CALL = "video_call"
    COFFEE = "coffee"
    LUNCH = "lunch"
    ASYNC_CHAT = "async_chat"


@dataclass(frozen=True)
class Preference:
    """A party's optional way to connect and one-line note to the other person.

    Shown only in the introduction, so nothing reaches the other side before both say yes.
    """

    way: ConnectWay | None = None
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return self.way is None and not self.note


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
    # One short line about each party, shown to the other side and in the introduction.
    about_a: str = ""
    about_b: str = ""

    def about(self, side: Side) -> str:
        return self.about_a if side is Side.A else self.about_b

    def with_titles_as_about(self, party_a: Person, party_b: Person) -> Context:
        """A line left empty falls back to the person's Slack title."""
        return replace(
            self,
            about_a=self.about_a.strip() or party_a.title.strip(),
            about_b=self.about_b.strip() or party_b.title.strip(),
        )

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
    """A double opt-in introduction of party A and party B, asked for by the connector.

    When `requested`, party A asked the connector for it (so A's answer is yes from the start)
    and party B is the person A would like to meet.
    """

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
    # The connector's full name, for the "Thank Carol" button ("" when Slack did not say).
    connector_name: str = ""
    thanked_a: bool = False
    thanked_b: bool = False
    preference_a: Preference = Preference()
    preference_b: Preference = Preference()
    # The Workflow Builder step that asked for this intro, told the outcome once it settles.
    workflow_step: str | None = None
    # When a party who said "not now" is asked again (in their working hours).
    ask_again_a: datetime | None = None
    ask_again_b: datetime | None = None
    requested: bool = False
    version: int = 1

    def party(self, side: Side) -> Person:
        return self.party_a if side is Side.A else self.party_b

    def answer(self, side: Side) -> Answer:
        return self.answer_a if side is Side.A else self.answer_b

    def outcome(self, side: Side) -> Outcome | None:
        return self.outcome_a if side is Side.A else self.outcome_b

    def preference(self, side: Side) -> Preference:
        return self.preference_a if side is Side.A else self.preference_b

    def thanked(self, side: Side) -> bool:
        return self.thanked_a if side is Side.A else self.thanked_b

    def ask_again(self, side: Side) -> datetime | None:
        return self.ask_again_a if side is Side.A else self.ask_again_b

    def is_postponed(self, now: datetime) -> bool:
        """True while a party who said "not now" has not yet been asked again."""
        return any(
            self.answer(side) is Answer.LATER and (self.ask_again(side) or now) > now
            for side in Side
        )

    def side_of(self, user_id: str) -> Side | None:
        """The side this user is on, or None for anyone who is not a party."""
        if user_id == self.party_a.user_id:
            return Side.A
        if user_id == self.party_b.user_id:
            return Side.B
        return None

    def waiting_sides(self) -> list[Side]:
        """The sides that have not answered yet, including one who said "not now"."""
        return [side for side in Side if self.answer(side).is_open]

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
class AlreadyConnected:
    """A party answers that the two of them know each other already."""

    side: Side


@dataclass(frozen=True)
class AskedLater:
    """A party says "Not now, ask me later": they are asked again once, in `weeks` weeks."""

    side: Side
    weeks: int


@dataclass(frozen=True)
class Expired:
    """The answer window ended; `request`: the one a request's connector had, and only that."""

    request: bool = False


@dataclass(frozen=True)
class Cancelled:
    pass


@dataclass(frozen=True)
class Introduced:
    """The connector agrees to a request, with their own context: now the target is asked."""

    context: Context


@dataclass(frozen=True)
class Passed:
    """The connector says "Not this time" to a request, with an optional note to the requester."""

    note: str = ""


@dataclass(frozen=True)
class FollowedUp:
    """A party's answer to the follow-up nudge, some days after the intro was made."""

    side: Side
    outcome: Outcome


@dataclass(frozen=True)
class Thanked:
    """A party thanks the connector for an intro that was made: once per party."""

    side: Side


@dataclass(frozen=True)
class PreferenceGiven:
    """A party says how they'd like to connect, while the intro is still being answered."""

    side: Side
    preference: Preference


Event = (
    Accepted
    | Declined
    | AlreadyConnected
    | AskedLater
    | Expired
    | Cancelled
    | FollowedUp
    | Thanked
    | PreferenceGiven
    | Introduced
    | Passed
)


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


class StillPostponed(IntroError):
    """A party said "not now" and has not been asked again yet, so the intro cannot expire."""

    def __init__(self) -> None:
        super().__init__(N_("This intro is waiting until it's time to ask again."))


class NotAskedYet(IntroError):
    """A move on a request its target has not been asked about: refused without saying why."""

    def __init__(self) -> None:
        super().__init__(N_("I can't find that intro any more."))


ALREADY_ANSWERED: dict[Answer, str] = {
    Answer.ACCEPTED: N_("You have already accepted this intro."),
    Answer.DECLINED: N_("You have already declined this intro."),
}

CLOSED_EXPLANATIONS: dict[IntroStatus, str] = {
    IntroStatus.REQUESTED: N_("This request is still waiting for an answer."),
    IntroStatus.PENDING: N_("This intro is still waiting for answers."),
    IntroStatus.MADE: N_("This intro has already been made."),
    IntroStatus.DECLINED: N_("This intro won't go ahead."),
    IntroStatus.EXPIRED: N_("This intro has expired."),
    IntroStatus.CANCELLED: N_("This intro was cancelled."),
    IntroStatus.ALREADY_CONNECTED: N_("These two already know each other, so no intro is needed."),
    IntroStatus.PASSED: N_("This request won't go ahead."),
    IntroStatus.REQUEST_EXPIRED: N_("This request has expired."),
    IntroStatus.REQUEST_WITHDRAWN: N_("This request was withdrawn."),
}
ALREADY_INTRODUCING = N_("You've already answered this request: the intro is under way.")


# Transitions --------------------------------------------------------------------------------


def apply(intro: Intro, event: Event, *, now: datetime) -> Intro:
    """Return the intro after `event`, or raise an IntroError if the move is not allowed."""
    if intro.status is IntroStatus.REQUESTED:
        return _answer_request(intro, event, now)
    if isinstance(event, Introduced | Passed) or (isinstance(event, Expired) and event.request):
        if intro.status.is_closed:
            raise IntroClosed(intro.status)
        raise AlreadyAnswered(ALREADY_INTRODUCING)
    if isinstance(event, FollowedUp):
        return _follow_up(intro, event)
    if isinstance(event, Thanked):
        return _thank(intro, event.side)
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
        case AlreadyConnected(side=side):
            _require_waiting(intro, side)
            return replace(
                _with_answer(intro, side, Answer.ALREADY_CONNECTED),
                status=IntroStatus.ALREADY_CONNECTED,
                closed_at=now,
            )
        case AskedLater(side=side, weeks=weeks):
            return _ask_later(intro, side, weeks, now)
        case PreferenceGiven(side=side, preference=preference):
            return _prefer(intro, side, preference)
        case Expired():
            if intro.is_postponed(now):
                raise StillPostponed
            return replace(intro, status=IntroStatus.EXPIRED, closed_at=now)
        case Cancelled():
            return replace(intro, status=IntroStatus.CANCELLED, closed_at=now)
    raise TypeError(f"unknown event {event!r}")  # pragma: no cover - exhaustive match


def _answer_request(intro: Intro, event: Event, now: datetime) -> Intro:
    """Only the connector's answer or the expiry moves a request; the rest never saw it."""
    match event:
        case Introduced(context=context):
            # The intro starts now: the target is asked now, and how long the request waited
            # with the connector is none of their business.
            return replace(intro, status=IntroStatus.PENDING, context=context, created_at=now)
        case Passed(note=note):
            return replace(
                intro,
                status=IntroStatus.PASSED,
                context=replace(intro.context, note_to_a=note),
                closed_at=now,
            )
        case Expired():
            return replace(intro, status=IntroStatus.REQUEST_EXPIRED, closed_at=now)
        case Cancelled():
            return replace(intro, status=IntroStatus.REQUEST_WITHDRAWN, closed_at=now)
    raise NotAskedYet


def _accept(intro: Intro, side: Side, now: datetime) -> Intro:
    _require_waiting(intro, side)
    accepted = _with_answer(intro, side, Answer.ACCEPTED)
    if accepted.answer(side.other) is Answer.ACCEPTED:
        return replace(accepted, status=IntroStatus.MADE, closed_at=now)
    return accepted


def _ask_later(intro: Intro, side: Side, weeks: int, now: datetime) -> Intro:
    """Once per party: a second "not now" is refused, and the re-ask offers none."""
    if weeks not in ASK_LATER_WEEKS:
        raise IntroError(N_("I can ask you again in 2 or 4 weeks."))
    if intro.answer(side) is Answer.LATER:
        raise AlreadyAnswered(N_("You've already asked me to ask you again later."))
    _require_waiting(intro, side)
    due = now + timedelta(weeks=weeks)
    until = humane_time(due, scheduled_at=now, tz=intro.party(side).tz)
    later = _with_answer(intro, side, Answer.LATER)
    if side is Side.A:
        return replace(later, ask_again_a=until)
    return replace(later, ask_again_b=until)


def _follow_up(intro: Intro, event: FollowedUp) -> Intro:
    if intro.status is not IntroStatus.MADE:
        raise IntroClosed(intro.status)
    if intro.outcome(event.side) is event.outcome:
        raise AlreadyAnswered(N_("Thanks, your answer is already recorded."))
    if event.side is Side.A:
        return replace(intro, outcome_a=event.outcome)
    return replace(intro, outcome_b=event.outcome)


def _prefer(intro: Intro, side: Side, preference: Preference) -> Intro:
    if intro.preference(side) == preference:
        raise AlreadyAnswered(N_("That's already how you said you'd like to connect."))
    if side is Side.A:
        return replace(intro, preference_a=preference)
    return replace(intro, preference_b=preference)


def _thank(intro: Intro, side: Side) -> Intro:
    if intro.status is not IntroStatus.MADE:
        raise IntroClosed(intro.status)
    if intro.thanked(side):
        raise AlreadyAnswered(N_("You've already thanked them for this intro. Once is plenty!"))
    if side is Side.A:
        return replace(intro, thanked_a=True)
    return replace(intro, thanked_b=True)


def _require_waiting(intro: Intro, side: Side) -> None:
    answer = intro.answer(side)
    if answer is Answer.ALREADY_CONNECTED:
        raise AlreadyAnswered(N_("You've already said you two know each other."))
    if not answer.is_open:
        raise AlreadyAnswered(
            ALREADY_ANSWERED.get(answer, N_("You have already answered this intro."))
        )


def _with_answer(intro: Intro, side: Side, answer: Answer) -> Intro:
    if side is Side.A:
        return replace(intro, answer_a=answer)
    return replace(intro, answer_b=answer)
