"""Accept and Decline on a private request (in the DM or on the Home tab)."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from introslack.domain.intro import IntroError, Workspace
from introslack.service import IntroService
from introslack.slack.ids import Action, Callback
from introslack.slack.listeners.replies import act_on_click, clicked_value, tell
from introslack.slack.views.decline_modal import decline_modal, parse_decline
from introslack.slack.views.notices import notice_modal
from introslack.worker import Worker


def register(app: App) -> None:
    app.action(Action.ACCEPT.value)(accept)
    app.action(Action.DECLINE.value)(open_decline)
    app.view(Callback.DECLINE_MODAL.value)(submit_decline)


def accept(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    intros: IntroService,
    worker: Worker,
) -> None:
    ack()
    act_on_click(
        body,
        client,
        worker,
        lambda intro_id, user_id: intros.accept(workspace, intro_id, user_id=user_id),
    )


def open_decline(
    ack: Ack, body: dict[str, Any], client: WebClient, workspace: Workspace, intros: IntroService
) -> None:
    """Open the decline modal while the trigger is fresh; the decline happens on submit."""
    ack()
    try:
        intro, side = intros.answerable(workspace, clicked_value(body), user_id=body["user"]["id"])
    except IntroError as problem:
        tell(client, body, str(problem))
        return
    metadata = json.dumps({"intro_id": intro.id})
    client.views_open(
        trigger_id=body["trigger_id"],
        view=decline_modal(intro, side, private_metadata=metadata),
    )


def submit_decline(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    workspace: Workspace,
    intros: IntroService,
    worker: Worker,
) -> None:
    reason, note = parse_decline(view["state"]["values"])
    intro_id = json.loads(view["private_metadata"])["intro_id"]
    try:
        change = intros.decline(
            workspace, intro_id, user_id=body["user"]["id"], reason=reason, note=note
        )
    except IntroError as problem:
        ack(response_action="update", view=notice_modal("Decline intro", str(problem)))
        return
    ack()
    worker.run_now(change.due_job_ids)
