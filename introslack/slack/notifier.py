"""The one place that calls the Web API for effects: DMs, group DMs, updates, the Home tab."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from introslack.domain.scheduled import Next, next_step
from introslack.slack.views import Message
from introslack.store.jobs import NothingScheduled, Posted

# The metadata event that marks each post with the job that made it.
DELIVERY_EVENT = "introslack_delivery"
# How far back in a conversation to look for an earlier attempt's post.
HISTORY_WINDOW = 50
# Page size when listing the app's pending scheduled messages in a conversation.
SCHEDULED_PAGE = 100


class Conversations:
    """The DM or group DM Slack opened for a set of people: it never changes, so ask once."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, frozenset[str]], str] = {}
        self._lock = threading.Lock()

    def open(self, client: WebClient, user_ids: list[str]) -> str:
        key = (client.token or "", frozenset(user_ids))
        with self._lock:
            known = self._known.get(key)
        if known is not None:
            return known
        channel = str(client.conversations_open(users=user_ids)["channel"]["id"])
        with self._lock:
            self._known[key] = channel
        return channel


class Notifier:
    """Thin, typed wrappers over the Web API calls the app makes."""

    def __init__(self, client: WebClient, conversations: Conversations | None = None) -> None:
        self.client = client
        self.conversations = conversations or Conversations()

    def open_dm(self, user_id: str) -> str:
        """The app's DM with this user (chat.postMessage to a bare user id lands elsewhere)."""
        return self.conversations.open(self.client, [user_id])

    def open_group_dm(self, user_ids: list[str]) -> str:
        return self.conversations.open(self.client, user_ids)

    def post_once(self, *, channel: str, message: Message, key: str, retried: bool) -> Posted:
        """Post, unless an earlier attempt of the same job already did (`retried`)."""
        if retried:
            earlier = self._find_post(channel, key)
            if earlier is not None:
                return earlier
        response = self.client.chat_postMessage(
            channel=channel,
            text=message.text,
            blocks=message.blocks,
            metadata={"event_type": DELIVERY_EVENT, "event_payload": {"key": key}},
            unfurl_links=False,
            unfurl_media=False,
        )
        return Posted(channel_id=str(response["channel"]), ts=str(response["ts"]))

    def schedule_once(
        self,
        *,
        channel: str,
        message: Message,
        post_at: datetime,
        retried: bool,
        wall_now: datetime,
        margin: timedelta,
    ) -> Posted | None:
        """Have Slack post at `post_at`, unless an earlier attempt did; None: it may have posted.

        Found again through the app's own pending scheduled messages, never the conversation:
        the delivery's `ts` is the scheduled message's id, as Slack gives no ts until it posts.
        """
        if retried:
            earlier = self._find_scheduled(channel, post_at)
            step = next_step(
                post_at=post_at, now=wall_now, listed=earlier is not None, margin=margin
            )
            if step is Next.RECORD:
                return earlier
            if step is Next.GIVE_UP:
                return None
        try:
            response = self.client.chat_scheduleMessage(
                channel=channel,
                post_at=int(post_at.timestamp()),
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as error:
            if _scheduled_nothing(error):
                raise NothingScheduled from error
            raise
        return Posted(channel_id=str(response["channel"]), ts=str(response["scheduled_message_id"]))

    def post(self, *, channel: str, message: Message) -> None:
        """Post a note that no job tracks (nothing to find again or edit later)."""
        self.client.chat_postMessage(
            channel=channel, text=message.text, blocks=message.blocks, unfurl_links=False
        )

    def update(self, *, channel: str, ts: str, message: Message) -> None:
        self.client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)

    def complete_step(self, execution_id: str, *, outputs: dict[str, str]) -> None:
        """Finish a workflow step; one finished already (a retry) counts as done."""
        try:
            self.client.functions_completeSuccess(
                function_execution_id=execution_id, outputs=outputs
            )
        except SlackApiError as error:
            if error.response.get("error") != "execution_not_in_running_state":
                raise

    def publish_home(self, *, user_id: str, view: dict[str, Any]) -> None:
        self.client.views_publish(user_id=user_id, view=view)

    def _find_post(self, channel: str, key: str) -> Posted | None:
        history = self.client.conversations_history(
            channel=channel, limit=HISTORY_WINDOW, include_all_metadata=True
        )
        messages: list[dict[str, Any]] = history.get("messages") or []
        for message in messages:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == DELIVERY_EVENT and payload.get("key") == key:
                return Posted(channel_id=channel, ts=str(message["ts"]))
        return None

    def _find_scheduled(self, channel: str, post_at: datetime) -> Posted | None:
        """The app's pending message in `channel` set to post at `post_at`.

        Matched on the time alone: a pair's group DM gets one introduction, and the words a
        retry renders may differ (a language lookup that failed, a name erased meanwhile).
        """
        at = int(post_at.timestamp())
        cursor: str | None = None
        while True:
            page = self.client.chat_scheduledMessages_list(
                channel=channel,
                oldest=str(at - 1),
                latest=str(at + 1),
                limit=SCHEDULED_PAGE,
                cursor=cursor,
            )
            for pending in page.get("scheduled_messages") or []:
                if int(pending.get("post_at", 0)) == at:
                    return Posted(channel_id=channel, ts=str(pending["id"]))
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if cursor is None:
                return None


def _scheduled_nothing(error: SlackApiError) -> bool:
    """An answer from Slack (ok: false, or a 429) means it did nothing; a 5xx may not."""
    return error.response.status_code in (200, 429)
