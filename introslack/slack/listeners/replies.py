"""Telling the person who clicked that something could not be done, wherever they clicked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from introslack.domain.intro import IntroError
from introslack.service import Change
from introslack.slack.mrkdwn import escape
from introslack.slack.views.notices import notice_modal
from introslack.worker import Worker


def tell(client: WebClient, body: dict[str, Any], text: str, *, title: str = "Intro") -> None:
    """An ephemeral note where a message was clicked, or a small modal over the Home tab."""
    response_url = body.get("response_url")
    if response_url:
        WebhookClient(response_url).send(
            text=escape(text), response_type="ephemeral", replace_original=False
        )
    else:
        client.views_open(trigger_id=body["trigger_id"], view=notice_modal(title, text))


def act_on_click(
    body: dict[str, Any],
    client: WebClient,
    worker: Worker,
    use_case: Callable[[str, str], Change],
    *,
    title: str = "Intro",
) -> None:
    """Run a use case on the clicked intro as the clicking user; explain a refusal politely."""
    try:
        change = use_case(clicked_value(body), body["user"]["id"])
    except IntroError as problem:
        tell(client, body, str(problem), title=title)
        return
    worker.run_now(change.due_job_ids)


def clicked_value(body: dict[str, Any]) -> str:
    return str(body["actions"][0].get("value") or "")
