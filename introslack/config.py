"""Settings: the only place that reads the environment, failing fast with one clear sentence."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlparse

from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from introslack.domain.control import Limits
from introslack.domain.scheduled import DEFAULT_DELAY
from introslack.domain.timing import FollowThrough, parse_duration
from introslack.store import DEFAULT_DATABASE_URL

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
# The playground keeps its simulated intros apart from a real workspace's, and may delete them.
PLAYGROUND_DATABASE_URL = "sqlite:///introslack-playground.sqlite3"
# Any of these set means a real workspace is meant, unless INTROSLACK_PLAYGROUND says otherwise.
CREDENTIALS = ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN")
# As shown under Basic Information → App Credentials.
CLIENT_ID = re.compile(r"\d+\.\d+")
CLIENT_SECRET = re.compile(r"[0-9A-Za-z]{16,}")
ENCRYPTION_KEY = "INTROSLACK_ENCRYPTION_KEY"
MAX_INTRODUCTION_DELAY = timedelta(minutes=2)
GENERATE_KEY = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


class ConfigError(Exception):
    """A missing or malformed setting; the message names the variable and how to fix it."""


@dataclass(frozen=True)
class OAuthApp:
    """The app's credentials for installing into any number of workspaces with OAuth."""

    client_id: str
    client_secret: str = field(repr=False)
    # Fernet keys for the tokens kept in the database: the first encrypts, any decrypts.
    encryption_keys: tuple[str, ...] = field(repr=False)
    redirect_uri: str | None = None


@dataclass(frozen=True)
class Settings:
    # One workspace: the bot token. Many workspaces: `oauth`, which wins when both are set.
    bot_token: str | None
    signing_secret: str
    oauth: OAuthApp | None = None
    app_token: str | None = None
    api_url: str = DEFAULT_SLACK_API_URL
    port: int = 3000
    database_url: str = DEFAULT_DATABASE_URL
    timing: FollowThrough = field(default_factory=FollowThrough)
    limits: Limits = field(default_factory=Limits)
    retention: timedelta = timedelta(days=180)
    # A workspace that uninstalled the app keeps its data this long (zero: deleted at once).
    uninstall_grace: timedelta = timedelta(days=30)
    scheduler_interval: timedelta = timedelta(seconds=10)
    # How far ahead the group-DM introduction is scheduled: past a dead worker's lease and a poll.
    introduction_delay: timedelta = DEFAULT_DELAY
    run_worker: bool = True
    log_level: str = "INFO"
    # A simulated workspace in the browser; the playground fills in the token and secret.
    playground: bool = False

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and check every setting; raise ConfigError on the first bad one."""
    env = _Env(os.environ if environ is None else environ)
    no_credentials = all(env.optional(name) is None for name in CREDENTIALS)
    if env.flag("INTROSLACK_PLAYGROUND", no_credentials):
        return _playground_settings(env)
    oauth = _oauth_app(env, encryption_keys=env.fernet_keys("INTROSLACK_ENCRYPTION_KEY"))
    app_token = env.optional("SLACK_APP_TOKEN")
    if app_token is not None and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN must be an app-level token starting with 'xapp-'.")
    if app_token is not None and oauth is not None:
        raise ConfigError(
            "SLACK_APP_TOKEN must be empty when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set: "
            "installing into many workspaces needs HTTP mode for /slack/install."
        )
    return Settings(
        bot_token=(
            env.token("SLACK_BOT_TOKEN", prefix="xoxb-")
            if oauth is None
            else env.optional_token("SLACK_BOT_TOKEN", prefix="xoxb-")
        ),
        signing_secret=env.required("SLACK_SIGNING_SECRET"),
        oauth=oauth,
        app_token=app_token,
        api_url=env.url("SLACK_API_URL", DEFAULT_SLACK_API_URL),
        port=env.port("PORT", 3000),
        database_url=env.database_url("DATABASE_URL", DEFAULT_DATABASE_URL),
        timing=FollowThrough(
            remind_after=env.duration("INTROSLACK_REMINDER_AFTER", "3d"),
            expire_after=env.duration("INTROSLACK_EXPIRE_AFTER", "7d"),
            follow_up_after=env.duration("INTROSLACK_FOLLOWUP_AFTER", "7d"),
        ),
        limits=Limits(
            reask_after=env.duration("INTROSLACK_REASK_AFTER", "90d"),
            connector_weekly_limit=env.count("INTROSLACK_CONNECTOR_WEEKLY_LIMIT", 20),
        ),
        retention=env.duration("INTROSLACK_RETENTION", "180d"),
        uninstall_grace=env.duration_or_zero("INTROSLACK_UNINSTALL_GRACE", "30d"),
        scheduler_interval=env.duration("INTROSLACK_SCHEDULER_INTERVAL", "10s"),
        introduction_delay=_introduction_delay(env),
        run_worker=env.flag("INTROSLACK_RUN_WORKER", True),
        log_level=env.choice("INTROSLACK_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    )


def load_database_url(environ: Mapping[str, str] | None = None) -> str:
    """DATABASE_URL alone, for tools that only read the database."""
    env = _Env(os.environ if environ is None else environ)
    return env.database_url("DATABASE_URL", DEFAULT_DATABASE_URL)


def _introduction_delay(env: _Env) -> timedelta:
    """The people are told the introduction arrives in about a minute: keep that true."""
    delay = env.duration("INTROSLACK_INTRODUCTION_DELAY", "60s")
    if delay > MAX_INTRODUCTION_DELAY:
        raise ConfigError(
            "INTROSLACK_INTRODUCTION_DELAY must be at most 2m: people are told the "
            "introduction arrives in about a minute."
        )
    return delay


def _playground_settings(env: _Env) -> Settings:
    """The playground never reads Slack's credentials: it makes its own, for its fake Slack."""
    return Settings(
        bot_token=None,
        signing_secret="",
        playground=True,
        port=env.port("PORT", 3000),
        database_url=env.sqlite_file_url("DATABASE_URL", PLAYGROUND_DATABASE_URL),
        timing=FollowThrough(
            remind_after=env.duration("INTROSLACK_REMINDER_AFTER", "3d"),
            expire_after=env.duration("INTROSLACK_EXPIRE_AFTER", "7d"),
            follow_up_after=env.duration("INTROSLACK_FOLLOWUP_AFTER", "7d"),
        ),
        scheduler_interval=env.duration("INTROSLACK_SCHEDULER_INTERVAL", "30s"),
        run_worker=env.flag("INTROSLACK_RUN_WORKER", True),
        log_level=env.choice("INTROSLACK_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    )


def _oauth_app(env: _Env, *, encryption_keys: tuple[str, ...]) -> OAuthApp | None:
    """OAuth credentials when both are set; None when neither is (one workspace, one token)."""
    client_id = env.optional("SLACK_CLIENT_ID")
    client_secret = env.optional("SLACK_CLIENT_SECRET")
    if client_id is None and client_secret is None:
        return None
    if client_id is None or client_secret is None:
        missing = "SLACK_CLIENT_ID" if client_id is None else "SLACK_CLIENT_SECRET"
        raise ConfigError(
            f"{missing} is not set: installing into many workspaces needs both "
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Basic Information → App Credentials)."
        )
    if not CLIENT_ID.fullmatch(client_id):
        raise ConfigError(
            f"SLACK_CLIENT_ID must look like 1234567890.1234567890, not {client_id!r}."
        )
    if not CLIENT_SECRET.fullmatch(client_secret):
        raise ConfigError(
            "SLACK_CLIENT_SECRET must be the Client Secret from Basic Information → "
            "App Credentials: letters and digits only."
        )
    if not encryption_keys:
        raise ConfigError(
            f"{ENCRYPTION_KEY} is not set: with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set, "
            f"each workspace's bot token is stored encrypted with it (make a key with "
            f"{GENERATE_KEY})."
        )
    return OAuthApp(
        client_id=client_id,
        client_secret=client_secret,
        encryption_keys=encryption_keys,
        redirect_uri=env.optional_url("SLACK_REDIRECT_URI"),
    )


@dataclass(frozen=True)
class _Env:
    values: Mapping[str, str]

    def optional(self, name: str) -> str | None:
        value = self.values.get(name, "").strip()
        return value or None

    def required(self, name: str) -> str:
        value = self.optional(name)
        if value is None:
            raise ConfigError(f"{name} is not set: add it to your environment or .env file.")
        return value

    def token(self, name: str, *, prefix: str) -> str:
        value = self.required(name)
        if not value.startswith(prefix):
            raise ConfigError(f"{name} must be a token starting with '{prefix}'.")
        return value

    def optional_token(self, name: str, *, prefix: str) -> str | None:
        return self.token(name, prefix=prefix) if self.optional(name) is not None else None

    def fernet_keys(self, name: str) -> tuple[str, ...]:
        """Comma-separated Fernet keys, checked without ever echoing one."""
        keys = tuple(key.strip() for key in (self.optional(name) or "").split(",") if key.strip())
        for number, key in enumerate(keys, start=1):
            try:
                Fernet(key)
            except ValueError:
                raise ConfigError(
                    f"{name} must be Fernet keys separated by commas, but key {number} of "
                    f"{len(keys)} is not one (make one with {GENERATE_KEY})."
                ) from None
        return keys

    def optional_url(self, name: str) -> str | None:
        value = self.optional(name)
        if value is None:
            return None
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigError(
                f"{name} must be an http(s) URL such as "
                f"https://introslack.example.com/slack/oauth_redirect, not {value!r}."
            )
        return value

    def url(self, name: str, default: str) -> str:
        value = self.optional(name) or default
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigError(f"{name} must be an http(s) URL such as {default}, not {value!r}.")
        return value if value.endswith("/") else value + "/"

    def port(self, name: str, default: int) -> int:
        value = self.optional(name)
        if value is None:
            return default
        if not value.isdigit() or not 0 < int(value) < 65536:
            raise ConfigError(f"{name} must be a port number between 1 and 65535, not {value!r}.")
        return int(value)

    def database_url(self, name: str, default: str) -> str:
        value = self.optional(name) or default
        try:
            make_url(value)
        except ArgumentError:
            raise ConfigError(
                f"{name} must be a SQLAlchemy database URL such as "
                f"postgresql+psycopg://user@host/db, not {value!r}."
            ) from None
        return value

    def sqlite_file_url(self, name: str, default: str) -> str:
        """A SQLite file: the playground's Reset deletes it, so it must never be a real database."""
        value = self.database_url(name, default)
        url = make_url(value)
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            raise ConfigError(
                f"{name} must be a SQLite file such as {default} in the playground (its Reset "
                "deletes it), or unset."
            )
        return value

    def duration(self, name: str, default: str) -> timedelta:
        value = self.optional(name) or default
        try:
            return parse_duration(value)
        except ValueError:
            raise ConfigError(
                f"{name} must be a duration like 90s, 15m, 3h or 7d, not {value!r}."
            ) from None

    def duration_or_zero(self, name: str, default: str) -> timedelta:
        """A duration where `0` means "no wait at all"."""
        if (self.optional(name) or default).strip() == "0":
            return timedelta(0)
        return self.duration(name, default)

    def count(self, name: str, default: int) -> int:
        value = self.optional(name)
        if value is None:
            return default
        if not value.isdigit() or int(value) < 1:
            raise ConfigError(f"{name} must be a whole number of at least 1, not {value!r}.")
        return int(value)

    def flag(self, name: str, default: bool) -> bool:
        value = self.optional(name)
        if value is None:
            return default
        if value.lower() in ("1", "true", "yes", "on"):
            return True
        if value.lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{name} must be true or false, not {value!r}.")

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = (self.optional(name) or default).upper()
        if value not in choices:
            raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
        return value
