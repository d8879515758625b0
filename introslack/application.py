"""Builds the whole app from settings: database, Slack client, service, worker, Bolt app."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from slack_bolt import App
from slack_sdk import WebClient

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


@dataclass(frozen=True)
class Core:
    """Everything except the Bolt app: all the worker needs to run on its own."""

    database: Database
    client: WebClient
    home_workspace: Workspace
    intros: IntroService
    home: HomeTab
    worker: Worker


def build_core(settings: Settings, *, clock: Clock = utc_now) -> Core:
    """Check the bot token with Slack, open the database, and wire the service and worker."""
    client = make_client(token=settings.bot_token, base_url=settings.api_url)
    identity = client.auth_test()
    home_workspace = Workspace(
        team_id=str(identity["team_id"]), enterprise_id=identity.get("enterprise_id") or None
    )
    database = Database(settings.database_url)
    database.migrate()
    intros = IntroService(database, timing=settings.timing, clock=clock)
    notifier = Notifier(client)
    home = HomeTab(intros, notifier, clock=clock)
    worker = Worker(
        database, intros, SlackEffects(notifier, publish_home=home.publish_for_job), clock=clock
    )
    return Core(database, client, home_workspace, intros, home, worker)


def create_application(settings: Settings, *, clock: Clock = utc_now) -> Application:
    core = build_core(settings, clock=clock)
    bolt = build_bolt_app(
        client=core.client,
        signing_secret=settings.signing_secret,
        home_workspace=core.home_workspace,
        intros=core.intros,
        worker=core.worker,
        home=core.home,
    )
    logger.info("ready for workspace %s", core.home_workspace.team_id)
    return Application(settings, core.database, core.intros, core.worker, bolt)
