"""A retried group-DM introduction decides from its post time, the clock, and Slack's list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from introslack.config import Settings
from introslack.domain.scheduled import (
    CLOCK_SKEW,
    DEFAULT_DELAY,
    Next,
    margin_for,
    next_step,
    post_time,
)
from introslack.service import LEASE
from introslack.slack.notifier import Conversations, Notifier
from introslack.slack.views import Message

P = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)
MARGIN = timedelta(seconds=5)


@pytest.mark.parametrize("now", [P - timedelta(minutes=1), P, P + timedelta(hours=1)])
def test_a_post_slack_still_lists_is_recorded_whatever_the_time(now: datetime) -> None:
    assert next_step(post_at=P, now=now, listed=True, margin=MARGIN) is Next.RECORD


def test_an_unlisted_post_well_ahead_of_its_time_is_scheduled_again_at_the_same_time() -> None:
    now = P - MARGIN - timedelta(seconds=1)
    assert next_step(post_at=P, now=now, listed=False, margin=MARGIN) is Next.SCHEDULE


@pytest.mark.parametrize(
    "now",
    [P - MARGIN, P - timedelta(seconds=1), P, P + timedelta(days=1)],
    ids=["at-the-margin", "just-before", "at-P", "long-after"],
)
def test_an_unlisted_post_near_or_past_its_time_is_never_sent_again(now: datetime) -> None:
    """It may have posted already: reading the group DM to check is what the app gave up."""
    assert next_step(post_at=P, now=now, listed=False, margin=MARGIN) is Next.GIVE_UP


def test_the_margin_covers_clock_skew_but_leaves_short_test_delays_room_to_retry() -> None:
    assert margin_for(DEFAULT_DELAY) == CLOCK_SKEW
    assert margin_for(timedelta(seconds=2)) == timedelta(seconds=1)


def test_the_post_time_is_a_whole_second_at_least_the_delay_ahead() -> None:
    now = datetime(2026, 12, 4, 20, 0, 0, 250_000, tzinfo=UTC)
    at = post_time(now, timedelta(seconds=60))
    assert at.microsecond == 0
    assert timedelta(seconds=60) < at - now <= timedelta(seconds=61)
    assert post_time(now.replace(microsecond=0), timedelta(seconds=1)) - now.replace(
        microsecond=0
    ) == timedelta(seconds=2)


def test_the_default_delay_outlasts_a_dead_workers_lease_a_poll_and_the_margin() -> None:
    """A crashed worker's introduction is taken over while "not listed" still means unsent."""
    taken_over = LEASE + Settings(bot_token=None, signing_secret="").scheduler_interval
    assert taken_over + margin_for(DEFAULT_DELAY) < DEFAULT_DELAY


class ScheduledOnly:
    """Slack's two scheduling calls, remembering what was scheduled (no answer is lost here)."""

    def __init__(self) -> None:
        self.pending: list[dict[str, object]] = []

    def chat_scheduleMessage(self, **call: object) -> dict[str, object]:
        scheduled = {"id": f"Q0SCHED{len(self.pending):03d}", "post_at": call["post_at"]}
        self.pending.append(scheduled | {"text": call["text"]})
        return {"channel": call["channel"], "scheduled_message_id": scheduled["id"]}

    def chat_scheduledMessages_list(self, **_query: object) -> dict[str, object]:
        return {"scheduled_messages": list(self.pending), "response_metadata": {}}


def test_a_retry_that_renders_other_words_still_finds_the_introduction_slack_scheduled() -> None:
    slack = ScheduledOnly()
    notifier = Notifier(slack, Conversations())  # type: ignore[arg-type]
    ahead = P + timedelta(minutes=1)
    spanish = Message(text="Una presentación: Ana, te presento a Bob", blocks=[])
    english = Message(text="An introduction: Ana, meet Bob", blocks=[])  # a lookup failed
    first = notifier.schedule_once(
        channel="G0PAIR001",
        message=spanish,
        post_at=ahead,
        retried=False,
        wall_now=P,
        margin=MARGIN,
    )

    again = notifier.schedule_once(
        channel="G0PAIR001", message=english, post_at=ahead, retried=True, wall_now=P, margin=MARGIN
    )

    assert again == first
    assert len(slack.pending) == 1
