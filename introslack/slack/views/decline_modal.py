"""The blameless way out: an optional reason that only the connector ever sees."""

from __future__ import annotations

from typing import Any

from introslack.domain.intro import DeclineReason, Intro, Side
from introslack.slack import ids
from introslack.slack.ids import Block, Callback
from introslack.slack.mrkdwn import mention
from introslack.slack.views import people
from introslack.slack.views.blocks import NAME_MAX, clip, input_block, modal, option, plain, section
from introslack.slack.views.labels import DECLINE_REASONS
from introslack.slack.views.message import JSON
from introslack.slack.views.state import selected_choice, text_value

DECLINE_NOTE_MAX = 500


def decline_modal(
    intro: Intro, side: Side, *, private_metadata: str, connector_name: str | None = None
) -> JSON:
    """Build the decline form; `connector_name` only personalises a plain-text label."""
    connector = mention(intro.connector_id)
    other = people.name(intro.party(side.other))
    who = clip(connector_name.strip(), NAME_MAX) if connector_name else ""
    blocks = [
        section(
            "No problem — declining is completely fine.\n"
            f"Only {connector} will see your reason, if you give one. "
            f"{other} will only hear that this intro won't go ahead."
        ),
        input_block(
            Block.DECLINE_REASON,
            "Reason",
            {
                "type": "radio_buttons",
                "action_id": ids.INPUT,
                "options": [option(text, reason.value) for reason, text in DECLINE_REASONS.items()],
            },
            optional=True,
        ),
        input_block(
            Block.DECLINE_NOTE,
            f"Anything to add? Only {who or 'the connector'} sees it.",
            {
                "type": "plain_text_input",
                "action_id": ids.INPUT,
                "multiline": True,
                "max_length": DECLINE_NOTE_MAX,
                "placeholder": plain("e.g. Happy to help next quarter"),
            },
            optional=True,
        ),
    ]
    return modal(
        callback_id=Callback.DECLINE_MODAL,
        title="Decline intro",
        submit="Decline",
        close="Back",
        blocks=blocks,
        private_metadata=private_metadata,
    )


def parse_decline(values: dict[str, Any]) -> tuple[DeclineReason | None, str]:
    """Read the optional reason and note; both may be left empty."""
    return (
        selected_choice(values, Block.DECLINE_REASON, DeclineReason),
        text_value(values, Block.DECLINE_NOTE),
    )
