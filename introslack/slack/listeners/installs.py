"""The app leaving a workspace (uninstalled, or its bot token revoked): its intros stop."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from introslack.domain.intro import Workspace
from introslack.service import IntroService


def register(app: App) -> None:
    # With OAuth, Bolt's own listeners delete the workspace's tokens from the installation
    # store; with a single bot token there is nothing stored to delete.
    stored = app.installation_store is not None
    forget_install = app.default_app_uninstalled_event_listener() if stored else None
    forget_tokens = app.default_tokens_revoked_event_listener() if stored else None

    def app_uninstalled(context: BoltContext, workspace: Workspace, intros: IntroService) -> None:
        if forget_install is not None:
            forget_install(context=context)
        intros.stop_workspace(workspace)

    def tokens_revoked(
        event: dict[str, Any], context: BoltContext, workspace: Workspace, intros: IntroService
    ) -> None:
        if forget_tokens is not None:
            forget_tokens(event=event, context=context)
        if (event.get("tokens") or {}).get("bot"):
            intros.stop_workspace(workspace)

    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
