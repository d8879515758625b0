"""Asking a connector for an intro, end to end: requester → connector → target."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, quote

import pytest

from introslack.domain.intro import IntroError, IntroStatus
from introslack.fakeslack.driver import AckResponse
from introslack.slack.ids import Action, Block, Callback, Shortcut
from tests.e2e.conftest import ALICE, BOB, CAROL, DAVE, Harness, all_text, button
from tests.e2e.test_home import click_home, home_showing, home_text, open_home, top_modal
from tests.e2e.test_my_data import exported
from tests.e2e.test_people_in_control import LIMIT, PAUSE, change_settings, refusal

# Alice asks Carol to introduce her to Bob; Dave is an outsider.
WHY = "We're both rebuilding onboarding this quarter."
HOPE = "Half an hour of advice on hiring designers."


def open_ask(harness: Harness, requester: str = ALICE, text: str = "ask") -> dict[str, Any]:
    earlier = {view["id"] for view in harness.slack.open_views(requester)}
    assert harness.driver.slash_command(requester, "/intro", text).status == 200
    return harness.slack.wait_for(
        lambda: next(
            (v for v in harness.slack.open_views(requester)[-1:] if v["id"] not in earlier), None
        ),
        message="the ask modal",
    )


def ask(
    harness: Harness, *, target: str | None = BOB, connector: str | None = CAROL, **fields: Any
) -> AckResponse:
    view = open_ask(harness)
    values: dict[str, Any] = {
        Block.TARGET.value: target,
        Block.CONNECTOR.value: connector,
        Block.WHY.value: WHY,
        Block.HOPE.value: HOPE,
        Block.NEXT_STEP.value: "video_call",
    }
    values.update(fields)
    return harness.driver.submit_view(ALICE, view["id"], values)


def asked(harness: Harness, **fields: Any) -> str:
    """Alice asks Carol for an intro to Bob; the id of the request Carol gets."""
    ack = ask(harness, **fields)
    assert ack.status == 200 and not ack.body, ack.body
    request = harness.wait_for_button(CAROL, Action.INTRODUCE)
    harness.settle()
    found = button(request, Action.INTRODUCE)
    assert found is not None
    return str(found["value"])


def introduce(harness: Harness, **fields: Any) -> AckResponse:
    assert harness.driver.click_in_dm(CAROL, action_id=Action.INTRODUCE.value).status == 200
    modal = top_modal(harness, CAROL, Callback.INTRODUCE_MODAL)
    return harness.driver.submit_view(CAROL, modal["id"], dict(fields))


def pass_on(harness: Harness, note: str = "") -> AckResponse:
    assert harness.driver.click_in_dm(CAROL, action_id=Action.PASS.value).status == 200
    modal = top_modal(harness, CAROL, Callback.PASS_MODAL)
    return harness.driver.submit_view(CAROL, modal["id"], {Block.PASS_NOTE.value: note})


def dm_text(harness: Harness, user_id: str) -> str:
    return "\n".join(all_text(m) for m in harness.slack.dm_messages(user_id))


def status_of(harness: Harness, intro_id: str) -> IntroStatus:
    return harness.app.intros.find(harness.app_workspace, intro_id).status


def assert_bob_never_heard(harness: Harness) -> None:
    """The target has no message, no Home tab entry and no count from the request."""
    harness.settle()
    assert harness.slack.dm_messages(BOB) == []
    bob = open_home(harness, BOB)
    assert "Welcome" in home_text(bob)
    for private in ("Alice", "Carol", "onboarding", "Recent"):
        assert private not in home_text(bob)


# Entry points -------------------------------------------------------------------------------


def test_the_command_the_shortcut_and_the_home_button_each_open_the_request_form(
    harness: Harness,
) -> None:
    view = open_ask(harness, text=f"ask <@{BOB}|bob>")
    assert view["callback_id"] == Callback.ASK_MODAL.value
    initial = {b["block_id"]: b["element"].get("initial_user") for b in view["blocks"]
               if b["type"] == "input"}  # fmt: skip
    assert initial[Block.TARGET.value] == BOB

    assert harness.driver.global_shortcut(DAVE, Shortcut.ASK_INTRO.value).status == 200
    top_modal(harness, DAVE, Callback.ASK_MODAL)

    open_home(harness, CAROL)
    click_home(harness, CAROL, Action.ASK_INTRO, "ask")
    top_modal(harness, CAROL, Callback.ASK_MODAL)


def test_the_help_text_explains_how_to_ask_for_an_intro(harness: Harness) -> None:
    ack = harness.driver.slash_command(ALICE, "/intro", "help")
    assert "/intro ask" in ack.body


def test_a_request_needs_two_other_real_people_and_says_so_in_the_form(harness: Harness) -> None:
    errors = refusal(ask(harness, target=ALICE, connector=BOB).json)
    assert errors == {Block.TARGET.value: "Pick someone other than yourself."}
    errors = refusal(ask(harness, target=BOB, connector=BOB).json)
    assert errors == {
        Block.CONNECTOR.value: "Ask someone else: nobody can introduce you to themselves."
    }
    harness.settle()
    assert harness.slack.dm_messages(CAROL) == harness.slack.dm_messages(BOB) == []


# The connector's private request ------------------------------------------------------------


def test_the_connector_alone_is_asked_and_the_target_hears_nothing(harness: Harness) -> None:
    asked(harness)
    request = harness.wait_for_button(CAROL, Action.PASS)
    for shown in (f"<@{ALICE}>", "Bob Brown", WHY, HOPE, "video call"):
        assert shown in all_text(request)
    assert "asked Carol" in dm_text(harness, ALICE).replace(f"<@{CAROL}>", "Carol")
    assert_bob_never_heard(harness)


def test_what_the_requester_writes_is_shown_as_text_and_pings_no_one(harness: Harness) -> None:
    asked(harness, **{Block.WHY.value: "<!channel> see <@U0DAVE001> & *you*"})
    request = harness.wait_for_button(CAROL, Action.INTRODUCE)
    text = all_text(request)
    assert "&lt;!channel&gt;" in text and "&lt;@U0DAVE001&gt;" in text and "&amp;" in text
    assert "<!channel>" not in json.dumps(request["blocks"])


def test_the_same_request_twice_is_refused_in_the_form_and_sent_once(harness: Harness) -> None:
    asked(harness)
    errors = refusal(ask(harness).json)
    assert "already asked them" in errors[Block.TARGET.value]
    harness.settle()
    assert len([m for m in harness.slack.dm_messages(CAROL) if button(m, Action.INTRODUCE)]) == 1


# Introduce ----------------------------------------------------------------------------------


def test_introduce_opens_the_usual_form_prefilled_and_then_asks_only_the_target(
    harness: Harness,
) -> None:
    intro_id = asked(harness)
    assert harness.driver.click_in_dm(CAROL, action_id=Action.INTRODUCE.value).status == 200
    modal = top_modal(harness, CAROL, Callback.INTRODUCE_MODAL)
    prefilled = {b["block_id"]: b["element"].get("initial_value") for b in modal["blocks"]
                 if b["type"] == "input"}  # fmt: skip
    assert prefilled[Block.WHY.value] == WHY and prefilled[Block.GAIN_A.value] == HOPE
    note = {Block.NOTE_B.value: "Bob, Alice is great.", Block.GAIN_B.value: "A sharp ally"}
    ack = harness.driver.submit_view(CAROL, modal["id"], note)
    assert ack.status == 200 and not ack.body, ack.body

    bob_request = harness.wait_for_button(BOB, Action.ACCEPT)
    assert "Alice Adams" in all_text(bob_request) and "Bob, Alice is great." in all_text(
        bob_request
    )
    harness.settle()
    assert all(button(m, Action.ACCEPT) is None for m in harness.slack.dm_messages(ALICE))
    assert all(button(m, Action.INTRODUCE) is None for m in harness.slack.dm_messages(CAROL))
    assert status_of(harness, intro_id) is IntroStatus.PENDING

    harness.driver.click_in_dm(BOB, action_id=Action.ACCEPT.value)  # Alice said yes by asking
    group = harness.slack.wait_for(lambda: harness.slack.mpims(), message="the group DM")
    assert len(group) == 1 and {ALICE, BOB} <= set(group[0].members)
    harness.settle()
    assert status_of(harness, intro_id) is IntroStatus.MADE


def test_a_double_submitted_introduction_asks_the_target_once(harness: Harness) -> None:
    asked(harness)
    first = introduce(harness)
    again = harness.driver.send_raw(first.request_body, first.content_type)
    assert first.status == again.status == 200
    harness.settle()
    asks = [m for m in harness.slack.dm_messages(BOB) if button(m, Action.ACCEPT)]
    assert len(asks) == 1


def test_the_targets_own_rules_apply_when_the_connector_introduces(harness: Harness) -> None:
    change_settings(harness, BOB, **{PAUSE: "2026-11-25"})
    intro_id = asked(harness)
    errors = refusal(introduce(harness).json)
    assert errors == {Block.ABOUT_B.value: "Bob Brown isn't taking intros right now."}
    harness.settle()
    assert harness.slack.dm_messages(BOB) == []
    assert status_of(harness, intro_id) is IntroStatus.REQUESTED


def test_the_requesters_own_rules_never_stop_the_intro_they_asked_for(harness: Harness) -> None:
    change_settings(harness, ALICE, **{PAUSE: "2026-12-25", LIMIT: "1"})
    intro_id = asked(harness)

    ack = introduce(harness)

    assert ack.status == 200 and not ack.body, ack.body
    harness.wait_for_button(BOB, Action.ACCEPT)
    assert status_of(harness, intro_id) is IntroStatus.PENDING


def test_the_target_sees_when_they_were_asked_not_how_long_the_request_waited(
    harness: Harness,
) -> None:
    request_id = asked(harness)
    harness.clock.advance(timedelta(days=5))

    introduce(harness)
    harness.wait_for_button(BOB, Action.ACCEPT)

    waiting = home_text(open_home(harness, BOB))
    assert "Asked just now" in waiting and "5 days" not in waiting
    assert harness.app.intros.find(harness.app_workspace, request_id).created_at == harness.clock()


def test_the_requester_never_sees_the_targets_decline_reason(harness: Harness) -> None:
    asked(harness)
    introduce(harness)
    harness.wait_for_button(BOB, Action.ACCEPT)
    harness.settle()
    harness.decline(BOB, reason="bad_timing", note="Launch week, sorry")
    harness.settle()
    assert "Launch week, sorry" in dm_text(harness, CAROL)
    alice = dm_text(harness, ALICE)
    assert "won't go ahead" in alice
    for secret in ("Bad timing", "Launch week", "declined"):
        assert secret not in alice
    home = open_home(harness, ALICE)
    assert "won't go ahead" in home_text(home)
    assert "Launch week" not in home_text(home) and "declined" not in home_text(home).lower()


# Not this time ------------------------------------------------------------------------------


def test_not_this_time_tells_the_requester_kindly_and_the_target_never_learns(
    harness: Harness,
) -> None:
    intro_id = asked(harness)
    ack = pass_on(harness, note="I barely know Bob, sorry!")
    assert ack.status == 200 and not ack.body, ack.body
    harness.settle()
    alice = dm_text(harness, ALICE)
    assert "can't introduce you to Bob Brown this time" in alice
    assert "I barely know Bob, sorry!" in alice
    assert status_of(harness, intro_id) is IntroStatus.PASSED
    assert all(button(m, Action.PASS) is None for m in harness.slack.dm_messages(CAROL))
    assert_bob_never_heard(harness)


def test_not_this_time_without_a_note_gives_the_requester_no_reason(harness: Harness) -> None:
    asked(harness)
    pass_on(harness)
    harness.settle()
    told = harness.slack.dm_messages(ALICE)[-1]
    assert "this time" in all_text(told) and "note" not in all_text(told)


def test_a_double_click_on_not_this_time_changes_the_state_once(harness: Harness) -> None:
    intro_id = asked(harness)
    first = pass_on(harness)
    again = harness.driver.send_raw(first.request_body, first.content_type)
    assert again.status == 200
    harness.settle()
    kind_words = [m for m in harness.slack.dm_messages(ALICE) if "this time" in all_text(m)]
    assert len(kind_words) == 1
    assert harness.app.intros.find(harness.app_workspace, intro_id).version == 2


def test_only_the_connector_may_answer_a_request(harness: Harness) -> None:
    intro_id = asked(harness)
    carol_click = harness.driver.click_in_dm(CAROL, action_id=Action.INTRODUCE.value)
    top_modal(harness, CAROL, Callback.INTRODUCE_MODAL)
    for someone_else in (ALICE, BOB, DAVE):
        forged = _as_user(carol_click, someone_else)
        assert harness.driver.send_raw(forged, carol_click.content_type).status == 200
    harness.settle()
    refused = [all_text(e.message) for e in harness.slack.ephemerals(CAROL)]
    assert refused == ["Only the person who was asked for this intro can answer it."] * 3
    for someone_else in (ALICE, BOB, DAVE):
        opened = harness.slack.open_views(someone_else)
        assert all(v["callback_id"] != Callback.INTRODUCE_MODAL.value for v in opened)
    assert status_of(harness, intro_id) is IntroStatus.REQUESTED
    assert harness.slack.dm_messages(BOB) == []


# Unanswered, and at home --------------------------------------------------------------------


def test_an_unanswered_request_expires_and_only_the_requester_is_told_kindly(
    harness: Harness,
) -> None:
    intro_id = asked(harness)
    harness.clock.advance(timedelta(days=7, minutes=1))
    harness.settle()
    assert status_of(harness, intro_id) is IntroStatus.REQUEST_EXPIRED
    assert "expired without an answer" in dm_text(harness, ALICE)
    assert all(button(m, Action.INTRODUCE) is None for m in harness.slack.dm_messages(CAROL))
    assert "reminder" not in dm_text(harness, CAROL).lower()
    assert_bob_never_heard(harness)


def test_a_requests_expiry_that_runs_late_leaves_the_intro_made_of_it_alone(
    harness: Harness,
) -> None:
    intro_id = asked(harness)
    introduce(harness)
    harness.wait_for_button(BOB, Action.ACCEPT)
    harness.settle()
    # What a worker that claimed the request's expiry just before Introduce would then do.
    with pytest.raises(IntroError):
        harness.app.intros.expire(harness.app_workspace, intro_id, request=True)
    assert status_of(harness, intro_id) is IntroStatus.PENDING
    harness.clock.advance(timedelta(days=6))
    harness.settle()
    assert status_of(harness, intro_id) is IntroStatus.PENDING  # Bob has his own full week


def test_the_requesters_home_lists_each_request_and_where_it_stands(harness: Harness) -> None:
    open_home(harness, ALICE)
    asked(harness)
    home_showing(harness, ALICE, "Intros you asked for")
    home_showing(harness, ALICE, "waiting for")
    introduce(harness)
    harness.settle()
    home = home_showing(harness, ALICE, "is introducing you to *Bob Brown*: waiting for")
    assert home_text(home).count("Bob Brown") >= 1
    harness.driver.click_in_dm(BOB, action_id=Action.ACCEPT.value)
    harness.settle()
    home_showing(harness, ALICE, "were introduced by")


def _as_user(ack: AckResponse, user_id: str) -> bytes:
    """The same click, as if `user_id` had sent it: what a forged or misrouted payload carries."""
    payload = json.loads(parse_qs(ack.request_body.decode())["payload"][0])
    payload["user"] = {**payload["user"], "id": user_id}
    return f"payload={quote(json.dumps(payload))}".encode()


def test_a_targets_export_holds_no_request_they_were_never_asked_about(harness: Harness) -> None:
    request_id = asked(harness)

    for person in (BOB, ALICE):
        assert harness.driver.slash_command(person, "/intro", "my-data").status == 200
    harness.settle()

    assert all(intro["intro_id"] != request_id for intro in exported(harness, BOB)["intros"])
    assert WHY not in dm_text(harness, BOB)
    (alices,) = exported(harness, ALICE)["intros"]
    assert alices["intro_id"] == request_id and alices["status"] == "requested"


def delete_data(harness: Harness, who: str) -> None:
    assert harness.driver.slash_command(who, "/intro", "delete-my-data").status == 200
    modal = top_modal(harness, who, Callback.DELETE_MY_DATA_MODAL)
    assert harness.driver.submit_view(who, modal["id"], {}).status == 200
    harness.settle()


def test_a_requester_who_deletes_their_data_withdraws_the_request_and_hears_nothing(
    harness: Harness,
) -> None:
    request_id = asked(harness)
    heard = {person: len(harness.slack.dm_messages(person)) for person in (ALICE, BOB)}

    delete_data(harness, ALICE)

    request = harness.app.intros.find(harness.app_workspace, request_id)
    assert request.status is IntroStatus.REQUEST_WITHDRAWN
    assert WHY not in request.context.why and HOPE not in request.context.gain_for_a
    assert {p: len(harness.slack.dm_messages(p)) for p in (ALICE, BOB)} == heard
    (carols,) = [m for m in harness.slack.dm_messages(CAROL) if "withdrawn" in all_text(m)]
    assert button(carols, Action.INTRODUCE) is None and WHY not in all_text(carols)
    assert "expired" not in all_text(carols)


def test_a_connector_who_deletes_their_data_withdraws_the_request_and_the_requester_is_told(
    harness: Harness,
) -> None:
    request_id = asked(harness)
    carol_heard = len(harness.slack.dm_messages(CAROL))

    delete_data(harness, CAROL)

    assert status_of(harness, request_id) is IntroStatus.REQUEST_WITHDRAWN
    told = harness.slack.wait_for(
        lambda: [m for m in harness.slack.dm_messages(ALICE) if "won't go ahead" in all_text(m)],
        message="Alice hears her request won't go ahead",
    )
    assert "expired" not in all_text(told[0])
    assert len(harness.slack.dm_messages(CAROL)) == carol_heard, "nothing new for the deleter"
    request = harness.app.intros.find(harness.app_workspace, request_id)
    assert WHY in request.context.why, "the requester's words are theirs"
    assert request.connector_name == ""


def test_a_target_who_deletes_their_data_leaves_a_request_they_never_saw_open(
    harness: Harness,
) -> None:
    request_id = asked(harness)
    heard = {person: len(harness.slack.dm_messages(person)) for person in (ALICE, BOB, CAROL)}

    delete_data(harness, BOB)

    request = harness.app.intros.find(harness.app_workspace, request_id)
    assert request.status is IntroStatus.REQUESTED
    assert request.party_b.name == "a former colleague"
    assert {p: len(harness.slack.dm_messages(p)) for p in (ALICE, BOB, CAROL)} == heard


def test_a_requesters_consent_record_keeps_their_request_as_confirmed_to_them(
    harness: Harness,
) -> None:
    request_id = asked(harness)

    (record,) = harness.app.intros.consents(harness.app_workspace, ALICE, limit=10)
    confirmation = next(m for m in harness.slack.dm_messages(ALICE) if WHY in all_text(m))
    assert record.intro_id == request_id and record.role.value == "requester"
    assert record.shown_text is not None and WHY in record.shown_text and HOPE in record.shown_text
    assert record.answer is not None and record.answer.value == "accepted"
    assert WHY in all_text(confirmation)
    assert harness.app.intros.consents(harness.app_workspace, BOB, limit=10) == []

    open_home(harness, ALICE)
    click_home(harness, ALICE, Action.CONSENTS, "consents")
    modal = top_modal(harness, ALICE, Callback.CONSENTS_MODAL)
    assert "You asked for this intro" in all_text(modal)
