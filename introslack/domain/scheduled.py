"""Exactly once without reading the conversation: what a retried scheduled post does next.

A scheduled message can be found again (chat.scheduledMessages.list shows the app's own
pending ones) until it posts; after that only the conversation's history would show it, and
the app may not read the pair's group DM. So each post has a time P fixed before the first
call, and a retry decides from P, the time now, and whether the list still shows it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

# Long enough to outlast a dead worker's 15 s lease and a 10 s poll, with room for a retry.
DEFAULT_DELAY = timedelta(seconds=60)
# How far Slack's clock and ours may disagree; capped by half the delay so short ones work.
CLOCK_SKEW = timedelta(seconds=5)


class Next(StrEnum):
    """What a retry of a scheduled post does."""

    # The list shows it: an earlier attempt scheduled it; record that one.
    RECORD = "record"
    # Not listed and P is still safely ahead: nothing was scheduled (it could not have posted).
    SCHEDULE = "schedule"
    # Not listed and P is (nearly) past: it posted, or never reached Slack. Never post twice.
    GIVE_UP = "give_up"


def margin_for(delay: timedelta) -> timedelta:
    """How far ahead P must still be for "not listed" to mean "not scheduled"."""
    return min(CLOCK_SKEW, delay / 2)


def next_step(*, post_at: datetime, now: datetime, listed: bool, margin: timedelta) -> Next:
    """Decide a retry's move from P, the wall clock, and what the scheduled list shows."""
    if listed:
        return Next.RECORD
    if post_at - now > margin:
        return Next.SCHEDULE
    return Next.GIVE_UP


def post_time(wall_now: datetime, delay: timedelta) -> datetime:
    """P: at least `delay` ahead, on a whole second (Slack's post_at is in whole seconds)."""
    return (wall_now + delay).replace(microsecond=0) + timedelta(seconds=1)
