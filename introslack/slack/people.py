"""Who someone is, according to Slack: the profile snapshot stored with an intro."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

from slack_sdk import WebClient

from introslack.domain.intro import Person
from introslack.domain.proposal import Candidate
from introslack.slack.profiles import Profiles


def look_up(client: WebClient, user_id: str, profiles: Profiles) -> Candidate | None:
    """The candidate behind a user id, or None if Slack does not know them."""
    user = profiles.user(client, user_id)
    return None if user is None else candidate_from(user)


def titles_of(
    client: WebClient, user_ids: list[str], profiles: Profiles, *, budget: float
) -> dict[str, str]:
    """Slack titles of these people, looked up together; whoever is slower than `budget` is left
    out, so a modal can still open while its trigger lives."""
    pool = ThreadPoolExecutor(max_workers=max(len(user_ids), 1))
    futures = {user_id: pool.submit(look_up, client, user_id, profiles) for user_id in user_ids}
    done, _late = wait(futures.values(), timeout=budget)
    pool.shutdown(wait=False, cancel_futures=True)
    titles: dict[str, str] = {}
    for user_id, future in futures.items():
        if future not in done or future.exception() is not None:
            continue
        found = future.result()
        if found is not None and found.person.title:
            titles[user_id] = found.person.title
    return titles


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
