"""Insights for admins: how a workspace's intros go, month by month, in aggregates only.

Each intro counts in the month it was asked for. Counters move with each intro's moves, so the
figures never need a scan of the history. A figure drawn from fewer than `SMALLEST` intros is
withheld, so that no one's single answer can be read off a total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from introslack.domain.intro import Intro, IntroStatus, Outcome, Side

SMALLEST = 5
MONTHS_SHOWN = 6

# Upper bounds of the buckets that time to the second answer falls in; the median is told as
# "within <bucket>", which is all a counter can know.
ANSWER_BUCKETS: tuple[timedelta, ...] = (
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(days=1),
    timedelta(days=2),
    timedelta(days=3),
    timedelta(days=5),
    timedelta(days=7),
    timedelta(days=30),
)


class Metric(StrEnum):
    STARTED = "started"
    MADE = "made"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    # The pair already knew each other: a success, without a group DM.
    ALREADY_KNEW = "already_knew"
    MET = "met"


def answer_bucket(index: int) -> str:
    """The counter for second answers that came within `ANSWER_BUCKETS[index]`."""
    return f"answered_within:{index}"


def month_of(moment: datetime) -> str:
    return moment.strftime("%Y-%m")


def insight_changes(before: Intro | None, after: Intro) -> dict[str, int]:
    """What the move from `before` (None: just created) adds to the intro's month."""
    changes: dict[str, int] = {}
    if not after.status.before_target and (before is None or before.status.before_target):
        changes[Metric.STARTED] = 1  # a request counts once its target is asked
    closing = after.status.is_closed and not (before is not None and before.status.is_closed)
    closed_as = _CLOSED_METRIC.get(after.status)
    if closing and closed_as is not None:
        changes[closed_as] = 1
    if _both_answered(after) and not (before is not None and _both_answered(before)):
        waited = (after.closed_at or after.created_at) - after.created_at
        changes[answer_bucket(_bucket_of(waited))] = 1
    if _met(after) and not (before is not None and _met(before)):
        changes[Metric.MET] = 1
    return changes


_CLOSED_METRIC: dict[IntroStatus, str] = {
    IntroStatus.MADE: Metric.MADE,
    IntroStatus.DECLINED: Metric.DECLINED,
    IntroStatus.EXPIRED: Metric.EXPIRED,
    IntroStatus.CANCELLED: Metric.CANCELLED,
    IntroStatus.ALREADY_CONNECTED: Metric.ALREADY_KNEW,
}


@dataclass(frozen=True)
class Figure:
    """A number, or None when it is drawn from fewer than `SMALLEST` intros."""

    value: float | None

    @staticmethod
    def count(n: int) -> Figure:
        return Figure(float(n) if n >= SMALLEST else None)

    @staticmethod
    def share(part: int, whole: int) -> Figure:
        return Figure(part / whole if whole >= SMALLEST else None)


@dataclass(frozen=True)
class MonthInsights:
    month: str
    started: Figure
    made: Figure
    declined: Figure
    expired: Figure
    met_share: Figure  # of the intros made, the share where someone said "we met"
    # Made or already acquainted, of those that reached an answer (those, declined, expired).
    acceptance: Figure
    # Index into ANSWER_BUCKETS of the median time to the second answer (len: longer than the
    # last); None when fewer than SMALLEST intros had both answers.
    median_answer_bucket: int | None


def month_insights(month: str, counts: Mapping[str, int]) -> MonthInsights:
    """The month's figures from its counters, each withheld when drawn from too few intros."""
    made, declined, expired = (
        counts.get(m, 0) for m in (Metric.MADE, Metric.DECLINED, Metric.EXPIRED)
    )
    knew = counts.get(Metric.ALREADY_KNEW, 0)
    return MonthInsights(
        month=month,
        started=Figure.count(counts.get(Metric.STARTED, 0)),
        made=Figure.count(made),
        declined=Figure.count(declined),
        expired=Figure.count(expired),
        met_share=Figure.share(counts.get(Metric.MET, 0), made),
        acceptance=Figure.share(made + knew, made + knew + declined + expired),
        median_answer_bucket=_median_bucket(counts),
    )


def recent_months(now: datetime, count: int = MONTHS_SHOWN) -> list[str]:
    """This month and the ones before it, newest first."""
    year, month = now.year, now.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def _median_bucket(counts: Mapping[str, int]) -> int | None:
    per_bucket = [counts.get(answer_bucket(i), 0) for i in range(len(ANSWER_BUCKETS) + 1)]
    total = sum(per_bucket)
    if total < SMALLEST:
        return None
    seen = 0
    for index, n in enumerate(per_bucket):
        seen += n
        if seen * 2 >= total:
            return index
    return len(ANSWER_BUCKETS)  # pragma: no cover - the loop always reaches half


def _bucket_of(waited: timedelta) -> int:
    for index, bound in enumerate(ANSWER_BUCKETS):
        if waited <= bound:
            return index
    return len(ANSWER_BUCKETS)


def _both_answered(intro: Intro) -> bool:
    return all(not intro.answer(side).is_open for side in Side)


def _met(intro: Intro) -> bool:
    return intro.status is IntroStatus.MADE and any(
        intro.outcome(side) is Outcome.MET for side in Side
    )
