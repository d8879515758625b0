"""What follows each move, and when: the schedule the worker will carry out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from introslack.domain.effects import (
    EffectKind,
    Obsolete,
    effects_of,
    obsolete_after,
    reminders_on_request,
)
from introslack.domain.insights import Metric, insight_changes
from introslack.domain.intro import (
    Accepted,
    AlreadyConnected,
    Answer,
    AskedLater,
    ConnectWay,
    Declined,
    Expired,
    FollowedUp,
    IntroStatus,
    Outcome,
    Preference,
    PreferenceGiven,
    Side,
    Thanked,
    apply,
)
from introslack.domain.tally import TallyChange, tally_changes
from introslack.domain.timing import FollowThrough, humane_time, parse_duration
from tests.factories import T0, make_intro

TIMING = FollowThrough()


def kinds(effects: list) -> list[EffectKind]:  # type: ignore[type-arg]
    return [effect.kind for effect in effects if effect.kind is not EffectKind.REFRESH_HOME]


def test_a_new_intro_asks_both_privately_confirms_and_schedules_reminders_and_expiry() -> None:
    effects = effects_of(None, make_intro(), now=T0, timing=TIMING)
    assert kinds(effects) == [
        EffectKind.ASK_PARTY,
        EffectKind.ASK_PARTY,
        EffectKind.CONFIRM_REQUESTS_SENT,
        EffectKind.REMIND_PARTY,
        EffectKind.REMIND_PARTY,
        EffectKind.EXPIRE_INTRO,
    ]
    expiry = next(e for e in effects if e.kind is EffectKind.EXPIRE_INTRO)
    assert expiry.due_at == T0 + timedelta(days=7)


def test_the_first_accept_only_refreshes_that_partys_request() -> None:
    before = make_intro()
    after = apply(before, Accepted(Side.A), now=T0)
    effects = effects_of(before, after, now=T0, timing=TIMING)
    assert [(e.kind, e.side) for e in effects if e.kind is not EffectKind.REFRESH_HOME] == [
        (EffectKind.REFRESH_REQUESTS, Side.A)
    ]
    assert obsolete_after(before, after) == [Obsolete(EffectKind.REMIND_PARTY, Side.A)]


def test_the_second_accept_introduces_the_pair_tells_the_connector_and_plans_nudges() -> None:
    before = make_intro(answer_a=Answer.ACCEPTED)
    after = apply(before, Accepted(Side.B), now=T0)
    found = kinds(effects_of(before, after, now=T0, timing=TIMING))
    assert found.count(EffectKind.INTRODUCE_PAIR) == 1
    assert found.count(EffectKind.TELL_CONNECTOR_CLOSED) == 1
    assert found.count(EffectKind.NUDGE_PARTY) == 2
    assert found.count(EffectKind.REFRESH_REQUESTS) == 2
    assert set(obsolete_after(before, after)) == {
        Obsolete(EffectKind.REMIND_PARTY),
        Obsolete(EffectKind.EXPIRE_INTRO),
    }


def test_a_decline_never_introduces_and_tells_only_the_connector() -> None:
    before = make_intro()
    after = apply(before, Declined(Side.A), now=T0)
    found = kinds(effects_of(before, after, now=T0, timing=TIMING))
    assert EffectKind.INTRODUCE_PAIR not in found
    assert found.count(EffectKind.TELL_CONNECTOR_CLOSED) == 1


def test_knowing_each_other_closes_with_a_word_to_the_connector_and_no_group_dm() -> None:
    before = make_intro(answer_a=Answer.ACCEPTED)
    after = apply(before, AlreadyConnected(Side.B), now=T0)
    found = kinds(effects_of(before, after, now=T0, timing=TIMING))
    assert EffectKind.INTRODUCE_PAIR not in found and EffectKind.NUDGE_PARTY not in found
    assert found.count(EffectKind.TELL_CONNECTOR_CLOSED) == 1
    assert found.count(EffectKind.REFRESH_REQUESTS) == 2
    assert set(obsolete_after(before, after)) == {
        Obsolete(EffectKind.REMIND_PARTY),
        Obsolete(EffectKind.EXPIRE_INTRO),
    }


def test_knowing_each_other_counts_as_a_decided_success_for_the_connector() -> None:
    before = make_intro()
    after = apply(before, AlreadyConnected(Side.A), now=T0)
    changes = tally_changes(before, after)
    assert changes["U0CONNECT"] == TallyChange(closed=1, decided=1, already_knew=1, started_open=-1)
    assert changes["U0ALICE01"] == TallyChange(closed=1, waiting=-1)


def test_the_open_sections_counters_follow_each_persons_part_in_an_intro() -> None:
    created = make_intro()
    assert tally_changes(None, created) == {
        "U0CONNECT": TallyChange(started=1, started_open=1),
        "U0ALICE01": TallyChange(waiting=1),
        "U0BOB0001": TallyChange(waiting=1),
    }
    accepted = apply(created, Accepted(Side.A), now=T0)
    assert tally_changes(created, accepted) == {
        "U0ALICE01": TallyChange(waiting=-1, accepted_open=1)
    }
    made = apply(accepted, Accepted(Side.B), now=T0)
    changes = tally_changes(accepted, made)
    assert changes["U0ALICE01"] == TallyChange(closed=1, accepted_open=-1)
    assert changes["U0BOB0001"] == TallyChange(closed=1, waiting=-1)
    assert changes["U0CONNECT"] == TallyChange(closed=1, made=1, decided=1, started_open=-1)


def test_a_thank_you_reaches_the_connector_once_and_counts_for_them() -> None:
    before = make_intro(status=IntroStatus.MADE, answer_a=Answer.ACCEPTED, answer_b=Answer.ACCEPTED)
    after = apply(before, Thanked(Side.A), now=T0)
    effects = effects_of(before, after, now=T0, timing=TIMING)
    assert [(e.kind, e.side) for e in effects if e.kind is not EffectKind.REFRESH_HOME] == [
        (EffectKind.THANK_CONNECTOR, Side.A)
    ]
    assert tally_changes(before, after) == {"U0CONNECT": TallyChange(thanks=1)}
    assert obsolete_after(before, after) == []


def test_a_preference_refreshes_only_that_partys_own_request() -> None:
    before = make_intro(answer_a=Answer.ACCEPTED)
    after = apply(before, PreferenceGiven(Side.A, Preference(ConnectWay.CALL)), now=T0)
    effects = effects_of(before, after, now=T0, timing=TIMING)
    assert [(e.kind, e.side) for e in effects if e.kind is not EffectKind.REFRESH_HOME] == [
        (EffectKind.REFRESH_REQUESTS, Side.A)
    ]
    assert obsolete_after(before, after) == []
    assert tally_changes(before, after) == {}


def test_every_change_refreshes_the_home_tab_of_everyone_involved() -> None:
    before = make_intro()
    after = apply(before, Accepted(Side.A), now=T0)
    homes = [e.user_id for e in effects_of(before, after, now=T0, timing=TIMING)
             if e.kind is EffectKind.REFRESH_HOME]  # fmt: skip
    assert homes == ["U0CONNECT", "U0ALICE01", "U0BOB0001"]


def test_not_yet_plans_one_more_nudge_and_a_second_not_yet_does_not() -> None:
    made = make_intro(status=IntroStatus.MADE, answer_a=Answer.ACCEPTED, answer_b=Answer.ACCEPTED)
    first = apply(made, FollowedUp(Side.A, Outcome.NOT_YET), now=T0)
    assert kinds(effects_of(made, first, now=T0, timing=TIMING)).count(EffectKind.NUDGE_PARTY) == 1
    met = apply(first, FollowedUp(Side.A, Outcome.MET), now=T0)
    assert EffectKind.NUDGE_PARTY not in kinds(effects_of(first, met, now=T0, timing=TIMING))
    assert obsolete_after(first, met) == [Obsolete(EffectKind.NUDGE_PARTY, Side.A)]


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("15m", 900), ("3h", 10800), ("7d", 604800)]
)
def test_durations_read_like_people_write_them(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "7", "d", "1w", "-3d", "0s", "3 days"])
def test_anything_else_is_not_a_duration(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_a_nudge_due_on_saturday_night_waits_for_monday_morning_in_the_recipients_zone() -> None:
    scheduled = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # Saturday
    due = datetime(2026, 11, 28, 23, 0, tzinfo=UTC)  # Saturday, 6 PM in New York
    moved = humane_time(due, scheduled_at=scheduled, tz="America/New_York")
    assert moved == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # Monday 9 AM EST


def test_a_nudge_due_in_working_hours_is_not_moved() -> None:
    due = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # Wednesday 11 AM in Paris
    assert humane_time(due, scheduled_at=due - timedelta(days=3), tz="Europe/Paris") == due


def test_a_nudge_due_before_dawn_waits_until_nine_the_same_day() -> None:
    due = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # Wednesday 6 AM in Paris
    moved = humane_time(due, scheduled_at=due - timedelta(days=3), tz="Europe/Paris")
    assert moved == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def test_short_delays_are_exact_so_tests_and_small_settings_behave() -> None:
    due = datetime(2026, 11, 28, 23, 0, tzinfo=UTC)
    assert humane_time(due, scheduled_at=due - timedelta(hours=2), tz="America/New_York") == due


def test_an_unknown_time_zone_falls_back_to_utc_working_hours() -> None:
    due = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
    moved = humane_time(due, scheduled_at=due - timedelta(days=3), tz="Mars/Olympus")
    assert moved == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_pressing_remind_reminds_only_those_who_have_not_answered() -> None:
    intro = make_intro(answer_a=Answer.ACCEPTED)
    effects = reminders_on_request(intro, now=T0)
    assert [(e.kind, e.side) for e in effects if e.kind is EffectKind.REMIND_PARTY] == [
        (EffectKind.REMIND_PARTY, Side.B)
    ]
    assert all(e.due_at == T0 for e in effects)


def test_expiry_cancels_reminders_but_leaves_its_own_job_to_finish() -> None:
    before = make_intro()
    after = apply(before, Expired(), now=T0)
    assert obsolete_after(before, after) == [Obsolete(EffectKind.REMIND_PARTY)]


# Not now, ask me later ------------------------------------------------------------------------


def test_not_now_tells_the_connector_asks_again_once_and_expires_only_after_the_re_ask() -> None:
    before = make_intro()
    after = apply(before, AskedLater(Side.B, 2), now=T0)
    asked_again = after.ask_again_b
    assert asked_again is not None

    effects = effects_of(before, after, now=T0, timing=TIMING)

    assert [
        (e.kind, e.side, e.due_at) for e in effects if e.kind is not EffectKind.REFRESH_HOME
    ] == [
        (EffectKind.REFRESH_REQUESTS, Side.B, T0),
        (EffectKind.TELL_CONNECTOR_LATER, Side.B, T0),
        (EffectKind.REASK_PARTY, Side.B, asked_again),
        (EffectKind.EXPIRE_INTRO, None, asked_again + TIMING.expire_after),
    ]
    told = next(e for e in effects if e.kind is EffectKind.TELL_CONNECTOR_LATER)
    assert told.user_id == after.connector_id
    assert obsolete_after(before, after) == [
        Obsolete(EffectKind.REMIND_PARTY, Side.B),
        Obsolete(EffectKind.EXPIRE_INTRO),
    ]


def test_when_both_say_not_now_the_intro_expires_after_the_later_re_ask() -> None:
    first = apply(make_intro(), AskedLater(Side.A, 4), now=T0)
    second = apply(first, AskedLater(Side.B, 2), now=T0 + timedelta(days=1))
    effects = effects_of(first, second, now=T0 + timedelta(days=1), timing=TIMING)
    (expiry,) = [e for e in effects if e.kind is EffectKind.EXPIRE_INTRO]
    assert second.ask_again_a is not None
    assert expiry.due_at == second.ask_again_a + TIMING.expire_after


def test_answering_after_not_now_drops_the_re_ask() -> None:
    postponed = apply(make_intro(), AskedLater(Side.A, 2), now=T0)
    accepted = apply(postponed, Accepted(Side.A), now=T0)
    assert obsolete_after(postponed, accepted) == [
        Obsolete(EffectKind.REMIND_PARTY, Side.A),
        Obsolete(EffectKind.REASK_PARTY, Side.A),
    ]
    declined = apply(postponed, Declined(Side.A), now=T0)
    assert set(obsolete_after(postponed, declined)) == {
        Obsolete(EffectKind.REMIND_PARTY),
        Obsolete(EffectKind.EXPIRE_INTRO),
        Obsolete(EffectKind.REASK_PARTY, Side.A),
    }


def test_the_connectors_remind_skips_a_party_who_asked_to_be_asked_later() -> None:
    postponed = apply(make_intro(), AskedLater(Side.A, 2), now=T0)
    reminded = reminders_on_request(postponed, now=T0)
    assert [(e.kind, e.side) for e in reminded if e.kind is EffectKind.REMIND_PARTY] == [
        (EffectKind.REMIND_PARTY, Side.B)
    ]


def test_a_postponed_request_still_waits_for_the_partys_answer_on_their_home() -> None:
    before = make_intro()
    after = apply(before, AskedLater(Side.A, 2), now=T0)
    assert after.party_a.user_id not in tally_changes(before, after)


def test_a_postponed_intro_that_expires_leaves_the_waiting_list_and_counts_as_expired() -> None:
    postponed = apply(make_intro(answer_a=Answer.ACCEPTED), AskedLater(Side.B, 2), now=T0)
    expired = apply(postponed, Expired(), now=T0 + timedelta(weeks=4))

    changes = tally_changes(postponed, expired)

    assert changes[postponed.party_b.user_id] == TallyChange(closed=1, waiting=-1)
    assert changes[postponed.party_a.user_id] == TallyChange(closed=1, accepted_open=-1)
    assert changes[postponed.connector_id] == TallyChange(closed=1, decided=1, started_open=-1)
    assert insight_changes(postponed, expired) == {Metric.EXPIRED: 1}  # no second answer
