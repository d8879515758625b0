"""Telling the person who clicked that something could not be done, wherever they clicked."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from introslack.slack.views.notices import notice_modal


def tell(client: WebClient, body: dict[str, Any], text: str, *, title: str = "Intro") -> None:
    """An ephemeral note under a message, or a small modal over the Home tab."""
    container = body.get("container") or {}
    user_id = body["user"]["id"]
    if container.get("type") == "message":
        client.chat_postEphemeral(channel=container["channel_id"], user=user_id, text=text)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=notice_modal(title, text))


def clicked_value(body: dict[str, Any]) -> str:
    return str(body["actions"][0].get("value") or "")
