"""Keeps each user's Home tab current: on open, on paging, and after every intro change."""

from __future__ import annotations

import logging

from introslack.domain.intro import Workspace
from introslack.service import Clock, IntroService
from introslack.slack.clients import SlackClients
from introslack.slack.notifier import Notifier
from introslack.slack.views.home import home_view
from introslack.store.home import Pages
from introslack.store.jobs import Job

logger = logging.getLogger(__name__)

# Intros per section per page: with the buttons, every page stays far below 100 blocks.
PER_PAGE = 5


class HomeTab:
    def __init__(self, service: IntroService, clients: SlackClients, *, clock: Clock) -> None:
        self.service = service
        self.clients = clients
        self.clock = clock

    def publish(self, workspace: Workspace, user_id: str, *, pages: Pages | None = None) -> None:
        """Publish the newest page of each section, or the pages the user moved to."""
        client = self.clients.for_workspace(workspace)
        if client is None:
            logger.warning(
                "the app is not installed in this workspace; Home tab not published",
                extra={"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id},
            )
            return
        home = self.service.home(workspace, user_id, pages=pages or {}, per_page=PER_PAGE)
        Notifier(client).publish_home(user_id=user_id, view=home_view(home, now=self.clock()))

    def publish_for_job(self, job: Job) -> None:
        if job.user_id:
            self.publish(job.workspace, job.user_id)
