"""Several workers on one database, as threads and as `python -m introslack.worker` runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from introslack.domain.effects import Effect, EffectKind
from introslack.domain.intro import Intro, Person
from introslack.domain.timing import FollowThrough
from introslack.fakeslack.server import FakeSlack
from introslack.service import IntroService, Leases, utc_now
from introslack.store.database import Database
from introslack.store.intros import IntroRepository
from introslack.store.jobs import DONE, PENDING, Batch, Job, JobQueue, PostPlanner
from introslack.store.models import JobRow
from introslack.worker import Worker
from tests.conftest import FakeClock
from tests.factories import T0, WORKSPACE, make_intro

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TIMING = FollowThrough()
JOBS = 200
WORKERS = 3
DEADLINE = 20.0


class MeetingPerformer:
    """Records each job it performs; its first job waits until every worker holds one."""

    def __init__(self, name: str, ledger: list[tuple[str, int]], everyone: threading.Barrier):
        self.name = name
        self.ledger = ledger
        self.everyone = everyone
        self.started = False

    def perform(self, job: Job, batch: Batch, *, now: datetime, plan_post: PostPlanner) -> None:
        if not self.started:
            self.started = True
            self.everyone.wait(timeout=DEADLINE)
        self.ledger.append((self.name, job.id))


def schedule_due_jobs(database: Database, count: int) -> list[int]:
    intros = [make_intro(id=f"intro{n:04d}") for n in range(10)]
    with database.transaction() as session:
        for n, intro in enumerate(intros):
            # Each pair differs, so no two intros are pending between the same people.
            IntroRepository(session, WORKSPACE).add(
                replace(intro, party_b=_person(f"U0PARTY{n:02d}")), now=T0
            )
        queue = JobQueue(session)
        for n in range(count):
            queue.schedule(
                WORKSPACE,
                intros[n % len(intros)].id,
                [Effect(EffectKind.CONFIRM_REQUESTS_SENT, T0, user_id="U0CONNECT")],
                now=T0,
            )
        return list(session.scalars(select(JobRow.id)))


def _person(user_id: str) -> Person:
    return Person(user_id=user_id, name=f"Party {user_id}", tz="UTC")


def test_concurrent_workers_with_their_own_engines_run_each_due_job_exactly_once(
    database: Database, database_url: str
) -> None:
    job_ids = schedule_due_jobs(database, JOBS)
    assert len(job_ids) == JOBS
    ledger: list[tuple[str, int]] = []
    everyone = threading.Barrier(WORKERS)
    engines = [Database(database_url) for _ in range(WORKERS)]
    clock = FakeClock(T0)
    workers = [
        Worker(
            engine,
            MeetingPerformer(f"worker-{n}", ledger, everyone),
            clock=clock,
            leases=Leases(),
            expire=IntroService(engine, timing=TIMING, clock=clock).expire,
        )
        for n, engine in enumerate(engines)
    ]
    threads = [threading.Thread(target=worker.run_due) for worker in workers]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=DEADLINE)
        assert not any(thread.is_alive() for thread in threads)
    finally:
        for engine in engines:
            engine.dispose()

    runs = Counter(job_id for _, job_id in ledger)
    assert sorted(runs) == sorted(job_ids)
    assert set(runs.values()) == {1}, "some job ran twice"
    assert {name for name, _ in ledger} == {f"worker-{n}" for n in range(WORKERS)}
    with database.transaction() as session:
        states = Counter(session.scalars(select(JobRow.state)).all())
    assert states == {DONE: JOBS}


# Real worker processes ------------------------------------------------------------------------


def worker_env(**settings: str) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONUNBUFFERED": "1"}
    env.update(SLACK_SIGNING_SECRET="worker-test-secret", INTROSLACK_LOG_LEVEL="INFO")
    env.update(settings)
    return env


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "introslack.worker"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def run_worker_to_exit(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "introslack.worker"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def test_the_worker_alone_refuses_bad_settings_with_one_sentence_and_exit_code_2() -> None:
    finished = run_worker_to_exit(worker_env(SLACK_BOT_TOKEN="not-a-bot-token"))
    assert finished.returncode == 2
    assert finished.stderr == (
        "introslack: SLACK_BOT_TOKEN must be a token starting with 'xoxb-'.\n"
    )


def test_the_worker_alone_exits_2_when_slack_refuses_the_bot_token(slack: FakeSlack) -> None:
    finished = run_worker_to_exit(
        worker_env(SLACK_BOT_TOKEN="xoxb-revoked", SLACK_API_URL=slack.base_url)
    )
    assert finished.returncode == 2
    assert finished.stderr == "introslack: Slack refused SLACK_BOT_TOKEN (invalid_auth).\n"


def propose_many(database: Database, slack: FakeSlack, count: int) -> list[Intro]:
    """`count` intros between distinct pairs, each with its requests due right now."""
    slack.add_user("U0CONNECT", name="carol", real_name="Carol Connector")
    intros = IntroService(database, timing=TIMING, clock=utc_now)
    made: list[Intro] = []
    for n in range(count):
        a, b = _person(f"U0A{n:06d}"), _person(f"U0B{n:06d}")
        for person in (a, b):
            slack.add_user(person.user_id, name=person.user_id.lower(), real_name=person.name)
        made.append(
            intros.propose(
                WORKSPACE,
                connector_id="U0CONNECT",
                party_a=a,
                party_b=b,
                context=make_intro().context,
            )
        )
    return made


def unfinished_jobs(database: Database) -> int:
    with database.transaction() as session:
        return JobQueue(session).backlog(now=utc_now())


def test_two_worker_processes_on_postgresql_post_each_message_once_and_stop_on_sigterm(
    postgres_schema: str, slack: FakeSlack, tmp_path: Path
) -> None:
    database = Database(postgres_schema)
    database.migrate()
    intros = propose_many(database, slack, 20)
    env = worker_env(
        SLACK_BOT_TOKEN=slack.bot_token,
        SLACK_API_URL=slack.base_url,
        DATABASE_URL=postgres_schema,
        INTROSLACK_SCHEDULER_INTERVAL="1s",
    )
    logs = [tmp_path / f"worker-{n}.log" for n in range(2)]
    processes = [start_worker(env, log) for log in logs]
    try:
        deadline = time.monotonic() + DEADLINE
        while unfinished_jobs(database):
            assert all(p.poll() is None for p in processes), [log.read_text() for log in logs]
            assert time.monotonic() < deadline, "the workers did not catch up"
            time.sleep(0.05)
        for process in processes:
            process.send_signal(signal.SIGTERM)
        exit_codes = [process.wait(timeout=DEADLINE) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert exit_codes == [0, 0], [log.read_text() for log in logs]
    assert all("worker stopped" in log.read_text() for log in logs)

    keys = Counter(
        call.params["metadata"]["event_payload"]["key"]
        for call in slack.calls_to("chat.postMessage")
    )
    assert len(keys) == 3 * len(intros) and set(keys.values()) == {1}
    for intro in intros:
        for person in (intro.party_a, intro.party_b):
            assert len(slack.dm_messages(person.user_id)) == 1
    with database.transaction() as session:
        jobs = Counter(
            (kind, state) for kind, state in session.execute(select(JobRow.kind, JobRow.state))
        )
    n = len(intros)
    assert jobs[(EffectKind.ASK_PARTY.value, DONE)] == 2 * n
    assert jobs[(EffectKind.CONFIRM_REQUESTS_SENT.value, DONE)] == n
    assert jobs[(EffectKind.REMIND_PARTY.value, PENDING)] == 2 * n  # not due for days
    assert jobs[(EffectKind.EXPIRE_INTRO.value, PENDING)] == n
    database.dispose()
