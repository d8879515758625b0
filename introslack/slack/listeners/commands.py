"""`/intro`: open the intro modal at once, prefilled with any people mentioned."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from introslack.slack.ids import Command
from introslack.slack.mrkdwn import unescape
from introslack.slack.views.intro_modal import intro_modal

# `should_escape` turns "@alice" into "<@U123|alice>"; plain "<@U123>" arrives too.
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")

USAGE = (
    "Use `/intro` to introduce two colleagues, or `/intro @alice @bob` to start with them "
    "filled in. Each is asked privately first; nobody is introduced until both say yes."
)


def register(app: App) -> None:
    app.command(Command.INTRO.value)(open_intro_modal)


def open_intro_modal(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
    text = unescape(command.get("text") or "").strip()
    if text.lower() == "help":
        ack(text=USAGE)
        return
    ack()
    party_a, party_b = mentioned_people(text)
    client.views_open(
        trigger_id=command["trigger_id"], view=intro_modal(party_a=party_a, party_b=party_b)
    )


def mentioned_people(text: str) -> tuple[str | None, str | None]:
    """The first two distinct people mentioned in the command text."""
    people = list(dict.fromkeys(MENTION.findall(text)))
    return (people[0] if people else None, people[1] if len(people) > 1 else None)
