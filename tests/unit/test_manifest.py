"""manifest.yml can be pasted into Slack as is, and asks only for what the code uses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from introslack.slack.installations import BOT_SCOPES
from introslack.slack.listeners.workflow import STEP
from introslack.slack.oauth import REDIRECT_PATH

ROOT = Path(__file__).resolve().parents[2]
# slackapi/manifest-schema, schemas/manifest.schema.2.0.0.json
SCHEMA = ROOT / "tests" / "data" / "manifest.schema.2.0.0.json"


def manifest() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "manifest.yml").read_text()))


def test_the_manifest_is_valid_against_slacks_manifest_schema() -> None:
    schema = json.loads(SCHEMA.read_text())
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest()), key=str)
    assert [error.message for error in errors] == []


def test_the_manifest_declares_the_command_interactivity_home_and_messages_tab() -> None:
    doc = manifest()
    assert [c["command"] for c in doc["features"]["slash_commands"]] == ["/intro"]
    assert doc["features"]["slash_commands"][0]["should_escape"] is True
    assert doc["settings"]["interactivity"]["is_enabled"] is True
    assert doc["settings"]["event_subscriptions"]["bot_events"] == [
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
        "function_executed",
    ]
    assert doc["features"]["app_home"]["home_tab_enabled"] is True
    assert doc["features"]["app_home"]["messages_tab_enabled"] is True


# The Web API methods the code calls, and the bot scope each needs (per Slack's method docs).
SCOPE_OF = {
    "conversations_open": {"im:write", "mpim:write"},
    # only ever on the app's own DMs: the pair's group DM is not read
    "conversations_history": {"im:history"},
    "chat_postMessage": {"chat:write"},
    "chat_scheduleMessage": {"chat:write"},
    "chat_update": {"chat:write"},
    "users_info": {"users:read"},
}


def test_the_bot_scopes_are_exactly_the_ones_the_code_uses() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "introslack").rglob("*.py"))
    called = set(re.findall(r"client\.(\w+)\(", source))
    needed = {"commands"}.union(*(SCOPE_OF[m] for m in called if m in SCOPE_OF))
    assert set(manifest()["oauth_config"]["scopes"]["bot"]) == needed


def test_the_app_asks_for_six_bot_scopes_and_cannot_read_the_pairs_group_dm() -> None:
    scopes = manifest()["oauth_config"]["scopes"]["bot"]
    assert len(scopes) <= 6
    assert "mpim:history" not in scopes and "mpim:history" not in BOT_SCOPES


def test_people_cannot_write_in_the_apps_dm_so_im_history_reads_only_its_own_posts() -> None:
    assert manifest()["features"]["app_home"]["messages_tab_read_only_enabled"] is True


def test_an_install_asks_for_exactly_the_manifests_bot_scopes() -> None:
    assert sorted(BOT_SCOPES) == sorted(manifest()["oauth_config"]["scopes"]["bot"])
    assert len(set(BOT_SCOPES)) == len(BOT_SCOPES)


def test_slack_sends_installers_back_to_the_apps_oauth_redirect_path() -> None:
    (redirect_url,) = manifest()["oauth_config"]["redirect_urls"]
    assert redirect_url == f"https://introslack.example.com{REDIRECT_PATH}"


def test_the_workflow_step_is_declared_for_the_listener_with_what_slack_requires() -> None:
    doc = manifest()
    step = doc["functions"][STEP]
    assert set(step["input_parameters"]["required"]) == {"connector", "person_a", "person_b", "why"}
    assert step["output_parameters"]["required"] == ["intro_id", "outcome"]
    connector = step["input_parameters"]["properties"]["connector"]
    assert connector["type"] == "slack#/types/user_id"
    assert doc["settings"]["org_deploy_enabled"] is True
    assert doc["settings"]["function_runtime"] == "remote"
