"""People in control, end to end: what a connector is told when a request may not be sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from introslack.config import Settings
from introslack.domain.control import Limits
from introslack.fakeslack.driver import SlackDriver
from introslack.fakeslack.server import FakeSlack
from introslack.slack.ids import Action, Block, Callback
from introslack.slack.listeners.workflow import STEP
from tests.conftest import FakeClock
from tests.e2e.conftest import (
    ALICE,
    BOB,
    CAROL,
    DAVE,
    INTRODUCTION_DELAY,
    SIGNING_SECRET,
    TEST_TIMING,
    Harness,
    all_text,
    serve_app,
)
from tests.e2e.test_home import click_home, home_showing, home_text, open_home, top_modal

A, B = Block.PARTY_A.value, Block.PARTY_B.value


def change_settings(harness: Harness, user_id: str, **values: object) -> dict[str, object]:
    """Open My intro settings from the Home tab, fill in `values` by block id, press Save."""
    open_home(harness, user_id)
    click_home(harness, user_id, Action.INTRO_SETTINGS, "edit")
    modal = top_modal(harness, user_id, Callback.SETTINGS_MODAL)
    ack = harness.driver.submit_view(user_id, modal["id"], dict(values))
    assert ack.status == 200
    harness.settle()
    return modal


def refusal(ack_json: dict[str, object] | None) -> dict[str, str]:
    assert ack_json is not None and ack_json["response_action"] == "errors", ack_json
    errors = ack_json["errors"]
    assert isinstance(errors, dict)
    return errors


def sent(harness: Harness) -> int:
    harness.settle()
    return len(harness.slack.calls_to("chat.postMessage"))


@pytest.fixture
def strict(slack: FakeSlack, tmp_path: Path, clock: FakeClock) -> Iterator[Harness]:
    """The app with a connector limit of two intros a week."""
    settings = Settings(
        bot_token=slack.bot_token,
        signing_secret=SIGNING_SECRET,
        api_url=slack.base_url,
        database_url=f"sqlite:///{tmp_path / 'strict.sqlite3'}",
        timing=TEST_TIMING,
        limits=Limits(connector_weekly_limit=2),
        run_worker=False,
        introduction_delay=INTRODUCTION_DELAY,
    )
    application, stop, app_url = serve_app(settings, clock)
    try:
        yield Harness(slack, SlackDriver(app_url, SIGNING_SECRET, slack), application, clock)
    finally:
        stop()


def test_a_declined_pair_is_not_proposed_again_by_anyone_for_ninety_days(
    harness: Harness,
) -> None:
    harness.make_pending_intro()
    assert harness.decline(BOB, note="Not now").status == 200
    harness.settle()
    before = sent(harness)

    errors = refusal(harness.submit_intro(DAVE, ALICE, BOB).json)

    assert errors == {B: "These two can't be introduced just yet."}
    assert "declin" not in errors[B].lower() and "Bob" not in errors[B]
    assert sent(harness) == before, "nobody is asked"
    harness.clock.advance(timedelta(days=89))
    refusal(harness.submit_intro(CAROL, BOB, ALICE).json)
    harness.clock.advance(timedelta(days=1, seconds=1))
    ack = harness.submit_intro(DAVE, ALICE, BOB)
    assert ack.status == 200 and not ack.body, ack.body
    harness.wait_for_button(BOB, Action.ACCEPT)


def test_a_connector_may_start_only_so_many_intros_a_week_and_is_told_when_again(
    strict: Harness,
) -> None:
    for a, b in ((ALICE, BOB), (ALICE, DAVE)):
        ack = strict.submit_intro(CAROL, a, b)
        assert ack.status == 200 and not ack.body, ack.body
    strict.settle()
    before = sent(strict)

    errors = refusal(strict.submit_intro(CAROL, BOB, DAVE).json)

    assert "You've started 2 intros in the past week" in errors[A]
    assert "after Monday 30 November at 15:00 UTC" in errors[A]
    assert sent(strict) == before
    other = strict.submit_intro(DAVE, BOB, ALICE)  # someone else's week is their own
    assert refusal(other.json) == {B: "There's already a pending intro between these two people."}
    strict.clock.advance(timedelta(days=7, seconds=1))
    ack = strict.submit_intro(CAROL, BOB, DAVE)
    assert ack.status == 200 and not ack.body, ack.body
    strict.slack.wait_for(
        lambda: any("Bob Brown" in all_text(m) for m in strict.slack.dm_messages(DAVE)),
        message="Dave's request to meet Bob",
    )


PAUSE, LIMIT, TOPICS, BLOCKED = (
    Block.PAUSE_UNTIL.value,
    Block.MONTHLY_LIMIT.value,
    Block.TOPICS.value,
    Block.BLOCKED.value,
)


def test_my_intro_settings_show_at_home_and_open_in_a_modal_with_what_i_saved(
    harness: Harness,
) -> None:
    assert "Taking intro requests" in home_text(open_home(harness, ALICE))

    change_settings(
        harness,
        ALICE,
        **{PAUSE: "2026-12-10", LIMIT: "3", TOPICS: "design systems, <!channel>", BLOCKED: [BOB]},
    )

    shown = home_text(home_showing(harness, ALICE, "Paused"))
    assert "no new requests until Thursday 10 December" in shown
    assert "At most *3* requests a month" in shown
    assert "design systems, &lt;!channel&gt;" in shown
    assert "1 person you'd rather not be introduced to (only you see this)" in shown
    click_home(harness, ALICE, Action.INTRO_SETTINGS, "edit")
    again = top_modal(harness, ALICE, Callback.SETTINGS_MODAL)
    elements = {b["block_id"]: b["element"] for b in again["blocks"] if b["type"] == "input"}
    assert elements[PAUSE]["initial_date"] == "2026-12-10"
    assert elements[LIMIT]["initial_value"] == "3"
    assert elements[BLOCKED]["initial_users"] == [BOB]
    assert "(only you see this)" not in home_text(open_home(harness, BOB))


def test_a_paused_person_is_not_asked_and_the_pause_ends_by_itself(harness: Harness) -> None:
    change_settings(harness, ALICE, **{PAUSE: "2026-11-25"})
    before = sent(harness)

    errors = refusal(harness.submit_intro(CAROL, BOB, ALICE).json)

    assert errors == {B: "Alice Adams isn't taking intros right now."}
    assert sent(harness) == before
    harness.clock.advance(timedelta(days=1, hours=9))  # 25 November, 00:00 UTC
    ack = harness.submit_intro(CAROL, BOB, ALICE)
    assert ack.status == 200 and not ack.body, ack.body
    harness.wait_for_button(ALICE, Action.ACCEPT)


def test_a_private_list_refuses_in_exactly_the_words_of_a_pause(harness: Harness) -> None:
    change_settings(harness, ALICE, **{BLOCKED: [BOB]})
    by_list = refusal(harness.submit_intro(CAROL, ALICE, BOB).json)
    by_list_reversed = refusal(harness.submit_intro(CAROL, BOB, ALICE).json)
    open_to_others = harness.submit_intro(CAROL, ALICE, DAVE)
    assert open_to_others.status == 200 and not open_to_others.body
    harness.settle()

    change_settings(harness, ALICE, **{BLOCKED: [], PAUSE: "2026-12-01"})
    by_pause = refusal(harness.submit_intro(CAROL, ALICE, BOB).json)
    by_pause_reversed = refusal(harness.submit_intro(CAROL, BOB, ALICE).json)

    assert by_list == by_pause == {A: "Alice Adams isn't taking intros right now."}
    assert (
        by_list_reversed == by_pause_reversed == {B: "Alice Adams isn't taking intros right now."}
    )


def test_a_monthly_limit_refuses_with_the_day_requests_open_again(harness: Harness) -> None:
    change_settings(harness, ALICE, **{LIMIT: "1"})
    ack = harness.submit_intro(CAROL, ALICE, BOB)
    assert ack.status == 200 and not ack.body, ack.body
    harness.settle()

    errors = refusal(harness.submit_intro(CAROL, DAVE, ALICE).json)

    assert errors == {
        B: "Alice Adams has had a lot of intro requests this month; "
        "try again after Monday 30 November."
    }
    harness.clock.advance(timedelta(days=8))  # 1 December
    ack = harness.submit_intro(CAROL, DAVE, ALICE)
    assert ack.status == 200 and not ack.body, ack.body


def test_unusable_settings_are_explained_inline_and_nothing_changes(harness: Harness) -> None:
    open_home(harness, ALICE)
    click_home(harness, ALICE, Action.INTRO_SETTINGS, "edit")
    modal = top_modal(harness, ALICE, Callback.SETTINGS_MODAL)
    ack = harness.driver.submit_view(ALICE, modal["id"], {PAUSE: "2026-11-01"})
    assert refusal(ack.json) == {PAUSE: "Pick a day after today, or leave it empty."}
    harness.settle()
    assert "Taking intro requests" in home_text(open_home(harness, ALICE))


def test_topics_show_as_a_hint_when_the_intro_form_starts_with_the_people(
    harness: Harness,
) -> None:
    change_settings(harness, ALICE, **{TOPICS: "design systems, hiring"})

    view = harness.open_intro_modal(CAROL, f"<@{ALICE}|alice> <@{BOB}|bob>")

    hints = all_text({"blocks": view["blocks"]})
    assert f"<@{ALICE}> is open to: design systems, hiring" in hints
    assert f"<@{BOB}> is open to" not in hints


def test_long_after_an_intro_closed_the_worker_erases_what_people_wrote(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro(**{Block.NOTE_A.value: "Alice, he owes me one"})
    assert harness.decline(BOB, note="Not him again").status == 200
    harness.settle()
    assert "Not him again" in home_text(open_home(harness, CAROL))

    harness.clock.advance(timedelta(days=181))
    harness.app.start_worker()  # its first round runs at once, the retention sweep with it
    harness.slack.wait_for(
        lambda: harness.app.intros.find(harness.app_workspace, intro_id).context.why == "",
        message="the sweep",
    )

    shown = home_text(open_home(harness, CAROL))
    assert "Bob Brown* declined the intro" in shown
    assert "Not him again" not in shown
    erased = harness.app.intros.find(harness.app_workspace, intro_id)
    assert erased.context.note_to_a == "" and erased.decline and erased.decline.note == ""


def test_a_workflow_step_is_held_to_the_same_rules_in_the_same_words(harness: Harness) -> None:
    change_settings(harness, ALICE, **{BLOCKED: [BOB]})
    before = sent(harness)

    execution_id, ack = harness.driver.run_step(
        STEP, {"connector": CAROL, "person_a": ALICE, "person_b": BOB, "why": "Design"}
    )

    assert ack.status == 200
    failed = harness.slack.wait_for(
        lambda: (e := harness.slack.execution(execution_id)) and e.state != "running" and e,
        message="the step failed",
    )
    assert failed.state == "failed" and failed.error == "Alice Adams isn't taking intros right now."
    assert sent(harness) == before
