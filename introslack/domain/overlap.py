"""When two people in different time zones can meet: shared working hours and a few slots."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from introslack.domain.timing import WORKDAY_END, WORKDAY_START, zone

# How far ahead slots are offered, in shared working days and (a hard cap) in calendar days.
WORKING_DAYS_AHEAD = 5
HORIZON = timedelta(days=7)
# A slot starts at least this long after now, so nobody is asked to jump into a call.
LEAD_TIME = timedelta(hours=2)
HALF_HOUR = timedelta(minutes=30)
_EPOCH = datetime(2000, 1, 3, tzinfo=UTC)


@dataclass(frozen=True)
class LocalHours:
    """A stretch of one person's working day, on their own wall clock."""

    start: time
    end: time


@dataclass(frozen=True)
class WorkingOverlap:
    """The part of a working day that lies inside both people's working hours."""

    start_utc: datetime
    end_utc: datetime
    for_a: LocalHours
    for_b: LocalHours

    @property
    def length(self) -> timedelta:
        return self.end_utc - self.start_utc


@dataclass(frozen=True)
class Slot:
    """A concrete time to meet, inside both people's working hours."""

    start_utc: datetime
    end_utc: datetime

    def local_start(self, tz: str | None) -> datetime:
        """When the slot starts for someone in `tz` (UTC when the zone is missing or unknown)."""
        return self.start_utc.astimezone(zone(tz))

    def local_end(self, tz: str | None) -> datetime:
        """When the slot ends for someone in `tz` (UTC when the zone is missing or unknown)."""
        return self.end_utc.astimezone(zone(tz))


def working_overlap(tz_a: str | None, tz_b: str | None, *, now: datetime) -> WorkingOverlap | None:
    """The overlap of the next working day the two share, or None when their hours never meet."""
    zone_a, zone_b = zone(tz_a), zone(tz_b)
    for start, end in _shared_working_hours(zone_a, zone_b, now=_aware(now)):
        return WorkingOverlap(
            start_utc=start,
            end_utc=end,
            for_a=_local_hours(start, end, zone_a),
            for_b=_local_hours(start, end, zone_b),
        )
    return None


def suggest_slots(
    tz_a: str | None,
    tz_b: str | None,
    *,
    now: datetime,
    count: int = 3,
    length: timedelta = HALF_HOUR,
) -> list[Slot]:
    """Up to `count` slots on round half-hours in the next shared working days, one a day first."""
    if length <= timedelta(0):
        raise ValueError(f"a slot must last a while, not {length}")
    now = _aware(now)
    earliest = _round_up_to_half_hour(now + LEAD_TIME)
    step = _round_up_to_half_hour(_EPOCH + length) - _EPOCH
    days: list[list[Slot]] = []
    for start, end in _shared_working_hours(zone(tz_a), zone(tz_b), now=now):
        slots = list(_slots_within(max(start, earliest), min(end, now + HORIZON), length, step))
        if slots:
            days.append(slots)
        if len(days) == WORKING_DAYS_AHEAD:
            break
    # One slot on each day first, then a second round, and so on.
    turns = range(max(map(len, days), default=0))
    chosen = [day[turn] for turn in turns for day in days if turn < len(day)][: max(count, 0)]
    return sorted(chosen, key=lambda slot: slot.start_utc)


def _shared_working_hours(
    zone_a: ZoneInfo, zone_b: ZoneInfo, *, now: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Each stretch within the horizon, in time order, when both are in weekday working hours."""
    first_day = now.astimezone(zone_a).date() - timedelta(days=1)
    for offset in range(HORIZON.days + 3):
        hours_a = _working_hours(first_day + timedelta(days=offset), zone_a)
        if hours_a is None:
            continue
        if hours_a[0] >= now + HORIZON:
            return
        # Only B's working days on the dates A's working hours cover can meet them.
        days_b = sorted({moment.astimezone(zone_b).date() for moment in hours_a})
        for day_b in days_b:
            hours_b = _working_hours(day_b, zone_b)
            if hours_b is None:
                continue
            start, end = max(hours_a[0], hours_b[0]), min(hours_a[1], hours_b[1])
            if start < end and end > now:
                yield start, end


def _working_hours(day: date, local_zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    """09:00 to 17:00 on that date in that zone, in UTC, or None at the weekend."""
    if day.weekday() >= 5:
        return None
    start = datetime.combine(day, WORKDAY_START, tzinfo=local_zone).astimezone(UTC)
    end = datetime.combine(day, WORKDAY_END, tzinfo=local_zone).astimezone(UTC)
    return start, end


def _local_hours(start: datetime, end: datetime, local_zone: ZoneInfo) -> LocalHours:
    local_start, local_end = start.astimezone(local_zone), end.astimezone(local_zone)
    return LocalHours(start=local_start.time(), end=local_end.time())


def _slots_within(
    start: datetime, end: datetime, length: timedelta, step: timedelta
) -> Iterator[Slot]:
    moment = _round_up_to_half_hour(start)
    while moment + length <= end:
        yield Slot(start_utc=moment, end_utc=moment + length)
        moment += step


def _round_up_to_half_hour(moment: datetime) -> datetime:
    """The first whole or half hour (UTC, so local too in all but the :45 zones) at or after."""
    halves = -((_EPOCH - moment) // HALF_HOUR)
    return _EPOCH + halves * HALF_HOUR


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must carry a time zone (use UTC)")
    return now.astimezone(UTC)
