"""The modals' submissions: check what was asked for before the ack, then carry it out."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from introslack.control import ControlService
from introslack.domain.intro import Intro, Introduced, IntroError, Passed, Side, Workspace
from introslack.domain.messages import N_
from introslack.domain.proposal import Asked, Candidate, proposal_problems, request_problems
from introslack.service import IntroService
from introslack.slack.client import before_ack
from introslack.slack.home import HomeTab
from introslack.slack.i18n import Translator
from introslack.slack.ids import Block, Callback
from introslack.slack.listeners.clicks import USER_ID
from introslack.slack.listeners.replies import InFlight
from introslack.slack.notifier import Notifier
from introslack.slack.people import look_up
from introslack.slack.profiles import Profiles
from introslack.slack.views.ask import parse_ask, parse_pass
from introslack.slack.views.decline_modal import parse_decline
from introslack.slack.views.intro_modal import parse_intro_submission
from introslack.slack.views.intro_settings import parse_settings
from introslack.slack.views.my_data import data_deleted
from introslack.slack.views.notices import notice_message, notice_modal
from introslack.slack.views.preference_modal import parse_preference

logger = logging.getLogger(__name__)

# What a submission's checks find, when they find no problems: the people, checked.
T = TypeVar("T")
# Problems a submission's checks find, by whom or where (a block id, a person's role).
Problems = dict[Any, str]

PARTY_BLOCKS = {Side.A: Block.PARTY_A.value, Side.B: Block.PARTY_B.value}
LOOKUP_FAILED = N_(
    "Slack didn't answer while I checked the two people for your intro, so I haven't asked "
    "them. Please try /intro again in a moment."
)
DELETE_TITLE = N_("Delete my data")
NOT_ASKED = N_("I haven't asked anyone about your intro: {reasons}")


ASK_LOOKUP_FAILED = N_(
    "Slack didn't answer while I checked the people in your request, so I haven't asked "
    "anyone. Please try `/intro ask` again in a moment."
)
ASK_NOT_SENT = N_("I haven't sent your request: {reasons}")
ASKED_BLOCKS = {Asked.TARGET: Block.TARGET.value, Asked.CONNECTOR: Block.CONNECTOR.value}
# A request's two people are fixed in the connector's form: refusals sit under their lines.
ABOUT_BLOCKS = {Side.A: Block.ABOUT_A.value, Side.B: Block.ABOUT_B.value}


def register(app: App) -> None:
    app.view(Callback.INTRO_MODAL.value)(submit_intro)
    app.view(Callback.DECLINE_MODAL.value)(submit_decline)
    app.view(Callback.PREFERENCE_MODAL.value)(submit_preference)
    app.view(Callback.SETTINGS_MODAL.value)(submit_settings)
    app.view(Callback.DELETE_MY_DATA_MODAL.value)(submit_delete_my_data)
    app.view(Callback.ASK_MODAL.value)(submit_ask)
    app.view(Callback.INTRODUCE_MODAL.value)(submit_introduce)
    app.view(Callback.PASS_MODAL.value)(submit_pass)


def submit_intro(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    intros: IntroService,
    control: ControlService,
    profiles: Profiles,
    in_flight: InFlight,
) -> None:
    """Check both people (Slack's profiles, an open intro, their own rules), ack, propose.

    When Slack is too slow to answer the profile checks in time, the form is accepted anyway
    and checked again after the ack, with retries: a problem found then reaches the connector
    in a private note, before anyone is asked.
    """
    with in_flight.track(ack):
        connector_id, values, _metadata = submission(body)
        if connector_id is None:
            ack()
            return
        form = parse_intro_submission(values)
        checks = Checks(workspace, connector_id, intros, control, profiles)
        passed = _checked_around_ack(
            ack,
            client,
            lambda slack: checks.run(slack, form.party_a_id, form.party_b_id),
            inline=lambda problems: problems,
            tell=lambda note: _tell_in_dm(client, connector_id, note),
            failed=lambda: checks.reader(client)(LOOKUP_FAILED),
            refused=lambda problems: checks.reader(client)(
                NOT_ASKED, reasons=" ".join(problems.values())
            ),
        )
        if passed is None:
            return
        party_a, party_b = passed
        try:
            intros.propose(
                workspace,
                connector_id=connector_id,
                connector_name=_name_of(client, connector_id, profiles),
                party_a=party_a.person,
                party_b=party_b.person,
                context=form.context.with_titles_as_about(party_a.person, party_b.person),
            )
        except IntroError as problem:  # the same pair was proposed elsewhere a moment ago
            _tell_in_dm(client, connector_id, checks.reader(client).error(problem))


@dataclass(frozen=True)
class Checks:
    """Everything a new intro must pass before anyone is asked, read-only, in one place."""

    workspace: Workspace
    connector_id: str
    intros: IntroService
    control: ControlService
    profiles: Profiles

    def reader(self, client: WebClient) -> Translator:
        return self.profiles.for_user(client, self.connector_id)

    def run(
        self, client: WebClient, a_id: str | None, b_id: str | None
    ) -> dict[str, str] | tuple[Candidate, Candidate]:
        """The two people, or the inline errors by block; Slack's failures raise."""
        party_a = look_up(client, a_id, self.profiles) if a_id else None
        party_b = look_up(client, b_id, self.profiles) if b_id else None
        problems = proposal_problems(self.connector_id, party_a, party_b)
        if problems or party_a is None or party_b is None:
            return _by_block(problems, self.reader(client))
        try:
            self.intros.check_pair(self.workspace, party_a.person.user_id, party_b.person.user_id)
        except IntroError as problem:
            return {PARTY_BLOCKS[Side.B]: self.reader(client).error(problem)}
        refused = self.control.check_proposal(
            self.workspace,
            connector_id=self.connector_id,
            party_a=party_a.person,
            party_b=party_b.person,
        )
        if refused:
            return _by_block(refused, self.reader(client))
        return party_a, party_b


@dataclass(frozen=True)
class RequestChecks:
    """What a request must pass before the connector is asked, read-only, in one place."""

    workspace: Workspace
    requester_id: str
    intros: IntroService
    profiles: Profiles

    def run(
        self, client: WebClient, target_id: str | None, connector_id: str | None
    ) -> dict[Asked, str] | tuple[Candidate, Candidate, Candidate]:
        """The three people, or the problems by person; Slack's failures raise."""
        requester = look_up(client, self.requester_id, self.profiles)
        target = look_up(client, target_id, self.profiles) if target_id else None
        connector = look_up(client, connector_id, self.profiles) if connector_id else None
        problems = request_problems(self.requester_id, target, connector)
        if problems or requester is None or target is None or connector is None:
            return problems
        try:
            self.intros.check_request(
                self.workspace,
                requester_id=self.requester_id,
                target_id=target.person.user_id,
                connector_id=connector.person.user_id,
            )
        except IntroError as problem:
            return {Asked.TARGET: problem.args[0]}
        return requester, target, connector


def submit_ask(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    intros: IntroService,
    profiles: Profiles,
    in_flight: InFlight,
) -> None:
    """Check the three people before the ack (inline errors), then ask only the connector."""
    with in_flight.track(ack):
        requester_id, values, _metadata = submission(body)
        if requester_id is None:
            ack()
            return
        form = parse_ask(values)
        checks = RequestChecks(workspace, requester_id, intros, profiles)
        t = profiles.for_user(before_ack(client), requester_id)
        passed = _checked_around_ack(
            ack,
            client,
            lambda slack: checks.run(slack, form.target_id, form.connector_id),
            inline=lambda problems: _in_ask_form(problems, t),
            tell=lambda note: _tell_in_dm(client, requester_id, note),
            failed=lambda: t(ASK_LOOKUP_FAILED),
            refused=lambda problems: t(
                ASK_NOT_SENT, reasons=" ".join(t(text) for text in problems.values())
            ),
        )
        if passed is None:
            return
        requester, target, connector = passed
        try:
            intros.request(
                workspace,
                requester=requester.person,
                target=target.person,
                connector_id=connector.person.user_id,
                connector_name=connector.person.name,
                context=form.context,
            )
        except IntroError as problem:  # the same request was sent a moment ago
            _tell_in_dm(client, requester_id, t.error(problem))


def submit_introduce(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    intros: IntroService,
    control: ControlService,
    profiles: Profiles,
    in_flight: InFlight,
) -> None:
    """The connector's intro for a request: the usual rules, then only the target is asked."""
    with in_flight.track(ack):
        connector_id, values, metadata = submission(body)
        intro_id = _intro_id(metadata)
        if connector_id is None or intro_id is None:
            ack()
            return
        context = parse_intro_submission(values).context
        t = profiles.for_user(before_ack(client), connector_id)
        try:
            intro = intros.answerable_request(
                workspace, intro_id, user_id=connector_id, event=Introduced(context)
            )
        except IntroError as problem:
            ack(response_action="update", view=notice_modal(t("Intro"), t.error(problem), t=t))
            return
        refused = _refusals(intro, intros, control)
        if refused:
            errors = {ABOUT_BLOCKS[side]: t(text) for side, text in refused.items()}
            ack(response_action="errors", errors=errors)
            return
        ack()
        context = context.with_titles_as_about(intro.party_a, intro.party_b)
        try:
            intros.introduce(workspace, intro_id, user_id=connector_id, context=context)
        except IntroError as problem:  # another submission won a race
            _tell_in_dm(client, connector_id, t.error(problem))


def _in_ask_form(problems: dict[Asked, str], t: Translator) -> dict[str, str]:
    return {ASKED_BLOCKS[who]: t(text) for who, text in problems.items()}


def _checked_around_ack(
    ack: Ack,
    client: WebClient,
    run: Callable[[WebClient], Problems | T],
    *,
    inline: Callable[[Problems], dict[str, str]],
    tell: Callable[[str], None],
    failed: Callable[[], str],
    refused: Callable[[Problems], str],
) -> T | None:
    """Run a submission's checks before the ack, its problems shown inline in the form; when
    Slack is too slow to answer them in time, ack anyway and check again, unhurried, telling
    the person privately what stops it. None: nothing more to do."""
    try:
        verdict = run(before_ack(client))
    except (SlackApiError, OSError):
        ack()
        try:
            verdict = run(client)
        except (SlackApiError, OSError):
            tell(failed())
            return None
        if isinstance(verdict, dict):
            tell(refused(verdict))
            return None
        return verdict
    if isinstance(verdict, dict):
        ack(response_action="errors", errors=inline(verdict))
        return None
    ack()
    return verdict


def _refusals(intro: Intro, intros: IntroService, control: ControlService) -> dict[Side, str]:
    """Why the target may not be asked now (their rules, an intro under way); empty if they may."""
    try:
        intros.check_pair(intro.workspace, intro.party_a.user_id, intro.party_b.user_id)
    except IntroError as problem:
        return {Side.B: problem.args[0]}
    return control.check_proposal(
        intro.workspace,
        connector_id=intro.connector_id,
        party_a=intro.party_a,
        party_b=intro.party_b,
        asked_by_a=True,
    )


def submit_pass(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    intros: IntroService,
    profiles: Profiles,
    in_flight: InFlight,
) -> None:
    """Check the request still waits for this connector (else say why), ack, then pass on it."""
    with in_flight.track(ack):
        user_id, values, metadata = submission(body)
        intro_id = _intro_id(metadata)
        if user_id is None or intro_id is None:
            ack()
            return
        note = parse_pass(values)
        _check_then_do(
            ack,
            profiles.for_user(before_ack(client), user_id),
            title=N_("Not this time"),
            check=lambda: intros.answerable_request(
                workspace, intro_id, user_id=user_id, event=Passed(note)
            ),
            carry_out=lambda: intros.pass_request(workspace, intro_id, user_id=user_id, note=note),
            intro_id=intro_id,
        )


def submit_decline(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    intros: IntroService,
    profiles: Profiles,
    in_flight: InFlight,
) -> None:
    """Check the answer is still possible (else say why in the modal), ack, then decline."""
    with in_flight.track(ack):
        user_id, values, metadata = submission(body)
        intro_id = _intro_id(metadata)
        if user_id is None or intro_id is None:
            ack()
            return
        reason, note = parse_decline(values)
        _check_then_do(
            ack,
            profiles.for_user(before_ack(client), user_id),
            title=N_("Decline intro"),
            check=lambda: intros.answerable(workspace, intro_id, user_id=user_id),
            carry_out=lambda: intros.decline(
                workspace, intro_id, user_id=user_id, reason=reason, note=note
            ),
            intro_id=intro_id,
        )


def submit_preference(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    intros: IntroService,
    profiles: Profiles,
    in_flight: InFlight,
) -> None:
    """Check the intro still takes a preference (else say why in the modal), ack, then keep it."""
    with in_flight.track():
        user_id, values, metadata = submission(body)
        intro_id = _intro_id(metadata)
        if user_id is None or intro_id is None:
            ack()
            return
        preference = parse_preference(values)
        _check_then_do(
            ack,
            profiles.for_user(before_ack(client), user_id),
            title=N_("How to connect"),
            check=lambda: intros.preferable(
                workspace, intro_id, user_id=user_id, preference=preference
            ),
            carry_out=lambda: intros.prefer(
                workspace, intro_id, user_id=user_id, preference=preference
            ),
            intro_id=intro_id,
        )


def _check_then_do(
    ack: Ack,
    t: Translator,
    *,
    title: str,
    check: Callable[[], object],
    carry_out: Callable[[], object],
    intro_id: str,
) -> None:
    """A modal's answer: refused in the modal if the intro has moved on, else acked and kept.

    Only the read comes before the ack; a click that wins the race meanwhile is logged.
    """
    try:
        check()
    except IntroError as problem:
        ack(response_action="update", view=notice_modal(t(title), t.error(problem), t=t))
        return
    ack()
    try:
        carry_out()
    except IntroError:
        logger.info("an answer lost a race with another", extra={"intro_id": intro_id})


def submit_settings(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    control: ControlService,
    home: HomeTab,
    profiles: Profiles,
    in_flight: InFlight,
) -> None:
    """Explain anything unusable inline; else ack, save, and show the new settings at Home."""
    with in_flight.track(ack):
        user_id, values, _metadata = submission(body)
        if user_id is None:
            ack()
            return
        form = parse_settings(values, user_id=user_id, now=control.clock())
        if form.errors:
            t = profiles.for_user(before_ack(client), user_id)
            ack(response_action="errors", errors={b: t(e) for b, e in form.errors.items()})
            return
        ack()
        control.save_settings(workspace, user_id, form.settings)
        home.page(workspace, user_id, pages={})


def submit_delete_my_data(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    intros: IntroService,
    home: HomeTab,
    profiles: Profiles,
    in_flight: InFlight,
) -> None:
    """Delete the person's data (one short transaction), then say so in the modal."""
    with in_flight.track(ack):
        user_id, _values, _metadata = submission(body)
        if user_id is None:
            ack()
            return
        t = profiles.for_user(before_ack(client), user_id)
        try:
            intros.forget(workspace, user_id)
        except IntroError as problem:
            ack(response_action="update", view=notice_modal(t(DELETE_TITLE), t.error(problem), t=t))
            return
        ack(response_action="update", view=notice_modal(t(DELETE_TITLE), data_deleted(t=t), t=t))
        home.page(workspace, user_id, pages={})


def submission(body: dict[str, Any]) -> tuple[str | None, dict[str, Any], str | None]:
    """Who submitted, the state values and the private metadata; None as the user if malformed."""
    user, view = body.get("user"), body.get("view")
    user_id = user.get("id") if isinstance(user, dict) else None
    if not isinstance(user_id, str) or not USER_ID.fullmatch(user_id) or not isinstance(view, dict):
        logger.warning("ignored a submission that does not parse", extra={"kind": "view"})
        return None, {}, None
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    metadata = view.get("private_metadata")
    return (
        user_id,
        values if isinstance(values, dict) else {},
        metadata if isinstance(metadata, str) else None,
    )


def _intro_id(metadata: str | None) -> str | None:
    try:
        stored = json.loads(metadata or "")
    except ValueError:
        return None
    intro_id = stored.get("intro_id") if isinstance(stored, dict) else None
    return intro_id if isinstance(intro_id, str) else None


def _name_of(client: WebClient, user_id: str, profiles: Profiles) -> str:
    """The connector's name for the thank-you button, looked up after the ack ("" if unknown)."""
    try:
        found = look_up(client, user_id, profiles)
    except (SlackApiError, OSError):
        return ""
    return found.person.name if found else ""


def _tell_in_dm(client: WebClient, user_id: str, text: str) -> None:
    notifier = Notifier(client)
    notifier.post(channel=notifier.open_dm(user_id), message=notice_message(text))


def _by_block(problems: dict[Side, str], t: Translator) -> dict[str, str]:
    return {PARTY_BLOCKS[side]: t(text) for side, text in problems.items()}
