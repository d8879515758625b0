"""Keeps Home tabs current: on open, on paging, and after changes, for people who look at it."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from introslack.control import ControlService
from introslack.domain.intro import Workspace
from introslack.service import Clock, IntroService
from introslack.slack.clients import SlackClients
from introslack.slack.notifier import Notifier
from introslack.slack.profiles import Profiles
from introslack.slack.views.home import home_view
from introslack.store.home import Home, Pages
from introslack.store.jobs import Job

logger = logging.getLogger(__name__)

# Intros per section per page: with the buttons, every page stays far below 100 blocks.
PER_PAGE = 5


class HomeTab:
    def __init__(
        self,
        service: IntroService,
        clients: SlackClients,
        *,
        clock: Clock,
        control: ControlService | None = None,
        profiles: Profiles | None = None,
    ) -> None:
        self.service = service
        self.clients = clients
        self.clock = clock
        self.control = control
        self.profiles = profiles or Profiles()

    def page(self, workspace: Workspace, user_id: str, *, pages: Pages) -> None:
        """Publish with the sections moved to the pages the person asked for."""
        client = self._client(workspace)
        if client is not None:
            home = self.service.home(workspace, user_id, pages=pages, per_page=PER_PAGE)
            self._publish(client, workspace, home)

    def refresh(self, job: Job) -> None:
        """A change reached someone who looks at their tab: publish the newest pages."""
        client = self._client(job.workspace)
        if client is not None and job.user_id:
            home = self.service.refreshed_home(job.workspace, job.user_id, per_page=PER_PAGE)
            self._publish(client, job.workspace, home)

    def _publish(self, client: WebClient, workspace: Workspace, home: Home) -> None:
        """The intros, the person's own intro settings, and an admin's insights."""
        insights = (
            self.service.insights(workspace)
            if self.profiles.is_admin(client, home.user_id)
            else None
        )
        settings = None if self.control is None else self.control.settings(workspace, home.user_id)
        t = self.profiles.for_user(client, home.user_id)
        view = home_view(home, now=self.clock(), insights=insights, settings=settings, t=t)
        Notifier(client).publish_home(user_id=home.user_id, view=view)

    def _client(self, workspace: Workspace) -> WebClient | None:
        client = self.clients.for_workspace(workspace)
        if client is None:
            logger.warning(
                "the app is not installed in this workspace; Home tab not published",
                extra={"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id},
            )
        return client
