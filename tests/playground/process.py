"""`python app.py` started as `scripts/run` does, with no Slack credentials: the playground."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0
URL_LINE = re.compile(r"open (http://localhost:\d+/) in your browser")


@dataclass
class Running:
    process: subprocess.Popen[bytes]
    url: str
    output: Path
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_environment(port: int) -> dict[str, str]:
    """The machine's environment without any Slack or introslack setting or database URL."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SLACK_", "INTROSLACK_")) and name != "DATABASE_URL"
    }
    return kept | {"PORT": str(port)}


@contextmanager
def playground_process(workdir: Path) -> Iterator[Running]:
    """Start the app in ``workdir``, wait for the URL it prints, stop it with SIGTERM after."""
    output, log = workdir / "stdout.txt", workdir / "stderr.txt"
    with output.open("wb") as out, log.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py")],
            cwd=workdir,
            env=clean_environment(free_port()),
            stdout=out,
            stderr=err,
        )
    try:
        running = Running(process, _wait_for_url(process, output, log), output, log)
        _wait_until_healthy(running)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=START_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_url(process: subprocess.Popen[bytes], output: Path, log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = URL_LINE.search(output.read_text(errors="replace"))
        if found:
            return found.group(1)
        if process.poll() is not None:
            raise AssertionError(f"the app stopped: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.05)  # the app is starting; its output is a file
    raise AssertionError("the app never printed the playground's URL")


def _wait_until_healthy(running: Running) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < deadline:
        try:
            with opener.open(running.url + "healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.05)  # not listening yet
    raise AssertionError("the playground did not become healthy")
