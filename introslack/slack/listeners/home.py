"""The App Home tab opened: publish it (on the worker's threads) and keep it current from now on.

The Home tab's buttons are clicks like any other, in `clicks.py`.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from introslack.domain.intro import Workspace
from introslack.service import IntroService
from introslack.slack.listeners.clicks import USER_ID


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)


def home_opened(event: dict[str, Any], workspace: Workspace, intros: IntroService) -> None:
    user_id = event.get("user")
    if event.get("tab") == "home" and isinstance(user_id, str) and USER_ID.fullmatch(user_id):
        intros.opened_home(workspace, user_id)
