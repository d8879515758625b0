"""`/intro`: open the intro modal at once, prefilled with any people mentioned; `/intro ask`."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from introslack.control import ControlService
from introslack.domain.intro import Workspace
from introslack.domain.messages import N_
from introslack.service import IntroService
from introslack.slack.client import before_ack
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.ids import Command
from introslack.slack.listeners.replies import InFlight
from introslack.slack.mrkdwn import unescape
from introslack.slack.people import titles_of
from introslack.slack.profiles import Profiles
from introslack.slack.views.ask import ask_modal
from introslack.slack.views.intro_modal import intro_modal
from introslack.slack.views.my_data import data_on_its_way, delete_modal

logger = logging.getLogger(__name__)

# `should_escape` turns "@alice" into "<@U123|alice>"; plain "<@U123>" arrives too.
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")

USAGE = N_(
    "Use `/intro` to introduce two colleagues, or `/intro @alice @bob` to start with them "
    "filled in. Each is asked privately first; nobody is introduced until both say yes. "
    "Use `/intro ask @alice` to ask a colleague to introduce you to Alice. "
    "`/intro my-data` sends you everything I keep about you; `/intro delete-my-data` deletes it."
)
MY_DATA = "my-data"
DELETE_MY_DATA = "delete-my-data"


def register(app: App) -> None:
    app.command(Command.INTRO.value)(open_intro_modal)


# How long the titles of mentioned people may take: the trigger to open the modal lives 3s.
TITLE_BUDGET = 1.0

ASK_FAILED = N_("Slack couldn't open the form just now. Please try `/intro ask` again in a moment.")
MODAL_FAILED = N_(
    "Slack couldn't open the intro form just now. Please try `/intro` again in a moment."
)
DELETE_MODAL_FAILED = N_(
    "Slack couldn't open the form to delete your data just now. Please try "
    "`/intro delete-my-data` again in a moment."
)


def open_intro_modal(
    ack: Ack,
    command: dict[str, Any],
    client: WebClient,
    respond: Respond,
    in_flight: InFlight,
    workspace: Workspace,
    control: ControlService,
    profiles: Profiles,
    intros: IntroService,
) -> None:
    with in_flight.track(ack):
        raw, trigger_id = command.get("text"), command.get("trigger_id")
        text = unescape(raw if isinstance(raw, str) else "").strip()
        user_id = command.get("user_id")
        if text.lower() == "help" or not isinstance(trigger_id, str):
            ack(text=reader_for(profiles, client, user_id)(USAGE))
            return
        if text.lower() == MY_DATA and isinstance(user_id, str):
            intros.send_my_data(workspace, user_id)
            ack(text=data_on_its_way(t=reader_for(profiles, client, user_id)))
            return
        if text.lower() == DELETE_MY_DATA:
            ack()
            t = reader_for(profiles, client, user_id)
            try:
                client.views_open(trigger_id=trigger_id, view=delete_modal(t=t))
            except (SlackApiError, OSError) as error:
                logger.warning("the delete modal did not open", extra={"error": _code(error)})
                respond(text=t(DELETE_MODAL_FAILED), response_type="ephemeral")
            return
        ack()
        t = reader_for(profiles, client, user_id)
        if text.lower().split(" ", 1)[0] == "ask":
            target, _ = mentioned_people(text)
            if not open_ask(client, trigger_id, t, target=target):
                respond(text=t(ASK_FAILED), response_type="ephemeral")
            return
        party_a, party_b = mentioned_people(text)
        form = IntroForm(client, workspace, control, profiles, t)
        if not form.open(trigger_id, party_a, party_b):
            respond(text=t(MODAL_FAILED), response_type="ephemeral")


@dataclass(frozen=True)
class IntroForm:
    """Opens the intro modal, prefilled with who is known: for `/intro` and the shortcuts."""

    client: WebClient
    workspace: Workspace
    control: ControlService
    profiles: Profiles
    t: Translator

    def open(self, trigger_id: str, party_a: str | None, party_b: str | None) -> bool:
        """Open it while the trigger lives; False (and a log line) when Slack could not."""
        mentioned = [user_id for user_id in (party_a, party_b) if user_id]
        quick = before_ack(self.client)
        titles = (
            titles_of(quick, mentioned, self.profiles, budget=TITLE_BUDGET) if mentioned else {}
        )
        topics = self.control.topics(self.workspace, mentioned) if mentioned else {}
        view = intro_modal(
            party_a=party_a,
            party_b=party_b,
            about_a=titles.get(party_a or "", ""),
            about_b=titles.get(party_b or "", ""),
            topics=topics,
            t=self.t,
        )
        try:
            self.client.views_open(trigger_id=trigger_id, view=view)
        except (SlackApiError, OSError) as error:
            logger.warning("the intro modal did not open", extra={"error": _code(error)})
            return False
        return True


def open_ask(
    client: WebClient, trigger_id: str, t: Translator, *, target: str | None = None
) -> bool:
    """Open the request form while the trigger lives; False (and a log line) if Slack could not."""
    try:
        client.views_open(trigger_id=trigger_id, view=ask_modal(target=target, t=t))
    except (SlackApiError, OSError) as error:
        logger.warning("the ask modal did not open", extra={"error": type(error).__name__})
        return False
    return True


def reader_for(profiles: Profiles, client: WebClient, user_id: object) -> Translator:
    """The language of who typed the command (English when Slack is slow to say)."""
    if not isinstance(user_id, str):
        return ENGLISH_TRANSLATOR
    return profiles.for_user(before_ack(client), user_id)


def _code(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return f"slack:{error.response.get('error')}"
    return type(error).__name__


def mentioned_people(text: str) -> tuple[str | None, str | None]:
    """The first two distinct people mentioned in the command text."""
    people = list(dict.fromkeys(MENTION.findall(text)))
    return (people[0] if people else None, people[1] if len(people) > 1 else None)
