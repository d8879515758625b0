"""Telling the person who clicked that something could not be done, wherever they clicked."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from introslack.slack.mrkdwn import escape
from introslack.slack.views.notices import notice_modal


def tell(client: WebClient, body: dict[str, Any], text: str, *, title: str = "Intro") -> None:
    """An ephemeral note where a message was clicked, or a small modal over the Home tab."""
    response_url = body.get("response_url")
    if response_url:
        WebhookClient(response_url).send(
            text=escape(text), response_type="ephemeral", replace_original=False
        )
    else:
        client.views_open(trigger_id=body["trigger_id"], view=notice_modal(title, text))


def clicked_value(body: dict[str, Any]) -> str:
    return str(body["actions"][0].get("value") or "")
