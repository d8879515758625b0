"""The intro state machine, exhaustively: every state against every event."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import product

import pytest

from introslack.domain.intro import (
    Accepted,
    AlreadyAnswered,
    AlreadyConnected,
    Answer,
    AskedLater,
    Cancelled,
    ConnectWay,
    Context,
    Declined,
    DeclineReason,
    Event,
    Expired,
    FollowedUp,
    Intro,
    IntroClosed,
    Introduced,
    IntroError,
    IntroStatus,
    NotAskedYet,
    Outcome,
    Passed,
    Preference,
    PreferenceGiven,
    Side,
    StillPostponed,
    Thanked,
    apply,
)
from tests.factories import T0, make_intro

W, A, D = Answer.WAITING, Answer.ACCEPTED, Answer.DECLINED
K, L = Answer.ALREADY_CONNECTED, Answer.LATER
P, M, KNEW = IntroStatus.PENDING, IntroStatus.MADE, IntroStatus.ALREADY_CONNECTED
DEC, EXP, CAN = IntroStatus.DECLINED, IntroStatus.EXPIRED, IntroStatus.CANCELLED
REQ, PASS, REQ_EXP = IntroStatus.REQUESTED, IntroStatus.PASSED, IntroStatus.REQUEST_EXPIRED
REQ_WD = IntroStatus.REQUEST_WITHDRAWN

# Every reachable (status, answer of A, answer of B).
STATES = [
    (P, W, W), (P, A, W), (P, W, A),
    (P, L, W), (P, W, L), (P, L, A), (P, A, L), (P, L, L),
    (M, A, A),
    (DEC, D, W), (DEC, D, A), (DEC, W, D), (DEC, A, D), (DEC, D, L), (DEC, L, D),
    (EXP, W, W), (EXP, A, W), (EXP, W, A),
    (EXP, L, W), (EXP, W, L), (EXP, L, A), (EXP, A, L), (EXP, L, L),
    (CAN, W, W), (CAN, A, W), (CAN, W, A),
    (CAN, L, W), (CAN, W, L), (CAN, L, A), (CAN, A, L), (CAN, L, L),
    (KNEW, K, W), (KNEW, K, A), (KNEW, W, K), (KNEW, A, K), (KNEW, K, L), (KNEW, L, K),
    # A request: the requester (A) said yes by asking; the target (B) is not asked yet.
    (REQ, A, W), (PASS, A, W), (REQ_EXP, A, W), (REQ_WD, A, W),
]  # fmt: skip

# A party who said "not now" is asked again this long after; "expire late" comes after that.
ASK_AGAIN = T0 + timedelta(weeks=2)
LATE = T0 + timedelta(weeks=3)

EVENTS: dict[str, Event] = {
    "accept A": Accepted(Side.A),
    "accept B": Accepted(Side.B),
    "decline A": Declined(Side.A),
    "decline B": Declined(Side.B),
    "A knows B": AlreadyConnected(Side.A),
    "B knows A": AlreadyConnected(Side.B),
    "A later": AskedLater(Side.A, 2),
    "B later": AskedLater(Side.B, 2),
    "expire": Expired(),
    "expire late": Expired(),
    "cancel": Cancelled(),
    "A met": FollowedUp(Side.A, Outcome.MET),
    "B met": FollowedUp(Side.B, Outcome.MET),
    "A thanks": Thanked(Side.A),
    "B thanks": Thanked(Side.B),
    "A prefers": PreferenceGiven(Side.A, Preference(ConnectWay.VIDEO_CALL, "mornings")),
    "B prefers": PreferenceGiven(Side.B, Preference(ConnectWay.ASYNC_CHAT)),
    "introduce": Introduced(Context(why="The connector's own words")),
    "pass": Passed("Sorry, I barely know them"),
    "expire request": Expired(request=True),
}

# A request moves only by the connector's answer or its expiry; nobody else has seen it.
REQUESTED_MOVES: dict[str, object] = {
    "introduce": (P, A, W),
    "pass": (PASS, A, W),
    "expire": (REQ_EXP, A, W),
    "expire late": (REQ_EXP, A, W),
    "expire request": (REQ_EXP, A, W),
    # The requester or the connector deleted their data (or the connector called it off).
    "cancel": (REQ_WD, A, W),
}

# The whole table for pending intros: the state after each event, or the error it raises.
PENDING_MOVES: dict[tuple[tuple[IntroStatus, Answer, Answer], str], object] = {
    ((P, W, W), "accept A"): (P, A, W),
    ((P, W, W), "accept B"): (P, W, A),
    ((P, W, W), "decline A"): (DEC, D, W),
    ((P, W, W), "decline B"): (DEC, W, D),
    ((P, W, W), "A knows B"): (KNEW, K, W),
    ((P, W, W), "B knows A"): (KNEW, W, K),
    ((P, A, W), "accept A"): AlreadyAnswered,
    ((P, A, W), "accept B"): (M, A, A),
    ((P, A, W), "decline A"): AlreadyAnswered,
    ((P, A, W), "decline B"): (DEC, A, D),
    ((P, A, W), "A knows B"): AlreadyAnswered,
    ((P, A, W), "B knows A"): (KNEW, A, K),
    ((P, W, A), "accept A"): (M, A, A),
    ((P, W, A), "accept B"): AlreadyAnswered,
    ((P, W, A), "decline A"): (DEC, D, A),
    ((P, W, A), "decline B"): AlreadyAnswered,
    ((P, W, A), "A knows B"): (KNEW, K, A),
    ((P, W, A), "B knows A"): AlreadyAnswered,
    # "Not now, ask me later": once per party, and every answer stays possible meanwhile.
    ((P, W, W), "A later"): (P, L, W),
    ((P, W, W), "B later"): (P, W, L),
    ((P, A, W), "A later"): AlreadyAnswered,
    ((P, A, W), "B later"): (P, A, L),
    ((P, W, A), "A later"): (P, L, A),
    ((P, W, A), "B later"): AlreadyAnswered,
    ((P, L, W), "accept A"): (P, A, W),
    ((P, L, W), "accept B"): (P, L, A),
    ((P, L, W), "decline A"): (DEC, D, W),
    ((P, L, W), "decline B"): (DEC, L, D),
    ((P, L, W), "A knows B"): (KNEW, K, W),
    ((P, L, W), "B knows A"): (KNEW, L, K),
    ((P, L, W), "A later"): AlreadyAnswered,
    ((P, L, W), "B later"): (P, L, L),
    ((P, W, L), "accept A"): (P, A, L),
    ((P, W, L), "accept B"): (P, W, A),
    ((P, W, L), "decline A"): (DEC, D, L),
    ((P, W, L), "decline B"): (DEC, W, D),
    ((P, W, L), "A knows B"): (KNEW, K, L),
    ((P, W, L), "B knows A"): (KNEW, W, K),
    ((P, W, L), "A later"): (P, L, L),
    ((P, W, L), "B later"): AlreadyAnswered,
    ((P, L, A), "accept A"): (M, A, A),
    ((P, L, A), "accept B"): AlreadyAnswered,
    ((P, L, A), "decline A"): (DEC, D, A),
    ((P, L, A), "decline B"): AlreadyAnswered,
    ((P, L, A), "A knows B"): (KNEW, K, A),
    ((P, L, A), "B knows A"): AlreadyAnswered,
    ((P, L, A), "A later"): AlreadyAnswered,
    ((P, L, A), "B later"): AlreadyAnswered,
    ((P, A, L), "accept A"): AlreadyAnswered,
    ((P, A, L), "accept B"): (M, A, A),
    ((P, A, L), "decline A"): AlreadyAnswered,
    ((P, A, L), "decline B"): (DEC, A, D),
    ((P, A, L), "A knows B"): AlreadyAnswered,
    ((P, A, L), "B knows A"): (KNEW, A, K),
    ((P, A, L), "A later"): AlreadyAnswered,
    ((P, A, L), "B later"): AlreadyAnswered,
    ((P, L, L), "accept A"): (P, A, L),
    ((P, L, L), "accept B"): (P, L, A),
    ((P, L, L), "decline A"): (DEC, D, L),
    ((P, L, L), "decline B"): (DEC, L, D),
    ((P, L, L), "A knows B"): (KNEW, K, L),
    ((P, L, L), "B knows A"): (KNEW, L, K),
    ((P, L, L), "A later"): AlreadyAnswered,
    ((P, L, L), "B later"): AlreadyAnswered,
}


def at(name: str) -> datetime:
    """When the event happens: "expire late" comes after every party was asked again."""
    return LATE if name == "expire late" else T0


def expected(state: tuple[IntroStatus, Answer, Answer], name: str) -> object:
    status, answer_a, answer_b = state
    if status is REQ:
        return REQUESTED_MOVES.get(name, NotAskedYet)
    if name in ("introduce", "pass", "expire request"):
        return AlreadyAnswered if status is P else IntroClosed
    if name in ("A met", "B met"):
        return "outcome" if status is M else IntroClosed
    if name in ("A thanks", "B thanks"):
        return "thanks" if status is M else IntroClosed
    if status is not P:
        return IntroClosed
    if name in ("A prefers", "B prefers"):
        return "preference"
    if name == "expire":
        return StillPostponed if L in (answer_a, answer_b) else (EXP, answer_a, answer_b)
    if name == "expire late":
        return (EXP, answer_a, answer_b)
    if name == "cancel":
        return (CAN, answer_a, answer_b)
    return PENDING_MOVES[(state, name)]


def intro_in(state: tuple[IntroStatus, Answer, Answer]) -> Intro:
    status, answer_a, answer_b = state
    return make_intro(
        status=status,
        answer_a=answer_a,
        answer_b=answer_b,
        ask_again_a=ASK_AGAIN if answer_a is L else None,
        ask_again_b=ASK_AGAIN if answer_b is L else None,
        requested=status in (REQ, PASS, REQ_EXP, REQ_WD),
    )


@pytest.mark.parametrize(("state", "name"), list(product(STATES, EVENTS)))
def test_every_state_answers_every_event_as_the_table_says(
    state: tuple[IntroStatus, Answer, Answer], name: str
) -> None:
    outcome = expected(state, name)
    intro = intro_in(state)
    if isinstance(outcome, type):
        with pytest.raises(outcome):
            apply(intro, EVENTS[name], now=at(name))
        return
    after = apply(intro, EVENTS[name], now=at(name))
    if outcome == "outcome":
        side = Side.A if name == "A met" else Side.B
        assert after.outcome(side) is Outcome.MET
        assert (after.status, after.answer_a, after.answer_b) == state
    elif outcome == "preference":
        event = EVENTS[name]
        assert isinstance(event, PreferenceGiven)
        assert after.preference(event.side) == event.preference
        assert after.preference(event.side.other) == intro.preference(event.side.other)
        assert (after.status, after.answer_a, after.answer_b) == state
    elif outcome == "thanks":
        side = Side.A if name == "A thanks" else Side.B
        assert after.thanked(side) and not after.thanked(side.other)
        assert (after.status, after.answer_a, after.answer_b) == state
    else:
        assert (after.status, after.answer_a, after.answer_b) == outcome


def test_the_table_covers_only_reachable_states() -> None:
    reached = {(P, W, W), (REQ, A, W)}
    frontier = [make_intro(), make_intro(status=REQ, answer_a=A, requested=True)]
    while frontier:
        intro = frontier.pop()
        for name, event in EVENTS.items():
            try:
                after = apply(intro, event, now=at(name))
            except (AlreadyAnswered, IntroClosed, StillPostponed, NotAskedYet):
                continue
            state = (after.status, after.answer_a, after.answer_b)
            if state not in reached:
                reached.add(state)
                frontier.append(after)
    assert reached == set(STATES)


def test_a_decline_keeps_its_reason_and_note_for_the_connector() -> None:
    after = apply(make_intro(), Declined(Side.B, DeclineReason.BAD_TIMING, "busy"), now=T0)
    assert after.decline is not None
    assert (after.decline.side, after.decline.reason, after.decline.note) == (
        Side.B,
        DeclineReason.BAD_TIMING,
        "busy",
    )
    assert after.closed_at == T0


def test_the_same_follow_up_answer_twice_is_refused_but_a_new_one_replaces_it() -> None:
    made = make_intro(status=M, answer_a=A, answer_b=A)
    not_yet = apply(made, FollowedUp(Side.A, Outcome.NOT_YET), now=T0)
    with pytest.raises(AlreadyAnswered):
        apply(not_yet, FollowedUp(Side.A, Outcome.NOT_YET), now=T0)
    met = apply(not_yet, FollowedUp(Side.A, Outcome.MET), now=T0)
    assert met.outcome(Side.A) is Outcome.MET


def test_closed_intros_explain_themselves_politely() -> None:
    with pytest.raises(IntroClosed, match="expired"):
        apply(replace(make_intro(), status=EXP), Accepted(Side.A), now=T0)


def test_knowing_each_other_already_closes_the_intro_happily_without_a_decline() -> None:
    after = apply(make_intro(), AlreadyConnected(Side.B), now=T0)
    assert after.status is KNEW and after.status.is_closed
    assert after.decline is None
    assert after.closed_at == T0
    with pytest.raises(IntroClosed, match="already know each other"):
        apply(after, Accepted(Side.A), now=T0)


def test_each_party_thanks_the_connector_once_and_a_second_thank_you_is_refused() -> None:
    made = make_intro(status=M, answer_a=A, answer_b=A)
    thanked = apply(made, Thanked(Side.B), now=T0)
    with pytest.raises(AlreadyAnswered, match="already thanked"):
        apply(thanked, Thanked(Side.B), now=T0)
    both = apply(thanked, Thanked(Side.A), now=T0)
    assert both.thanked_a and both.thanked_b


def test_a_preference_may_change_while_pending_but_the_same_one_twice_is_refused() -> None:
    mornings = Preference(ConnectWay.COFFEE, "mornings")
    once = apply(make_intro(), PreferenceGiven(Side.A, mornings), now=T0)
    with pytest.raises(AlreadyAnswered):
        apply(once, PreferenceGiven(Side.A, mornings), now=T0)
    changed = apply(once, PreferenceGiven(Side.A, Preference(ConnectWay.LUNCH)), now=T0)
    assert changed.preference(Side.A) == Preference(ConnectWay.LUNCH)


def test_not_now_asks_again_in_the_chosen_weeks_moved_into_the_partys_working_hours() -> None:
    friday_evening_in_paris = datetime(2026, 11, 27, 16, 30, tzinfo=UTC)  # 17:30 for Alice
    intro = make_intro()

    two = apply(intro, AskedLater(Side.A, 2), now=friday_evening_in_paris)
    four = apply(intro, AskedLater(Side.A, 4), now=friday_evening_in_paris)

    assert two.answer_a is Answer.LATER and two.answer_b is Answer.WAITING
    assert two.ask_again_a == datetime(2026, 12, 14, 8, 0, tzinfo=UTC)  # Monday 09:00 in Paris
    assert four.ask_again_a == datetime(2026, 12, 28, 8, 0, tzinfo=UTC)
    assert two.ask_again_b is None and two.status is IntroStatus.PENDING


def test_not_now_offers_only_two_or_four_weeks() -> None:
    with pytest.raises(IntroError):
        apply(make_intro(), AskedLater(Side.B, 3), now=T0)


def test_an_intro_cannot_expire_until_the_postponed_party_has_been_asked_again() -> None:
    postponed = apply(make_intro(), AskedLater(Side.B, 2), now=T0)
    asked_again = postponed.ask_again_b
    assert asked_again is not None

    with pytest.raises(StillPostponed):
        apply(postponed, Expired(), now=asked_again - timedelta(minutes=1))
    expired = apply(postponed, Expired(), now=asked_again + timedelta(days=7))
    assert (expired.status, expired.answer_b) == (EXP, L)
    assert expired.waiting_sides() == [Side.A, Side.B]


def test_introducing_a_request_keeps_the_connectors_own_context_and_asks_only_the_target() -> None:
    request = make_intro(status=REQ, answer_a=A, requested=True)
    context = Context(why="You both run platform teams", note_to_b="No pressure")
    after = apply(request, Introduced(context), now=T0)
    assert after.context == context
    assert after.waiting_sides() == [Side.B]
    assert after.closed_at is None


def test_passing_on_a_request_keeps_the_note_for_the_requester_and_closes_it() -> None:
    request = make_intro(status=REQ, answer_a=A, requested=True)
    after = apply(request, Passed("I barely know her"), now=T0)
    assert after.context.note_to_a == "I barely know her"
    assert after.decline is None
    assert after.closed_at == T0 and after.status.is_closed and after.status.before_target


def test_a_request_refuses_the_targets_moves_without_saying_why() -> None:
    request = make_intro(status=REQ, answer_a=A, requested=True)
    with pytest.raises(NotAskedYet, match="can't find that intro"):
        apply(request, Declined(Side.B), now=T0)
