"""What people see: the intro form, the private requests, the introduction and the notices."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.models.blocks import Block as SlackBlock
from slack_sdk.models.views import View

from introslack.domain.intro import (
    Accepted,
    AskedLater,
    Cancelled,
    Context,
    Declined,
    DeclineReason,
    Expired,
    FollowedUp,
    Intro,
    IntroStatus,
    MetBefore,
    NextStep,
    Outcome,
    Person,
    Relationship,
    Side,
    Workspace,
    apply,
)
from introslack.slack import ids
from introslack.slack.ids import Action, Block, Callback
from introslack.slack.views import (
    Message,
    decline_modal,
    follow_up_nudge,
    intro_closed,
    intro_modal,
    introduction_message,
    notice_modal,
    outcome_reported,
    parse_decline,
    parse_intro_submission,
    request_message,
    requests_sent,
)
from introslack.slack.views.notices import asked_later
from tests.blocks import readable, text_objects

NOW = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)
CONNECTOR = "UCONNECTOR"
INJECTIONS = ("<!channel>", "<!here>", "<@U999>", "<https://x|y>")
HOSTILE = " ".join(INJECTIONS)

JSON = dict[str, Any]


# Factory ------------------------------------------------------------------------------------


def make_person(user_id: str, name: str, **changes: Any) -> Person:
    return replace(Person(user_id=user_id, name=name), **changes)


def make_intro(**context_changes: Any) -> Intro:
    context = Context(
        why="You are both rebuilding onboarding this quarter.",
        gain_for_a="A second opinion on the hiring plan.",
        gain_for_b="A team that ships weekly.",
        next_step=NextStep.VIDEO_CALL,
        note_to_a="NOTE-FOR-ADA-ONLY",
        note_to_b="NOTE-FOR-GRACE-ONLY",
    )
    return Intro(
        id="intro-42",
        workspace=Workspace(team_id="T1"),
        connector_id=CONNECTOR,
        party_a=make_person(
            "UADA",
            "Ada Lovelace",
            title="Head of Engines",
            tz="Europe/London",
            tz_label="Greenwich Mean Time",
        ),
        party_b=make_person(
            "UGRACE",
            "Grace Hopper",
            title="Compiler Lead",
            tz="America/New_York",
            tz_label="Eastern Standard Time",
        ),
        context=replace(context, **context_changes),
        created_at=NOW,
    )


def hostile_intro() -> Intro:
    """An intro whose every piece of user text tries to ping someone."""
    intro = make_intro(
        why=f"why {HOSTILE}",
        gain_for_a=f"gain a {HOSTILE}",
        gain_for_b=f"gain b {HOSTILE}",
        note_to_a=f"note a {HOSTILE}",
        note_to_b=f"note b {HOSTILE}",
    )
    return replace(
        intro,
        party_a=replace(
            intro.party_a, name=f"Ada {HOSTILE}", title=f"CTO {HOSTILE}", tz_label=HOSTILE
        ),
        party_b=replace(
            intro.party_b, name=f"Grace {HOSTILE}", title=f"VP {HOSTILE}", tz_label=HOSTILE
        ),
    )


def states(intro: Intro) -> dict[str, Intro]:
    """The intro at every point of its life, reached through the domain's own transitions."""
    a_accepted = apply(intro, Accepted(Side.A), now=NOW)
    made = apply(a_accepted, Accepted(Side.B), now=NOW)
    reason_note = f"note {HOSTILE} SECRET-REASON-NOTE"
    return {
        "pending": intro,
        "a accepted": a_accepted,
        "made": made,
        "a declined": apply(intro, Declined(Side.A, DeclineReason.TOO_BUSY, reason_note), now=NOW),
        "b declined after a accepted": apply(
            a_accepted, Declined(Side.B, DeclineReason.NOT_MY_AREA, reason_note), now=NOW
        ),
        "b declined without reason": apply(intro, Declined(Side.B), now=NOW),
        "expired with b silent": apply(a_accepted, Expired(), now=NOW),
        "expired with both silent": apply(intro, Expired(), now=NOW),
        "cancelled": apply(intro, Cancelled(), now=NOW),
        "a said not now": apply(intro, AskedLater(Side.A, 2), now=NOW),
        "a said not now, then b accepted": apply(
            apply(intro, AskedLater(Side.A, 4), now=NOW), Accepted(Side.B), now=NOW
        ),
        **{
            f"made, a says {outcome.value}": apply(made, FollowedUp(Side.A, outcome), now=NOW)
            for outcome in Outcome
        },
    }


def every_message(intro: Intro) -> Iterator[Message]:
    for state in states(intro).values():
        for side in Side:
            yield request_message(state, side, now=NOW)
            yield request_message(state, side, now=NOW, reminder=True)
            yield request_message(state, side, now=NOW, reask=True)
            yield follow_up_nudge(state, side)
            yield outcome_reported(state, side)
        yield introduction_message(state, now=NOW)
        yield requests_sent(state)
        yield intro_closed(state)


def every_modal(intro: Intro) -> Iterator[JSON]:
    yield intro_modal()
    yield intro_modal(party_a="UADA", party_b="UGRACE", private_metadata="x" * 3000)
    for side in Side:
        yield decline_modal(intro, side, private_metadata="intro-42")
        yield decline_modal(intro, side, private_metadata="intro-42", connector_name=HOSTILE)
    yield notice_modal("Already answered", f"You answered already {HOSTILE}")


# Reading what Slack would show --------------------------------------------------------------


def mrkdwn_texts(message: Message) -> list[str]:
    return [t["text"] for t in text_objects(message.blocks) if t["type"] == "mrkdwn"]


def shown(message: Message) -> str:
    """Everything a person could read: the blocks' texts and the notification text."""
    return readable(message.blocks, fallback=message.text)


def blocks_of_type(blocks: list[JSON], kind: str) -> list[JSON]:
    return [block for block in blocks if block["type"] == kind]


def buttons(message: Message) -> list[JSON]:
    return [e for block in blocks_of_type(message.blocks, "actions") for e in block["elements"]]


def assert_within_limits(blocks: list[JSON]) -> None:
    """Check what slack_sdk validates, plus the limits it leaves to the server."""
    for block in blocks:
        parsed = SlackBlock.parse(block)
        assert parsed is not None, block
        assert parsed.to_dict() == block  # runs slack_sdk's validators; catches misspelt keys
        if block["type"] == "section":
            if "text" in block:
                assert 1 <= len(block["text"]["text"]) <= 3000
            assert len(block.get("fields", [])) <= 10
            assert all(len(field["text"]) <= 2000 for field in block.get("fields", []))
        if block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
        if block["type"] == "actions":
            action_ids = [element["action_id"] for element in block["elements"]]
            assert len(action_ids) == len(set(action_ids))
        if block["type"] == "input":
            element = block["element"]
            assert 1 <= element.get("max_length", 3000) <= 3000
            assert len(element.get("options", [])) <= 10 or element["type"] == "static_select"
    block_ids = [block["block_id"] for block in blocks if "block_id" in block]
    assert len(block_ids) == len(set(block_ids))


def assert_valid_message(message: Message) -> None:
    assert message.text.strip()
    assert 1 <= len(message.blocks) <= 50
    assert_within_limits(message.blocks)


def assert_valid_modal(modal: JSON) -> None:
    View(**modal).to_dict()  # title/submit/close ≤24, 1-100 blocks, private_metadata ≤3000
    assert_within_limits(modal["blocks"])


def values_like_slack(modal: JSON, typed: dict[str, str] | None = None) -> JSON:
    """The `view.state.values` Slack would send: each input's initial value, or typed text."""
    typed = typed or {}
    values: JSON = {}
    for block in blocks_of_type(modal["blocks"], "input"):
        element = block["element"]
        block_id = block["block_id"]
        if element["type"] == "users_select":
            state = {"type": "users_select", "selected_user": element.get("initial_user")}
        elif element["type"] == "plain_text_input":
            value = typed.get(block_id, element.get("initial_value"))
            state = {"type": "plain_text_input", "value": value}
        else:
            state = {"type": element["type"], "selected_option": element.get("initial_option")}
        values[block_id] = {element["action_id"]: state}
    return values


# The opt-in request -------------------------------------------------------------------------


def test_request_offers_accept_and_a_blameless_decline() -> None:
    message = request_message(make_intro(), Side.A, now=NOW)

    accept, decline, knew, in_two, in_four, prefer = buttons(message)
    assert (accept["text"]["text"], accept["style"]) == ("Accept", "primary")
    assert knew["text"]["text"] == "We already know each other"
    assert knew["action_id"] == Action.ALREADY_CONNECTED and "style" not in knew
    assert prefer["action_id"] == Action.PREFERENCE
    assert decline["text"]["text"] == "Decline"
    assert "style" not in decline
    assert [accept["action_id"], decline["action_id"]] == [Action.ACCEPT, Action.DECLINE]
    assert accept["value"] == decline["value"] == "intro-42"
    answer, later, preference = blocks_of_type(message.blocks, "actions")
    assert (answer["block_id"], later["block_id"], preference["block_id"]) == (
        Block.ANSWER_ACTIONS,
        Block.LATER_ACTIONS,
        Block.PREFERENCE_ACTIONS,
    )
    assert [in_two["text"]["text"], in_four["text"]["text"]] == [
        "Not now, ask me in 2 weeks",
        "Not now, ask me in 4 weeks",
    ]
    assert [in_two["value"], in_four["value"]] == ["intro-42:2", "intro-42:4"]
    assert "Declining is fine and no reason is needed." in shown(message)


def test_request_says_who_asks_and_who_the_other_person_is_with_their_local_time() -> None:
    text = shown(request_message(make_intro(), Side.A, now=NOW))

    assert f"<@{CONNECTOR}> would like to introduce you to" in text
    assert "Grace Hopper" in text
    assert "Compiler Lead" in text
    assert "Eastern Standard Time · 10:00 AM there now" in text
    assert "You are both rebuilding onboarding this quarter." in text
    assert "A short video call" in text
    assert f"Your answer goes to <@{CONNECTOR}> only." in text


def test_request_shows_only_this_sides_private_note_and_gain() -> None:
    intro = make_intro()

    to_ada = shown(request_message(intro, Side.A, now=NOW))
    to_grace = shown(request_message(intro, Side.B, now=NOW))

    assert "NOTE-FOR-ADA-ONLY" in to_ada
    assert "NOTE-FOR-GRACE-ONLY" not in to_ada
    assert "NOTE-FOR-GRACE-ONLY" in to_grace
    assert "NOTE-FOR-ADA-ONLY" not in to_grace
    assert "A second opinion on the hiring plan." in to_ada
    assert "A team that ships weekly." not in to_ada


def test_no_private_note_appears_in_any_state_for_the_wrong_side() -> None:
    for state in states(make_intro()).values():
        assert "NOTE-FOR-GRACE-ONLY" not in shown(request_message(state, Side.A, now=NOW))
        assert "NOTE-FOR-ADA-ONLY" not in shown(request_message(state, Side.B, now=NOW))
        assert "NOTE-FOR" not in shown(introduction_message(state, now=NOW))


def test_a_reminder_starts_gently_and_keeps_the_same_buttons() -> None:
    intro = make_intro()

    reminder = request_message(intro, Side.B, now=NOW, reminder=True)

    assert reminder.text.startswith("A gentle reminder:")
    assert "A gentle reminder:" in mrkdwn_texts(reminder)[0]
    assert buttons(reminder) == buttons(request_message(intro, Side.B, now=NOW))


@pytest.mark.parametrize(
    "state_name",
    [name for name in states(make_intro()) if name != "pending"],
)
def test_answered_or_closed_requests_have_no_answer_buttons_left(state_name: str) -> None:
    state = states(make_intro())[state_name]
    for side in Side:
        if state.status is IntroStatus.PENDING and state.answer(side).is_open:
            continue  # not answered yet ("not now" included): the answers stay live
        # Only an accepted, still pending request keeps "how you'd like to connect".
        still_preferring = state.status is IntroStatus.PENDING
        for reminder in (False, True):
            message = request_message(state, side, now=NOW, reminder=reminder)
            left = [b["action_id"] for b in buttons(message)]
            assert left == ([Action.PREFERENCE] if still_preferring else [])
            assert "Grace Hopper" in shown(message) or "Ada Lovelace" in shown(message)


def test_an_accepted_request_waits_without_revealing_the_other_answer() -> None:
    a_accepted = states(make_intro())["a accepted"]

    message = request_message(a_accepted, Side.A, now=NOW)

    assert message.text == "✅ You accepted. I'll introduce you as soon as Grace Hopper says yes."


@pytest.mark.parametrize(
    ("state_name", "side", "expected"),
    [
        ("made", Side.A, "The introduction arrives in your group DM in about a minute."),
        ("a declined", Side.A, f"You declined. Only <@{CONNECTOR}> knows."),
        ("a declined", Side.B, "This intro won't go ahead. No action needed."),
        ("expired with b silent", Side.A, "This intro has expired."),
        ("expired with b silent", Side.B, "This intro has expired."),
        ("cancelled", Side.B, "This intro was cancelled. No action needed."),
    ],
)
def test_a_closed_request_says_where_the_intro_stands(
    state_name: str, side: Side, expected: str
) -> None:
    message = request_message(states(make_intro())[state_name], side, now=NOW)

    assert expected in message.text
    assert expected in mrkdwn_texts(message)[0]


def test_a_request_reread_long_after_the_intro_was_made_points_to_the_group_dm() -> None:
    made = states(make_intro())["made"]

    message = request_message(made, Side.B, now=NOW + timedelta(days=1))

    assert "You're introduced — see the group DM." in message.text
    assert "about a minute" not in message.text


def test_decline_reason_reaches_only_the_connector() -> None:
    declined = states(make_intro())["b declined after a accepted"]

    to_connector = shown(intro_closed(declined))
    to_ada = shown(request_message(declined, Side.A, now=NOW))

    assert "<@UGRACE> declined the intro to <@UADA>." in to_connector
    assert "Not my area" in to_connector
    assert "SECRET-REASON-NOTE" in to_connector
    assert "<@UADA> was told only that this intro won't go ahead." in to_connector
    assert "Not my area" not in to_ada
    assert "SECRET-REASON-NOTE" not in to_ada
    assert "declined" not in to_ada.lower()
    assert "won't go ahead" in to_ada


def test_a_decline_without_reason_is_fine_by_the_connector_notice() -> None:
    text = shown(intro_closed(states(make_intro())["b declined without reason"]))

    assert "No reason given, and that's fine." in text


# Escaping -----------------------------------------------------------------------------------


def test_user_text_never_pings_anyone_in_any_message() -> None:
    messages = list(every_message(hostile_intro()))

    for message in messages:
        for text in [message.text, *mrkdwn_texts(message)]:
            for injection in INJECTIONS:
                assert injection not in text
    everything = "\n".join(shown(message) for message in messages)
    assert "&lt;!channel&gt; &lt;!here&gt; &lt;@U999&gt; &lt;https://x|y&gt;" in everything
    for field in ("why", "gain a", "gain b", "note a", "note b", "Ada", "CTO", "Grace", "VP"):
        assert f"{field} &lt;!channel&gt;" in everything


def test_user_text_in_modal_mrkdwn_is_escaped_and_plain_text_shows_it_as_typed() -> None:
    intro = hostile_intro()
    modal = decline_modal(intro, Side.A, private_metadata="intro-42", connector_name="Bo & Co")

    for text in text_objects(modal["blocks"]):
        if text["type"] == "mrkdwn":
            assert all(injection not in text["text"] for injection in INJECTIONS)
    labels = [block["label"]["text"] for block in blocks_of_type(modal["blocks"], "input")]
    assert "Anything to add? Only Bo & Co sees it." in labels
    notice = notice_modal("Heads up", HOSTILE)
    assert "&lt;!channel&gt;" in notice["blocks"][0]["text"]["text"]


# Limits -------------------------------------------------------------------------------------


def test_every_message_and_modal_is_valid_block_kit() -> None:
    for intro in (make_intro(), hostile_intro()):
        for message in every_message(intro):
            assert_valid_message(message)
        for modal in every_modal(intro):
            assert_valid_modal(modal)


def test_a_maximal_form_still_gives_valid_views_within_limits() -> None:
    worst = "<&>" * 1000  # every character escapes to four or five
    modal = intro_modal()
    limits = {
        block["block_id"]: block["element"]["max_length"]
        for block in blocks_of_type(modal["blocks"], "input")
        if block["element"]["type"] == "plain_text_input"
    }
    assert limits[Block.WHY] >= 500
    values = values_like_slack(
        modal, {block_id: worst[:limit] for block_id, limit in limits.items()}
    )
    values[Block.PARTY_A][ids.INPUT]["selected_user"] = "UADA"
    values[Block.PARTY_B][ids.INPUT]["selected_user"] = "UGRACE"
    form = parse_intro_submission(values)
    assert len(form.context.why) == limits[Block.WHY]
    long = "<&>" * 400
    intro = replace(
        make_intro(),
        context=form.context,
        party_a=make_person("UADA", long, title=long, tz="Europe/London", tz_label=long),
        party_b=make_person("UGRACE", long, title=long, tz="America/New_York", tz_label=long),
    )

    for message in every_message(intro):
        assert_valid_message(message)
        assert len(message.text) <= 3000
    for modal in every_modal(intro):
        assert_valid_modal(modal)
    assert_valid_modal(
        decline_modal(intro, Side.A, private_metadata="m" * 3000, connector_name=long)
    )
    assert_valid_modal(notice_modal("A title far longer than a modal allows", long * 10))
    assert "…" in shown(request_message(intro, Side.A, now=NOW))
    introduction = shown(introduction_message(intro, now=NOW))
    assert "3:00 PM there now" in introduction  # long titles are cut before the time zone
    assert "10:00 AM there now" in introduction


def test_private_metadata_over_the_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="private_metadata"):
        intro_modal(private_metadata="x" * 3001)


# The intro form -----------------------------------------------------------------------------


def test_intro_modal_explains_double_opt_in_and_asks_both() -> None:
    modal = intro_modal()

    assert modal["callback_id"] == Callback.INTRO_MODAL
    assert (modal["title"]["text"], modal["submit"]["text"], modal["close"]["text"]) == (
        "New intro",
        "Ask both",
        "Cancel",
    )
    first = modal["blocks"][0]
    assert first["type"] == "context"
    assert "Nothing is shared until both say yes." in first["elements"][0]["text"]
    inputs = blocks_of_type(modal["blocks"], "input")
    assert [block["block_id"] for block in inputs] == [
        Block.PARTY_A,
        Block.ABOUT_A,
        Block.PARTY_B,
        Block.ABOUT_B,
        Block.WHY,
        Block.GAIN_A,
        Block.GAIN_B,
        Block.NEXT_STEP,
        Block.RELATIONSHIP,
        Block.MET_BEFORE,
        Block.NOTE_A,
        Block.NOTE_B,
    ]
    assert all(block["element"]["action_id"] == ids.INPUT for block in inputs)
    optional = {block["block_id"] for block in inputs if block["optional"]}
    assert optional == {
        Block.ABOUT_A,
        Block.ABOUT_B,
        Block.GAIN_A,
        Block.GAIN_B,
        Block.NOTE_A,
        Block.NOTE_B,
    }


def test_intro_modal_prefills_an_editable_line_about_each_person() -> None:
    modal = intro_modal(party_a="UADA", about_a="Head of Engines")

    form = parse_intro_submission(values_like_slack(modal))

    assert (form.context.about_a, form.context.about_b) == ("Head of Engines", "")


def test_intro_modal_defaults_round_trip_through_parse() -> None:
    modal = intro_modal(party_a="UADA")

    form = parse_intro_submission(values_like_slack(modal))

    assert form.party_a_id == "UADA"
    assert form.party_b_id is None
    assert form.context == Context(
        why="",
        next_step=NextStep.COFFEE,
        relationship=Relationship.BUSINESS,
        met_before=MetBefore.NO,
    )


def test_intro_modal_prefills_both_chosen_people() -> None:
    modal = intro_modal(party_a="UADA", party_b="UGRACE", private_metadata="C123")

    form = parse_intro_submission(values_like_slack(modal))

    assert (form.party_a_id, form.party_b_id) == ("UADA", "UGRACE")
    assert modal["private_metadata"] == "C123"


def test_parse_intro_submission_reads_every_field_and_strips_whitespace() -> None:
    values = {
        Block.PARTY_A: {ids.INPUT: {"type": "users_select", "selected_user": "UADA"}},
        Block.PARTY_B: {ids.INPUT: {"type": "users_select", "selected_user": "UGRACE"}},
        Block.WHY: {ids.INPUT: {"type": "plain_text_input", "value": "  Both love compilers \n"}},
        Block.GAIN_A: {ids.INPUT: {"type": "plain_text_input", "value": "  "}},
        Block.GAIN_B: {ids.INPUT: {"type": "plain_text_input", "value": None}},
        Block.NEXT_STEP: {ids.INPUT: {"selected_option": {"value": "lunch"}}},
        Block.RELATIONSHIP: {ids.INPUT: {"selected_option": {"value": "personal"}}},
        Block.MET_BEFORE: {ids.INPUT: {"selected_option": {"value": "not_sure"}}},
        Block.NOTE_A: {ids.INPUT: {"type": "plain_text_input", "value": " hi Ada "}},
    }

    form = parse_intro_submission(values)

    assert form.context == Context(
        why="Both love compilers",
        next_step=NextStep.LUNCH,
        relationship=Relationship.PERSONAL,
        met_before=MetBefore.NOT_SURE,
        note_to_a="hi Ada",
    )


def test_parse_intro_submission_treats_missing_or_odd_input_as_empty() -> None:
    odd = {
        Block.PARTY_A: {ids.INPUT: {"selected_user": None}},
        Block.NEXT_STEP: {ids.INPUT: {"selected_option": None}},
        Block.MET_BEFORE: {ids.INPUT: {"selected_option": {"value": "perhaps"}}},
        Block.WHY: None,
    }

    for values in ({}, odd):
        form = parse_intro_submission(values)
        assert (form.party_a_id, form.party_b_id) == (None, None)
        assert form.context == Context(why="")


# The decline form ---------------------------------------------------------------------------


def test_decline_modal_promises_the_reason_goes_to_the_connector_only() -> None:
    modal = decline_modal(
        make_intro(), Side.B, private_metadata="intro-42", connector_name="Dana Scully"
    )

    assert modal["callback_id"] == Callback.DECLINE_MODAL
    assert (modal["title"]["text"], modal["submit"]["text"], modal["close"]["text"]) == (
        "Decline intro",
        "Decline",
        "Back",
    )
    assert f"Only <@{CONNECTOR}> will see your reason" in modal["blocks"][0]["text"]["text"]
    reason, note = blocks_of_type(modal["blocks"], "input")
    assert reason["optional"] and note["optional"]
    assert [o["text"]["text"] for o in reason["element"]["options"]] == [
        "Bad timing",
        "Not my area",
        "Too busy right now",
        "We're already connected",
        "Other",
    ]
    assert note["label"]["text"] == "Anything to add? Only Dana Scully sees it."
    unnamed = decline_modal(make_intro(), Side.B, private_metadata="intro-42")
    assert "the connector" in blocks_of_type(unnamed["blocks"], "input")[1]["label"]["text"]


def test_parse_decline_reads_the_reason_and_note_and_allows_neither() -> None:
    values = {
        Block.DECLINE_REASON: {ids.INPUT: {"selected_option": {"value": "bad_timing"}}},
        Block.DECLINE_NOTE: {ids.INPUT: {"type": "plain_text_input", "value": " Maybe in May "}},
    }

    assert parse_decline(values) == (DeclineReason.BAD_TIMING, "Maybe in May")
    empty = values_like_slack(decline_modal(make_intro(), Side.A, private_metadata=""))
    assert parse_decline(empty) == (None, "")
    assert parse_decline({}) == (None, "")


# The introduction ---------------------------------------------------------------------------


def test_introduction_names_both_parties_with_titles_and_time_zones() -> None:
    message = introduction_message(states(make_intro())["made"], now=NOW)
    text = shown(message)

    assert message.blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "👋 An introduction", "emoji": True},
    }
    for expected in (
        "<@UADA>",
        "<@UGRACE>",
        "*Ada Lovelace*, Head of Engines",
        "*Grace Hopper*, Compiler Lead",
        "Greenwich Mean Time · 3:00 PM there now",
        "Eastern Standard Time · 10:00 AM there now",
        "You are both rebuilding onboarding this quarter.",
        "A second opinion on the hiring plan.",
        "A team that ships weekly.",
        "A short video call",
    ):
        assert expected in text
    assert message.text == "An introduction: Ada Lovelace, meet Grace Hopper"


def test_introduction_credits_the_connector_and_hands_over() -> None:
    message = introduction_message(states(make_intro())["made"], now=NOW)

    closing = message.blocks[-2]
    assert closing["type"] == "context"
    assert f"Introduced by <@{CONNECTOR}>" in closing["elements"][0]["text"]
    assert "the conversation is yours" in closing["elements"][0]["text"]
    (thanks,) = blocks_of_type(message.blocks, "actions")
    assert [b["action_id"] for b in thanks["elements"]] == [Action.THANK_CONNECTOR]


def test_the_thank_you_button_names_the_connector_by_first_name_when_known() -> None:
    def label(name: str) -> str:
        intro = replace(states(make_intro())["made"], connector_name=name)
        (thanks,) = blocks_of_type(introduction_message(intro, now=NOW).blocks, "actions")
        return str(thanks["elements"][0]["text"]["text"])

    assert label("Dana Scully") == "Thank Dana 🙏"
    assert label("<!channel> & co") == "Thank <!channel> 🙏"  # plain_text: shown, never parsed
    assert label("") == "Thank the connector 🙏"


def test_introduction_leaves_out_gains_nobody_gave() -> None:
    intro = make_intro(gain_for_a="", gain_for_b="")

    text = shown(introduction_message(intro, now=NOW))

    assert "What's in it for" not in text


# Notices to the connector -------------------------------------------------------------------


def test_requests_sent_tells_the_connector_both_were_asked_privately() -> None:
    message = requests_sent(make_intro())

    assert message.text == (
        "📨 I've asked <@UADA> and <@UGRACE> privately. I'll let you know when both have answered."
    )


def test_made_notice_says_the_pair_was_introduced_and_the_app_stepped_out() -> None:
    text = intro_closed(states(make_intro())["made"]).text

    assert "<@UADA> and <@UGRACE> both said yes" in text
    assert "arrives in a group DM in about a minute" in text
    assert "I step out" in text


def test_expired_notice_names_who_did_not_answer() -> None:
    b_silent = intro_closed(states(make_intro())["expired with b silent"])
    both_silent = intro_closed(states(make_intro())["expired with both silent"])

    assert "<@UGRACE> didn't answer in time." in b_silent.text
    assert "<@UADA> was told neutrally" in shown(b_silent)
    assert "neither of them answered in time" in both_silent.text


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (Outcome.MET, "<@UADA> says they met <@UGRACE> — thanks for the intro!"),
        (Outcome.SCHEDULED, "<@UADA> says a meeting with <@UGRACE> is scheduled."),
        (Outcome.NOT_YET, "<@UADA> says they haven't met <@UGRACE> yet."),
        (Outcome.NOT_HAPPENING, "<@UADA> says a meeting with <@UGRACE> isn't going to happen."),
    ],
)
def test_outcome_report_says_what_the_party_said_about_the_pair(
    outcome: Outcome, expected: str
) -> None:
    intro = states(make_intro())[f"made, a says {outcome.value}"]

    assert expected in outcome_reported(intro, Side.A).text


def test_notice_modal_has_only_an_ok_button() -> None:
    modal = notice_modal("Already answered", "You answered this one already.")

    assert modal["callback_id"] == Callback.NOTICE_MODAL
    assert modal["close"]["text"] == "OK"
    assert "submit" not in modal
    assert modal["blocks"][0]["text"]["text"] == "You answered this one already."


# The follow-up nudge ------------------------------------------------------------------------


def test_follow_up_nudge_offers_four_answers_that_go_to_the_connector() -> None:
    message = follow_up_nudge(states(make_intro())["made"], Side.A)

    assert message.text == "👋 Did you and Grace Hopper connect?"
    assert f"I'll pass your answer on to <@{CONNECTOR}> only." in shown(message)
    assert blocks_of_type(message.blocks, "actions")[0]["block_id"] == Block.FOLLOW_UP_ACTIONS
    assert [(b["text"]["text"], b["action_id"], b["value"]) for b in buttons(message)] == [
        ("We met", f"{Action.FOLLOW_UP}:met", "intro-42:met"),
        ("It's scheduled", f"{Action.FOLLOW_UP}:scheduled", "intro-42:scheduled"),
        ("Not yet", f"{Action.FOLLOW_UP}:not_yet", "intro-42:not_yet"),
        ("Not going to happen", f"{Action.FOLLOW_UP}:not_happening", "intro-42:not_happening"),
    ]


def test_not_yet_keeps_the_nudge_open() -> None:
    intro = states(make_intro())["made, a says not_yet"]

    message = follow_up_nudge(intro, Side.A)

    assert len(buttons(message)) == 4
    assert "since last time" in message.text


@pytest.mark.parametrize("outcome", [Outcome.MET, Outcome.SCHEDULED, Outcome.NOT_HAPPENING])
def test_an_answered_nudge_thanks_and_has_no_buttons(outcome: Outcome) -> None:
    intro = states(make_intro())[f"made, a says {outcome.value}"]

    message = follow_up_nudge(intro, Side.A)

    assert message.text == f"Thanks! I've let <@{CONNECTOR}> know."
    assert blocks_of_type(message.blocks, "actions") == []
    assert len(buttons(follow_up_nudge(intro, Side.B))) == 4


def test_a_line_about_a_person_that_only_repeats_their_title_is_not_shown_twice() -> None:
    repeated = shown(request_message(make_intro(about_b="Compiler Lead"), Side.A, now=NOW))
    written = shown(request_message(make_intro(about_b="Wrote COBOL"), Side.A, now=NOW))

    assert "💬" not in repeated and repeated.count("Compiler Lead") >= 1
    assert "💬 _Wrote COBOL_" in written


# Not now, ask me later ----------------------------------------------------------------------


def test_after_not_now_the_request_says_when_it_asks_again_and_keeps_only_the_answers() -> None:
    postponed = apply(make_intro(), AskedLater(Side.B, 2), now=NOW)  # Tue 15:00 UTC

    message = request_message(postponed, Side.B, now=NOW)

    text = shown(message)
    # Two weeks on, 11:00 for Grace in New York (summer time by then): in her working hours.
    assert "I'll ask you again on Tue 18 Mar at 11:00 AM" in text
    assert [b["action_id"] for b in buttons(message)] == [
        Action.ACCEPT,
        Action.DECLINE,
        Action.ALREADY_CONNECTED,
        Action.PREFERENCE,
    ]
    assert_within_limits(message.blocks)


def test_the_one_re_ask_offers_the_answers_but_no_second_not_now() -> None:
    postponed = apply(make_intro(), AskedLater(Side.A, 4), now=NOW)
    asked_again = postponed.ask_again_a
    assert asked_again is not None

    message = request_message(postponed, Side.A, now=asked_again, reask=True)

    text = shown(message)
    assert "here it is again" in text and "I'll ask you again" not in text
    assert Action.LATER.value not in [b["action_id"].partition(":")[0] for b in buttons(message)]
    assert button_action_ids(message)[:3] == [
        Action.ACCEPT,
        Action.DECLINE,
        Action.ALREADY_CONNECTED,
    ]


def test_the_connector_hears_only_that_a_party_would_rather_be_asked_later() -> None:
    postponed = apply(make_intro(), AskedLater(Side.B, 2), now=NOW)

    message = asked_later(postponed, Side.B, now=NOW)

    said = "🗓️ <@UGRACE> would rather be asked again in 2 weeks."
    assert message.text == said and readable(message.blocks) == said


def button_action_ids(message: Message) -> list[str]:
    return [b["action_id"] for b in buttons(message)]
