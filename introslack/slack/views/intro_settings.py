"""My intro settings: a section of the Home tab, the modal that edits them, and its parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from introslack.domain.control import (
    BLOCKED_MAX,
    TOPIC_MAX,
    TOPICS_MAX,
    IntroSettings,
    clean_topics,
)
from introslack.domain.messages import N_
from introslack.slack import ids
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.ids import Action, Block, Callback
from introslack.slack.mrkdwn import mention
from introslack.slack.views.blocks import (
    button,
    context,
    divider,
    header,
    input_block,
    modal,
    plain,
    safe,
    section,
)
from introslack.slack.views.message import JSON
from introslack.slack.views.state import selected_date, selected_users, text_value

MONTHLY_LIMIT_MAX = 1000
TOPICS_INPUT_MAX = TOPICS_MAX * (TOPIC_MAX + 2)
USER_ID = re.compile(r"[UW][A-Z0-9]{2,20}")

PRIVATE_LIST_HINT = N_(
    "Only you ever see this list. A request pairing you with one of them is refused in the "
    "same words as a pause, so nobody can tell they are on it."
)


@dataclass(frozen=True)
class SettingsForm:
    """What the person submitted: their new settings, or what to fix, by block id."""

    settings: IntroSettings
    errors: dict[str, str] = field(default_factory=dict)


def settings_section(
    settings: IntroSettings, *, now: datetime, t: Translator = ENGLISH_TRANSLATOR
) -> list[JSON]:
    """How the person's intro settings stand, with a button to change them."""
    if settings.is_paused(now) and settings.paused_until is not None:
        pause = t("⏸️ *Paused*: no new requests until {day}.", day=settings.paused_until)
    else:
        pause = t("✅ *Taking intro requests.*")
    limit = (
        t.plural(
            "📬 At most *{count}* request a month.",
            "📬 At most *{count}* requests a month.",
            settings.monthly_limit,
        )
        if settings.monthly_limit
        else t("📬 No monthly limit.")
    )
    topics = (
        t("🏷️ Open to:") + " " + ", ".join(safe(topic, TOPIC_MAX + 10) for topic in settings.topics)
        if settings.topics
        else t("🏷️ No topics yet: connectors see the ones you add.")
    )
    lines = [pause, limit, topics]
    if settings.blocked:
        lines.append(
            t.plural(
                "🔒 {count} person you'd rather not be introduced to (only you see this).",
                "🔒 {count} people you'd rather not be introduced to (only you see this).",
                len(settings.blocked),
            )
        )
    overview = section("\n".join(lines))
    overview["accessory"] = button(t("Change"), action_id=Action.INTRO_SETTINGS, value="edit")
    return [divider(), header(t("My intro settings")), overview]


def settings_modal(
    settings: IntroSettings, *, now: datetime, t: Translator = ENGLISH_TRANSLATOR
) -> JSON:
    """The form a person fills in to say when and how they want to be asked."""
    pause: JSON = {"type": "datepicker", "action_id": ids.INPUT}
    if settings.is_paused(now) and settings.paused_until is not None:
        pause["initial_date"] = settings.paused_until.isoformat()
    limit: JSON = {
        "type": "number_input",
        "action_id": ids.INPUT,
        "is_decimal_allowed": False,
        "min_value": "1",
        "max_value": str(MONTHLY_LIMIT_MAX),
        "placeholder": plain(t("No limit")),
    }
    if settings.monthly_limit:
        limit["initial_value"] = str(settings.monthly_limit)
    topics: JSON = {
        "type": "plain_text_input",
        "action_id": ids.INPUT,
        "max_length": TOPICS_INPUT_MAX,
        "placeholder": plain(t("e.g. design systems, hiring, climbing")),
    }
    if settings.topics:
        topics["initial_value"] = ", ".join(settings.topics)
    blocked: JSON = {
        "type": "multi_users_select",
        "action_id": ids.INPUT,
        "max_selected_items": BLOCKED_MAX,
        "placeholder": plain(t("Nobody")),
    }
    if settings.blocked:
        blocked["initial_users"] = sorted(settings.blocked)
    return modal(
        callback_id=Callback.SETTINGS_MODAL,
        title=t("My intro settings"),
        submit=t("Save"),
        close=t("Cancel"),
        blocks=[
            context(
                t("Requests already sent to you stay as they are; these rules apply to new ones.")
            ),
            input_block(
                Block.PAUSE_UNTIL,
                t("Pause new requests until"),
                pause,
                optional=True,
                hint=t("You take requests again on this day, by itself. Empty: no pause."),
            ),
            input_block(
                Block.MONTHLY_LIMIT,
                t("At most this many requests a month"),
                limit,
                optional=True,
                hint=t("Empty: no limit."),
            ),
            input_block(
                Block.TOPICS,
                t("Topics I'm open to"),
                topics,
                optional=True,
                hint=t("Separated by commas. Connectors see them when they pick you."),
            ),
            input_block(
                Block.BLOCKED,
                t("People I'd rather not be introduced to"),
                blocked,
                optional=True,
                hint=t(PRIVATE_LIST_HINT),
            ),
        ],
    )


def parse_settings(values: dict[str, Any], *, user_id: str, now: datetime) -> SettingsForm:
    """Read the modal leniently; anything that can't be used is explained on its block."""
    errors: dict[str, str] = {}
    paused_until = _pause(selected_date(values, Block.PAUSE_UNTIL), now, errors)
    monthly_limit = _limit(text_value(values, Block.MONTHLY_LIMIT), errors)
    blocked = frozenset(
        user for user in selected_users(values, Block.BLOCKED) if USER_ID.fullmatch(user)
    ) - {user_id}
    if len(blocked) > BLOCKED_MAX:
        errors[Block.BLOCKED.value] = N_("Pick at most {limit} people.", limit=BLOCKED_MAX)
    settings = IntroSettings(
        paused_until=paused_until,
        monthly_limit=monthly_limit,
        topics=clean_topics(text_value(values, Block.TOPICS)),
        blocked=blocked,
    )
    return SettingsForm(settings, errors)


def _pause(raw: str | None, now: datetime, errors: dict[str, str]) -> date | None:
    if raw is None:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        errors[Block.PAUSE_UNTIL.value] = N_("Pick a day from the calendar.")
        return None
    if day <= now.date():
        errors[Block.PAUSE_UNTIL.value] = N_("Pick a day after today, or leave it empty.")
        return None
    return day


def _limit(raw: str, errors: dict[str, str]) -> int | None:
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MONTHLY_LIMIT_MAX:
        errors[Block.MONTHLY_LIMIT.value] = N_(
            "Use a whole number from 1 to {limit}, or leave it empty.", limit=MONTHLY_LIMIT_MAX
        )
        return None
    return int(raw)


def topics_hint(
    user_id: str, topics: tuple[str, ...], *, t: Translator = ENGLISH_TRANSLATOR
) -> JSON:
    """For the connector: what someone they picked has said they're open to talk about."""
    listed = ", ".join(safe(topic, TOPIC_MAX + 10) for topic in topics)
    return context(t("🏷️ {who} is open to: {topics}", who=mention(user_id), topics=listed))
