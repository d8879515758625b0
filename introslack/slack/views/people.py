"""How a party is shown: escaped name, title, time zone and the time it is for them now."""

from __future__ import annotations

from datetime import datetime

from introslack.domain.intro import Person
from introslack.domain.privacy import FORMER_COLLEAGUE
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.mrkdwn import local_time
from introslack.slack.views.blocks import NAME_MAX, TITLE_MAX, clip, safe

ABOUT_MAX = 200


def name(person: Person, t: Translator = ENGLISH_TRANSLATOR) -> str:
    """The person's full name, escaped for mrkdwn and fallback text."""
    return safe(_said(person, t), NAME_MAX)


def plain_name(person: Person, t: Translator = ENGLISH_TRANSLATOR) -> str:
    """The person's full name for plain_text objects, which Slack never parses."""
    return clip(_said(person, t), NAME_MAX)


def _said(person: Person, t: Translator) -> str:
    """The name as stored, in the reader's words when it stands for someone who left."""
    if person.name == FORMER_COLLEAGUE:
        return t(FORMER_COLLEAGUE)
    return person.name or t("someone")


def name_and_title(person: Person, t: Translator = ENGLISH_TRANSLATOR) -> str:
    """`*Full Name*, Title` in mrkdwn."""
    line = f"*{name(person, t)}*"
    if person.title.strip():
        line += f", {safe(person.title.strip(), TITLE_MAX)}"
    return line


def time_zone_line(person: Person, now: datetime, t: Translator = ENGLISH_TRANSLATOR) -> str | None:
    """`🕒 Pacific Standard Time · 9:05 AM there now`, or None when Slack knows no zone."""
    zone = person.tz_label or person.tz
    if not zone:
        return None
    line = f"🕒 {safe(zone, NAME_MAX)}"
    local = local_time(person.tz, now)
    if local:
        line += " · " + t("{time} there now", time=t.time(local))
    return line


def about_line(person: Person, about: str) -> str | None:
    """The connector's line about the person, or None when it only repeats their title."""
    line = about.strip()
    if not line or line == person.title.strip():
        return None
    return f"💬 _{safe(line, ABOUT_MAX)}_"


def profile(
    person: Person, now: datetime, *, about: str = "", t: Translator = ENGLISH_TRANSLATOR
) -> str:
    """Name, title, the connector's line about them, and time zone, one per line."""
    lines = [name_and_title(person, t)]
    said = about_line(person, about)
    if said:
        lines.append(said)
    zone = time_zone_line(person, now, t)
    if zone:
        lines.append(zone)
    return "\n".join(lines)
