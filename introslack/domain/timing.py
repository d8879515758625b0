"""When follow-through happens: durations, and nudges that arrive in working hours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WORKDAY_START = time(9, 0)
WORKDAY_END = time(17, 0)
HUMANE_THRESHOLD = timedelta(days=1)

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> timedelta:
    """Parse `90s`, `15m`, `3h` or `7d`; raise ValueError for anything else."""
    match = _DURATION.match(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not a duration like 90s, 15m, 3h or 7d")
    return timedelta(seconds=int(match.group(1)) * _UNIT_SECONDS[match.group(2)])


@dataclass(frozen=True)
class FollowThrough:
    """How long the app waits before it reminds, expires and follows up."""

    remind_after: timedelta = timedelta(days=3)
    expire_after: timedelta = timedelta(days=7)
    follow_up_after: timedelta = timedelta(days=7)


def humane_time(due: datetime, *, scheduled_at: datetime, tz: str | None) -> datetime:
    """Move a nudge planned a day or more ahead into the recipient's weekday working hours."""
    if due - scheduled_at < HUMANE_THRESHOLD:
        return due
    local_zone = zone(tz)
    local = due.astimezone(local_zone)
    if local.time() >= WORKDAY_END:
        local = _start_of_day(local + timedelta(days=1), local_zone)
    elif local.time() < WORKDAY_START:
        local = _start_of_day(local, local_zone)
    while local.weekday() >= 5:
        local = _start_of_day(local + timedelta(days=1), local_zone)
    return local.astimezone(UTC)


def _start_of_day(moment: datetime, zone: ZoneInfo) -> datetime:
    return datetime.combine(moment.date(), WORKDAY_START, tzinfo=zone)


def zone(tz: str | None) -> ZoneInfo:
    """The IANA zone `tz`, or UTC when it is missing or unknown."""
    try:
        return ZoneInfo(tz) if tz else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
