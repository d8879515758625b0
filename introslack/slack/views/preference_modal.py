"""How a party would like to connect: an optional way and a one-line note to the other person."""

from __future__ import annotations

from typing import Any

from introslack.domain.intro import ConnectWay, Intro, Preference, Side
from introslack.slack import ids
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.ids import Block, Callback
from introslack.slack.views import people
from introslack.slack.views.blocks import input_block, modal, option, plain, safe, section
from introslack.slack.views.labels import CONNECT_WAYS
from introslack.slack.views.message import JSON
from introslack.slack.views.state import selected_choice, text_value

PREFERENCE_NOTE_MAX = 150
PREFERENCE_LINE_NOTE_MAX = 200


def preference_modal(
    intro: Intro, side: Side, *, private_metadata: str, t: Translator = ENGLISH_TRANSLATOR
) -> JSON:
    """Build the small form; what is saved already is filled in, and both fields are optional."""
    other = people.name(intro.party(side.other), t)
    saved = intro.preference(side)
    way: JSON = {
        "type": "static_select",
        "action_id": ids.INPUT,
        "placeholder": plain(t("Pick one (optional)")),
        "options": [option(t(text), choice.value) for choice, text in CONNECT_WAYS.items()],
    }
    if saved.way is not None:
        way["initial_option"] = option(t(CONNECT_WAYS[saved.way]), saved.way.value)
    note: JSON = {
        "type": "plain_text_input",
        "action_id": ids.INPUT,
        "max_length": PREFERENCE_NOTE_MAX,
        "placeholder": plain(t("e.g. Mornings are best for me")),
    }
    if saved.note:
        note["initial_value"] = saved.note[:PREFERENCE_NOTE_MAX]
    blocks = [
        section(
            t(
                "Optional: tell {other} how you'd like to connect. "
                "They see it only in the introduction, once you've both said yes.",
                other=other,
            )
        ),
        input_block(Block.PREFERRED_WAY, t("Preferred way to connect"), way, optional=True),
        input_block(Block.PREFERENCE_NOTE, t("A note to the other person"), note, optional=True),
    ]
    return modal(
        callback_id=Callback.PREFERENCE_MODAL,
        title=t("How to connect"),
        submit=t("Save"),
        close=t("Back"),
        blocks=blocks,
        private_metadata=private_metadata,
    )


def parse_preference(values: dict[str, Any]) -> Preference:
    """Read the optional way and note; both may be left empty."""
    return Preference(
        way=selected_choice(values, Block.PREFERRED_WAY, ConnectWay),
        note=text_value(values, Block.PREFERENCE_NOTE)[:PREFERENCE_NOTE_MAX],
    )


def preference_line(preference: Preference, *, t: Translator = ENGLISH_TRANSLATOR) -> str | None:
    """`🎥 A video call · “Mornings are best for me”` in mrkdwn, or None when nothing was said."""
    parts = []
    if preference.way is not None:
        parts.append(t(CONNECT_WAYS[preference.way]))
    if preference.note:
        parts.append(f"“{safe(preference.note, PREFERENCE_LINE_NOTE_MAX)}”")
    return " · ".join(parts) if parts else None
