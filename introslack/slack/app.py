"""The Bolt app: request checks, the workspace guard, injected services and the listeners."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient

from introslack.domain.intro import Workspace
from introslack.service import IntroService
from introslack.slack.home import HomeTab
from introslack.slack.listeners import register_all
from introslack.worker import Worker

logger = logging.getLogger(__name__)


def build_bolt_app(
    *,
    client: WebClient,
    signing_secret: str,
    home_workspace: Workspace,
    intros: IntroService,
    worker: Worker,
    home: HomeTab,
) -> App:
    """Signatures are verified by Bolt; listeners get `workspace`, `intros`, `worker`, `home`."""
    app = App(client=client, signing_secret=signing_secret, request_verification_enabled=True)

    @app.middleware
    def provide(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        workspace = Workspace(team_id=context.team_id or "", enterprise_id=context.enterprise_id)
        if not _same_workspace(workspace, home_workspace):
            logger.warning(
                "refused a request from another workspace",
                extra={"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id},
            )
            return BoltResponse(status=403, body="This app is not installed in your workspace.")
        context["workspace"] = home_workspace
        context["intros"] = intros
        context["worker"] = worker
        context["home"] = home
        return next()

    @app.error
    def log_unexpected(error: Exception, body: dict[str, Any]) -> None:
        logger.exception("listener failed on a %s request", body.get("type"), exc_info=error)

    register_all(app)
    return app


def _same_workspace(request: Workspace, home: Workspace) -> bool:
    if request.team_id:
        return request.team_id == home.team_id
    return request.enterprise_id is not None and request.enterprise_id == home.enterprise_id
