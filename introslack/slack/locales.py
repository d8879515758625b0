"""Who reads which language, as Slack says (`users.info` with `include_locale`), briefly cached."""

from __future__ import annotations

import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from introslack.slack.i18n import Translator, common, translator_for

# How long the app trusts a person's Slack language before asking again.
LOCALE_TTL_SECONDS = 600.0


class Locales:
    """A short-lived per-process cache of each person's Slack locale; unknown reads English."""

    def __init__(self, *, ttl: float = LOCALE_TTL_SECONDS) -> None:
        self.ttl = ttl
        self._known: dict[tuple[str, str], tuple[str | None, float]] = {}
        self._lock = threading.Lock()

    def locale_of(self, client: WebClient, user_id: str) -> str | None:
        now = time.monotonic()
        key = (client.token or "", user_id)
        with self._lock:
            known = self._known.get(key)
        if known is not None and known[1] > now:
            return known[0]
        try:
            user = client.users_info(user=user_id, include_locale=True)["user"]
        except (SlackApiError, OSError):
            return None  # not cached: the next message asks again
        locale = user.get("locale") if isinstance(user.get("locale"), str) else None
        with self._lock:
            self._known[key] = (locale, now + self.ttl)
        return locale

    def for_user(self, client: WebClient, user_id: str) -> Translator:
        return translator_for(self.locale_of(client, user_id))

    def for_pair(self, client: WebClient, a: str, b: str) -> Translator:
        return common(self.locale_of(client, a), self.locale_of(client, b))
