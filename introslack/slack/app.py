"""The Bolt app: request checks, whose workspace it is, injected services and the listeners."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.oauth.oauth_settings import OAuthSettings

from introslack.control import ControlService
from introslack.domain.intro import Workspace
from introslack.service import IntroService
from introslack.slack.clients import InstalledWorkspaces, OneWorkspace
from introslack.slack.home import HomeTab
from introslack.slack.listeners import register_all
from introslack.slack.listeners.replies import InFlight, InFlightExecutor
from introslack.slack.oauth import NOT_INSTALLED

logger = logging.getLogger(__name__)


def build_bolt_app(
    *,
    slack: OneWorkspace | InstalledWorkspaces,
    signing_secret: str,
    oauth: OAuthSettings | None,
    intros: IntroService,
    home: HomeTab,
    in_flight: InFlight,
    control: ControlService,
) -> App:
    """Bolt checks signatures; listeners get `workspace`, `intros`, `home`, `profiles`, `control`
    and `in_flight`.

    With one bot token, requests from any other workspace are refused here with 403. With
    OAuth, Bolt finds each request's bot token by team and refuses workspaces without one.
    """
    if oauth is None:
        app = App(
            client=slack.client,
            signing_secret=signing_secret,
            request_verification_enabled=True,
            listener_executor=InFlightExecutor(in_flight),
        )
    else:
        app = App(
            client=slack.client,
            signing_secret=signing_secret,
            request_verification_enabled=True,
            listener_executor=InFlightExecutor(in_flight),
            oauth_settings=oauth,
            user_facing_authorize_error_message=NOT_INSTALLED,
        )

    @app.middleware
    def provide(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        workspace = Workspace(team_id=context.team_id or "", enterprise_id=context.enterprise_id)
        if isinstance(slack, OneWorkspace):
            if not slack.serves(workspace):
                logger.warning(
                    "refused a request from another workspace",
                    extra={"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id},
                )
                return BoltResponse(status=403, body="This app is not installed in your workspace.")
            workspace = slack.workspace
        context["workspace"] = workspace
        context["intros"] = intros
        context["home"] = home
        context["profiles"] = home.profiles
        context["in_flight"] = in_flight
        context["control"] = control
        return next()

    @app.error
    def log_unexpected(error: Exception, body: dict[str, Any]) -> None:
        logger.exception("listener failed on a %s request", body.get("type"), exc_info=error)

    register_all(app)
    return app
