"""Thin Bolt listeners, grouped by Slack surface: ack, parse, one service call, render."""

from slack_bolt import App

from introslack.slack.listeners import (
    commands,
    follow_up,
    home,
    installs,
    intro_modal,
    requests,
)


def register_all(app: App) -> None:
    for group in (commands, intro_modal, requests, follow_up, home, installs):
        group.register(app)
