"""Make user text safe to put into mrkdwn and message fallback text."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def escape(text: str) -> str:
    """Turn Slack's control characters into entities, so `<!channel>` or `<@U1>` pings no one."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Undo Slack's escaping of slash-command text (`should_escape`), before parsing it."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def mention(user_id: str) -> str:
    """A real mention: used only for ids the app itself stored, never for user text."""
    return f"<@{user_id}>"


def local_time(tz: str | None, now: datetime) -> datetime | None:
    """The moment it is now for someone in `tz`, or None if the zone is unknown."""
    if not tz:
        return None
    try:
        moment = now.astimezone(ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return moment
