"""Builds the whole app from settings: database, Slack client, service, worker, Bolt app."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from slack_bolt import App

from introslack.config import ConfigError, Settings
from introslack.domain.intro import Workspace
from introslack.service import Clock, IntroService, utc_now
from introslack.slack.app import build_bolt_app
from introslack.slack.client import make_client
from introslack.slack.clients import InstalledWorkspaces, OneWorkspace
from introslack.slack.effects import SlackEffects
from introslack.slack.home import HomeTab
from introslack.slack.oauth import INSTALL_PATH, installation_store, oauth_settings
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
    slack: OneWorkspace | InstalledWorkspaces
    intros: IntroService
    home: HomeTab
    worker: Worker


def build_core(settings: Settings, *, clock: Clock = utc_now) -> Core:
    """Check the bot token with Slack (or set up OAuth), open the database, wire the worker."""
    if settings.oauth is not None:
        if settings.bot_token is not None:
            logger.warning(
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set, so SLACK_BOT_TOKEN is ignored: "
                "installing into many workspaces with OAuth"
            )
        database = _open(settings)
        store = installation_store(database.engine, settings.oauth)
        oauth = oauth_settings(settings.oauth, store=store, engine=database.engine)
        slack: OneWorkspace | InstalledWorkspaces = InstalledWorkspaces(
            store, base_url=settings.api_url, oauth=oauth
        )
    elif settings.bot_token is not None:
        slack = _one_workspace(settings.bot_token, settings.api_url)
        database = _open(settings)
    else:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set, nor SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: set one."
        )
    intros = IntroService(database, timing=settings.timing, clock=clock)
    home = HomeTab(intros, slack, clock=clock)
    worker = Worker(
        database, intros, SlackEffects(slack, publish_home=home.publish_for_job), clock=clock
    )
    return Core(database, slack, intros, home, worker)


def _one_workspace(bot_token: str, api_url: str) -> OneWorkspace:
    """The bot token's own workspace, as Slack says (a refused token stops the start)."""
    client = make_client(token=bot_token, base_url=api_url)
    identity = client.auth_test()
    workspace = Workspace(
        team_id=str(identity["team_id"]), enterprise_id=identity.get("enterprise_id") or None
    )
    return OneWorkspace(client, workspace)


def _open(settings: Settings) -> Database:
    database = Database(settings.database_url)
    database.migrate()
    return database


def create_application(settings: Settings, *, clock: Clock = utc_now) -> Application:
    core = build_core(settings, clock=clock)
    bolt = build_bolt_app(
        slack=core.slack,
        signing_secret=settings.signing_secret,
        intros=core.intros,
        worker=core.worker,
        home=core.home,
    )
    if isinstance(core.slack, OneWorkspace):
        logger.info("ready for workspace %s", core.slack.workspace.team_id)
    else:
        logger.info("ready for any number of workspaces; install at %s", INSTALL_PATH)
    return Application(settings, core.database, core.intros, core.worker, bolt)
