"""Every button, through one pipeline: ack, parse the click, run what the table says, explain.

A button's row in `CLICKS` says what it does. The pipeline acks first, parses the payload into a
`Click` (a malformed one is logged and dropped), runs the row, and turns a refused move into a
polite note for the person who clicked. Effects of a move run on the worker's threads, never here.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from introslack.control import ControlService
from introslack.domain.intro import (
    Context,
    IntroClosed,
    Introduced,
    IntroError,
    Outcome,
    Passed,
    Workspace,
)
from introslack.domain.messages import N_
from introslack.service import IntroService, NotYourRequest
from introslack.slack.home import HomeTab
from introslack.slack.i18n import Translator
from introslack.slack.ids import Action
from introslack.slack.listeners.replies import InFlight, tell
from introslack.slack.profiles import Profiles
from introslack.slack.views.ask import ask_modal, pass_modal
from introslack.slack.views.decline_modal import decline_modal
from introslack.slack.views.home import parse_pages, parse_show_more
from introslack.slack.views.intro_modal import intro_modal
from introslack.slack.views.intro_settings import settings_modal
from introslack.slack.views.my_data import (
    CONSENTS_LISTED,
    consents_modal,
    data_on_its_way,
    delete_modal,
)
from introslack.slack.views.notices import thank_you_sent
from introslack.slack.views.preference_modal import preference_modal

logger = logging.getLogger(__name__)

USER_ID = re.compile(r"[UW][A-Z0-9]{2,20}")
NOT_UNDERSTOOD = N_("I didn't understand that answer; please use the buttons.")


@dataclass(frozen=True)
class Click:
    """A button press as Slack reported it: who clicked, which button, its value, and where."""

    action: Action
    user_id: str
    value: str
    trigger_id: str | None
    response_url: str | None
    view_metadata: str | None

    @property
    def intro_id(self) -> str:
        return self.value.partition(":")[0]


@dataclass(frozen=True)
class Clicked:
    """What a click's row may use: the click, its workspace, the services and a Slack client."""

    click: Click
    workspace: Workspace
    intros: IntroService
    home: HomeTab
    client: WebClient
    control: ControlService
    t: Translator


@dataclass(frozen=True)
class Row:
    """What a button does, and the title of the note that explains a refusal over a modal."""

    run: Callable[[Clicked], object]
    title: str = N_("Intro")


def _accept(c: Clicked) -> object:
    return c.intros.accept(c.workspace, c.click.intro_id, user_id=c.click.user_id)


def _already_connected(c: Clicked) -> object:
    return c.intros.already_connected(c.workspace, c.click.intro_id, user_id=c.click.user_id)


def _ask_later(c: Clicked) -> object:
    """Not now: the button's value carries the weeks the party chose."""
    try:
        weeks = int(c.click.value.partition(":")[2])
    except ValueError:
        raise IntroError(NOT_UNDERSTOOD) from None
    return c.intros.ask_later(c.workspace, c.click.intro_id, user_id=c.click.user_id, weeks=weeks)


def _open_decline(c: Clicked) -> object:
    """Check the answer is still possible, then open the decline modal while the trigger lives."""
    intro, side = c.intros.answerable(c.workspace, c.click.intro_id, user_id=c.click.user_id)
    metadata = json.dumps({"intro_id": intro.id})
    return c.client.views_open(
        trigger_id=c.click.trigger_id,
        view=decline_modal(
            intro,
            side,
            private_metadata=metadata,
            connector_name=intro.connector_name or None,
            t=c.t,
        ),
    )


def _thank(c: Clicked) -> object:
    intro = c.intros.thank(c.workspace, c.click.intro_id, user_id=c.click.user_id)
    tell(c.client, c.click.response_url, c.click.trigger_id, thank_you_sent(intro, t=c.t), t=c.t)
    return intro


def _open_preference(c: Clicked) -> object:
    """Open the small "how you'd like to connect" form while the trigger lives."""
    intro = c.intros.find(c.workspace, c.click.intro_id)
    side = intro.side_of(c.click.user_id)
    if side is None:
        raise NotYourRequest
    if intro.status.is_closed:
        raise IntroClosed(intro.status)
    metadata = json.dumps({"intro_id": intro.id})
    return c.client.views_open(
        trigger_id=c.click.trigger_id,
        view=preference_modal(intro, side, private_metadata=metadata, t=c.t),
    )


def _follow_up(c: Clicked) -> object:
    try:
        outcome = Outcome(c.click.value.partition(":")[2])
    except ValueError:
        raise IntroError(NOT_UNDERSTOOD) from None
    return c.intros.follow_up(
        c.workspace, c.click.intro_id, user_id=c.click.user_id, outcome=outcome
    )


def _remind(c: Clicked) -> object:
    return c.intros.remind(c.workspace, c.click.intro_id, user_id=c.click.user_id)


def _cancel(c: Clicked) -> object:
    return c.intros.cancel(c.workspace, c.click.intro_id, user_id=c.click.user_id)


def _new_intro(c: Clicked) -> object:
    return c.client.views_open(trigger_id=c.click.trigger_id, view=intro_modal(t=c.t))


def _ask_intro(c: Clicked) -> object:
    return c.client.views_open(trigger_id=c.click.trigger_id, view=ask_modal(t=c.t))


def _open_introduce(c: Clicked) -> object:
    """The usual intro form, filled in from the request; only the connector may open it."""
    intro = c.intros.answerable_request(
        c.workspace, c.click.intro_id, user_id=c.click.user_id, event=Introduced(Context(why=""))
    )
    view = intro_modal(
        party_a=intro.party_a.user_id,
        party_b=intro.party_b.user_id,
        about_a=intro.party_a.title,
        about_b=intro.party_b.title,
        request=intro.context,
        private_metadata=json.dumps({"intro_id": intro.id}),
        t=c.t,
    )
    return c.client.views_open(trigger_id=c.click.trigger_id, view=view)


def _open_pass(c: Clicked) -> object:
    """The small "Not this time" form; only the connector may open it."""
    intro = c.intros.answerable_request(
        c.workspace, c.click.intro_id, user_id=c.click.user_id, event=Passed()
    )
    metadata = json.dumps({"intro_id": intro.id})
    return c.client.views_open(
        trigger_id=c.click.trigger_id, view=pass_modal(intro, private_metadata=metadata, t=c.t)
    )


def _show_more(c: Clicked) -> object:
    """Re-publish with one section moved to the page asked for; the others stay put."""
    pages = parse_pages(c.click.view_metadata)
    wanted = parse_show_more(c.click.value)
    if wanted is not None:
        section, page = wanted
        pages[section] = page
    c.home.page(c.workspace, c.click.user_id, pages=pages)
    return None


def _edit_settings(c: Clicked) -> object:
    """Open the person's own intro settings, as they stand now."""
    settings = c.control.settings(c.workspace, c.click.user_id)
    view = settings_modal(settings, now=c.control.clock(), t=c.t)
    return c.client.views_open(trigger_id=c.click.trigger_id, view=view)


def _show_consents(c: Clicked) -> object:
    """Open the clicker's own consent records: what each request showed them, their answer."""
    records = c.intros.consents(c.workspace, c.click.user_id, limit=CONSENTS_LISTED)
    return c.client.views_open(trigger_id=c.click.trigger_id, view=consents_modal(records, t=c.t))


def _send_my_data(c: Clicked) -> object:
    c.intros.send_my_data(c.workspace, c.click.user_id)
    tell(c.client, c.click.response_url, c.click.trigger_id, data_on_its_way(t=c.t), t=c.t)
    return None


def _confirm_delete(c: Clicked) -> object:
    return c.client.views_open(trigger_id=c.click.trigger_id, view=delete_modal(t=c.t))


CLICKS: dict[Action, Row] = {
    Action.ACCEPT: Row(_accept),
    Action.DECLINE: Row(_open_decline),
    Action.ALREADY_CONNECTED: Row(_already_connected),
    Action.LATER: Row(_ask_later),
    Action.FOLLOW_UP: Row(_follow_up),
    Action.THANK_CONNECTOR: Row(_thank),
    Action.PREFERENCE: Row(_open_preference),
    Action.REMIND: Row(_remind, title=N_("Remind")),
    Action.CANCEL: Row(_cancel, title=N_("Cancel intro")),
    Action.NEW_INTRO: Row(_new_intro),
    Action.SHOW_MORE: Row(_show_more),
    Action.INTRO_SETTINGS: Row(_edit_settings, title="My intro settings"),
    Action.CONSENTS: Row(_show_consents),
    Action.MY_DATA: Row(_send_my_data),
    Action.DELETE_MY_DATA: Row(_confirm_delete),
    Action.ASK_INTRO: Row(_ask_intro),
    Action.INTRODUCE: Row(_open_introduce),
    Action.PASS: Row(_open_pass, title=N_("Not this time")),
}


def register(app: App) -> None:
    # A row of similar buttons tells them apart with a suffix: "intro_follow_up:met".
    names = "|".join(re.escape(action.value) for action in CLICKS)
    pattern = re.compile(f"^({names})(:[a-z0-9_]+)?$")
    app.action(pattern)(handle_click)


def handle_click(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    intros: IntroService,
    home: HomeTab,
    control: ControlService,
    profiles: Profiles,
    in_flight: InFlight,
) -> None:
    """The one place a click is acked, parsed, carried out and, if refused, explained."""
    with in_flight.track(ack):
        ack()
        click = parse_click(body)
        if click is None:
            logger.warning("ignored a click that does not parse", extra={"kind": "block_actions"})
            return
        row = CLICKS[click.action]
        t = profiles.for_user(client, click.user_id)
        try:
            row.run(Clicked(click, workspace, intros, home, client, control, t))
        except IntroError as refusal:
            said, title = t.error(refusal), t(row.title)
            tell(client, click.response_url, click.trigger_id, said, title=title, t=t)
        except (SlackApiError, OSError) as error:  # e.g. a trigger that expired or was used
            logger.warning(
                "a click could not be carried out in Slack", extra={"error": _code(error)}
            )


def parse_click(body: dict[str, Any]) -> Click | None:
    """The click in a block_actions payload, or None when any part of it is not as Slack sends."""
    user = body.get("user")
    actions = body.get("actions")
    if not isinstance(user, dict) or not isinstance(actions, list) or not actions:
        return None
    user_id, first = user.get("id"), actions[0]
    if not isinstance(user_id, str) or not USER_ID.fullmatch(user_id):
        return None
    if not isinstance(first, dict):
        return None
    try:
        action = Action(str(first.get("action_id")).partition(":")[0])
    except ValueError:
        return None
    if action not in CLICKS:
        return None
    value = first.get("value", "")
    view = body.get("view")
    metadata = view.get("private_metadata") if isinstance(view, dict) else None
    return Click(
        action=action,
        user_id=user_id,
        value=value if isinstance(value, str) else "",
        trigger_id=_text(body.get("trigger_id")),
        response_url=_text(body.get("response_url")),
        view_metadata=_text(metadata),
    )


def _code(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return f"slack:{error.response.get('error')}"
    return type(error).__name__


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
