"""`python app.py` as a user runs it: clear start-up errors, and a working HTTP mode."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from introslack.fakeslack.driver import SlackDriver
from introslack.fakeslack.server import FakeSlack
from tests.e2e.conftest import CAROL, SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 20.0


def run_app(env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "INTROSLACK_"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")],
        cwd=cwd,
        env=clean | env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_missing_setting_stops_the_app_with_one_sentence_naming_it(tmp_path: Path) -> None:
    process = run_app({"SLACK_SIGNING_SECRET": "x", "INTROSLACK_PLAYGROUND": "false"}, tmp_path)
    _out, err = process.communicate(timeout=START_TIMEOUT)
    assert process.returncode == 2
    assert err.strip().splitlines() == [
        "introslack: SLACK_BOT_TOKEN is not set: add it to your environment or .env file."
    ]


def test_a_token_slack_rejects_stops_the_app_with_a_clear_message(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        env = {
            "SLACK_BOT_TOKEN": "xoxb-not-the-right-one",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.base_url,
        }
        process = run_app(env, tmp_path)
        _out, err = process.communicate(timeout=START_TIMEOUT)
    assert process.returncode == 2
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in err
    assert "Traceback" not in err


def test_http_mode_serves_slack_and_health_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    port = free_port()
    with FakeSlack() as slack:
        slack.add_user(CAROL, name="carol", real_name="Carol Chen")
        env = {
            "SLACK_BOT_TOKEN": slack.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.base_url,
            "PORT": str(port),
        }
        process = run_app(env, tmp_path)
        try:
            wait_until_healthy(port, process)
            driver = SlackDriver(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET, slack)
            assert driver.slash_command(CAROL, "/intro").status == 200
            slack.wait_for(lambda: slack.open_views(CAROL), message="the intro modal")
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=START_TIMEOUT)
    assert process.returncode == 0
    assert (tmp_path / "introslack.sqlite3").exists()


def wait_until_healthy(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.05)  # not listening yet
    raise AssertionError("the app did not become healthy")


def test_an_unreachable_slack_stops_the_app_with_a_clear_message(tmp_path: Path) -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"http://127.0.0.1:{free_port()}/api/",
    }
    process = run_app(env, tmp_path)
    _out, err = process.communicate(timeout=START_TIMEOUT)
    assert process.returncode == 2
    assert "could not reach Slack at http://127.0.0.1:" in err
    assert "Traceback" not in err


def test_an_unusable_database_stops_the_app_with_a_clear_message(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        env = {
            "SLACK_BOT_TOKEN": slack.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.base_url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}",
        }
        process = run_app(env, tmp_path)
        _out, err = process.communicate(timeout=START_TIMEOUT)
    assert process.returncode == 2
    assert "could not open the database at DATABASE_URL" in err
    assert "Traceback" not in err
