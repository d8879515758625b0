"""Starting a process (the app or a lone worker): settings, logging, and clear start-up errors."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NoReturn, TypeVar

from dotenv import load_dotenv
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from introslack.config import ConfigError, Settings, load_settings
from introslack.logs import configure_logging

Built = TypeVar("Built")


def settings_or_exit() -> Settings:
    """Read .env and the environment; on a bad setting, say which in one sentence and exit 2."""
    load_dotenv()
    try:
        settings = load_settings()
    except ConfigError as problem:
        _exit(str(problem))
    configure_logging(settings.log_level)
    return settings


def build_or_exit(build: Callable[[Settings], Built], settings: Settings) -> Built:
    """Build the process; if Slack or the database says no, say so in one sentence and exit 2."""
    try:
        return build(settings)
    except ConfigError as problem:
        _exit(str(problem))
    except SlackApiError as problem:
        _exit(f"Slack refused SLACK_BOT_TOKEN ({problem.response.get('error')}).")
    except OSError as problem:
        _exit(f"could not reach Slack at {settings.api_url} ({_reason(problem)}).")
    except SQLAlchemyError as problem:
        _exit(f"could not open the database at DATABASE_URL ({type(problem).__name__}).")


def _reason(problem: OSError) -> str:
    return str(getattr(problem, "reason", None) or problem.strerror or type(problem).__name__)


def _exit(message: str) -> NoReturn:
    print(f"introslack: {message}", file=sys.stderr)
    raise SystemExit(2)
