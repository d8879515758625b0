"""`scripts/run` on a fresh clone, with no Slack account: the playground starts and says so."""

from __future__ import annotations

import signal
import urllib.request
from pathlib import Path

from tests.playground.process import playground_process


def test_without_credentials_the_app_serves_the_playground_and_says_how_to_go_real(
    tmp_path: Path,
) -> None:
    with playground_process(tmp_path) as running:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(running.url, timeout=10) as answer:
            page = answer.read().decode()
        assert "introslack playground" in page and "Priya Raman" in page
        running.process.send_signal(signal.SIGTERM)
        assert running.process.wait(timeout=30) == 0
    log = running.log.read_text()
    assert "playground" in log and "nothing is sent to Slack" in log
    assert "to connect a real workspace instead, set SLACK_BOT_TOKEN" in log
    assert "listening on 127.0.0.1 only" in log
    assert "Traceback" not in log and "SELECT" not in log
    assert (tmp_path / "introslack-playground.sqlite3").exists()
    assert not (tmp_path / "introslack.sqlite3").exists()  # a real workspace's data is untouched
