"""Builds the whole app from settings: database, Slack client, service, worker, Bolt app."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from slack_bolt import App

from introslack.config import Settings
from introslack.domain.intro import Workspace
from introslack.service import Clock, IntroService, utc_now
from introslack.slack.app import build_bolt_app
from introslack.slack.client import make_client
from introslack.slack.effects import SlackEffects
from introslack.slack.home import HomeTab
from introslack.slack.notifier import Notifier
from introslack.store.database import Database
from introslack.worker import Worker

logger = logging.getLogger(__name__)


@dataclass
class Application:
    settings: Settings
    database: Database
    intros: IntroService
    worker: Worker
    bolt: App
    _stop: threading.Event = field(default_factory=threading.Event)
    _worker_thread: threading.Thread | None = None

    def start_worker(self) -> None:
        """Run due work in a background thread of this process."""
        self._worker_thread = threading.Thread(
            target=self.worker.serve,
            args=(self._stop, self.settings.scheduler_interval),
            name="introslack-worker",
            daemon=True,
        )
        self._worker_thread.start()

    def stop(self) -> None:
        """Let the worker finish the job in hand, then release the database."""
        self._stop.set()
        if self._worker_thread is not None:
            self._worker_thread.join(timeout=30)
        self.database.dispose()


def create_application(settings: Settings, *, clock: Clock = utc_now) -> Application:
    database = Database(settings.database_url)
    database.create_schema()
    client = make_client(token=settings.bot_token, base_url=settings.api_url)
    identity = client.auth_test()
    home_workspace = Workspace(
        team_id=str(identity["team_id"]), enterprise_id=identity.get("enterprise_id") or None
    )
    intros = IntroService(database, timing=settings.timing, clock=clock)
    notifier = Notifier(client)
    home = HomeTab(intros, notifier, clock=clock)
    worker = Worker(
        database, intros, SlackEffects(notifier, publish_home=home.publish_for_job), clock=clock
    )
    bolt = build_bolt_app(
        client=client,
        signing_secret=settings.signing_secret,
        home_workspace=home_workspace,
        intros=intros,
        worker=worker,
        home=home,
    )
    logger.info("ready for workspace %s", home_workspace.team_id)
    return Application(settings, database, intros, worker, bolt)
