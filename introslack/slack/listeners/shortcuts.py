"""The shortcuts: "Make an intro" and "Ask for an intro" anywhere, "Introduce the author…"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from introslack.control import ControlService
from introslack.domain.intro import Workspace
from introslack.slack.client import before_ack
from introslack.slack.ids import Shortcut
from introslack.slack.listeners.clicks import USER_ID
from introslack.slack.listeners.commands import (
    ASK_FAILED,
    MODAL_FAILED,
    IntroForm,
    open_ask,
    reader_for,
)
from introslack.slack.listeners.replies import InFlight, tell
from introslack.slack.profiles import Profiles


def register(app: App) -> None:
    app.shortcut(Shortcut.MAKE_INTRO.value)(open_intro_form)
    app.shortcut(Shortcut.INTRODUCE_AUTHOR.value)(open_intro_form)
    app.shortcut(Shortcut.ASK_INTRO.value)(open_ask_form)


def open_intro_form(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    workspace: Workspace,
    control: ControlService,
    profiles: Profiles,
    in_flight: InFlight,
) -> None:
    """The intro form, with a message's author as the first person when there is one."""
    with in_flight.track(ack):
        ack()
        opener = _who_and_trigger(body)
        if opener is None:
            return
        user_id, trigger_id = opener
        t = reader_for(profiles, client, user_id)
        form = IntroForm(client, workspace, control, profiles, t)
        if not form.open(trigger_id, _author(body, user_id), None):
            tell(client, _text(body.get("response_url")), None, t(MODAL_FAILED))


def open_ask_form(
    ack: Ack, body: dict[str, Any], client: WebClient, profiles: Profiles, in_flight: InFlight
) -> None:
    """The form to ask a colleague for an intro."""
    with in_flight.track(ack):
        ack()
        opener = _who_and_trigger(body)
        if opener is None:
            return
        user_id, trigger_id = opener
        t = profiles.for_user(before_ack(client), user_id)
        if not open_ask(client, trigger_id, t):
            tell(client, _text(body.get("response_url")), None, t(ASK_FAILED))


def _author(body: dict[str, Any], user_id: str) -> str | None:
    """Who wrote the message the shortcut was used on (not the person using it, nor a bot)."""
    message = body.get("message")
    author = message.get("user") if isinstance(message, dict) else None
    if isinstance(author, str) and USER_ID.fullmatch(author) and author != user_id:
        return author
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _who_and_trigger(body: dict[str, Any]) -> tuple[str, str] | None:
    """Who used the shortcut and the trigger to open their form with (both, or nothing)."""
    user = body.get("user")
    user_id = user.get("id") if isinstance(user, dict) else None
    trigger_id = body.get("trigger_id")
    if not isinstance(user_id, str) or not isinstance(trigger_id, str):
        return None
    return user_id, trigger_id
