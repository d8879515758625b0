"""The views of a request for an intro, as pure functions: what each person reads, and limits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from introslack.domain.intro import (
    Answer,
    Context,
    Declined,
    DeclineReason,
    Expired,
    Intro,
    Introduced,
    IntroStatus,
    NextStep,
    Passed,
    Side,
    apply,
)
from introslack.slack import ids
from introslack.slack.ids import Action, Block
from introslack.slack.views.ask import (
    ask_modal,
    connector_request,
    parse_ask,
    pass_modal,
    request_sent,
    requester_closed,
)
from introslack.slack.views.intro_modal import intro_modal, parse_intro_submission
from introslack.slack.views.message import Message
from tests.factories import T0, make_intro
from tests.unit.test_views import (
    HOSTILE,
    INJECTIONS,
    assert_valid_message,
    assert_valid_modal,
    buttons,
    mrkdwn_texts,
    shown,
    values_like_slack,
)


def request(**context: str) -> Intro:
    words = {"why": "We both rebuild onboarding", "gain_for_a": "Hiring advice"} | context
    asked = Context(**words)
    return make_intro(
        status=IntroStatus.REQUESTED, answer_a=Answer.ACCEPTED, requested=True, context=asked
    )


def states(intro: Intro) -> dict[str, Intro]:
    introduced = apply(intro, Introduced(intro.context), now=T0)
    return {
        "requested": intro,
        "introduced": introduced,
        "passed": apply(intro, Passed(f"note {HOSTILE}"), now=T0),
        "expired": apply(intro, Expired(), now=T0),
        "declined": apply(introduced, Declined(Side.B, DeclineReason.TOO_BUSY, "secret"), now=T0),
    }


def every_message(intro: Intro) -> Iterator[Message]:
    for state in states(intro).values():
        yield connector_request(state)
        yield request_sent(state)
        yield requester_closed(state)


def test_only_a_waiting_request_offers_introduce_and_not_this_time() -> None:
    for name, state in states(request()).items():
        offered = [b["action_id"] for b in buttons(connector_request(state))]
        expected = [Action.INTRODUCE.value, Action.PASS.value] if name == "requested" else []
        assert offered == expected, name


def test_the_connector_reads_who_asks_whom_they_would_meet_why_and_the_ask() -> None:
    text = shown(connector_request(request()))
    for expected in ("<@U0ALICE01>", "Bob Brown", "Designer", "rebuild onboarding", "Hiring"):
        assert expected in text
    assert "knows nothing of this" in text


def test_the_requester_hears_a_passed_request_kindly_and_the_note_only_if_written() -> None:
    with_note = apply(request(), Passed("Sorry, I barely know Bob"), now=T0)
    without = apply(request(), Passed(), now=T0)
    assert "Sorry, I barely know Bob" in shown(requester_closed(with_note))
    assert "note" not in shown(requester_closed(without)).lower()
    assert "this time" in shown(requester_closed(without))


def test_the_requester_never_reads_the_targets_decline_or_its_reason() -> None:
    told = shown(requester_closed(states(request())["declined"]))
    assert "won't go ahead" in told
    for secret in ("secret", "busy", "declined"):
        assert secret not in told.lower()


def test_user_text_in_every_request_view_pings_no_one() -> None:
    hostile = request(why=f"why {HOSTILE}", gain_for_a=f"hope {HOSTILE}")
    for message in every_message(hostile):
        for text in [message.text, *mrkdwn_texts(message)]:
            assert all(injection not in text for injection in INJECTIONS)
    for state in states(hostile).values():
        for block in pass_modal(state, private_metadata="{}")["blocks"]:
            if block.get("text", {}).get("type") == "mrkdwn":
                assert all(i not in block["text"]["text"] for i in INJECTIONS)


def test_every_request_view_is_valid_block_kit_even_with_the_longest_text() -> None:
    worst = "<&>" * 1000
    modal = ask_modal()
    limits = {
        block["block_id"]: block["element"]["max_length"]
        for block in modal["blocks"]
        if block["type"] == "input" and block["element"]["type"] == "plain_text_input"
    }
    values = values_like_slack(modal, {block_id: worst[:n] for block_id, n in limits.items()})
    values[Block.TARGET][ids.INPUT]["selected_user"] = "U0BOB0001"
    values[Block.CONNECTOR][ids.INPUT]["selected_user"] = "U0CONNECT"
    form = parse_ask(values)
    assert (form.target_id, form.connector_id) == ("U0BOB0001", "U0CONNECT")
    longest = replace(request(), context=form.context)
    assert_valid_modal(modal)
    assert_valid_modal(ask_modal(target="U0BOB0001", connector="U0CONNECT"))
    for message in every_message(longest):
        assert_valid_message(message)
    for state in states(longest).values():
        assert_valid_modal(pass_modal(state, private_metadata="m" * 3000))


def test_introduce_opens_the_intro_form_prefilled_from_the_request_with_the_people_fixed() -> None:
    asked = request()
    asked = replace(asked, context=replace(asked.context, next_step=NextStep.LUNCH))
    modal = intro_modal(party_a="U0ALICE01", party_b="U0BOB0001", request=asked.context)
    assert_valid_modal(modal)
    inputs = {b["block_id"] for b in modal["blocks"] if b["type"] == "input"}
    assert Block.PARTY_A.value not in inputs and Block.PARTY_B.value not in inputs
    assert {Block.ABOUT_A.value, Block.ABOUT_B.value} <= inputs  # where refusals are shown
    form = parse_intro_submission(values_like_slack(modal))
    assert (form.context.why, form.context.gain_for_a) == (asked.context.why, "Hiring advice")
    assert form.context.next_step is NextStep.LUNCH
