"""Who may be asked for a new intro now: pure rules, with "now" as an argument."""

from __future__ import annotations

from datetime import date, timedelta

from introslack.domain.control import (
    IntroSettings,
    Limits,
    availability_problem,
    clean_topics,
    connector_problem,
    pair_problem,
    unavailable,
)
from tests.factories import T0

LIMITS = Limits(reask_after=timedelta(days=90), connector_weekly_limit=3)


def test_a_declined_pair_rests_for_the_reask_period_then_may_be_asked_again() -> None:
    declined = T0 - timedelta(days=10)
    assert (
        pair_problem(declined, limits=LIMITS, now=T0) == "These two can't be introduced just yet."
    )
    assert pair_problem(declined, limits=LIMITS, now=declined + timedelta(days=90)) is None
    assert pair_problem(None, limits=LIMITS, now=T0) is None


def test_the_connector_limit_counts_only_the_last_seven_days_and_names_the_next_free_moment() -> (
    None
):
    starts = [T0 - timedelta(hours=1), T0 - timedelta(days=2), T0 - timedelta(days=6)]
    problem = connector_problem(starts, limits=LIMITS, now=T0)
    assert problem is not None
    assert "after Tuesday 24 November at 15:00 UTC" in problem  # the oldest of the three, + 7d
    assert connector_problem(starts[:2], limits=LIMITS, now=T0) is None
    later = T0 + timedelta(days=1, seconds=1)
    assert connector_problem(starts, limits=LIMITS, now=later) is None


def test_a_pause_ends_by_itself_on_the_day_it_names() -> None:
    paused = IntroSettings(paused_until=date(2026, 11, 25))
    assert paused.is_paused(T0)
    assert not paused.is_paused(T0 + timedelta(days=2))


def test_a_private_list_refuses_in_the_same_words_as_a_pause() -> None:
    paused = IntroSettings(paused_until=date(2026, 12, 31))
    listing = IntroSettings(blocked=frozenset({"U0BOB0001"}))
    by_pause = availability_problem(
        "Alice", paused, other_id="U0BOB0001", requests_this_month=0, now=T0
    )
    by_list = availability_problem(
        "Alice", listing, other_id="U0BOB0001", requests_this_month=0, now=T0
    )
    assert by_pause == by_list == unavailable("Alice") == "Alice isn't taking intros right now."
    assert (
        availability_problem("Alice", listing, other_id="U0DAVE001", requests_this_month=0, now=T0)
        is None
    )


def test_a_monthly_limit_names_the_end_of_the_month_and_hides_a_private_list() -> None:
    settings = IntroSettings(monthly_limit=2, blocked=frozenset({"U0BOB0001"}))
    for other in ("U0BOB0001", "U0DAVE001"):
        problem = availability_problem(
            "Alice", settings, other_id=other, requests_this_month=2, now=T0
        )
        assert problem == (
            "Alice has had a lot of intro requests this month; try again after Monday 30 November."
        )
    assert (
        availability_problem("Alice", settings, other_id="U0DAVE001", requests_this_month=1, now=T0)
        is None
    )


def test_topics_are_trimmed_deduplicated_and_few() -> None:
    assert clean_topics(" design systems,  Hiring\nhiring , ,") == ("design systems", "Hiring")
    assert len(clean_topics(",".join(f"t{n}" for n in range(30)))) == 10
