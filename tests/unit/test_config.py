"""Settings come from the environment and fail fast with one sentence naming the variable."""

from __future__ import annotations

from datetime import timedelta

import pytest

from introslack.config import DEFAULT_DATABASE_URL, ConfigError, load_settings

MINIMAL = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret"}


def test_defaults_give_http_mode_on_port_3000_with_a_local_sqlite_file() -> None:
    settings = load_settings(MINIMAL)
    assert not settings.socket_mode
    assert settings.port == 3000
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.api_url == "https://slack.com/api/"
    assert settings.timing.remind_after == timedelta(days=3)
    assert settings.scheduler_interval == timedelta(seconds=30)


def test_an_app_token_switches_to_socket_mode() -> None:
    assert load_settings(MINIMAL | {"SLACK_APP_TOKEN": "xapp-1"}).socket_mode


def test_the_api_url_always_ends_with_a_slash() -> None:
    settings = load_settings(MINIMAL | {"SLACK_API_URL": "http://127.0.0.1:9/api"})
    assert settings.api_url == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize(
    ("changes", "variable"),
    [
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_SIGNING_SECRET": " "}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_APP_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
        ({"SLACK_API_URL": "slack.com"}, "SLACK_API_URL"),
        ({"PORT": "eighty"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"INTROSLACK_REMINDER_AFTER": "3 days"}, "INTROSLACK_REMINDER_AFTER"),
        ({"INTROSLACK_EXPIRE_AFTER": "1w"}, "INTROSLACK_EXPIRE_AFTER"),
        ({"INTROSLACK_FOLLOWUP_AFTER": "x"}, "INTROSLACK_FOLLOWUP_AFTER"),
        ({"INTROSLACK_SCHEDULER_INTERVAL": "0s"}, "INTROSLACK_SCHEDULER_INTERVAL"),
        ({"INTROSLACK_RUN_WORKER": "maybe"}, "INTROSLACK_RUN_WORKER"),
        ({"INTROSLACK_LOG_LEVEL": "LOUD"}, "INTROSLACK_LOG_LEVEL"),
    ],
)
def test_a_bad_setting_is_named_in_one_sentence(changes: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(MINIMAL | changes)
    message = str(raised.value)
    assert message.startswith(variable)
    assert message.count("\n") == 0
