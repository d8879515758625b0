"""The state of one fake Slack workspace and the rules Slack applies when it changes.

Not thread-safe on its own: FakeSlack calls it while holding its one lock.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from introslack.fakeslack.state import (
    RESPONSE_URL_MAX_USES,
    RESPONSE_URL_TTL_SECONDS,
    TRIGGER_TTL_SECONDS,
    Conversation,
    Ephemeral,
    FunctionExecution,
    ResponseUrl,
    ScheduledMessage,
    SlackError,
    StoredView,
    Trigger,
)

MAX_DM_USERS = 8
# What the app asks for when installed (manifest.yml): a token has these unless told otherwise.
APP_SCOPES = frozenset(
    {"commands", "chat:write", "im:write", "im:history", "mpim:write", "users:read"}
)
MODAL_STACK_LIMIT = 3
TRIGGER_PATTERN = r"\d+\.\d+\.[0-9a-f]{32}"

_TZ_NAMES = {
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "GMT": "Greenwich Mean Time",
    "UTC": "Coordinated Universal Time",
    "BST": "British Summer Time",
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
    "EET": "Eastern European Time",
    "EEST": "Eastern European Summer Time",
    "IST": "India Standard Time",
    "JST": "Japan Standard Time",
    "AEST": "Australian Eastern Standard Time",
    "AEDT": "Australian Eastern Daylight Time",
    "WAT": "West Africa Standard Time",
    "NZST": "New Zealand Standard Time",
    "NZDT": "New Zealand Daylight Time",
}


def timezone_label_and_offset(tz: str, at: float) -> tuple[str, int]:
    """Slack's ``tz_label`` (a long name) and ``tz_offset`` (seconds) for an IANA zone at ``at``."""
    moment = datetime.fromtimestamp(at, ZoneInfo(tz))
    abbreviation = moment.tzname() or tz
    offset = moment.utcoffset()
    return _TZ_NAMES.get(abbreviation, abbreviation), int(offset.total_seconds()) if offset else 0


class Workspace:
    """Users, conversations, messages, views and one-time tokens of a single team."""

    def __init__(
        self,
        *,
        team_id: str,
        team_name: str,
        team_domain: str,
        enterprise_id: str | None,
        bot_user_id: str,
        bot_id: str,
        app_id: str,
        bot_name: str,
        home_tab_enabled: bool,
        monotonic: Callable[[], float],
        wall_clock: Callable[[], float],
        scopes: frozenset[str] = APP_SCOPES,
    ) -> None:
        self.team_id = team_id
        self.team_name = team_name
        self.team_domain = team_domain
        self.enterprise_id = enterprise_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.bot_name = bot_name
        self.home_tab_enabled = home_tab_enabled
        self.monotonic = monotonic
        self.wall_clock = wall_clock
        self.scopes = scopes
        self.users: dict[str, dict[str, Any]] = {}
        # Each member's Slack language, shown by users.info only with include_locale.
        self.locales: dict[str, str] = {}
        self.conversations: dict[str, Conversation] = {}
        self.ephemerals: list[Ephemeral] = []
        self.views: dict[str, StoredView] = {}
        self.modal_stacks: dict[str, list[str]] = {}
        self.home_views: dict[str, str] = {}
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.scheduled: dict[str, ScheduledMessage] = {}
        self.executions: dict[str, FunctionExecution] = {}
        # Socket Mode: hands out a WebSocket URL for apps.connections.open (None: not attached).
        self.socket_mode_link: Callable[[], str] | None = None
        self._dm_by_members: dict[frozenset[str], str] = {}
        self._counters: dict[str, int] = {}
        self._last_ts_us = 0

    # -- ids and clocks ---------------------------------------------------------------------

    def next_id(self, prefix: str) -> str:
        """Deterministic Slack-shaped ids (``D0IM000001``) so failures are easy to read."""
        n = self._counters.get(prefix, 0) + 1
        self._counters[prefix] = n
        return f"{prefix}{n:06d}"

    def next_ts(self) -> str:
        """A message ts: wall-clock based, strictly increasing, ``"%d.%06d"``."""
        now_us = int(self.wall_clock() * 1_000_000)
        self._last_ts_us = max(now_us, self._last_ts_us + 1)
        return f"{self._last_ts_us // 1_000_000}.{self._last_ts_us % 1_000_000:06d}"

    def now(self) -> int:
        return int(self.wall_clock())

    def new_hash(self) -> str:
        return f"{self.now()}.{secrets.token_hex(4)}"

    # -- users ------------------------------------------------------------------------------

    def add_user(self, user: dict[str, Any]) -> None:
        self.users[user["id"]] = user

    def user(self, user_id: str) -> dict[str, Any]:
        user = self.users.get(user_id)
        if user is None:
            raise SlackError("user_not_found")
        return user

    def build_user(
        self,
        user_id: str,
        *,
        name: str,
        real_name: str,
        title: str,
        tz: str,
        tz_label: str | None,
        tz_offset: int | None,
        is_bot: bool,
        deleted: bool,
        team_id: str | None,
        email: str | None,
        display_name: str | None,
    ) -> dict[str, Any]:
        """A users.info user object shaped like docs.slack.dev's example."""
        label, offset = timezone_label_and_offset(tz, self.wall_clock())
        first, _, last = real_name.partition(" ")
        image = f"https://avatars.slack-edge.com/fake/{user_id}"
        profile: dict[str, Any] = {
            "title": title,
            "phone": "",
            "skype": "",
            "real_name": real_name,
            "real_name_normalized": real_name,
            "display_name": name if display_name is None else display_name,
            "display_name_normalized": name if display_name is None else display_name,
            "fields": {},
            "status_text": "",
            "status_emoji": "",
            "status_expiration": 0,
            "avatar_hash": user_id.lower()[:12],
            "first_name": first,
            "last_name": last,
            "team": team_id or self.team_id,
            **{f"image_{size}": f"{image}_{size}.png" for size in (24, 32, 48, 72, 192, 512)},
        }
        if email is not None:
            profile["email"] = email
        if is_bot:
            profile.update(bot_id=self.bot_id, api_app_id=self.app_id, always_active=True)
        return {
            "id": user_id,
            "team_id": team_id or self.team_id,
            "name": name,
            "deleted": deleted,
            "color": "9f69e7",
            "real_name": real_name,
            "tz": tz,
            "tz_label": tz_label if tz_label is not None else label,
            "tz_offset": tz_offset if tz_offset is not None else offset,
            "profile": profile,
            "is_admin": False,
            "is_owner": False,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": is_bot,
            "is_app_user": False,
            "updated": self.now(),
            "has_2fa": False,
        }

    # -- conversations ----------------------------------------------------------------------

    def add_conversation(self, conversation: Conversation) -> Conversation:
        self.conversations[conversation.id] = conversation
        if conversation.kind != "channel":
            self._dm_by_members[frozenset(conversation.members)] = conversation.id
        return conversation

    def conversation(self, channel_id: str) -> Conversation:
        """Look up a conversation the bot can see; a bare user id is not a conversation."""
        conversation = self.conversations.get(channel_id)
        if conversation is None:
            raise SlackError("channel_not_found")
        if conversation.is_private and self.bot_user_id not in conversation.members:
            raise SlackError("channel_not_found")
        return conversation

    def conversation_with_bot(self, channel_id: str) -> Conversation:
        conversation = self.conversation(channel_id)
        if self.bot_user_id not in conversation.members:
            raise SlackError("not_in_channel")
        return conversation

    def open_dm(self, user_ids: Iterable[str]) -> tuple[Conversation, bool]:
        """conversations.open: the bot is an implicit member; same member set, same conversation.

        Returns the conversation and whether it already existed.
        """
        others = list(dict.fromkeys(u for u in user_ids if u and u != self.bot_user_id))
        if not others:
            raise SlackError("cannot_dm_bot")
        if len(others) > MAX_DM_USERS:
            raise SlackError("too_many_users")
        for user_id in others:
            user = self.user(user_id)
            if user["deleted"]:
                raise SlackError("user_disabled")
            if len(others) == 1 and user["is_bot"]:
                raise SlackError("cannot_dm_bot")
        members = [self.bot_user_id, *others]
        existing = self._dm_by_members.get(frozenset(members))
        if existing is not None:
            return self.conversations[existing], True
        return self.add_conversation(self._new_dm(members)), False

    def _new_dm(self, members: list[str]) -> Conversation:
        if len(members) == 2:
            return Conversation(
                id=self.next_id("D0IM"),
                kind="im",
                name=members[1],
                members=members,
                created=self.now(),
                is_private=True,
            )
        names = "--".join(self.users[m]["name"] for m in members)
        return Conversation(
            id=self.next_id("G0MP"),
            kind="mpim",
            name=f"mpdm-{names}-1",
            members=members,
            created=self.now(),
            is_private=True,
        )

    def dm_with(self, user_id: str) -> Conversation | None:
        channel_id = self._dm_by_members.get(frozenset({self.bot_user_id, user_id}))
        return self.conversations.get(channel_id) if channel_id else None

    def conversation_object(self, conversation: Conversation) -> dict[str, Any]:
        """The conversations.info / conversations.open(return_im) shape for each kind."""
        common = {
            "id": conversation.id,
            "created": conversation.created,
            "is_archived": False,
            "is_org_shared": False,
            "context_team_id": self.team_id,
            "updated": conversation.created * 1000,
        }
        latest = conversation.messages[-1] if conversation.messages else None
        if conversation.is_im:
            return {
                **common,
                "is_im": True,
                "user": conversation.members[1],
                "last_read": "0000000000.000000",
                "latest": copy.deepcopy(latest),
                "unread_count": 0,
                "unread_count_display": 0,
                "is_open": True,
                "priority": 0,
            }
        return {
            **common,
            "name": conversation.name,
            "name_normalized": conversation.name,
            "is_channel": conversation.is_channel,
            "is_group": False,
            "is_im": False,
            "is_mpim": conversation.is_mpim,
            "is_private": conversation.is_private,
            "is_general": conversation.name == "general",
            "is_shared": False,
            "is_ext_shared": False,
            "is_member": self.bot_user_id in conversation.members,
            "creator": conversation.members[0] if conversation.members else "",
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
        }

    # -- messages ---------------------------------------------------------------------------

    def bot_message(self, fields: dict[str, Any]) -> dict[str, Any]:
        """A message object as chat.postMessage returns and history stores it."""
        message: dict[str, Any] = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "bot_profile": self.bot_profile(),
            "ts": self.next_ts(),
        }
        message.update({k: copy.deepcopy(v) for k, v in fields.items() if v is not None})
        message.setdefault("text", "")
        return message

    def bot_profile(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "app_id": self.app_id,
            "name": self.bot_name,
            "icons": {"image_48": "https://a.slack-edge.com/80588/img/plugins/app/bot_48.png"},
            "deleted": False,
            "updated": self.now(),
            "team_id": self.team_id,
        }

    def find_message(self, channel_id: str, ts: str) -> dict[str, Any]:
        message = self.conversation(channel_id).find(ts)
        if message is None:
            raise SlackError("message_not_found")
        return message

    def require_scope(self, scope: str) -> None:
        """Slack refuses a method the token was not granted the scope for."""
        if scope not in self.scopes:
            raise SlackError("missing_scope", needed=scope, provided=",".join(sorted(self.scopes)))

    def deliver_scheduled(self) -> list[dict[str, Any]]:
        """Post every scheduled message whose post_at has passed on the wall clock."""
        due = sorted(
            (s for s in self.scheduled.values() if s.post_at <= self.now()),
            key=lambda s: s.post_at,
        )
        posted = []
        for scheduled in due:
            del self.scheduled[scheduled.id]
            message = self.bot_message(scheduled.message)
            self.conversations[scheduled.channel_id].messages.append(message)
            posted.append(message)
        return posted

    def add_ephemeral(
        self, *, user_id: str, channel_id: str, fields: dict[str, Any], via: str
    ) -> dict[str, Any]:
        message = self.bot_message(fields)
        self.ephemerals.append(Ephemeral(user_id, channel_id, message, via))
        return message

    # -- triggers and response urls ---------------------------------------------------------

    def issue_trigger(self, user_id: str) -> str:
        trigger_id = f"{1_000_000_000 + len(self.triggers)}.879979449463.{secrets.token_hex(16)}"
        self.triggers[trigger_id] = Trigger(trigger_id, user_id, self.monotonic())
        return trigger_id

    def exchange_trigger(self, trigger_id: str) -> Trigger:
        """Use a trigger_id once, within three seconds, or fail the way Slack does."""
        trigger = self.triggers.get(trigger_id)
        if trigger is None:
            raise SlackError("invalid_trigger_id")
        if trigger.used:
            raise SlackError("exchanged_trigger_id")
        if self.monotonic() - trigger.issued_at >= TRIGGER_TTL_SECONDS:
            raise SlackError("expired_trigger_id")
        trigger.used = True
        return trigger

    def issue_response_url(self, user_id: str, channel_id: str, message_ts: str | None) -> str:
        url_id = f"{self.next_id('R')}{secrets.token_hex(8)}"
        self.response_urls[url_id] = ResponseUrl(
            url_id, user_id, channel_id, self.monotonic(), message_ts
        )
        return url_id

    def use_response_url(self, url_id: str) -> ResponseUrl:
        response_url = self.response_urls.get(url_id)
        if response_url is None:
            raise SlackError("invalid_url")
        if self.monotonic() - response_url.issued_at > RESPONSE_URL_TTL_SECONDS:
            raise SlackError("expired_url")
        if response_url.uses >= RESPONSE_URL_MAX_USES:
            raise SlackError("used_url")
        response_url.uses += 1
        return response_url

    # -- views ------------------------------------------------------------------------------

    def stored_view(self, *, view_id: str | None, external_id: str | None) -> StoredView:
        for view in self.views.values():
            if view_id is not None and view.id == view_id:
                return view
            if external_id is not None and view.body.get("external_id") == external_id:
                return view
        raise SlackError("not_found")

    def check_external_id(self, external_id: object, *, allow: str | None = None) -> None:
        if not external_id:
            return
        for view in self.views.values():
            if view.body.get("external_id") == external_id and view.id != allow:
                raise SlackError("duplicate_external_id")

    def view_body(self, view_id: str, view: dict[str, Any]) -> dict[str, Any]:
        """The view object the Web API returns: the app's fields plus Slack's bookkeeping."""
        body = copy.deepcopy(view)
        body.setdefault("blocks", [])
        body.update(
            id=view_id,
            team_id=self.team_id,
            private_metadata=view.get("private_metadata", ""),
            callback_id=view.get("callback_id", ""),
            external_id=view.get("external_id", ""),
            state={"values": {}},
            hash=self.new_hash(),
            clear_on_close=bool(view.get("clear_on_close", False)),
            notify_on_close=bool(view.get("notify_on_close", False)),
            root_view_id=view_id,
            previous_view_id=None,
            app_id=self.app_id,
            app_installed_team_id=self.team_id,
            bot_id=self.bot_id,
        )
        if body["type"] == "home":
            body.update(close=None, submit=None)
        else:
            body.setdefault("close", None)
            body.setdefault("submit", None)
        return body

    def open_modal(self, user_id: str, view: dict[str, Any], *, push: bool) -> StoredView:
        """Open a new modal stack (views.open) or push onto the user's stack (views.push)."""
        stack = self.modal_stacks.setdefault(user_id, [])
        if push and not stack:
            raise SlackError("not_found")
        if push and len(stack) >= MODAL_STACK_LIMIT:
            raise SlackError("push_limit_reached")
        if not push:
            self.clear_modals(user_id)
            stack = self.modal_stacks.setdefault(user_id, [])
        view_id = self.next_id("V0VW")
        stored = StoredView(view_id, user_id, self.view_body(view_id, view))
        if stack:
            stored.body.update(root_view_id=stack[0], previous_view_id=stack[-1])
        stack.append(view_id)
        self.views[view_id] = stored
        return stored

    def replace_view(self, stored: StoredView, view: dict[str, Any]) -> StoredView:
        """views.update: new content and hash, same id and place in the stack."""
        old = stored.body
        body = self.view_body(stored.id, view)
        body.update(root_view_id=old["root_view_id"], previous_view_id=old["previous_view_id"])
        block_ids = {b.get("block_id") for b in body["blocks"] if isinstance(b, dict)}
        kept = {k: v for k, v in old["state"]["values"].items() if k in block_ids}
        body["state"] = {"values": kept}
        stored.body = body
        stored.errors = {}
        return stored

    def publish_home(self, user_id: str, view: dict[str, Any]) -> StoredView:
        view_id = self.home_views.get(user_id) or self.next_id("V0HM")
        existing = self.views.get(view_id)
        if existing is not None:
            return self.replace_view(existing, view)
        stored = StoredView(view_id, user_id, self.view_body(view_id, view))
        self.views[view_id] = stored
        self.home_views[user_id] = view_id
        return stored

    def close_view(self, view_id: str) -> None:
        """Close a modal and anything stacked above it, as a submission without a response does."""
        for stack in self.modal_stacks.values():
            if view_id in stack:
                for closed in stack[stack.index(view_id) :]:
                    self.views.pop(closed, None)
                del stack[stack.index(view_id) :]
                return

    def clear_modals(self, user_id: str) -> None:
        for view_id in self.modal_stacks.pop(user_id, []):
            self.views.pop(view_id, None)
