"""Settings: the only place that reads the environment, failing fast with one clear sentence."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlparse

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from introslack.domain.timing import FollowThrough, parse_duration

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///introslack.sqlite3"


class ConfigError(Exception):
    """A missing or malformed setting; the message names the variable and how to fix it."""


@dataclass(frozen=True)
class Settings:
    bot_token: str
    signing_secret: str
    app_token: str | None = None
    api_url: str = DEFAULT_SLACK_API_URL
    port: int = 3000
    database_url: str = DEFAULT_DATABASE_URL
    timing: FollowThrough = field(default_factory=FollowThrough)
    scheduler_interval: timedelta = timedelta(seconds=30)
    run_worker: bool = True
    log_level: str = "INFO"

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and check every setting; raise ConfigError on the first bad one."""
    env = _Env(os.environ if environ is None else environ)
    app_token = env.optional("SLACK_APP_TOKEN")
    if app_token is not None and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN must be an app-level token starting with 'xapp-'.")
    return Settings(
        bot_token=env.token("SLACK_BOT_TOKEN", prefix="xoxb-"),
        signing_secret=env.required("SLACK_SIGNING_SECRET"),
        app_token=app_token,
        api_url=env.url("SLACK_API_URL", DEFAULT_SLACK_API_URL),
        port=env.port("PORT", 3000),
        database_url=env.database_url("DATABASE_URL", DEFAULT_DATABASE_URL),
        timing=FollowThrough(
            remind_after=env.duration("INTROSLACK_REMINDER_AFTER", "3d"),
            expire_after=env.duration("INTROSLACK_EXPIRE_AFTER", "7d"),
            follow_up_after=env.duration("INTROSLACK_FOLLOWUP_AFTER", "7d"),
        ),
        scheduler_interval=env.duration("INTROSLACK_SCHEDULER_INTERVAL", "30s"),
        run_worker=env.flag("INTROSLACK_RUN_WORKER", True),
        log_level=env.choice("INTROSLACK_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
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

    def duration(self, name: str, default: str) -> timedelta:
        value = self.optional(name) or default
        try:
            return parse_duration(value)
        except ValueError:
            raise ConfigError(
                f"{name} must be a duration like 90s, 15m, 3h or 7d, not {value!r}."
            ) from None

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
