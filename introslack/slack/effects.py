"""What each kind of job does in Slack, rendered from the intro's current state."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from slack_sdk import WebClient

from introslack.domain.effects import EffectKind
from introslack.domain.intro import Answer, Intro, IntroStatus, Outcome, Side, Workspace
from introslack.domain.privacy import ConsentRole, Shown
from introslack.domain.scheduled import DEFAULT_DELAY, margin_for
from introslack.service import utc_now
from introslack.slack.clients import SlackClients
from introslack.slack.i18n import Translator
from introslack.slack.notifier import Conversations, Notifier
from introslack.slack.profiles import Profiles
from introslack.slack.views import Message
from introslack.slack.views.ask import connector_request, request_sent, requester_closed
from introslack.slack.views.introduction import introduction_message
from introslack.slack.views.message import shown_text
from introslack.slack.views.my_data import my_data_messages
from introslack.slack.views.notices import (
    asked_later,
    intro_closed,
    outcome_reported,
    requests_sent,
    thanked_connector,
)
from introslack.slack.views.nudges import follow_up_nudge
from introslack.slack.views.requests import request_message
from introslack.store.jobs import Batch, Delivery, Job, Posted, PostPlanner

logger = logging.getLogger(__name__)

HomePublisher = Callable[[Job], None]
# Everything stored about a person, as a JSON-ready document.
DataExport = Callable[[Workspace, str], dict[str, object]]
WallClock = Callable[[], datetime]

ASKS = frozenset({EffectKind.ASK_PARTY, EffectKind.REMIND_PARTY, EffectKind.REASK_PARTY})
TO_A_PARTY = frozenset(
    {
        EffectKind.ASK_PARTY,
        EffectKind.REMIND_PARTY,
        EffectKind.REASK_PARTY,
        EffectKind.NUDGE_PARTY,
        EffectKind.CONFIRM_REQUEST_SENT,
        EffectKind.TELL_REQUESTER_CLOSED,
    }
)


class SlackEffects:
    """Performs one job; returns the message it posted, if any, so it is recorded once."""

    def __init__(
        self,
        clients: SlackClients,
        *,
        publish_home: HomePublisher,
        profiles: Profiles | None = None,
        my_data: DataExport | None = None,
        wall: WallClock = utc_now,
        introduction_delay: timedelta = DEFAULT_DELAY,
    ) -> None:
        self.clients = clients
        self.publish_home = publish_home
        self.my_data = my_data
        self.profiles = profiles or Profiles()
        self.wall = wall
        self.margin = margin_for(introduction_delay)
        self.conversations = Conversations()

    def perform(
        self, job: Job, batch: Batch, *, now: datetime, plan_post: PostPlanner
    ) -> Posted | None:
        kind = job.kind
        if kind is EffectKind.REFRESH_HOME:
            self.publish_home(job)
            return None
        if kind is EffectKind.SEND_MY_DATA:
            self._send_my_data(job)
            return None
        intro = batch.intro(job)
        if intro is None:
            return None
        client = self.clients.for_workspace(job.workspace)
        if client is None:
            logger.warning(
                "the app is not installed in the job's workspace; nothing sent",
                extra={"job_id": job.id, "kind": kind.value, "team_id": job.workspace.team_id},
            )
            return None
        notifier = Notifier(client, self.conversations)
        if kind is EffectKind.COMPLETE_WORKFLOW_STEP and intro.workflow_step:
            notifier.complete_step(intro.workflow_step, outputs=step_outputs(intro))
            return None
        if kind.reads_deliveries:
            reader = intro.party(job.side).user_id if job.side else intro.connector_id
            t = self.profiles.for_user(client, reader)
            _refresh(notifier, job, intro, batch.deliveries_of(job), now=now, t=t)
            return None
        message = _message_for(job, intro, now=now, t=self._reader(client, job, intro))
        if message is None:
            return None
        if job.kind.posts_scheduled:
            return self._schedule(notifier, job, intro, message, plan_post)
        posted = notifier.post_once(
            channel=_channel_for(notifier, job, intro),
            message=message,
            key=f"job:{job.id}",
            retried=job.retried,
        )
        if kind in ASKS:  # kept in the consent record, in the transaction that records the post
            shown = Shown(user_id=intro.party(job.side or Side.A).user_id, text=shown_text(message))
            return replace(posted, shown=shown)
        if kind is EffectKind.CONFIRM_REQUEST_SENT:
            asked = Shown(intro.party_a.user_id, shown_text(message), role=ConsentRole.REQUESTER)
            return replace(posted, shown=asked)
        return posted

    def _send_my_data(self, job: Job) -> None:
        """Post the person's data in their DM, in numbered parts; a retry posts none twice."""
        client = self.clients.for_workspace(job.workspace)
        if client is None or self.my_data is None or job.user_id is None:
            return
        document = self.my_data(job.workspace, job.user_id)
        t = self.profiles.for_user(client, job.user_id)
        notifier = Notifier(client, self.conversations)
        channel = notifier.open_dm(job.user_id)
        for number, message in enumerate(my_data_messages(document, t=t), start=1):
            key = f"job:{job.id}:{number}"
            notifier.post_once(channel=channel, message=message, key=key, retried=job.retried)

    def _schedule(
        self, notifier: Notifier, job: Job, intro: Intro, message: Message, plan_post: PostPlanner
    ) -> Posted | None:
        """Schedule the group-DM introduction at a time fixed before the first ask, exactly once
        at best; a failure before that (opening the group DM, say) leaves no time fixed."""
        channel = _channel_for(notifier, job, intro)
        planned = job.post_at
        posted = notifier.schedule_once(
            channel=channel,
            message=message,
            post_at=planned if planned is not None else plan_post(),
            retried=planned is not None,
            wall_now=self.wall(),
            margin=self.margin,
        )
        if posted is None:
            logger.warning(
                "an earlier attempt's introduction is not pending and its time has passed: it "
                "posted or never reached Slack; not posting again",
                extra={
                    "job_id": job.id,
                    "intro_id": job.intro_id,
                    "team_id": job.workspace.team_id,
                },
            )
        return posted

    def _reader(self, client: WebClient, job: Job, intro: Intro) -> Translator:
        """The language of whoever reads the job's message: the pair's common one in their DM."""
        if job.kind is EffectKind.INTRODUCE_PAIR:
            return self.profiles.for_pair(client, intro.party_a.user_id, intro.party_b.user_id)
        if job.kind in TO_A_PARTY:
            return self.profiles.for_user(client, intro.party(job.side or Side.A).user_id)
        return self.profiles.for_user(client, intro.connector_id)

    def catch_up(self, job: Job, posted: Posted, intro: Intro, *, now: datetime) -> None:
        """The intro moved on while this message was being posted: show its state now."""
        client = self.clients.for_workspace(job.workspace)
        if client is None:
            return
        t = self._reader(client, job, intro)
        message = _rerender(_delivered(job, posted), intro, job.side or Side.A, now, t)
        if message is not None:
            notifier = Notifier(client, self.conversations)
            notifier.update(channel=posted.channel_id, ts=posted.ts, message=message)


def _delivered(job: Job, posted: Posted) -> Delivery:
    return Delivery(
        job_id=job.id,
        kind=job.kind,
        side=job.side,
        recipient_id=job.user_id,
        channel_id=posted.channel_id,
        ts=posted.ts,
    )


def step_outputs(intro: Intro) -> dict[str, str]:
    """What the Workflow Builder step hands to the next steps: the intro and how it ended."""
    return {"intro_id": intro.id, "outcome": intro.status.value}


def _message_for(job: Job, intro: Intro, *, now: datetime, t: Translator) -> Message | None:
    """The message to post, or None when the job no longer applies (e.g. already answered)."""
    side = job.side or Side.A
    match job.kind:
        case EffectKind.ASK_PARTY if _still_asking(intro, side):
            return request_message(intro, side, now=now, t=t)
        case EffectKind.REMIND_PARTY if _still_waiting(intro, side):
            return request_message(intro, side, now=now, reminder=True, t=t)
        case EffectKind.REASK_PARTY if _still_postponed(intro, side):
            return request_message(intro, side, now=now, reask=True, t=t)
        case EffectKind.TELL_CONNECTOR_LATER if _still_postponed(intro, side):
            return asked_later(intro, side, now=now, t=t)
        case EffectKind.NUDGE_PARTY if _still_nudging(intro, side):
            return follow_up_nudge(intro, side, t=t)
        case EffectKind.CONFIRM_REQUESTS_SENT:
            return requests_sent(intro, t=t)
        case EffectKind.TELL_CONNECTOR_CLOSED:
            return intro_closed(intro, t=t)
        case EffectKind.TELL_CONNECTOR_OUTCOME:
            return outcome_reported(intro, side, t=t)
        case EffectKind.THANK_CONNECTOR:
            return thanked_connector(intro, side, t=t)
        case EffectKind.INTRODUCE_PAIR:
            return introduction_message(intro, now=now, t=t)
        case EffectKind.ASK_CONNECTOR:
            return connector_request(intro, t=t)
        case EffectKind.CONFIRM_REQUEST_SENT:
            return request_sent(intro, t=t)
        case EffectKind.TELL_REQUESTER_CLOSED:
            return requester_closed(intro, t=t)
    return None


def _channel_for(notifier: Notifier, job: Job, intro: Intro) -> str:
    if job.kind is EffectKind.INTRODUCE_PAIR:
        return notifier.open_group_dm([intro.party_a.user_id, intro.party_b.user_id])
    if job.kind in TO_A_PARTY:
        return notifier.open_dm(intro.party(job.side or Side.A).user_id)
    return notifier.open_dm(intro.connector_id)


def _refresh(
    notifier: Notifier,
    job: Job,
    intro: Intro,
    deliveries: list[Delivery],
    *,
    now: datetime,
    t: Translator,
) -> None:
    """Re-render every earlier message of this side (none: the connector's request), so no
    stale button stays live."""
    for delivery in deliveries:
        if delivery.side is not job.side:
            continue
        message = _rerender(delivery, intro, job.side or Side.A, now, t)
        if message is not None:
            notifier.update(channel=delivery.channel_id, ts=delivery.ts, message=message)


def _rerender(
    delivery: Delivery, intro: Intro, side: Side, now: datetime, t: Translator
) -> Message | None:
    if delivery.kind is EffectKind.ASK_PARTY:
        return request_message(intro, side, now=now, t=t)
    if delivery.kind is EffectKind.REMIND_PARTY:
        return request_message(intro, side, now=now, reminder=True, t=t)
    if delivery.kind is EffectKind.REASK_PARTY:
        return request_message(intro, side, now=now, reask=True, t=t)
    if delivery.kind is EffectKind.NUDGE_PARTY:
        return follow_up_nudge(intro, side, t=t)
    if delivery.kind is EffectKind.ASK_CONNECTOR:
        return connector_request(intro, t=t)
    return None


def _still_asking(intro: Intro, side: Side) -> bool:
    return intro.status is IntroStatus.PENDING and intro.answer(side).is_open


def _still_waiting(intro: Intro, side: Side) -> bool:
    return intro.status is IntroStatus.PENDING and intro.answer(side) is Answer.WAITING


def _still_postponed(intro: Intro, side: Side) -> bool:
    return intro.status is IntroStatus.PENDING and intro.answer(side) is Answer.LATER


def _still_nudging(intro: Intro, side: Side) -> bool:
    return intro.status is IntroStatus.MADE and intro.outcome(side) in (None, Outcome.NOT_YET)
