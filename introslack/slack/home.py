"""Keeps each user's Home tab current: on open, and after every change to one of their intros."""

from __future__ import annotations

from introslack.domain.intro import Workspace
from introslack.service import Clock, IntroService
from introslack.slack.notifier import Notifier
from introslack.slack.views.home import home_view
from introslack.store.jobs import Job

RECENT_LIMIT = 20


class HomeTab:
    def __init__(self, service: IntroService, notifier: Notifier, *, clock: Clock) -> None:
        self.service = service
        self.notifier = notifier
        self.clock = clock

    def publish(self, workspace: Workspace, user_id: str) -> None:
        intros = self.service.involving(workspace, user_id, limit=RECENT_LIMIT)
        view = home_view(user_id, intros, now=self.clock())
        self.notifier.publish_home(user_id=user_id, view=view)

    def publish_for_job(self, job: Job) -> None:
        if job.user_id:
            self.publish(job.workspace, job.user_id)
