"""The pair's shared hours and meeting times, as the introduction will word them."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk.models.blocks import SectionBlock

from introslack.domain.intro import Person
from introslack.domain.overlap import suggest_slots, working_overlap
from introslack.slack.views.introduction import introduction_message
from introslack.slack.views.overlap import (
    NO_OVERLAP,
    meeting_time_lines,
    overlap_line,
    slot_line,
)
from tests.blocks import readable
from tests.factories import make_intro

ALICE = Person(user_id="U0ALICE01", name="Alice", tz="Europe/Paris")
BOB = Person(user_id="U0BOB0001", name="Bob", tz="America/Chicago")
MONDAY = datetime(2024, 12, 2, 8, tzinfo=UTC)


def test_the_overlap_is_told_in_each_persons_own_hours() -> None:
    overlap = working_overlap(ALICE.tz, BOB.tz, now=MONDAY)
    assert overlap is not None
    assert overlap_line(overlap, a=ALICE, b=BOB) == (
        "Your working days overlap 16:00\u201317:00 for Alice, 09:00\u201310:00 for Bob."
    )


def test_a_slot_shows_the_day_and_both_local_times() -> None:
    slot = suggest_slots(ALICE.tz, BOB.tz, now=MONDAY)[1]
    assert slot_line(slot, a=ALICE, b=BOB) == "Tue 3 Dec, 16:00 for Alice · 09:00 for Bob"


def test_a_slot_across_the_date_line_shows_each_persons_own_date() -> None:
    kiri = Person(user_id="U0KIRI001", name="Kiri", tz="Pacific/Auckland")
    dana = Person(user_id="U0DANA001", name="Dana", tz="America/Los_Angeles")
    slot = suggest_slots(kiri.tz, dana.tz, now=MONDAY)[0]
    assert slot_line(slot, a=kiri, b=dana) == (
        "Tue 3 Dec, 09:00 for Kiri · Mon 2 Dec, 12:00 for Dana"
    )


def test_names_are_escaped_so_nobody_is_pinged() -> None:
    sneaky = Person(user_id="U0EVE0001", name="<!channel> & <@U0BOSS001>", tz="Europe/Paris")
    overlap = working_overlap(sneaky.tz, BOB.tz, now=MONDAY)
    slot = suggest_slots(sneaky.tz, BOB.tz, now=MONDAY)[0]
    assert overlap is not None
    for line in (overlap_line(overlap, a=sneaky, b=BOB), slot_line(slot, a=sneaky, b=BOB)):
        assert "&lt;!channel&gt; &amp; &lt;@U0BOSS001&gt;" in line
        assert "<!channel>" not in line and "<@" not in line


def test_times_are_marked_utc_for_someone_without_a_known_zone() -> None:
    nomad = Person(user_id="U0NOMAD01", name="Nomad", tz=None)
    overlap = working_overlap(ALICE.tz, nomad.tz, now=MONDAY)
    slot = suggest_slots(ALICE.tz, nomad.tz, now=MONDAY)[0]
    assert overlap is not None
    assert overlap_line(overlap, a=ALICE, b=nomad) == (
        "Your working days overlap 10:00\u201317:00 for Alice, 09:00\u201316:00 UTC for Nomad."
    )
    assert slot_line(slot, a=ALICE, b=nomad) == "Mon 2 Dec, 11:00 for Alice · 10:00 UTC for Nomad"


def test_the_lines_give_the_overlap_then_one_bullet_per_slot() -> None:
    overlap = working_overlap(ALICE.tz, BOB.tz, now=MONDAY)
    slots = suggest_slots(ALICE.tz, BOB.tz, now=MONDAY)
    lines = meeting_time_lines(overlap, slots, a=ALICE, b=BOB)
    assert lines[0].startswith("Your working days overlap")
    assert lines[2:] == [
        "• Mon 2 Dec, 16:00 for Alice · 09:00 for Bob",
        "• Tue 3 Dec, 16:00 for Alice · 09:00 for Bob",
        "• Wed 4 Dec, 16:00 for Alice · 09:00 for Bob",
    ]
    SectionBlock(text="\n".join(lines)).validate_json()


def test_without_an_overlap_the_pair_is_told_to_start_in_writing() -> None:
    tokyo = Person(user_id="U0TOKYO01", name="Aiko", tz="Asia/Tokyo")
    ny = Person(user_id="U0NEWYRK1", name="Sam", tz="America/New_York")
    overlap = working_overlap(tokyo.tz, ny.tz, now=MONDAY)
    slots = suggest_slots(tokyo.tz, ny.tz, now=MONDAY)
    assert meeting_time_lines(overlap, slots, a=tokyo, b=ny) == [NO_OVERLAP]
    assert "async" in NO_OVERLAP


def test_an_introduction_without_shared_hours_suggests_an_async_start() -> None:
    kiri = Person(user_id="U0KIRI001", name="Kiri", tz="Pacific/Auckland")
    lena = Person(user_id="U0LENA001", name="Lena", tz="Europe/London")
    intro = make_intro(party_a=kiri, party_b=lena)
    message = introduction_message(intro, now=MONDAY)
    text = readable(message.blocks, fallback=message.text)
    assert NO_OVERLAP in text
    assert "Times that work for both of you" not in text
