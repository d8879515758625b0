"""The group-DM introduction is a scheduled message, posted once whatever Slack's answers do,
and found again without ever reading the pair's group DM."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from introslack.domain.effects import EffectKind
from introslack.slack.ids import Action
from introslack.store.jobs import JobQueue
from introslack.store.models import JobRow
from introslack.worker import FIRST_RETRY
from tests.e2e.conftest import ALICE, BOB, CAROL, Harness, all_text, button

# Long enough that a retry made at once still finds the introduction waiting in Slack.
DELAY = timedelta(seconds=3)


@pytest.fixture
def introduction_delay() -> timedelta:
    return DELAY


def both_accept(harness: Harness) -> str:
    """Make an intro and have both say yes; return its id (the introduction may be in trouble)."""
    intro_id = harness.make_pending_intro()
    harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value)
    harness.settle()
    harness.driver.click_in_dm(BOB, action_id=Action.ACCEPT.value)
    harness.slack.wait_for(
        lambda: harness.slack.calls_to("chat.scheduleMessage"), message="the introduction"
    )
    assert harness.app.wait_idle(10)
    return intro_id


def retry_at_once(harness: Harness) -> None:
    """The worker's retry, long before the introduction's time comes."""
    harness.clock.advance(FIRST_RETRY + timedelta(seconds=1))
    harness.app.worker.run_due()


def group_dm_messages(harness: Harness) -> list[dict[str, object]]:
    (group,) = harness.slack.mpims()
    return harness.slack.messages(group.id)


def never_read_the_group_dm(harness: Harness) -> None:
    groups = {c.id for c in harness.slack.mpims()}
    read = harness.slack.calls_to("conversations.history")
    assert not [c for c in read if c.params.get("channel") in groups]


def recorded_introduction(harness: Harness, intro_id: str) -> list[str]:
    with harness.app.database.reading() as session:
        deliveries = JobQueue(session).deliveries([intro_id])[intro_id]
    return [d.ts for d in deliveries if d.kind is EffectKind.INTRODUCE_PAIR]


LOSE_THE_ANSWER: list[object] = [
    pytest.param(lambda h: h.slack.fail_after_apply("chat.scheduleMessage"), id="500-after-apply"),
    pytest.param(
        lambda h: h.slack.drop_connection_next("chat.scheduleMessage", after_apply=True),
        id="dropped-after-apply",
    ),
]


@pytest.mark.parametrize("lose_the_answer", LOSE_THE_ANSWER)
def test_an_introduction_slack_scheduled_but_whose_answer_was_lost_posts_once(
    harness: Harness, lose_the_answer: Callable[[Harness], None]
) -> None:
    lose_the_answer(harness)
    intro_id = both_accept(harness)
    retry_at_once(harness)
    (scheduled,) = harness.slack.scheduled_messages()
    assert recorded_introduction(harness, intro_id) == [scheduled.id]
    harness.settle()
    harness.clock.advance(timedelta(hours=2))
    harness.settle()
    (introduction,) = group_dm_messages(harness)
    assert "design systems" in all_text(introduction)
    assert len(harness.slack.calls_to("chat.scheduleMessage")) == 1
    assert harness.slack.calls_to("chat.scheduledMessages.list")
    never_read_the_group_dm(harness)


def test_a_5xx_that_scheduled_nothing_is_scheduled_again_for_the_same_time_and_posts_once(
    harness: Harness,
) -> None:
    harness.slack.fail_next("chat.scheduleMessage", status=503)
    intro_id = both_accept(harness)
    assert harness.slack.scheduled_messages() == []
    retry_at_once(harness)
    harness.settle()
    (introduction,) = group_dm_messages(harness)
    assert "design systems" in all_text(introduction)
    first, second = harness.slack.calls_to("chat.scheduleMessage")
    assert first.params["post_at"] == second.params["post_at"]
    assert len(recorded_introduction(harness, intro_id)) == 1
    never_read_the_group_dm(harness)


def test_a_schedule_slack_refused_is_tried_again_and_posts_once(harness: Harness) -> None:
    harness.slack.fail_next("chat.scheduleMessage", status=200, error="restricted_too_many")
    intro_id = both_accept(harness)
    retry_at_once(harness)
    harness.settle()
    assert len(group_dm_messages(harness)) == 1
    assert len(recorded_introduction(harness, intro_id)) == 1
    never_read_the_group_dm(harness)


def test_a_retry_after_the_introduction_posted_does_not_post_it_again(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="introslack")
    harness.slack.fail_after_apply("chat.scheduleMessage")
    intro_id = both_accept(harness)
    harness.settle()  # the introduction posts while its job waits for its retry
    assert len(group_dm_messages(harness)) == 1
    retry_at_once(harness)
    harness.clock.advance(timedelta(hours=2))
    harness.settle()
    assert len(group_dm_messages(harness)) == 1
    assert len(harness.slack.calls_to("chat.scheduleMessage")) == 1
    assert recorded_introduction(harness, intro_id) == []
    (gave_up,) = [r for r in caplog.records if "not posting again" in r.getMessage()]
    assert getattr(gave_up, "intro_id", None) == intro_id
    never_read_the_group_dm(harness)


def test_both_are_told_the_introduction_arrives_in_about_a_minute_and_then_it_does(
    harness: Harness,
) -> None:
    both_accept(harness)
    for person in (ALICE, BOB):
        harness.slack.wait_for(
            lambda p=person: all(
                button(m, Action.ACCEPT) is None for m in harness.slack.dm_messages(p)
            ),
            message=f"{person}'s answered request",
        )
        request = harness.slack.dm_messages(person)[0]
        assert "arrives in your group DM in about a minute" in all_text(request)
    assert "arrives in a group DM in about a minute" in all_text(
        harness.slack.dm_messages(CAROL)[-1]
    )
    assert group_dm_messages(harness) == []
    harness.settle()
    assert len(group_dm_messages(harness)) == 1
    never_read_the_group_dm(harness)


def test_a_group_dm_that_would_not_open_fixes_no_time_and_the_introduction_still_posts_once(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro()
    harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value)
    harness.settle()
    harness.slack.fail_next("conversations.open", status=200, error="internal_error")
    harness.driver.click_in_dm(BOB, action_id=Action.ACCEPT.value)
    harness.slack.wait_for(
        lambda: any(
            "," in str(c.params["users"]) for c in harness.slack.calls_to("conversations.open")
        ),
        message="the group DM refused once",
    )
    assert harness.app.wait_idle(10)
    with harness.app.database.reading() as session:
        introduce = session.scalars(
            select(JobRow).where(JobRow.intro_id == intro_id, JobRow.kind == "introduce_pair")
        ).one()
    assert introduce.post_at is None, "nothing was asked of Slack, so no time is fixed"

    retry_at_once(harness)
    harness.settle()
    assert len(group_dm_messages(harness)) == 1
    assert len(harness.slack.calls_to("chat.scheduleMessage")) == 1
    never_read_the_group_dm(harness)
