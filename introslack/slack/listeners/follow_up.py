"""The answers to the "did you connect?" nudge, which go to the connector."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from introslack.domain.intro import Outcome, Workspace
from introslack.service import IntroService
from introslack.slack.ids import Action
from introslack.slack.listeners.replies import act_on_click, clicked_value, tell
from introslack.worker import Worker


def register(app: App) -> None:
    app.action(re.compile(rf"^{Action.FOLLOW_UP.value}:"))(answer_follow_up)


def answer_follow_up(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    intros: IntroService,
    worker: Worker,
) -> None:
    ack()
    intro_id, _, answer = clicked_value(body).partition(":")
    try:
        outcome = Outcome(answer)
    except ValueError:
        tell(client, body, "I didn't understand that answer; please use the buttons.")
        return
    act_on_click(
        body,
        client,
        worker,
        lambda _value, user_id: intros.follow_up(
            workspace, intro_id, user_id=user_id, outcome=outcome
        ),
    )
