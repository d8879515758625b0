"""Thin Bolt listeners, grouped by Slack surface: ack, parse, one service call."""

from slack_bolt import App

from introslack.slack.listeners import (
    clicks,
    commands,
    home,
    installs,
    shortcuts,
    submissions,
    workflow,
)


def register_all(app: App) -> None:
    for group in (commands, shortcuts, clicks, submissions, home, installs, workflow):
        group.register(app)
