"""Builds the whole app from settings: database, Slack clients, service, worker, Bolt app.

The one module that knows every layer. A lone worker is built without Bolt or its listeners:
`create_application` imports them itself, only when there are requests to serve.
"""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from introslack.config import ConfigError, Settings
from introslack.control import ControlService
from introslack.domain.intro import Workspace
from introslack.launch import build_or_exit, settings_or_exit
from introslack.retention import Retention
from introslack.service import Clock, IntroService, Leases, utc_now
from introslack.slack.client import make_client
from introslack.slack.clients import InstalledWorkspaces, OneWorkspace
from introslack.slack.effects import SlackEffects
from introslack.slack.home import HomeTab
from introslack.slack.installations import installation_store
from introslack.slack.profiles import Profiles
from introslack.store.database import Database
from introslack.worker import Worker

if TYPE_CHECKING:
    from slack_bolt import App

    from introslack.slack.listeners.replies import InFlight

logger = logging.getLogger(__name__)

# How long stopping waits for listener work that was acked but not yet carried out.
DRAIN_SECONDS = 10.0


@dataclass(frozen=True)
class Core:
    """Everything except the Bolt app: all the worker needs to run on its own."""

    settings: Settings
    database: Database
    slack: OneWorkspace | InstalledWorkspaces
    intros: IntroService
    home: HomeTab
    worker: Worker
    control: ControlService


def build_core(settings: Settings, *, clock: Clock = utc_now, slack_clock: Clock = utc_now) -> Core:
    """Check the bot token with Slack (or open the installations), open the database, wire.

    `slack_clock` is Slack's own time, which scheduled posts are timed by.
    """
    if settings.oauth is not None:
        if settings.bot_token is not None:
            logger.warning(
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set, so SLACK_BOT_TOKEN is ignored: "
                "installing into many workspaces with OAuth"
            )
        database = _open(settings)
        store = installation_store(database.engine, settings.oauth)
        slack: OneWorkspace | InstalledWorkspaces = InstalledWorkspaces(
            store, base_url=settings.api_url
        )
    elif settings.bot_token is not None:
        slack = _one_workspace(settings.bot_token, settings.api_url)
        database = _open(settings)
    else:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set, nor SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: set one."
        )
    leases = Leases()
    intros = IntroService(
        database,
        timing=settings.timing,
        clock=clock,
        leases=leases,
        uninstall_grace=settings.uninstall_grace,
    )
    if isinstance(slack, OneWorkspace):
        intros.installed_again(slack.workspace)  # a working token: the workspace has the app
    profiles = Profiles()
    control = ControlService(database, limits=settings.limits, clock=clock)
    home = HomeTab(intros, slack, clock=clock, control=control, profiles=profiles)
    worker = Worker(
        database,
        SlackEffects(
            slack,
            publish_home=home.refresh,
            profiles=profiles,
            my_data=intros.my_data,
            wall=slack_clock,
            introduction_delay=settings.introduction_delay,
        ),
        clock=clock,
        leases=leases,
        expire=intros.expire,
        retention=Retention(
            database, keep=settings.retention, grace=settings.uninstall_grace, clock=clock
        ),
        introduction_delay=settings.introduction_delay,
        slack_clock=slack_clock,
    )
    intros.hand_due_work_to(worker.submit)
    worker.start()
    return Core(settings, database, slack, intros, home, worker, control)


@dataclass
class Application:
    """The app in one process: the Bolt app that answers Slack, and the worker behind it."""

    core: Core
    bolt: App
    in_flight: InFlight
    # What /healthz asks; the core's, unless a test puts a broken one in its place.
    database: Database = field(init=False)
    _stop: threading.Event = field(default_factory=threading.Event)
    _poller: threading.Thread | None = None

    def __post_init__(self) -> None:
        self.database = self.core.database

    @property
    def settings(self) -> Settings:
        return self.core.settings

    @property
    def intros(self) -> IntroService:
        return self.core.intros

    @property
    def worker(self) -> Worker:
        return self.core.worker

    def start_worker(self) -> None:
        """Also look for scheduled and left-behind work, in a background thread of this process."""
        self._poller = threading.Thread(
            target=self.worker.serve,
            args=(self._stop, self.settings.scheduler_interval),
            name="introslack-poller",
            daemon=True,
        )
        self._poller.start()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until acked requests are carried out and their effects have run."""
        return self.in_flight.wait_idle(timeout) and self.worker.wait_idle(timeout)

    def stop(self) -> None:
        """Finish what was acked and the work in hand, then release the database."""
        self.in_flight.wait_idle(DRAIN_SECONDS)
        self._stop.set()
        if self._poller is not None:
            self._poller.join(timeout=30)
        self.worker.shutdown()
        self.core.database.dispose()


def create_application(
    settings: Settings, *, clock: Clock = utc_now, slack_clock: Clock = utc_now
) -> Application:
    """The core plus the Bolt app that serves Slack's requests."""
    from introslack.slack.app import build_bolt_app
    from introslack.slack.listeners.replies import InFlight
    from introslack.slack.oauth import INSTALL_PATH, oauth_settings

    core = build_core(settings, clock=clock, slack_clock=slack_clock)
    oauth = None
    if settings.oauth is not None and isinstance(core.slack, InstalledWorkspaces):
        oauth = oauth_settings(settings.oauth, store=core.slack.store, engine=core.database.engine)
    in_flight = InFlight()
    bolt = build_bolt_app(
        slack=core.slack,
        signing_secret=settings.signing_secret,
        oauth=oauth,
        intros=core.intros,
        home=core.home,
        in_flight=in_flight,
        control=core.control,
    )
    if isinstance(core.slack, OneWorkspace):
        logger.info("ready for workspace %s", core.slack.workspace.team_id)
    else:
        logger.info("ready for any number of workspaces; install at %s", INSTALL_PATH)
    return Application(core, bolt, in_flight)


def run_worker() -> int:
    """Run due work on its own, without serving Slack's requests, until SIGTERM or SIGINT."""
    settings = settings_or_exit()
    core = build_or_exit(build_core, settings)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stop.set())
    logger.info("worker running; looking for due work every %s", settings.scheduler_interval)
    try:
        core.worker.serve(stop, settings.scheduler_interval)
    finally:
        core.worker.shutdown()
        core.database.dispose()
    logger.info("worker stopped")
    return 0


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
