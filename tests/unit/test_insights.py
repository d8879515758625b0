"""Insights for admins: monthly counters that move with each intro, and small figures withheld."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from introslack.domain.insights import (
    Metric,
    answer_bucket,
    insight_changes,
    month_insights,
    month_of,
    recent_months,
)
from introslack.domain.intro import Accepted, Declined, Expired, FollowedUp, Outcome, Side, apply
from introslack.slack.views.insights import figures, insights_blocks
from tests.blocks import readable
from tests.factories import T0, make_intro


def counted(*moves: object) -> Counter[str]:
    """The counters after an intro's whole life: creation, then each event in turn."""
    intro = make_intro()
    total: Counter[str] = Counter(insight_changes(None, intro))
    now = intro.created_at
    for event in moves:
        now += timedelta(hours=2)
        after = apply(intro, event, now=now)  # type: ignore[arg-type]
        total.update(insight_changes(intro, after))
        intro = after
    return total


def test_a_made_intro_counts_once_as_started_made_and_answered_and_met_when_someone_met() -> None:
    total = counted(Accepted(Side.A), Accepted(Side.B), FollowedUp(Side.A, Outcome.MET))
    assert total == {
        Metric.STARTED: 1,
        Metric.MADE: 1,
        answer_bucket(1): 1,  # both answers within 4 hours
        Metric.MET: 1,
    }
    again = counted(Accepted(Side.A), Accepted(Side.B), FollowedUp(Side.A, Outcome.MET))
    assert again[Metric.MET] == 1


def test_a_decline_and_an_expiry_count_as_such_and_only_a_full_answer_counts_as_answered() -> None:
    assert counted(Declined(Side.B)) == {Metric.STARTED: 1, Metric.DECLINED: 1}
    assert counted(Accepted(Side.A), Expired()) == {Metric.STARTED: 1, Metric.EXPIRED: 1}


def test_every_figure_drawn_from_fewer_than_five_intros_is_withheld() -> None:
    few = month_insights("2026-11", {Metric.STARTED: 4, Metric.MADE: 3, Metric.MET: 1})
    assert [f.value for f in (few.started, few.made, few.met_share, few.acceptance)] == [None] * 4
    assert few.median_answer_bucket is None
    shown = " · ".join(figures(few))
    assert shown.count("fewer than 5") == 7


def test_enough_intros_give_counts_shares_and_the_median_wait() -> None:
    counts = {
        Metric.STARTED: 20,
        Metric.MADE: 10,
        Metric.DECLINED: 5,
        Metric.EXPIRED: 5,
        Metric.MET: 6,
        answer_bucket(0): 3,
        answer_bucket(2): 8,
        answer_bucket(5): 4,
    }
    month = month_insights("2026-11", counts)
    assert month.acceptance.value == 0.5 and month.met_share.value == 0.6
    words = figures(month)
    assert "20 started" in words and "50% accepted" in words and "60% of those made met" in words
    assert "second answer within 1 day" in words


def test_the_months_are_this_one_and_the_five_before_newest_first() -> None:
    assert recent_months(T0) == ["2026-11", "2026-10", "2026-09", "2026-08", "2026-07", "2026-06"]
    assert month_of(T0) == "2026-11"


def test_the_insights_section_names_months_and_never_a_person() -> None:
    blocks = insights_blocks([month_insights("2026-11", {Metric.STARTED: 12})])
    text = readable(blocks, fallback="")
    assert "Insights for admins" in text and "November 2026" in text and "12 started" in text
    assert "<@" not in text
