"""Follow-through end to end: reminders, expiry, "did you connect?" nudges, and Slack faults."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from introslack.domain.intro import Intro, Outcome, Side
from introslack.domain.timing import humane_time
from introslack.fakeslack.driver import AckResponse
from introslack.slack.ids import Action
from introslack.slack.views.labels import OUTCOME_BUTTONS
from introslack.worker import FIRST_RETRY
from tests.e2e.conftest import ALICE, BOB, CAROL, TEST_TIMING, Harness, all_text, button
from tests.factories import T0

REMINDER = "gentle reminder"
CHICAGO = ZoneInfo("America/Chicago")  # Bob's time zone in the harness
NUDGE = "connect"


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        element
        for block in message.get("blocks") or []
        for element in block.get("elements") or []
        if element.get("type") == "button"
    ]


def reminders(harness: Harness, user_id: str) -> list[dict[str, Any]]:
    return [m for m in harness.slack.dm_messages(user_id) if REMINDER in all_text(m)]


def nudges(harness: Harness, user_id: str) -> list[dict[str, Any]]:
    return [m for m in harness.slack.dm_messages(user_id) if NUDGE in str(m.get("text"))]


def last_ephemeral(harness: Harness, user_id: str) -> str:
    notes = harness.slack.wait_for(lambda: harness.slack.ephemerals(user_id))
    return all_text(notes[-1].message)


def follow_up_action(outcome: Outcome) -> str:
    return f"{Action.FOLLOW_UP.value}:{outcome.value}"


def intro_of(harness: Harness, intro_id: str) -> Intro:
    return harness.app.intros.find(harness.app_workspace, intro_id)


def latest_due(intro: Intro, planned_at: datetime, delay: timedelta) -> datetime:
    """When the later of the two parties' humane-timed messages planned at `planned_at` is due."""
    return max(
        humane_time(planned_at + delay, scheduled_at=planned_at, tz=intro.party(side).tz)
        for side in Side
    )


def move_to(harness: Harness, moment: datetime) -> None:
    """Move the app's clock to `moment` and run everything due by then."""
    assert moment >= harness.clock.now
    harness.clock.advance(moment - harness.clock.now)
    harness.settle()


def click_and_see(
    harness: Harness,
    user_id: str,
    action_id: str,
    seen: Callable[[], object],
    *,
    message_ts: str | None = None,
) -> AckResponse:
    """Click, then wait until `seen` holds: the app acks first and does the work after."""
    ack = harness.driver.click_in_dm(user_id, action_id=action_id, message_ts=message_ts)
    assert ack.status == 200
    harness.slack.wait_for(seen, message=f"the effect of {user_id} clicking {action_id}")
    harness.settle()
    return ack


def accept(harness: Harness, user_id: str, *, message_ts: str | None = None) -> AckResponse:
    """Accept, and wait until the person's requests show they have answered."""
    return click_and_see(
        harness,
        user_id,
        Action.ACCEPT.value,
        lambda: all(button(m, Action.ACCEPT) is None for m in harness.slack.dm_messages(user_id)),
        message_ts=message_ts,
    )


def tell_the_connector(
    harness: Harness, user_id: str, outcome: Outcome, *, message_ts: str | None = None
) -> None:
    """Answer a nudge, and wait until the connector hears about it."""
    before = len(harness.slack.dm_messages(CAROL))
    click_and_see(
        harness,
        user_id,
        follow_up_action(outcome),
        lambda: len(harness.slack.dm_messages(CAROL)) > before,
        message_ts=message_ts,
    )


def make_intro_made(harness: Harness) -> str:
    intro_id = harness.make_pending_intro()
    for person in (ALICE, BOB):
        accept(harness, person)
    assert len(harness.slack.mpims()) == 1
    return intro_id


# Reminders and expiry -------------------------------------------------------------------------


def test_a_party_who_has_not_answered_gets_one_gentle_reminder_with_the_same_buttons(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro()
    remind_at = latest_due(intro_of(harness, intro_id), T0, TEST_TIMING.remind_after)
    move_to(harness, remind_at - timedelta(minutes=1))
    assert reminders(harness, ALICE) == [] and reminders(harness, BOB) == []

    move_to(harness, remind_at)
    for person in (ALICE, BOB):
        (reminder,) = reminders(harness, person)
        assert [b["action_id"] for b in buttons(reminder)] == [
            Action.ACCEPT.value,
            Action.DECLINE.value,
            Action.ALREADY_CONNECTED.value,
            f"{Action.LATER.value}:2",
            f"{Action.LATER.value}:4",
            Action.PREFERENCE.value,
        ]
        assert button(reminder, Action.ACCEPT)["value"] == intro_id  # type: ignore[index]

    move_to(harness, T0 + TEST_TIMING.expire_after - timedelta(minutes=1))
    assert len(reminders(harness, ALICE)) == 1 and len(reminders(harness, BOB)) == 1


def test_accepting_cancels_that_partys_reminder_and_the_reminder_buttons_still_work(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro()
    accept(harness, ALICE)
    move_to(harness, latest_due(intro_of(harness, intro_id), T0, TEST_TIMING.remind_after))
    assert reminders(harness, ALICE) == []
    assert len(harness.slack.dm_messages(ALICE)) == 1
    (reminder,) = reminders(harness, BOB)

    accept(harness, BOB, message_ts=reminder["ts"])
    assert len(harness.slack.mpims()) == 1
    for person in (ALICE, BOB):
        assert all(buttons(m) == [] for m in harness.slack.dm_messages(person))


def test_an_unanswered_intro_expires_tells_the_connector_who_was_silent_and_refuses_late_clicks(
    harness: Harness,
) -> None:
    harness.make_pending_intro()
    alice_accepts = accept(harness, ALICE)
    move_to(harness, T0 + TEST_TIMING.remind_after + timedelta(hours=1))
    (reminder,) = reminders(harness, BOB)
    bob_opens_decline = harness.driver.click_in_dm(
        BOB, action_id=Action.DECLINE.value, message_ts=reminder["ts"]
    )
    assert bob_opens_decline.status == 200
    decline_modal = harness.slack.wait_for(
        lambda: (harness.slack.open_views(BOB) or [None])[-1], message="the decline modal"
    )
    harness.slack.close_view(decline_modal["id"])
    connector_before = len(harness.slack.dm_messages(CAROL))

    move_to(harness, T0 + TEST_TIMING.expire_after)

    connector_news = harness.slack.dm_messages(CAROL)[connector_before:]
    assert len(connector_news) == 1
    expired_note = all_text(connector_news[0])
    assert "expired" in expired_note and f"<@{BOB}> didn't answer" in expired_note
    alice_text = "\n".join(all_text(m) for m in harness.slack.dm_messages(ALICE))
    assert "This intro has expired." in alice_text
    assert "didn't answer" not in alice_text and REMINDER not in alice_text
    for person in (ALICE, BOB, CAROL):
        assert all(buttons(m) == [] for m in harness.slack.dm_messages(person)), person
    assert harness.slack.mpims() == []

    assert harness.driver.redeliver(bob_opens_decline).status == 200
    assert harness.driver.redeliver(alice_accepts).status == 200
    for person in (BOB, ALICE):
        assert "This intro has expired." in last_ephemeral(harness, person)
    assert harness.slack.open_views(BOB) == []
    harness.settle()
    assert harness.slack.mpims() == []
    assert len(harness.slack.dm_messages(CAROL)) == connector_before + 1


# The "did you connect?" nudge -----------------------------------------------------------------


def test_each_party_is_nudged_privately_after_follow_up_after_in_their_working_hours(
    harness: Harness,
) -> None:
    intro_id = make_intro_made(harness)
    nudge_at = latest_due(intro_of(harness, intro_id), T0, TEST_TIMING.follow_up_after)
    group = harness.slack.mpims()[0].id
    move_to(harness, nudge_at - timedelta(minutes=1))
    assert nudges(harness, ALICE) == [] and nudges(harness, BOB) == []

    move_to(harness, nudge_at)
    for person in (ALICE, BOB):
        (nudge,) = nudges(harness, person)
        labels = [b["text"]["text"] for b in buttons(nudge)]
        assert labels == list(OUTCOME_BUTTONS.values())
        assert f"<@{CAROL}>" in all_text(nudge)
    assert len(harness.slack.messages(group)) == 1


def test_we_met_reaches_only_the_connector(harness: Harness) -> None:
    intro_id = make_intro_made(harness)
    move_to(harness, latest_due(intro_of(harness, intro_id), T0, TEST_TIMING.follow_up_after))
    connector_before = len(harness.slack.dm_messages(CAROL))

    (nudge,) = nudges(harness, ALICE)
    tell_the_connector(harness, ALICE, Outcome.MET)

    (news,) = harness.slack.dm_messages(CAROL)[connector_before:]
    assert f"<@{ALICE}> says they met <@{BOB}>" in all_text(news)
    assert all("says they met" not in all_text(m) for m in harness.slack.dm_messages(BOB))
    assert len(harness.slack.messages(harness.slack.mpims()[0].id)) == 1
    thanked = harness.slack.message(harness.slack.dm_channel(ALICE) or "", nudge["ts"]) or {}
    assert f"Thanks! I've let <@{CAROL}> know." in all_text(thanked) and buttons(thanked) == []


def test_not_yet_nudges_exactly_once_more_and_a_second_not_yet_does_not(
    harness: Harness,
) -> None:
    intro_id = make_intro_made(harness)
    move_to(harness, latest_due(intro_of(harness, intro_id), T0, TEST_TIMING.follow_up_after))
    bobs_evening = datetime(2026, 11, 30, 17, 30, tzinfo=CHICAGO)  # a Monday, after work
    move_to(harness, bobs_evening)

    tell_the_connector(harness, BOB, Outcome.NOT_YET)
    assert "haven't met" in all_text(harness.slack.dm_messages(CAROL)[-1])
    move_to(harness, bobs_evening + TEST_TIMING.follow_up_after + timedelta(hours=1))
    assert len(nudges(harness, BOB)) == 1, "a nudge never lands after Bob's working day"
    bobs_next_morning = datetime(2026, 12, 8, 9, 0, tzinfo=CHICAGO)
    move_to(harness, bobs_next_morning - timedelta(minutes=1))
    assert len(nudges(harness, BOB)) == 1

    move_to(harness, bobs_next_morning)
    _first, second = nudges(harness, BOB)
    assert "since last time" in all_text(second)
    assert len(nudges(harness, ALICE)) == 1

    harness.driver.click_in_dm(
        BOB, action_id=follow_up_action(Outcome.NOT_YET), message_ts=second["ts"]
    )
    assert "already recorded" in last_ephemeral(harness, BOB)
    move_to(harness, bobs_next_morning + 4 * TEST_TIMING.follow_up_after)
    assert len(nudges(harness, BOB)) == 2
    assert len(nudges(harness, ALICE)) == 1


# Slack faults ---------------------------------------------------------------------------------


def test_a_rate_limited_post_is_retried_after_retry_after_and_sent_once(
    harness: Harness,
) -> None:
    harness.slack.fail_next("chat.postMessage", status=429, retry_after=1)
    harness.make_pending_intro()
    for person in (ALICE, BOB, CAROL):
        assert len(harness.slack.dm_messages(person)) == 1, person
    posts = harness.slack.calls_to("chat.postMessage")
    assert [call.fault is not None for call in posts] == [True, False, False, False]


@pytest.mark.parametrize(
    "lose_the_answer",
    [
        pytest.param(lambda h: h.slack.fail_after_apply("chat.postMessage"), id="500-after-apply"),
        pytest.param(
            lambda h: h.slack.drop_connection_next("chat.postMessage", after_apply=True),
            id="dropped-after-apply",
        ),
    ],
)
def test_a_post_slack_stored_but_never_confirmed_is_not_sent_twice(
    harness: Harness, lose_the_answer: Any
) -> None:
    lose_the_answer(harness)
    harness.submit_intro()
    harness.settle()
    harness.clock.advance(FIRST_RETRY + timedelta(seconds=1))
    harness.settle()
    harness.clock.advance(timedelta(hours=2))
    harness.settle()
    for person in (ALICE, BOB, CAROL):
        assert len(harness.slack.dm_messages(person)) == 1, person

    for person in (ALICE, BOB):
        accept(harness, person)  # waits until the request, recovered or not, shows the answer
    assert len(harness.slack.mpims()) == 1
