"""The blameless way out: an optional reason that only the connector ever sees."""

from __future__ import annotations

from typing import Any

from introslack.domain.intro import DeclineReason, Intro, Side
from introslack.slack import ids
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.ids import Block, Callback
from introslack.slack.mrkdwn import mention
from introslack.slack.views import people
from introslack.slack.views.blocks import NAME_MAX, clip, input_block, modal, option, plain, section
from introslack.slack.views.labels import DECLINE_REASONS
from introslack.slack.views.message import JSON
from introslack.slack.views.state import selected_choice, text_value

DECLINE_NOTE_MAX = 500


def decline_modal(
    intro: Intro,
    side: Side,
    *,
    private_metadata: str,
    connector_name: str | None = None,
    t: Translator = ENGLISH_TRANSLATOR,
) -> JSON:
    """Build the decline form; `connector_name` only personalises a plain-text label."""
    connector = mention(intro.connector_id)
    other = people.name(intro.party(side.other), t)
    who = clip(connector_name.strip(), NAME_MAX) if connector_name else ""
    blocks = [
        section(
            t("No problem — declining is completely fine.")
            + "\n"
            + t(
                "Only {connector} will see your reason, if you give one. "
                "{other} will only hear that this intro won't go ahead.",
                connector=connector,
                other=other,
            )
        ),
        input_block(
            Block.DECLINE_REASON,
            t("Reason"),
            {
                "type": "radio_buttons",
                "action_id": ids.INPUT,
                "options": [
                    option(t(text), reason.value) for reason, text in DECLINE_REASONS.items()
                ],
            },
            optional=True,
        ),
        input_block(
            Block.DECLINE_NOTE,
            t("Anything to add? Only {who} sees it.", who=who or t("the connector")),
            {
                "type": "plain_text_input",
                "action_id": ids.INPUT,
                "multiline": True,
                "max_length": DECLINE_NOTE_MAX,
                "placeholder": plain(t("e.g. Happy to help next quarter")),
            },
            optional=True,
        ),
    ]
    return modal(
        callback_id=Callback.DECLINE_MODAL,
        title=t("Decline intro"),
        submit=t("Decline"),
        close=t("Back"),
        blocks=blocks,
        private_metadata=private_metadata,
    )


def parse_decline(values: dict[str, Any]) -> tuple[DeclineReason | None, str]:
    """Read the optional reason and note; both may be left empty."""
    return (
        selected_choice(values, Block.DECLINE_REASON, DeclineReason),
        text_value(values, Block.DECLINE_NOTE),
    )
