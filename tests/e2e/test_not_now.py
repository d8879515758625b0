"""Not now, ask me later: the connector is told, the other side is not, one re-ask, then expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from introslack.domain.intro import Answer, IntroStatus
from introslack.slack.ids import Action, Callback
from introslack.store.models import ManualReminderRow
from tests.e2e.conftest import ALICE, BOB, CAROL, TEST_TIMING, Harness, all_text, button
from tests.e2e.test_follow_through import accept, buttons, intro_of, move_to, reminders
from tests.e2e.test_home import click_home, home_buttons, home_showing, open_home, top_modal
from tests.factories import T0

LATER_IN_2, LATER_IN_4 = f"{Action.LATER.value}:2", f"{Action.LATER.value}:4"
TOLD = "would rather be asked again"
REASKED = "here it is again"
# Bob is in Chicago. Friday 23:30 UTC is 17:30 for him, after work: two weeks on, the re-ask
# waits for Monday 09:00 his time.
FRIDAY_EVENING_IN_CHICAGO = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
MONDAY_MORNING_IN_CHICAGO = datetime(2026, 12, 14, 15, 0, tzinfo=UTC)


def texts(harness: Harness, user_id: str) -> list[str]:
    return [all_text(message) for message in harness.slack.dm_messages(user_id)]


def told_carol(harness: Harness) -> list[str]:
    return [text for text in texts(harness, CAROL) if TOLD in text]


def reasks(harness: Harness, user_id: str) -> list[dict[str, Any]]:
    return [m for m in harness.slack.dm_messages(user_id) if REASKED in all_text(m)]


def later_buttons(message: dict[str, Any]) -> list[str]:
    return [b["action_id"] for b in buttons(message) if b["action_id"].startswith("intro_later")]


def bob_says_not_now_on_his_reminder(harness: Harness) -> str:
    """Alice accepts at once; Bob, on Friday evening, answers his reminder with "in 2 weeks"."""
    intro_id = harness.make_pending_intro()
    accept(harness, ALICE)
    move_to(harness, FRIDAY_EVENING_IN_CHICAGO)
    (reminder,) = reminders(harness, BOB)
    assert later_buttons(reminder) == [LATER_IN_2, LATER_IN_4]
    ack = harness.driver.click_in_dm(BOB, action_id=LATER_IN_2, message_ts=reminder["ts"])
    assert ack.status == 200
    harness.slack.wait_for(lambda: told_carol(harness), message="Carol hears of the not now")
    harness.settle()
    # Slack retries the click, and Bob clicks again: nothing changes twice.
    assert harness.driver.redeliver(ack, retry_num=1).status == 200
    assert harness.driver.send_raw(ack.request_body, ack.content_type).status == 200
    harness.settle()
    return intro_id


def test_not_now_tells_only_the_connector_and_the_party_sees_when_they_will_be_asked_again(
    harness: Harness,
) -> None:
    intro_id = bob_says_not_now_on_his_reminder(harness)

    (told,) = told_carol(harness)
    assert f"🗓️ <@{BOB}> would rather be asked again in 2 weeks." in told
    (alice_request,) = texts(harness, ALICE)
    assert "again" not in alice_request and "later" not in alice_request
    for message in harness.slack.dm_messages(BOB):
        assert later_buttons(message) == []
        assert button(message, Action.ACCEPT) is not None
        assert "I'll ask you again on Mon 14 Dec at 9:00 AM" in all_text(message)
    intro = intro_of(harness, intro_id)
    assert (intro.answer_b, intro.ask_again_b) == (Answer.LATER, MONDAY_MORNING_IN_CHICAGO)
    notes = [all_text(e.message) for e in harness.slack.ephemerals(BOB)]
    assert any("already asked me to ask you again later" in note for note in notes)


def test_the_re_ask_comes_once_in_working_hours_and_the_intro_expires_a_week_after_it(
    harness: Harness,
) -> None:
    intro_id = bob_says_not_now_on_his_reminder(harness)
    carol_before = len(harness.slack.dm_messages(CAROL))

    move_to(harness, T0 + TEST_TIMING.expire_after + timedelta(hours=1))
    assert intro_of(harness, intro_id).status is IntroStatus.PENDING
    move_to(harness, MONDAY_MORNING_IN_CHICAGO - timedelta(minutes=1))
    assert reasks(harness, BOB) == []
    assert len(harness.slack.dm_messages(CAROL)) == carol_before

    move_to(harness, MONDAY_MORNING_IN_CHICAGO)
    (reask,) = reasks(harness, BOB)
    assert later_buttons(reask) == []
    assert [b["action_id"] for b in buttons(reask)] == [
        Action.ACCEPT.value,
        Action.DECLINE.value,
        Action.ALREADY_CONNECTED.value,
        Action.PREFERENCE.value,
    ]
    assert reasks(harness, ALICE) == []
    bob_messages = len(harness.slack.dm_messages(BOB))

    expiry = MONDAY_MORNING_IN_CHICAGO + TEST_TIMING.expire_after
    move_to(harness, expiry - timedelta(minutes=1))
    assert intro_of(harness, intro_id).status is IntroStatus.PENDING
    move_to(harness, expiry)
    assert intro_of(harness, intro_id).status is IntroStatus.EXPIRED
    news = harness.slack.dm_messages(CAROL)[carol_before:]
    assert len(news) == 1 and f"<@{BOB}> didn't answer" in all_text(news[0])
    assert len(harness.slack.dm_messages(BOB)) == bob_messages  # asked again once, no more
    for person in (ALICE, BOB):
        assert all(buttons(m) == [] for m in harness.slack.dm_messages(person)), person


def test_a_party_who_said_not_now_may_accept_before_and_is_then_not_asked_again(
    harness: Harness,
) -> None:
    bob_says_not_now_on_his_reminder(harness)

    accept(harness, BOB)

    assert len(harness.slack.mpims()) == 1
    move_to(harness, MONDAY_MORNING_IN_CHICAGO + TEST_TIMING.expire_after)
    assert reasks(harness, BOB) == []
    assert len(harness.slack.mpims()) == 1


def test_the_home_tab_offers_every_answer_and_shows_a_postponed_intro_with_its_re_ask(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro()
    home = open_home(harness, BOB)
    for action in (Action.ACCEPT, Action.DECLINE, Action.ALREADY_CONNECTED, Action.PREFERENCE):
        assert home_buttons(home, action) == [intro_id], action
    assert [b["value"] for b in buttons(home) if b["action_id"] in (LATER_IN_2, LATER_IN_4)] == [
        f"{intro_id}:2",
        f"{intro_id}:4",
    ]

    ack = harness.driver.click(BOB, action_id=LATER_IN_4, view_id=home["id"], value=f"{intro_id}:4")
    assert ack.status == 200
    home = home_showing(harness, BOB, "I'll ask you again on Mon 21 Dec at 9:00 AM")
    harness.settle()
    assert "Waiting for your answer (1)" in all_text({"blocks": home["blocks"]})
    assert later_buttons({"blocks": home["blocks"]}) == []
    (told,) = told_carol(harness)
    assert f"🗓️ <@{BOB}> would rather be asked again in 4 weeks." in told
    carol_home = open_home(harness, CAROL)
    assert "Bob Brown asked to be asked again later" in all_text({"blocks": carol_home["blocks"]})
    alice_home = all_text({"blocks": open_home(harness, ALICE)["blocks"]})
    assert "asked again" not in alice_home and "ask you again" not in alice_home

    harness.driver.click(BOB, action_id=Action.PREFERENCE.value, view_id=home["id"])
    top_modal(harness, BOB, Callback.PREFERENCE_MODAL)

    harness.driver.click(BOB, action_id=Action.ALREADY_CONNECTED.value, view_id=home["id"])
    harness.slack.wait_for(
        lambda: any("already know" in text for text in texts(harness, CAROL)),
        message="Carol hears that they know each other",
    )
    harness.settle()
    assert intro_of(harness, intro_id).status is IntroStatus.ALREADY_CONNECTED
    move_to(harness, T0 + timedelta(weeks=5))
    assert reasks(harness, BOB) == []


def test_remind_says_so_when_everyone_unanswered_said_not_now_and_keeps_the_days_reminder(
    harness: Harness,
) -> None:
    intro_id = bob_says_not_now_on_his_reminder(harness)
    bobs = len(harness.slack.dm_messages(BOB))
    open_home(harness, CAROL)

    click_home(harness, CAROL, Action.REMIND, intro_id)
    notice = top_modal(harness, CAROL, Callback.NOTICE_MODAL)
    assert "asked me to ask them again later" in all_text({"blocks": notice["blocks"]})
    harness.settle()
    assert len(harness.slack.dm_messages(BOB)) == bobs, "nobody reminded"
    with harness.app.database.reading() as session:
        reminded = session.get(ManualReminderRow, intro_id)
    assert reminded is None, "the once-a-day reminder is still there to use"
