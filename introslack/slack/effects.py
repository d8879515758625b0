"""What each kind of job does in Slack, rendered from the intro's current state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from introslack.domain.effects import EffectKind
from introslack.domain.intro import Answer, Intro, IntroStatus, Outcome, Side
from introslack.slack.notifier import Notifier, Posted
from introslack.slack.views import Message
from introslack.slack.views.introduction import introduction_message
from introslack.slack.views.notices import intro_closed, outcome_reported, requests_sent
from introslack.slack.views.nudges import follow_up_nudge
from introslack.slack.views.requests import request_message
from introslack.store.jobs import Delivery, Job

HomePublisher = Callable[[Job], None]


class SlackEffects:
    """Performs one job; returns the message it posted, if any, so it is recorded once."""

    def __init__(self, notifier: Notifier, *, publish_home: HomePublisher) -> None:
        self.notifier = notifier
        self.publish_home = publish_home

    def perform(
        self, job: Job, intro: Intro, deliveries: list[Delivery], *, now: datetime
    ) -> Posted | None:
        kind = job.kind
        if kind is EffectKind.REFRESH_HOME:
            self.publish_home(job)
            return None
        if kind in (EffectKind.REFRESH_REQUESTS, EffectKind.REFRESH_NUDGES):
            self._refresh(job, intro, deliveries, now=now)
            return None
        message, recipient = self._message_for(job, intro, now=now)
        if message is None:
            return None
        channel = self._channel_for(kind, intro, recipient)
        return self.notifier.post_once(
            channel=channel, message=message, key=f"job:{job.id}", retried=job.retried
        )

    def _message_for(self, job: Job, intro: Intro, *, now: datetime) -> tuple[Message | None, str]:
        side = job.side or Side.A
        party = intro.party(side).user_id
        match job.kind:
            case EffectKind.ASK_PARTY:
                message = _if(
                    _still_asking(intro, side), lambda: request_message(intro, side, now=now)
                )
                return message, party
            case EffectKind.REMIND_PARTY:
                message = _if(
                    _still_asking(intro, side),
                    lambda: request_message(intro, side, now=now, reminder=True),
                )
                return message, party
            case EffectKind.NUDGE_PARTY:
                return _if(_still_nudging(intro, side), lambda: follow_up_nudge(intro, side)), party
            case EffectKind.CONFIRM_REQUESTS_SENT:
                return requests_sent(intro), intro.connector_id
            case EffectKind.TELL_CONNECTOR_CLOSED:
                return intro_closed(intro), intro.connector_id
            case EffectKind.TELL_CONNECTOR_OUTCOME:
                return outcome_reported(intro, side), intro.connector_id
            case EffectKind.INTRODUCE_PAIR:
                return introduction_message(intro, now=now), ""
        raise ValueError(f"no message for a {job.kind} job")

    def _channel_for(self, kind: EffectKind, intro: Intro, recipient: str) -> str:
        if kind is EffectKind.INTRODUCE_PAIR:
            return self.notifier.open_group_dm([intro.party_a.user_id, intro.party_b.user_id])
        return self.notifier.open_dm(recipient)

    def _refresh(
        self, job: Job, intro: Intro, deliveries: list[Delivery], *, now: datetime
    ) -> None:
        """Re-render every earlier message of this side, so no stale button stays live."""
        side = job.side or Side.A
        for delivery in deliveries:
            if delivery.side is not side:
                continue
            message = _rerender(delivery, intro, side, now)
            if message is not None:
                self.notifier.update(channel=delivery.channel_id, ts=delivery.ts, message=message)


def _rerender(delivery: Delivery, intro: Intro, side: Side, now: datetime) -> Message | None:
    if delivery.kind is EffectKind.ASK_PARTY:
        return request_message(intro, side, now=now)
    if delivery.kind is EffectKind.REMIND_PARTY:
        return request_message(intro, side, now=now, reminder=True)
    if delivery.kind is EffectKind.NUDGE_PARTY:
        return follow_up_nudge(intro, side)
    return None


def _still_asking(intro: Intro, side: Side) -> bool:
    return intro.status is IntroStatus.PENDING and intro.answer(side) is Answer.WAITING


def _still_nudging(intro: Intro, side: Side) -> bool:
    return intro.status is IntroStatus.MADE and intro.outcome(side) in (None, Outcome.NOT_YET)


def _if(condition: bool, build: Callable[[], Message]) -> Message | None:
    return build() if condition else None
