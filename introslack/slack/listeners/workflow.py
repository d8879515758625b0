"""The Workflow Builder step "Request a double opt-in intro": the modal's checks, then the intro.

The step stays running while the two are asked; it completes, with the intro's id and its
outcome, when the intro is made, declined, expired or cancelled (a job, like every effect).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Fail
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from introslack.control import ControlService
from introslack.domain.intro import Context, IntroError, NextStep, Workspace
from introslack.domain.messages import N_
from introslack.domain.proposal import proposal_problems
from introslack.service import IntroService
from introslack.slack.listeners.clicks import USER_ID
from introslack.slack.people import look_up
from introslack.slack.profiles import Profiles

logger = logging.getLogger(__name__)

STEP = "request_intro"
WHY_MAX = 3000
NOT_A_PERSON = "The step's {field} must be a person in this workspace."
NO_WHY = "Say why these two should meet: the step's “why” is empty."
LOOKUP_FAILED = N_("Slack didn't answer while I checked these two people; run the step again.")


def register(app: App) -> None:
    app.function(STEP)(request_intro)


def request_intro(
    event: dict[str, Any],
    inputs: dict[str, Any],
    fail: Fail,
    client: WebClient,
    workspace: Workspace,
    intros: IntroService,
    control: ControlService,
    profiles: Profiles,
) -> None:
    """Check the inputs as the intro modal does; on any problem the step fails, saying why.

    Once the connector is known, the reason is given in their language."""
    execution_id = event.get("function_execution_id")
    people = {field: inputs.get(field) for field in ("connector", "person_a", "person_b")}
    for field, value in people.items():
        if not isinstance(value, str) or not USER_ID.fullmatch(value):
            _fail(fail, NOT_A_PERSON.format(field=field.replace("_", " ")))
            return
    why = inputs.get("why")
    if not isinstance(why, str) or not why.strip():
        _fail(fail, NO_WHY)
        return
    connector, a_id, b_id = (str(people[f]) for f in ("connector", "person_a", "person_b"))
    try:
        party_a, party_b = look_up(client, a_id, profiles), look_up(client, b_id, profiles)
    except (SlackApiError, OSError):
        _fail(fail, profiles.for_user(client, connector)(LOOKUP_FAILED))
        return
    problems = proposal_problems(connector, party_a, party_b)
    if problems or party_a is None or party_b is None:
        t = profiles.for_user(client, connector)
        _fail(fail, " ".join(t(problem) for problem in problems.values()))
        return
    try:
        intros.check_pair(workspace, a_id, b_id)
        refusals = control.check_proposal(
            workspace, connector_id=connector, party_a=party_a.person, party_b=party_b.person
        )
        if refusals:
            t = profiles.for_user(client, connector)
            fail(error=" ".join(t(refusal) for refusal in refusals.values()))
            return
        intro = intros.propose(
            workspace,
            connector_id=connector,
            party_a=party_a.person,
            party_b=party_b.person,
            context=Context(why=why.strip()[:WHY_MAX], next_step=_next_step(inputs)),
            workflow_step=str(execution_id),
        )
    except IntroError as problem:
        _fail(fail, profiles.for_user(client, connector).error(problem))
        return
    logger.info("a workflow step asked for an intro", extra={"intro_id": intro.id})


def _fail(fail: Fail, error: str) -> None:
    """Fail the step, saying why; when Slack refuses (the run is over and its token gone, as
    for a late retry of the event), say so in the log instead."""
    try:
        fail(error=error)
    except (SlackApiError, OSError) as problem:
        code = problem.response.get("error") if isinstance(problem, SlackApiError) else None
        logger.warning(
            "could not fail a workflow step", extra={"error": code or type(problem).__name__}
        )


def _next_step(inputs: dict[str, Any]) -> NextStep:
    """The suggested next step, by its value or label ("video call"); coffee when unclear."""
    given = str(inputs.get("next_step") or "").strip().lower().replace(" ", "_")
    try:
        return NextStep(given)
    except ValueError:
        return NextStep.COFFEE
