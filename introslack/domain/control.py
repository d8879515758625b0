"""People in control: who may be asked for a new intro now, and the words for a refusal.

Pure rules; the store supplies the counts and dates, and "now" is always an argument. A refusal
never tells the connector anything private: that someone declined, who keeps a private list,
or who is on one. Pause and private list read alike, word for word, and a monthly limit wins
over a private list, so nobody can tell from the wording which one refused a pair.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from introslack.domain.messages import N_

# One tag at most this long, and at most this many, so a hint stays a hint.
TOPIC_MAX = 40
TOPICS_MAX = 10
BLOCKED_MAX = 100

PAIR_RESTING = N_("These two can't be introduced just yet.")


@dataclass(frozen=True)
class Limits:
    """The workspace-wide rules that keep requests from becoming spam."""

    reask_after: timedelta = timedelta(days=90)
    connector_weekly_limit: int = 20


CONNECTOR_WINDOW = timedelta(weeks=1)


@dataclass(frozen=True)
class IntroSettings:
    """A person's own rules for intro requests to them; the defaults ask nothing of anyone."""

    # Back to taking requests on this (UTC) day; paused until then.
    paused_until: date | None = None
    # At most this many requests to them per calendar month (UTC); None: no limit.
    monthly_limit: int | None = None
    topics: tuple[str, ...] = ()
    # People they would rather not be introduced to; only they ever see this list.
    blocked: frozenset[str] = field(default_factory=frozenset)

    def is_paused(self, now: datetime) -> bool:
        """A pause ends by itself, on the day it names."""
        return self.paused_until is not None and now.date() < self.paused_until


def unavailable(name: str) -> str:
    """The one refusal for a pause and for a private list: the same words for both."""
    return N_("{name} isn't taking intros right now.", name=name)


def month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def last_day_of_month(now: datetime) -> date:
    return now.date().replace(day=calendar.monthrange(now.year, now.month)[1])


def busy_this_month(name: str, now: datetime) -> str:
    return N_(
        "{name} has had a lot of intro requests this month; try again after {day}.",
        name=name,
        day=last_day_of_month(now),
    )


def availability_problem(
    name: str,
    settings: IntroSettings,
    *,
    other_id: str,
    requests_this_month: int,
    now: datetime,
) -> str | None:
    """Why this person can't be sent a new request now (with `other_id`), or None if they can.

    Order matters for privacy: a pause, then a monthly limit, then the private list, so the
    private list only ever shows where a pause would, in the same words.
    """
    if settings.is_paused(now):
        return unavailable(name)
    if settings.monthly_limit is not None and requests_this_month >= settings.monthly_limit:
        return busy_this_month(name, now)
    if other_id in settings.blocked:
        return unavailable(name)
    return None


def pair_problem(last_declined_at: datetime | None, *, limits: Limits, now: datetime) -> str | None:
    """A pair where someone declined rests for a while; the words name nobody."""
    if last_declined_at is not None and now < last_declined_at + limits.reask_after:
        return PAIR_RESTING
    return None


def connector_problem(
    recent_starts: list[datetime], *, limits: Limits, now: datetime
) -> str | None:
    """At most so many new intros a week per connector; say when the next one is possible.

    `recent_starts` are the connector's intros started in the last week, newest first (at most
    the limit of them is enough).
    """
    limit = limits.connector_weekly_limit
    window = [started for started in recent_starts if started > now - CONNECTOR_WINDOW]
    if len(window) < limit:
        return None
    again = sorted(window, reverse=True)[limit - 1] + CONNECTOR_WINDOW
    return N_(
        "You've started {limit} intros in the past week, the most I send in a week so that "
        "requests never feel like spam. You can start another after {day} at {time} UTC.",
        limit=limit,
        day=again.date(),
        time=again.time(),
    )


def clean_topics(raw: str) -> tuple[str, ...]:
    """Free tags, comma or line separated: trimmed, de-duplicated, clipped."""
    seen: dict[str, str] = {}
    for part in raw.replace("\n", ",").split(","):
        tag = " ".join(part.split())[:TOPIC_MAX]
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return tuple(seen.values())[:TOPICS_MAX]
