"""Who someone is, according to Slack: the profile snapshot stored with an intro."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from introslack.domain.intro import Person
from introslack.domain.proposal import Candidate

UNKNOWN_USER_ERRORS = ("user_not_found", "user_not_visible")


def look_up(client: WebClient, user_id: str) -> Candidate | None:
    """The candidate behind a user id, or None if Slack does not know them."""
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as error:
        if error.response.get("error") in UNKNOWN_USER_ERRORS:
            return None
        raise
    return candidate_from(user)


def candidate_from(user: dict[str, Any]) -> Candidate:
    profile = user.get("profile") or {}
    person = Person(
        user_id=user["id"],
        name=_full_name(user, profile),
        title=(profile.get("title") or "").strip(),
        tz=user.get("tz") or None,
        tz_label=user.get("tz_label") or None,
    )
    is_bot = bool(user.get("is_bot") or user.get("is_app_user")) or user["id"] == "USLACKBOT"
    return Candidate(person=person, is_bot=is_bot, deactivated=bool(user.get("deleted")))


def _full_name(user: dict[str, Any], profile: dict[str, Any]) -> str:
    for name in (profile.get("real_name"), user.get("real_name"), profile.get("display_name")):
        if name and name.strip():
            return str(name).strip()
    return str(user.get("name") or user["id"])
