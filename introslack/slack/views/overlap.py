"""When the pair can meet, in words: their shared working hours and a few concrete times."""

from __future__ import annotations

from datetime import time

from introslack.domain.intro import Person
from introslack.domain.messages import N_
from introslack.domain.overlap import LocalHours, Slot, WorkingOverlap
from introslack.domain.timing import zone
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.views import people

EN_DASH = "\u2013"
NO_OVERLAP = N_(
    "Your working hours don't overlap, so an async start may suit you best: "
    "write first, and each of you answers during your own day."
)
SLOTS_INTRO = N_("Times that work for both of you:")


def overlap_line(
    overlap: WorkingOverlap, *, a: Person, b: Person, t: Translator = ENGLISH_TRANSLATOR
) -> str:
    """Say when both are at work, on each one's own clock ("16:00-17:00 for Alice, ...")."""
    return t(
        "Your working days overlap {hours_a} for {a}, {hours_b} for {b}.",
        hours_a=_hours(overlap.for_a, a, t),
        a=people.name(a, t),
        hours_b=_hours(overlap.for_b, b, t),
        b=people.name(b, t),
    )


def slot_line(slot: Slot, *, a: Person, b: Person, t: Translator = ENGLISH_TRANSLATOR) -> str:
    """`Tue 3 Dec, 16:00 for Alice · 09:00 for Bob`, with B's own date when it differs."""
    start_a, start_b = slot.local_start(a.tz), slot.local_start(b.tz)
    for_a = f"{t.day(start_a)}, " + t(
        "{time} for {name}", time=_clock(start_a.time(), a, t), name=people.name(a, t)
    )
    for_b = t("{time} for {name}", time=_clock(start_b.time(), b, t), name=people.name(b, t))
    if start_b.date() != start_a.date():
        for_b = f"{t.day(start_b)}, {for_b}"
    return f"{for_a} · {for_b}"


def meeting_time_lines(
    overlap: WorkingOverlap | None,
    slots: list[Slot],
    *,
    a: Person,
    b: Person,
    t: Translator = ENGLISH_TRANSLATOR,
) -> list[str]:
    """The overlap sentence and a bullet per slot, or the suggestion to start in writing."""
    if overlap is None:
        return [t(NO_OVERLAP)]
    lines = [overlap_line(overlap, a=a, b=b, t=t)]
    if slots:
        lines.append(t(SLOTS_INTRO))
        lines += [f"• {slot_line(slot, a=a, b=b, t=t)}" for slot in slots]
    return lines


def _hours(hours: LocalHours, person: Person, t: Translator) -> str:
    return f"{t.clock(hours.start)}{EN_DASH}{_clock(hours.end, person, t)}"


def _clock(moment: time, person: Person, t: Translator) -> str:
    """24-hour local time, marked UTC when Slack gave no (known) zone for the person."""
    text = t.clock(moment)
    return f"{text} UTC" if zone(person.tz).key == "UTC" else text
