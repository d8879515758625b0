"""The App Home tab: published whenever it is opened."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from introslack.domain.intro import Workspace
from introslack.slack.home import HomeTab


def register(app: App) -> None:
    app.event("app_home_opened")(publish_home)


def publish_home(event: dict[str, Any], workspace: Workspace, home: HomeTab) -> None:
    if event.get("tab") == "home":
        home.publish(workspace, event["user"])
