"""The floor: the thinnest Bolt app that makes introslack's Slack calls, its state in memory.

Run: SLACK_BOT_TOKEN=… SLACK_SIGNING_SECRET=… SLACK_API_URL=… PORT=… python bench/floor_app.py
It serves on Bolt's built-in development server (`app.start`, one process). `/intro @a @b`
opens a modal; the submission asks both parties in a DM with Accept buttons and tells the
connector; each Accept updates the clicked request; the second one opens the group DM, posts
the introduction and tells the connector. Each change republishes the three Home tabs, as
introslack does. No database, no retries, no checks: what any app doing this must pay for.
"""

from __future__ import annotations

import os
import re
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

COMMAND = "/intro"
MODAL = "floor_intro"
ACCEPT = "floor_accept"
PARTY_A, PARTY_B, WHY = "party_a", "party_b", "why"
INPUT = "input"
MENTION = re.compile(r"<@([UW][A-Z0-9]+)")


@dataclass
class Intro:
    id: str
    connector: str
    parties: tuple[str, str]
    why: str
    accepted: set[str] = field(default_factory=set)
    made: bool = False


class Floor:
    """Every intro by id, and how many intros each person is part of, behind one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.intros: dict[str, Intro] = {}
        self.counts: dict[str, int] = {}

    def add(self, intro: Intro) -> None:
        with self.lock:
            self.intros[intro.id] = intro
            for person in (intro.connector, *intro.parties):
                self.counts[person] = self.counts.get(person, 0) + 1

    def accept(self, intro_id: str, user_id: str) -> tuple[Intro, bool]:
        """Record an Accept; True when it is the second one (the intro is made now)."""
        with self.lock:
            intro = self.intros[intro_id]
            intro.accepted.add(user_id)
            made_now = not intro.made and len(intro.accepted) == 2
            intro.made = intro.made or made_now
            return intro, made_now

    def count(self, user_id: str) -> int:
        with self.lock:
            return self.counts.get(user_id, 0)


def text_block(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def modal(party_a: str | None, party_b: str | None) -> dict[str, Any]:
    def person(block_id: str, label: str, initial: str | None) -> dict[str, Any]:
        element: dict[str, Any] = {"type": "users_select", "action_id": INPUT}
        if initial:
            element["initial_user"] = initial
        return {
            "type": "input",
            "block_id": block_id,
            "label": {"type": "plain_text", "text": label},
            "element": element,
        }

    why = {
        "type": "input",
        "block_id": WHY,
        "label": {"type": "plain_text", "text": "Why should they meet?"},
        "element": {"type": "plain_text_input", "action_id": INPUT, "multiline": True},
    }
    return {
        "type": "modal",
        "callback_id": MODAL,
        "title": {"type": "plain_text", "text": "Make an intro"},
        "submit": {"type": "plain_text", "text": "Send"},
        "blocks": [person(PARTY_A, "Introduce", party_a), person(PARTY_B, "to", party_b), why],
    }


def request_blocks(intro: Intro, other: dict[str, Any]) -> list[dict[str, Any]]:
    accept = {
        "type": "button",
        "action_id": ACCEPT,
        "value": intro.id,
        "style": "primary",
        "text": {"type": "plain_text", "text": "Accept"},
    }
    who = f"*{other['real_name']}*, {other['profile'].get('title', '')}"
    return [
        text_block(f"<@{intro.connector}> would like to introduce you to {who}."),
        text_block(intro.why),
        {"type": "actions", "elements": [accept]},
    ]


def build_app(floor: Floor) -> App:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    def publish_homes(client: WebClient, intro: Intro) -> None:
        for person in (intro.connector, *intro.parties):
            home = text_block(f"You are part of {floor.count(person)} intros.")
            client.views_publish(user_id=person, view={"type": "home", "blocks": [home]})

    def dm(client: WebClient, *users: str) -> str:
        return str(client.conversations_open(users=",".join(users))["channel"]["id"])

    @app.command(COMMAND)
    def intro_command(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        ack()
        mentioned = [*MENTION.findall(command.get("text") or ""), None, None]
        client.views_open(trigger_id=command["trigger_id"], view=modal(*mentioned[:2]))

    @app.view(MODAL)
    def intro_submitted(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        values = view["state"]["values"]
        a = values[PARTY_A][INPUT]["selected_user"]
        b = values[PARTY_B][INPUT]["selected_user"]
        profiles = {user: client.users_info(user=user)["user"] for user in (a, b)}
        intro = Intro(uuid.uuid4().hex, body["user"]["id"], (a, b), values[WHY][INPUT]["value"])
        floor.add(intro)
        for party, other in ((a, b), (b, a)):
            blocks = request_blocks(intro, profiles[other])
            text = f"Would you like to meet {profiles[other]['real_name']}?"
            client.chat_postMessage(channel=dm(client, party), text=text, blocks=blocks)
        sent = "Both requests are out; I'll tell you when they answer."
        client.chat_postMessage(channel=dm(client, intro.connector), text=sent)
        publish_homes(client, intro)

    @app.action(ACCEPT)
    def accepted(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        intro, made_now = floor.accept(action["value"], body["user"]["id"])
        thanks = "You accepted. I'll introduce you once the other side says yes."
        client.chat_update(
            channel=body["channel"]["id"],
            ts=body["message"]["ts"],
            text=thanks,
            blocks=[text_block(thanks)],
        )
        if made_now:
            a, b = intro.parties
            introduction = f"<@{a}>, meet <@{b}>. {intro.why}"
            client.chat_postMessage(
                channel=dm(client, a, b), text=introduction, blocks=[text_block(introduction)]
            )
            made = f"<@{a}> and <@{b}> both said yes: they now have a group DM."
            client.chat_postMessage(channel=dm(client, intro.connector), text=made)
        publish_homes(client, intro)

    return app


def main() -> None:
    build_app(Floor()).start(port=int(os.environ["PORT"]), http_server_logger_enabled=False)


if __name__ == "__main__":
    main()
