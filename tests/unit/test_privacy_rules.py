"""Consent answers, a person's export and forgetting them: the pure rules."""

from __future__ import annotations

import json
from dataclasses import replace

from introslack.domain.control import IntroSettings
from introslack.domain.intro import (
    Accepted,
    AlreadyConnected,
    Answer,
    AskedLater,
    Context,
    Declined,
    DeclineReason,
    Expired,
    Preference,
    Side,
    apply,
)
from introslack.domain.privacy import FORMER_COLLEAGUE, answers_given, forgotten, my_data
from tests.factories import T0, WORKSPACE, make_intro

ALICE, BOB, CONNECTOR = "U0ALICE01", "U0BOB0001", "U0CONNECT"


def test_each_answer_is_recorded_for_the_party_who_gave_it_and_an_expiry_for_nobody() -> None:
    intro = make_intro()
    accepted = apply(intro, Accepted(Side.A), now=T0)
    declined = apply(accepted, Declined(Side.B), now=T0)
    knew = apply(intro, AlreadyConnected(Side.B), now=T0)

    assert answers_given(intro, accepted) == {ALICE: Answer.ACCEPTED}
    assert answers_given(accepted, declined) == {BOB: Answer.DECLINED}
    assert answers_given(intro, knew) == {BOB: Answer.ALREADY_CONNECTED}
    assert answers_given(intro, apply(intro, Expired(), now=T0)) == {}


def test_not_now_is_no_answer_and_the_answer_given_after_it_is_recorded() -> None:
    intro = make_intro()
    later = apply(intro, AskedLater(Side.B, weeks=2), now=T0)
    accepted = apply(later, Accepted(Side.B), now=T0)

    assert answers_given(intro, later) == {}
    assert answers_given(later, accepted) == {BOB: Answer.ACCEPTED}


def test_a_partys_export_never_holds_the_other_sides_decline_or_preference_note() -> None:
    intro = make_intro(context=Context(why="Fonts", note_to_a="for Alice", note_to_b="for Bob"))
    intro = replace(intro, preference_b=Preference(note="Bob prefers mornings"))
    bob = intro.side_of(BOB)
    assert bob is not None
    declined = apply(
        intro, Declined(bob, reason=DeclineReason.TOO_BUSY, note="Bob's reason"), now=T0
    )

    document = my_data(
        WORKSPACE, ALICE, intros=[declined], settings=IntroSettings(), consents=[], now=T0
    )
    text = json.dumps(document)

    assert "for Alice" in text and "Fonts" in text
    assert "for Bob" not in text and "Bob's reason" not in text and "too_busy" not in text
    assert "mornings" not in text


def test_forgetting_a_party_erases_their_words_and_name_but_keeps_the_intro() -> None:
    intro = make_intro(context=Context(why="Fonts", about_a="Knows every font", about_b="Bob line"))
    alice = intro.side_of(ALICE)
    assert alice is not None
    declined = apply(intro, Declined(alice, note="Alice's reason"), now=T0)

    gone = forgotten(declined, ALICE)

    assert gone.party_a.name == FORMER_COLLEAGUE and gone.party_a.title == ""
    assert gone.party_a.user_id == ALICE and gone.status is declined.status
    assert gone.context.about_a == "" and gone.context.about_b == "Bob line"
    assert gone.decline is not None and gone.decline.note == ""
    assert gone.context.why == "Fonts" and gone.party_b == declined.party_b


def test_forgetting_the_connector_erases_everything_they_wrote() -> None:
    intro = make_intro(context=Context(why="Fonts", gain_for_a="gain", note_to_b="note"))

    gone = forgotten(intro, CONNECTOR)

    assert gone.context.why == "" and gone.context.gain_for_a == "" and gone.context.note_to_b == ""
    assert gone.party_a == intro.party_a and forgotten(gone, CONNECTOR) == gone
