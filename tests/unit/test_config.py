"""Settings come from the environment and fail fast with one sentence naming the variable."""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from introslack.config import DEFAULT_DATABASE_URL, ConfigError, load_settings

MINIMAL = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret"}
CLIENT_SECRET = "0123456789abcdef0123456789abcdef"
KEY, OLD_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()
OAUTH = {
    "SLACK_CLIENT_ID": "1234567890.9876543210",
    "SLACK_CLIENT_SECRET": CLIENT_SECRET,
    "SLACK_SIGNING_SECRET": "s3cret",
    "INTROSLACK_ENCRYPTION_KEY": KEY,
}


def test_defaults_give_http_mode_on_port_3000_with_a_local_sqlite_file() -> None:
    settings = load_settings(MINIMAL)
    assert not settings.socket_mode
    assert settings.port == 3000
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.api_url == "https://slack.com/api/"
    assert settings.timing.remind_after == timedelta(days=3)
    assert settings.scheduler_interval == timedelta(seconds=10)
    assert settings.limits.reask_after == timedelta(days=90)
    assert settings.limits.connector_weekly_limit == 20
    assert settings.retention == timedelta(days=180)
    assert settings.introduction_delay == timedelta(seconds=60)


def test_the_introduction_delay_can_be_shortened_or_lengthened_up_to_two_minutes() -> None:
    """People are told the introduction arrives in about a minute."""
    for given, delay in (("5s", timedelta(seconds=5)), ("2m", timedelta(minutes=2))):
        settings = load_settings(MINIMAL | {"INTROSLACK_INTRODUCTION_DELAY": given})
        assert settings.introduction_delay == delay


def test_an_app_token_switches_to_socket_mode() -> None:
    assert load_settings(MINIMAL | {"SLACK_APP_TOKEN": "xapp-1"}).socket_mode


def test_the_api_url_always_ends_with_a_slash() -> None:
    settings = load_settings(MINIMAL | {"SLACK_API_URL": "http://127.0.0.1:9/api"})
    assert settings.api_url == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize(
    ("changes", "variable"),
    [
        ({"SLACK_BOT_TOKEN": "", "INTROSLACK_PLAYGROUND": "false"}, "SLACK_BOT_TOKEN"),
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
        ({"INTROSLACK_INTRODUCTION_DELAY": "soon"}, "INTROSLACK_INTRODUCTION_DELAY"),
        ({"INTROSLACK_INTRODUCTION_DELAY": "5m"}, "INTROSLACK_INTRODUCTION_DELAY"),
        ({"INTROSLACK_LOG_LEVEL": "LOUD"}, "INTROSLACK_LOG_LEVEL"),
        ({"INTROSLACK_REASK_AFTER": "soon"}, "INTROSLACK_REASK_AFTER"),
        ({"INTROSLACK_RETENTION": "6 months"}, "INTROSLACK_RETENTION"),
        ({"INTROSLACK_CONNECTOR_WEEKLY_LIMIT": "0"}, "INTROSLACK_CONNECTOR_WEEKLY_LIMIT"),
        ({"INTROSLACK_CONNECTOR_WEEKLY_LIMIT": "lots"}, "INTROSLACK_CONNECTOR_WEEKLY_LIMIT"),
    ],
)
def test_a_bad_setting_is_named_in_one_sentence(changes: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(MINIMAL | changes)
    message = str(raised.value)
    assert message.startswith(variable)
    assert message.count("\n") == 0


def test_client_id_and_secret_install_into_many_workspaces_without_a_bot_token() -> None:
    settings = load_settings(OAUTH)
    assert settings.oauth is not None
    assert settings.oauth.client_id == "1234567890.9876543210"
    assert settings.oauth.client_secret == CLIENT_SECRET
    assert settings.oauth.redirect_uri is None
    assert settings.bot_token is None


def test_a_redirect_uri_is_passed_on_when_given() -> None:
    url = "https://introslack.example.com/slack/oauth_redirect"
    settings = load_settings(OAUTH | {"SLACK_REDIRECT_URI": url})
    assert settings.oauth is not None and settings.oauth.redirect_uri == url


def test_without_client_credentials_the_app_serves_the_bot_tokens_one_workspace() -> None:
    assert load_settings(MINIMAL).oauth is None


def test_the_client_secret_never_shows_in_the_settings_repr() -> None:
    assert CLIENT_SECRET not in repr(load_settings(OAUTH))


def test_several_encryption_keys_are_kept_in_order_the_first_one_encrypting() -> None:
    settings = load_settings(OAUTH | {"INTROSLACK_ENCRYPTION_KEY": f" {KEY} , {OLD_KEY} "})
    assert settings.oauth is not None
    assert settings.oauth.encryption_keys == (KEY, OLD_KEY)
    assert KEY not in repr(settings) and OLD_KEY not in repr(settings)


def test_installing_into_many_workspaces_refuses_to_start_without_an_encryption_key() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(OAUTH | {"INTROSLACK_ENCRYPTION_KEY": ""})
    message = str(raised.value)
    assert message.startswith("INTROSLACK_ENCRYPTION_KEY is not set")
    assert "Fernet.generate_key()" in message, "it says how to make one"
    assert message.count("\n") == 0


@pytest.mark.parametrize(
    "value",
    [
        "not-a-key",
        KEY[:-4],
        f"{KEY},{KEY[::-1]}",
        "é" * 44,
    ],
)
def test_a_malformed_encryption_key_is_named_in_one_sentence_without_echoing_it(
    value: str,
) -> None:
    for environ in (OAUTH, MINIMAL):
        with pytest.raises(ConfigError) as raised:
            load_settings(environ | {"INTROSLACK_ENCRYPTION_KEY": value})
        message = str(raised.value)
        assert message.startswith("INTROSLACK_ENCRYPTION_KEY must be Fernet keys")
        assert message.count("\n") == 0
        assert all(part not in message for part in value.split(","))


def test_one_workspace_with_a_bot_token_needs_no_encryption_key() -> None:
    assert load_settings(MINIMAL).oauth is None


@pytest.mark.parametrize(
    ("changes", "variable"),
    [
        ({"SLACK_CLIENT_SECRET": ""}, "SLACK_CLIENT_SECRET"),
        ({"SLACK_CLIENT_ID": " "}, "SLACK_CLIENT_ID"),
        ({"SLACK_CLIENT_ID": "A0APP0001"}, "SLACK_CLIENT_ID"),
        ({"SLACK_CLIENT_SECRET": "my secret!"}, "SLACK_CLIENT_SECRET"),
        ({"SLACK_CLIENT_SECRET": "short"}, "SLACK_CLIENT_SECRET"),
        (
            {"SLACK_REDIRECT_URI": "introslack.example.com/slack/oauth_redirect"},
            "SLACK_REDIRECT_URI",
        ),
        ({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_APP_TOKEN"),
        ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET"),
    ],
)
def test_a_bad_oauth_setting_is_named_in_one_sentence(
    changes: dict[str, str], variable: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(OAUTH | changes)
    message = str(raised.value)
    assert message.startswith(variable)
    assert message.count("\n") == 0
    assert CLIENT_SECRET not in message


def test_every_setting_the_app_reads_is_documented_in_the_sample_env_file() -> None:
    root = Path(__file__).resolve().parents[2]
    read = set(
        re.findall(r'env\.\w+\("([A-Z_]+)"', (root / "introslack" / "config.py").read_text())
    )
    sample = (root / ".env.example").read_text().splitlines()
    documented = {line.split("=")[0] for line in sample if re.match(r"[A-Z_]+=", line)}
    commented = {
        line.split("=")[0]
        for before, line in pairwise(sample)
        if before.startswith("#") and re.match(r"[A-Z_]+=", line)
    }
    assert {"SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"} <= read
    assert read <= documented
    assert read <= commented, "each one has a comment right above it"


@pytest.mark.parametrize(
    ("value", "grace"),
    [(None, timedelta(days=30)), ("0", timedelta(0)), ("12h", timedelta(hours=12))],
)
def test_the_uninstall_grace_is_a_duration_or_zero_for_at_once(
    value: str | None, grace: timedelta
) -> None:
    changes = {} if value is None else {"INTROSLACK_UNINSTALL_GRACE": value}
    assert load_settings(MINIMAL | changes).uninstall_grace == grace


def test_a_bad_uninstall_grace_is_named_in_one_sentence() -> None:
    with pytest.raises(ConfigError, match=r"^INTROSLACK_UNINSTALL_GRACE must be a duration"):
        load_settings(MINIMAL | {"INTROSLACK_UNINSTALL_GRACE": "a month"})
