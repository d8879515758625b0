"""Which mode starts: the playground without Slack credentials, a real workspace with them."""

from __future__ import annotations

import pytest

from introslack.config import PLAYGROUND_DATABASE_URL, ConfigError, Settings, load_settings

REAL = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret"}


def mode(environ: dict[str, str]) -> str:
    try:
        settings: Settings = load_settings(environ)
    except ConfigError:
        return "real"  # real mode, asking for what is missing
    return "playground" if settings.playground else "real"


def test_without_any_slack_credentials_the_app_starts_the_playground() -> None:
    settings = load_settings({})
    assert settings.playground
    assert settings.database_url == PLAYGROUND_DATABASE_URL
    assert settings.port == 3000 and not settings.socket_mode


@pytest.mark.parametrize(
    "credential",
    [
        {"SLACK_BOT_TOKEN": "xoxb-1"},
        {"SLACK_CLIENT_ID": "1234567890.9876543210"},
        {"SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef"},
        {"SLACK_APP_TOKEN": "xapp-1"},
    ],
)
def test_any_real_credential_wins_over_the_playground(credential: dict[str, str]) -> None:
    assert mode(credential | {"SLACK_SIGNING_SECRET": "s3cret"}) == "real"


def test_a_signing_secret_alone_is_not_a_workspace() -> None:
    assert mode({"SLACK_SIGNING_SECRET": "s3cret"}) == "playground"


def test_asking_for_the_playground_ignores_the_credentials_it_never_uses() -> None:
    settings = load_settings(REAL | {"INTROSLACK_PLAYGROUND": "true"})
    assert settings.playground and settings.bot_token is None
    assert settings.api_url == "https://slack.com/api/"  # replaced by the fake's at start


def test_turning_the_playground_off_asks_for_the_bot_token() -> None:
    with pytest.raises(ConfigError, match=r"^SLACK_BOT_TOKEN is not set"):
        load_settings({"INTROSLACK_PLAYGROUND": "false"})


def test_the_playground_keeps_the_other_settings() -> None:
    settings = load_settings(
        {"PORT": "4000", "INTROSLACK_REMINDER_AFTER": "2h", "INTROSLACK_RUN_WORKER": "false"}
    )
    assert settings.port == 4000 and not settings.run_worker
    assert settings.timing.remind_after.total_seconds() == 7200


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg://user@db/introslack", "sqlite://", "sqlite:///:memory:"],
)
def test_the_playground_only_uses_a_sqlite_file_since_reset_deletes_it(url: str) -> None:
    with pytest.raises(ConfigError, match=r"^DATABASE_URL must be a SQLite file"):
        load_settings({"DATABASE_URL": url})


def test_the_playground_may_use_another_sqlite_file() -> None:
    assert load_settings({"DATABASE_URL": "sqlite:///tmp/x.sqlite3"}).database_url == (
        "sqlite:///tmp/x.sqlite3"
    )


def test_a_bad_playground_flag_is_named() -> None:
    with pytest.raises(ConfigError, match=r"^INTROSLACK_PLAYGROUND must be true or false"):
        load_settings({"INTROSLACK_PLAYGROUND": "sometimes"})
