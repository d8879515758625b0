"""A request for an intro: what follows each of its moves, and whom it counts for."""

from __future__ import annotations

from datetime import timedelta

from introslack.domain.effects import EffectKind, Obsolete, effects_of, obsolete_after
from introslack.domain.insights import Metric, insight_changes
from introslack.domain.intro import (
    Answer,
    Context,
    Declined,
    Expired,
    Intro,
    Introduced,
    IntroStatus,
    Passed,
    Side,
    apply,
)
from introslack.domain.tally import TallyChange, tally_changes
from introslack.domain.timing import FollowThrough
from tests.factories import T0, make_intro

TIMING = FollowThrough()
LATER = T0 + timedelta(hours=3)
REQUESTER, TARGET, CONNECTOR = "U0ALICE01", "U0BOB0001", "U0CONNECT"


def requested() -> Intro:
    return make_intro(status=IntroStatus.REQUESTED, answer_a=Answer.ACCEPTED, requested=True)


def moves(before: Intro | None, after: Intro) -> list[tuple[EffectKind, Side | None, str | None]]:
    effects = effects_of(before, after, now=LATER, timing=TIMING)
    return [(e.kind, e.side, e.user_id) for e in effects]


def test_a_request_asks_only_the_connector_and_sends_the_target_nothing() -> None:
    effects = moves(None, requested())
    assert effects == [
        (EffectKind.ASK_CONNECTOR, None, CONNECTOR),
        (EffectKind.CONFIRM_REQUEST_SENT, Side.A, None),
        (EffectKind.EXPIRE_REQUEST, None, None),
        (EffectKind.REFRESH_HOME, None, CONNECTOR),
        (EffectKind.REFRESH_HOME, None, REQUESTER),
    ]
    expiry = next(e for e in effects_of(None, requested(), now=T0, timing=TIMING)
                  if e.kind is EffectKind.EXPIRE_REQUEST)  # fmt: skip
    assert expiry.due_at == T0 + TIMING.expire_after


def test_introducing_asks_only_the_target_and_replaces_the_requests_expiry() -> None:
    before = requested()
    after = apply(before, Introduced(Context(why="You'd get on")), now=LATER)
    effects = moves(before, after)
    assert [e for e in effects if e[0] is not EffectKind.REFRESH_HOME] == [
        (EffectKind.ASK_PARTY, Side.B, None),
        (EffectKind.CONFIRM_REQUESTS_SENT, None, CONNECTOR),
        (EffectKind.REMIND_PARTY, Side.B, None),
        (EffectKind.EXPIRE_INTRO, None, None),
        (EffectKind.REFRESH_ASK, None, CONNECTOR),
    ]
    expiry = next(e for e in effects_of(before, after, now=LATER, timing=TIMING)
                  if e.kind is EffectKind.EXPIRE_INTRO)  # fmt: skip
    assert expiry.due_at == LATER + TIMING.expire_after
    assert obsolete_after(before, after) == [Obsolete(EffectKind.EXPIRE_REQUEST)]


def test_passing_tells_the_requester_and_never_the_target() -> None:
    before = requested()
    after = apply(before, Passed("Not my area"), now=LATER)
    effects = moves(before, after)
    assert effects == [
        (EffectKind.REFRESH_ASK, None, CONNECTOR),
        (EffectKind.TELL_REQUESTER_CLOSED, Side.A, None),
        (EffectKind.REFRESH_HOME, None, CONNECTOR),
        (EffectKind.REFRESH_HOME, None, REQUESTER),
    ]
    assert obsolete_after(before, after) == [Obsolete(EffectKind.EXPIRE_REQUEST)]


def test_an_unanswered_request_expires_with_a_kind_word_to_the_requester_only() -> None:
    before = requested()
    after = apply(before, Expired(request=True), now=LATER)
    assert after.status is IntroStatus.REQUEST_EXPIRED
    assert TARGET not in {e[2] for e in moves(before, after)}
    assert (EffectKind.TELL_REQUESTER_CLOSED, Side.A, None) in moves(before, after)
    assert obsolete_after(before, after) == []  # the expiry job finishes itself


def test_the_targets_decline_reaches_the_connector_and_the_requester_hears_it_neutrally() -> None:
    introduced = apply(requested(), Introduced(Context(why="x")), now=T0)
    declined = apply(introduced, Declined(Side.B, note="Too busy"), now=LATER)
    kinds = [(e[0], e[1], e[2]) for e in moves(introduced, declined)]
    assert (EffectKind.TELL_CONNECTOR_CLOSED, None, CONNECTOR) in kinds
    assert (EffectKind.TELL_REQUESTER_CLOSED, Side.A, None) in kinds


def test_a_request_counts_for_no_one_until_introduced_and_never_for_the_target_if_not() -> None:
    request = requested()
    assert tally_changes(None, request) == {}
    assert insight_changes(None, request) == {}
    passed = apply(request, Passed(), now=LATER)
    assert tally_changes(request, passed) == {
        CONNECTOR: TallyChange(closed=1),
        REQUESTER: TallyChange(closed=1),
    }
    assert insight_changes(request, passed) == {}


def test_once_introduced_a_request_counts_as_any_intro_the_connector_started() -> None:
    request = requested()
    introduced = apply(request, Introduced(Context(why="x")), now=LATER)
    assert tally_changes(request, introduced) == {
        CONNECTOR: TallyChange(started=1, started_open=1),
        REQUESTER: TallyChange(accepted_open=1),
        TARGET: TallyChange(waiting=1),
    }
    assert insight_changes(request, introduced) == {Metric.STARTED: 1}
