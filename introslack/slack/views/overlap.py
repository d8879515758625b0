"""When the pair can meet, in words: their shared working hours and a few concrete times."""

from __future__ import annotations

from datetime import datetime, time

from introslack.domain.intro import Person
from introslack.domain.overlap import LocalHours, Slot, WorkingOverlap
from introslack.domain.timing import zone
from introslack.slack.views import people

EN_DASH = "\u2013"
NO_OVERLAP = (
    "Your working hours don't overlap, so an async start may suit you best: "
    "write first, and each of you answers during your own day."
)
SLOTS_INTRO = "Times that work for both of you:"


def overlap_line(overlap: WorkingOverlap, *, a: Person, b: Person) -> str:
    """Say when both are at work, on each one's own clock ("16:00-17:00 for Alice, ...")."""
    return (
        f"Your working days overlap {_hours(overlap.for_a, a)} for {people.name(a)}, "
        f"{_hours(overlap.for_b, b)} for {people.name(b)}."
    )


def slot_line(slot: Slot, *, a: Person, b: Person) -> str:
    """`Tue 3 Dec, 16:00 for Alice · 09:00 for Bob`, with B's own date when it differs."""
    start_a, start_b = slot.local_start(a.tz), slot.local_start(b.tz)
    for_a = f"{_day(start_a)}, {_clock(start_a.time(), a)} for {people.name(a)}"
    for_b = f"{_clock(start_b.time(), b)} for {people.name(b)}"
    if start_b.date() != start_a.date():
        for_b = f"{_day(start_b)}, {for_b}"
    return f"{for_a} · {for_b}"


def meeting_time_lines(
    overlap: WorkingOverlap | None, slots: list[Slot], *, a: Person, b: Person
) -> list[str]:
    """The overlap sentence and a bullet per slot, or the suggestion to start in writing."""
    if overlap is None:
        return [NO_OVERLAP]
    lines = [overlap_line(overlap, a=a, b=b)]
    if slots:
        lines.append(SLOTS_INTRO)
        lines += [f"• {slot_line(slot, a=a, b=b)}" for slot in slots]
    return lines


def _hours(hours: LocalHours, person: Person) -> str:
    return f"{hours.start:%H:%M}{EN_DASH}{_clock(hours.end, person)}"


def _clock(moment: time, person: Person) -> str:
    """24-hour local time, marked UTC when Slack gave no (known) zone for the person."""
    text = f"{moment:%H:%M}"
    return f"{text} UTC" if zone(person.tz).key == "UTC" else text


def _day(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}"
