"""Who someone is and which language they read, as `users.info` (with `include_locale`) says:
asked once and kept briefly, so a click, its messages and the Home tab share one answer."""

from __future__ import annotations

import threading
import time
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from introslack.slack.i18n import Translator, common, translator_for

# How long the app trusts what Slack said about a person before asking again.
PROFILE_TTL_SECONDS = 600.0
UNKNOWN_USER_ERRORS = ("user_not_found", "user_not_visible")


class Profiles:
    """A short-lived per-process cache of `users.info`; an unknown language reads English."""

    def __init__(self, *, ttl: float = PROFILE_TTL_SECONDS) -> None:
        self.ttl = ttl
        self._known: dict[tuple[str, str], tuple[dict[str, Any] | None, float]] = {}
        self._lock = threading.Lock()

    def user(self, client: WebClient, user_id: str) -> dict[str, Any] | None:
        """Slack's user object, or None for someone Slack does not know; other errors raise."""
        now = time.monotonic()
        key = (client.token or "", user_id)
        with self._lock:
            known = self._known.get(key)
        if known is not None and known[1] > now:
            return known[0]
        found: dict[str, Any] | None
        try:
            found = client.users_info(user=user_id, include_locale=True)["user"]
        except SlackApiError as error:
            if error.response.get("error") not in UNKNOWN_USER_ERRORS:
                raise
            found = None
        with self._lock:
            self._known[key] = (found, now + self.ttl)
        return found

    def locale_of(self, client: WebClient, user_id: str) -> str | None:
        try:
            user = self.user(client, user_id)
        except (SlackApiError, OSError):
            return None  # not cached: the next message asks again
        locale = (user or {}).get("locale")
        return locale if isinstance(locale, str) else None

    def is_admin(self, client: WebClient, user_id: str) -> bool:
        """Workspace admins and owners see the workspace's insights."""
        try:
            user = self.user(client, user_id) or {}
        except (SlackApiError, OSError):
            return False
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    def for_user(self, client: WebClient, user_id: str) -> Translator:
        return translator_for(self.locale_of(client, user_id))

    def for_pair(self, client: WebClient, a: str, b: str) -> Translator:
        return common(self.locale_of(client, a), self.locale_of(client, b))
