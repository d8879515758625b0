"""Shared working hours and meeting slots across time zones, on real dates (DST included)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from introslack.domain.overlap import (
    HORIZON,
    LEAD_TIME,
    LocalHours,
    Slot,
    suggest_slots,
    working_overlap,
)

PARIS, CHICAGO = "Europe/Paris", "America/Chicago"
LONDON, NEW_YORK = "Europe/London", "America/New_York"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def hours(start: str, end: str) -> LocalHours:
    return LocalHours(time.fromisoformat(start), time.fromisoformat(end))


def local(slot: Slot, tz: str) -> str:
    return slot.local_start(tz).strftime("%a %d %b %H:%M")


def assert_inside_working_hours(slot: Slot, tz: str | None) -> None:
    start, end = slot.local_start(tz), slot.local_end(tz)
    assert start.weekday() < 5, f"{start} is at the weekend in {tz}"
    assert start.date() == end.date(), f"{start} to {end} crosses midnight in {tz}"
    assert time(9) <= start.time() and end.time() <= time(17), f"{start} to {end} in {tz}"


def test_paris_and_chicago_share_one_winter_hour_at_the_end_of_the_paris_day() -> None:
    overlap = working_overlap(PARIS, CHICAGO, now=utc(2024, 12, 2, 8))
    assert overlap is not None
    assert overlap.for_a == hours("16:00", "17:00")
    assert overlap.for_b == hours("09:00", "10:00")
    assert overlap.length == timedelta(hours=1)


def test_three_slots_fall_on_three_days_inside_the_paris_chicago_hour() -> None:
    slots = suggest_slots(PARIS, CHICAGO, now=utc(2024, 12, 2, 8))
    assert [(local(s, PARIS), local(s, CHICAGO)) for s in slots] == [
        ("Mon 02 Dec 16:00", "Mon 02 Dec 09:00"),
        ("Tue 03 Dec 16:00", "Tue 03 Dec 09:00"),
        ("Wed 04 Dec 16:00", "Wed 04 Dec 09:00"),
    ]
    assert all(s.end_utc - s.start_utc == timedelta(minutes=30) for s in slots)


def test_the_overlap_widens_in_the_march_weeks_when_only_america_has_moved_its_clocks() -> None:
    # The US moved on 9 March 2025, Europe on 30 March: for three weeks they are 6 h apart.
    friday = working_overlap(PARIS, CHICAGO, now=utc(2025, 3, 28, 6))
    monday = working_overlap(PARIS, CHICAGO, now=utc(2025, 3, 31, 6))
    assert friday is not None and monday is not None
    assert (friday.for_a, friday.for_b) == (hours("15:00", "17:00"), hours("09:00", "11:00"))
    assert (monday.for_a, monday.for_b) == (hours("16:00", "17:00"), hours("09:00", "10:00"))


def test_slots_across_europes_autumn_change_follow_each_days_own_offset() -> None:
    # Europe went back on 26 October 2025, the US on 2 November.
    slots = suggest_slots(LONDON, NEW_YORK, now=utc(2025, 10, 23, 5), count=5)
    assert [(local(s, LONDON), local(s, NEW_YORK)) for s in slots] == [
        ("Thu 23 Oct 14:00", "Thu 23 Oct 09:00"),
        ("Fri 24 Oct 14:00", "Fri 24 Oct 09:00"),
        ("Mon 27 Oct 13:00", "Mon 27 Oct 09:00"),
        ("Tue 28 Oct 13:00", "Tue 28 Oct 09:00"),
        ("Wed 29 Oct 13:00", "Wed 29 Oct 09:00"),
    ]


def test_a_slot_on_the_day_israel_moves_its_clocks_uses_that_days_offset() -> None:
    # Israel springs forward early on Friday 28 March 2025, a working day; New York already has.
    thursday = working_overlap("Asia/Jerusalem", NEW_YORK, now=utc(2025, 3, 27, 5))
    assert thursday is not None and thursday.for_a == hours("15:00", "17:00")
    slots = suggest_slots("Asia/Jerusalem", NEW_YORK, now=utc(2025, 3, 27, 15), count=1)
    assert [(local(s, "Asia/Jerusalem"), local(s, NEW_YORK)) for s in slots] == [
        ("Fri 28 Mar 16:00", "Fri 28 Mar 09:00"),
    ]


def test_kolkata_and_london_meet_on_half_hour_boundaries() -> None:
    overlap = working_overlap("Asia/Kolkata", LONDON, now=utc(2024, 12, 2, 6))
    assert overlap is not None
    assert overlap.for_a == hours("14:30", "17:00")
    assert overlap.for_b == hours("09:00", "11:30")
    slots = suggest_slots("Asia/Kolkata", LONDON, now=utc(2024, 12, 2, 6))
    assert local(slots[0], "Asia/Kolkata") == "Mon 02 Dec 14:30"
    assert all(s.local_start("Asia/Kolkata").minute in (0, 30) for s in slots)


def test_auckland_monday_morning_is_la_sunday_so_the_pair_first_meets_on_tuesday() -> None:
    sunday_in_la = utc(2024, 12, 8, 19)  # Monday 08:00 in Auckland
    overlap = working_overlap("Pacific/Auckland", "America/Los_Angeles", now=sunday_in_la)
    assert overlap is not None
    assert overlap.start_utc == utc(2024, 12, 9, 20)  # Tuesday 09:00 / Monday 12:00
    assert (overlap.for_a, overlap.for_b) == (hours("09:00", "14:00"), hours("12:00", "17:00"))
    slots = suggest_slots("Pacific/Auckland", "America/Los_Angeles", now=sunday_in_la, count=10)
    assert slots
    for slot in slots:
        assert slot.local_start("Pacific/Auckland").strftime("%a") != "Mon"
        assert slot.local_start("America/Los_Angeles").strftime("%a") != "Fri"


def test_tokyo_and_new_york_have_no_overlap_and_no_slots() -> None:
    now = utc(2025, 6, 2, 12)
    assert working_overlap("Asia/Tokyo", NEW_YORK, now=now) is None
    assert suggest_slots("Asia/Tokyo", NEW_YORK, now=now) == []


def test_two_people_in_one_zone_share_the_whole_working_day() -> None:
    overlap = working_overlap(PARIS, PARIS, now=utc(2024, 12, 2, 6))
    assert overlap is not None
    assert overlap.for_a == overlap.for_b == hours("09:00", "17:00")


def test_an_unknown_or_missing_zone_counts_as_utc() -> None:
    assert working_overlap(None, "Not/AZone", now=utc(2024, 12, 2, 6)) == working_overlap(
        "UTC", "UTC", now=utc(2024, 12, 2, 6)
    )


def test_the_weekend_gives_the_overlap_of_monday() -> None:
    overlap = working_overlap(PARIS, CHICAGO, now=utc(2024, 11, 30, 12))  # Saturday
    assert overlap is not None and overlap.start_utc == utc(2024, 12, 2, 15)


def test_slots_start_a_couple_of_hours_from_now_on_a_round_half_hour() -> None:
    slots = suggest_slots(PARIS, PARIS, now=utc(2024, 12, 2, 9, 10))  # 10:10 in Paris
    assert local(slots[0], PARIS) == "Mon 02 Dec 12:30"


def test_an_overlap_too_soon_or_too_short_is_skipped_for_the_next_day() -> None:
    # 15:30 UTC is 16:30 in Paris: today's Paris-Chicago hour is nearly over.
    slots = suggest_slots(PARIS, CHICAGO, now=utc(2024, 12, 2, 15, 30), count=1)
    assert local(slots[0], PARIS) == "Tue 03 Dec 16:00"
    assert suggest_slots(PARIS, CHICAGO, now=utc(2024, 12, 2, 8), length=timedelta(hours=2)) == []


def test_more_slots_than_days_adds_later_times_without_double_booking() -> None:
    slots = suggest_slots(PARIS, CHICAGO, now=utc(2024, 12, 2, 8), count=7)
    assert len(slots) == 7
    assert len({s.start_utc.date() for s in slots}) == 5, "every one of the five days first"
    for earlier, later in pairwise(slots):
        assert earlier.end_utc <= later.start_utc


def test_a_clock_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        working_overlap(PARIS, CHICAGO, now=datetime(2024, 12, 2, 8))


ZONES = st.sampled_from([None, "Not/AZone", *sorted(available_timezones())])
NOWS = st.datetimes(
    min_value=datetime(1995, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)
LENGTHS = st.sampled_from([timedelta(minutes=m) for m in (15, 30, 45, 60, 90)])


@settings(max_examples=300, deadline=None)
@given(tz_a=ZONES, tz_b=ZONES, now=NOWS, length=LENGTHS, count=st.integers(1, 6))
def test_every_suggested_slot_is_soon_and_inside_both_weekday_working_hours(
    tz_a: str | None, tz_b: str | None, now: datetime, length: timedelta, count: int
) -> None:
    slots = suggest_slots(tz_a, tz_b, now=now, count=count, length=length)
    assert len(slots) <= count
    for slot in slots:
        assert slot.end_utc - slot.start_utc == length
        assert now + LEAD_TIME <= slot.start_utc and slot.end_utc <= now + HORIZON
        assert slot.start_utc.minute in (0, 30) and slot.start_utc.second == 0
        assert_inside_working_hours(slot, tz_a)
        assert_inside_working_hours(slot, tz_b)
    for earlier, later in pairwise(slots):
        assert earlier.end_utc <= later.start_utc


@settings(max_examples=300, deadline=None)
@given(tz_a=ZONES, tz_b=ZONES, now=NOWS)
def test_the_overlap_is_in_both_peoples_working_hours_and_matches_their_clocks(
    tz_a: str | None, tz_b: str | None, now: datetime
) -> None:
    overlap = working_overlap(tz_a, tz_b, now=now)
    if overlap is None:
        assert suggest_slots(tz_a, tz_b, now=now) == []
        return
    assert overlap.end_utc > now and overlap.start_utc < now + HORIZON
    whole = Slot(overlap.start_utc, overlap.end_utc)
    for tz, own in ((tz_a, overlap.for_a), (tz_b, overlap.for_b)):
        assert_inside_working_hours(whole, tz)
        assert (whole.local_start(tz).time(), whole.local_end(tz).time()) == (own.start, own.end)


def test_slots_use_real_zone_rules_not_a_fixed_offset() -> None:
    before = ZoneInfo(PARIS).utcoffset(datetime(2025, 3, 28))
    after = ZoneInfo(PARIS).utcoffset(datetime(2025, 3, 31))
    assert before != after, "the test's premise: Paris changes its offset that weekend"
    slots = suggest_slots(PARIS, CHICAGO, now=utc(2025, 3, 27, 6), count=3)
    assert [local(s, PARIS) for s in slots] == [
        "Thu 27 Mar 15:00",
        "Fri 28 Mar 15:00",
        "Mon 31 Mar 16:00",
    ]
