"""The intro state machine, exhaustively: every state against every event."""

from __future__ import annotations

from dataclasses import replace
from itertools import product

import pytest

from introslack.domain.intro import (
    Accepted,
    AlreadyAnswered,
    AlreadyConnected,
    Answer,
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
    IntroStatus,
    NotAskedYet,
    Outcome,
    Passed,
    Preference,
    PreferenceGiven,
    Side,
    Thanked,
    apply,
)
from tests.factories import T0, make_intro

W, A, D = Answer.WAITING, Answer.ACCEPTED, Answer.DECLINED
K = Answer.ALREADY_CONNECTED
P, M, KNEW = IntroStatus.PENDING, IntroStatus.MADE, IntroStatus.ALREADY_CONNECTED
DEC, EXP, CAN = IntroStatus.DECLINED, IntroStatus.EXPIRED, IntroStatus.CANCELLED
REQ, PASS, REQ_EXP = IntroStatus.REQUESTED, IntroStatus.PASSED, IntroStatus.REQUEST_EXPIRED

# Every reachable (status, answer of A, answer of B).
STATES = [
    (P, W, W), (P, A, W), (P, W, A),
    (M, A, A),
    (DEC, D, W), (DEC, D, A), (DEC, W, D), (DEC, A, D),
    (EXP, W, W), (EXP, A, W), (EXP, W, A),
    (CAN, W, W), (CAN, A, W), (CAN, W, A),
    (KNEW, K, W), (KNEW, K, A), (KNEW, W, K), (KNEW, A, K),
    # A request: the requester (A) said yes by asking; the target (B) is not asked yet.
    (REQ, A, W), (PASS, A, W), (REQ_EXP, A, W),
]  # fmt: skip

EVENTS: dict[str, Event] = {
    "accept A": Accepted(Side.A),
    "accept B": Accepted(Side.B),
    "decline A": Declined(Side.A),
    "decline B": Declined(Side.B),
    "A knows B": AlreadyConnected(Side.A),
    "B knows A": AlreadyConnected(Side.B),
    "expire": Expired(),
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
    "expire request": (REQ_EXP, A, W),
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
}


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
        return (EXP, answer_a, answer_b)
    if name == "cancel":
        return (CAN, answer_a, answer_b)
    return PENDING_MOVES[(state, name)]


def intro_in(state: tuple[IntroStatus, Answer, Answer]) -> Intro:
    status, answer_a, answer_b = state
    requested = status in (REQ, PASS, REQ_EXP)
    return make_intro(status=status, answer_a=answer_a, answer_b=answer_b, requested=requested)


@pytest.mark.parametrize(("state", "name"), list(product(STATES, EVENTS)))
def test_every_state_answers_every_event_as_the_table_says(
    state: tuple[IntroStatus, Answer, Answer], name: str
) -> None:
    outcome = expected(state, name)
    intro = intro_in(state)
    if isinstance(outcome, type):
        with pytest.raises(outcome):
            apply(intro, EVENTS[name], now=T0)
        return
    after = apply(intro, EVENTS[name], now=T0)
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
        for event in EVENTS.values():
            try:
                after = apply(intro, event, now=T0)
            except (AlreadyAnswered, IntroClosed, NotAskedYet):
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
