"""The intro modal's submission: check the two people, then ask both privately."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from introslack.domain.intro import IntroError, Side, Workspace
from introslack.domain.proposal import proposal_problems
from introslack.service import IntroService
from introslack.slack.client import before_ack
from introslack.slack.ids import Block, Callback
from introslack.slack.people import look_up
from introslack.slack.views.intro_modal import parse_intro_submission
from introslack.worker import Worker

PARTY_BLOCKS = {Side.A: Block.PARTY_A.value, Side.B: Block.PARTY_B.value}
LOOKUP_TIMED_OUT = "Slack didn't answer in time while I checked these two. Please submit again."


def register(app: App) -> None:
    app.view(Callback.INTRO_MODAL.value)(submit_intro)


def submit_intro(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    intros: IntroService,
    worker: Worker,
) -> None:
    connector_id = body["user"]["id"]
    form = parse_intro_submission(view["state"]["values"])
    quick = before_ack(client)
    try:
        party_a = look_up(quick, form.party_a_id) if form.party_a_id else None
        party_b = look_up(quick, form.party_b_id) if form.party_b_id else None
    except (SlackApiError, OSError):
        ack(response_action="errors", errors={PARTY_BLOCKS[Side.A]: LOOKUP_TIMED_OUT})
        return
    problems = proposal_problems(connector_id, party_a, party_b)
    if problems or party_a is None or party_b is None:
        ack(response_action="errors", errors=_by_block(problems))
        return
    try:
        change = intros.propose(
            workspace,
            connector_id=connector_id,
            party_a=party_a.person,
            party_b=party_b.person,
            context=form.context,
        )
    except IntroError as problem:
        ack(response_action="errors", errors={PARTY_BLOCKS[Side.B]: str(problem)})
        return
    ack()
    worker.run_now(change.due_job_ids)


def _by_block(problems: dict[Side, str]) -> dict[str, str]:
    return {PARTY_BLOCKS[side]: text for side, text in problems.items()}
