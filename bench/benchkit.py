"""What every bench script shares: app processes seen through /proc, PostgreSQL, percentiles.

Linux only: CPU and memory are read from /proc, so the app is measured from the outside.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterable, Sequence
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
GUNICORN = VENV_BIN / "gunicorn"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), interpolated between the closest ranks; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def clean_environment(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment without any Slack or introslack setting, plus ``extra``."""
    kept = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "INTROSLACK_")) and k != "DATABASE_URL"
    }
    return kept | extra


# -- processes ----------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue  # the thread ended meanwhile
    return found


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants (gunicorn's master and workers, for instance)."""
    tree, queue = [], [root]
    while queue:
        pid = queue.pop()
        if Path(f"/proc/{pid}").exists():
            tree.append(pid)
            queue += _children(pid)
    return tree


def cpu_seconds(pid: int) -> float:
    """User plus system CPU of one live process; 0 if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def cpu_by_pid(pids: Iterable[int]) -> dict[int, float]:
    return {pid: cpu_seconds(pid) for pid in pids}


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU spent between two readings; a process born in between counts from zero."""
    return sum(max(0.0, spent - before.get(pid, 0.0)) for pid, spent in after.items())


def status_kb(pid: int, field: str) -> int:
    """A ``kB`` field of /proc/<pid>/status (VmHWM is peak RSS, VmRSS the current one)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_peak_rss(pid: int) -> None:
    """Start VmHWM afresh from the current RSS (clear_refs value 5; needs our own process)."""
    with contextlib.suppress(OSError):  # if not permitted, the peak covers the whole life
        Path(f"/proc/{pid}/clear_refs").write_text("5")


def postgres_backends(database: str) -> list[int]:
    """PostgreSQL server processes serving ``database`` (their title names it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database} " in title:
            found.append(int(entry.name))
    return found


class AppProcess:
    """One app started by a bench, in its own process group, measured through /proc."""

    def __init__(
        self, name: str, command: list[str], *, env: dict[str, str], cwd: Path, port: int
    ) -> None:
        self.name = name
        self.port = port
        self.log_path = cwd / f"{name}.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def pids(self) -> list[int]:
        return process_tree(self.process.pid)

    def cpu(self) -> dict[int, float]:
        return cpu_by_pid(self.pids())

    def reset_peak_rss(self) -> None:
        for pid in self.pids():
            reset_peak_rss(pid)

    def peak_rss_mb(self) -> float:
        """Peak RSS summed over the app's processes (an upper bound of the whole)."""
        return sum(status_kb(pid, "VmHWM") for pid in self.pids()) / 1024

    def wait_until_listening(self, *, health_path: str | None) -> None:
        """Until /healthz answers 200 (or, without one, the port accepts connections)."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start; see {self.log_path}")
            try:
                if health_path is None:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return
                url = f"http://127.0.0.1:{self.port}{health_path}"
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)  # not listening yet
        raise RuntimeError(f"{self.name} did not start within {START_TIMEOUT:.0f}s")

    def stop(self) -> None:
        """SIGTERM the whole group, then SIGKILL whatever is left after a grace period."""
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=STOP_TIMEOUT)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)  # stray children, if any
            self._log.close()


# -- PostgreSQL ---------------------------------------------------------------------------


def ensure_postgres() -> None:
    """Start the local cluster if it is down (as .ci/run does)."""
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0:
        return
    version = next(iter(sorted(os.listdir("/etc/postgresql"))))
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True
    )
    for _ in range(30):
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0:
            return
        time.sleep(1)
    raise RuntimeError("PostgreSQL did not start on 127.0.0.1:5432")


def fresh_postgres_database(name: str) -> str:
    """Drop and create ``name`` on the local server; return its SQLAlchemy URL."""
    ensure_postgres()
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_postgres_database(name: str) -> None:
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
