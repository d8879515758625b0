"""The App Home tab: published on open; its buttons start, remind, cancel and page intros.

Accept and Decline on the Home tab are the request's own buttons, handled in `requests.py`.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from introslack.domain.intro import Workspace
from introslack.service import IntroService
from introslack.slack.home import HomeTab
from introslack.slack.ids import Action
from introslack.slack.listeners.replies import act_on_click, clicked_value
from introslack.slack.views.home import parse_pages, parse_show_more
from introslack.slack.views.intro_modal import intro_modal
from introslack.worker import Worker


def register(app: App) -> None:
    app.event("app_home_opened")(publish_home)
    app.action(Action.NEW_INTRO.value)(open_intro_modal)
    app.action(Action.REMIND.value)(remind)
    app.action(Action.CANCEL.value)(cancel)
    app.action(Action.SHOW_MORE.value)(show_more)


def publish_home(event: dict[str, Any], workspace: Workspace, home: HomeTab) -> None:
    if event.get("tab") == "home":
        home.publish(workspace, event["user"])


def open_intro_modal(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    """The same modal as `/intro`, opened while the click's trigger is fresh."""
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=intro_modal())


def remind(
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
        lambda intro_id, user_id: intros.remind(workspace, intro_id, user_id=user_id),
        title="Remind",
    )


def cancel(
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
        lambda intro_id, user_id: intros.cancel(workspace, intro_id, user_id=user_id),
        title="Cancel intro",
    )


def show_more(ack: Ack, body: dict[str, Any], workspace: Workspace, home: HomeTab) -> None:
    """Re-publish with one section moved to the page asked for; the others stay put."""
    ack()
    pages = parse_pages((body.get("view") or {}).get("private_metadata"))
    wanted = parse_show_more(clicked_value(body))
    if wanted is not None:
        listing, page = wanted
        pages[listing] = page
    home.publish(workspace, body["user"]["id"], pages=pages)
