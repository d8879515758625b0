"""Runs due work: in the app process by default, or on its own (`python -m introslack.worker`)."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Protocol

from slack_sdk.errors import SlackApiError

from introslack.domain.effects import EffectKind
from introslack.domain.intro import Intro, IntroError
from introslack.service import Clock, IntroService
from introslack.slack.notifier import Posted
from introslack.store.database import Database
from introslack.store.intros import IntroRepository
from introslack.store.jobs import Delivery, Job, JobQueue

logger = logging.getLogger(__name__)

# Far longer than any job takes, so a live job is never taken over; a dead one is, after it.
LEASE = timedelta(minutes=5)
BATCH = 20
FIRST_RETRY = timedelta(seconds=15)
LONGEST_RETRY = timedelta(hours=1)


class Performer(Protocol):
    def perform(
        self, job: Job, intro: Intro, deliveries: list[Delivery], *, now: datetime
    ) -> Posted | None: ...


class Worker:
    """Claims due jobs with a lease, performs them, and records what was sent."""

    def __init__(
        self,
        database: Database,
        service: IntroService,
        effects: Performer,
        *,
        clock: Clock,
        lease: timedelta = LEASE,
    ) -> None:
        self.database = database
        self.service = service
        self.effects = effects
        self.clock = clock
        self.lease = lease

    def run_due(self, stop: threading.Event | None = None) -> int:
        """Run everything due now, batch after batch, until `stop`; return how many jobs ran."""
        ran = 0
        while not (stop is not None and stop.is_set()) and (batch := self._claim(None)):
            ran += self._run(batch)
        return ran

    def run_now(self, job_ids: Iterable[int]) -> int:
        """Run these just-created jobs at once, unless another process already took them."""
        ids = list(job_ids)
        return self._run(self._claim(ids)) if ids else 0

    def backlog(self) -> int:
        """Due work not yet done: zero means the app has caught up."""
        with self.database.transaction() as session:
            return JobQueue(session).backlog(now=self.clock())

    def serve(self, stop: threading.Event, interval: timedelta) -> None:
        """Poll for due work until `stop`, ending after the batch in hand; failures are logged."""
        while not stop.is_set():
            try:
                self.run_due(stop)
            except Exception:
                logger.exception("worker round failed")
            stop.wait(interval.total_seconds())

    def _claim(self, only: list[int] | None) -> list[Job]:
        with self.database.transaction() as session:
            return JobQueue(session).claim(
                now=self.clock(), lease=self.lease, limit=BATCH, only=only
            )

    def _run(self, jobs: list[Job]) -> int:
        for job in jobs:
            self._run_one(job)
        return len(jobs)

    def _run_one(self, job: Job) -> None:
        try:
            if job.kind is EffectKind.EXPIRE_INTRO:
                self._expire(job)
                posted = None
            else:
                posted = self._perform(job)
        except Exception as error:
            self._retry_later(job, error)
            return
        self._finish(job, posted)

    def _perform(self, job: Job) -> Posted | None:
        with self.database.transaction() as session:
            intro = IntroRepository(session, job.workspace).get(job.intro_id)
            deliveries = JobQueue(session).deliveries(job.workspace, job.intro_id)
        if intro is None:
            logger.warning("job's intro is gone", extra=_fields(job))
            return None
        return self.effects.perform(job, intro, deliveries, now=self.clock())

    def _expire(self, job: Job) -> None:
        try:
            change = self.service.expire(job.workspace, job.intro_id)
        except IntroError:
            return  # answered or cancelled in the meantime: nothing to expire
        self.run_now(change.due_job_ids)

    def _finish(self, job: Job, posted: Posted | None) -> None:
        now = self.clock()
        with self.database.transaction() as session:
            queue = JobQueue(session)
            if not queue.finish(job, now=now):
                logger.warning("job's lease was lost before it finished", extra=_fields(job))
                return
            if posted is not None:
                queue.record_delivery(job, channel_id=posted.channel_id, ts=posted.ts, now=now)
        logger.info("job done", extra=_fields(job))

    def _retry_later(self, job: Job, error: Exception) -> None:
        now = self.clock()
        delay = min(FIRST_RETRY * 2 ** (job.attempts - 1), LONGEST_RETRY)
        logger.warning(
            "job failed; retrying in %s", delay, extra=_fields(job) | {"error": _code(error)}
        )
        with self.database.transaction() as session:
            JobQueue(session).retry_later(job, error=repr(error), at=now + delay, now=now)


def _fields(job: Job) -> dict[str, object]:
    """The ids a job's log lines carry; never a token or anything a user typed."""
    return {
        "job_id": job.id,
        "kind": job.kind.value,
        "intro_id": job.intro_id,
        "team_id": job.workspace.team_id,
        "attempt": job.attempts,
    }


def _code(error: Exception) -> str:
    """Slack's error code, or the exception's type: enough to act on, nothing private."""
    if isinstance(error, SlackApiError):
        return f"slack:{error.response.status_code}:{error.response.get('error')}"
    return type(error).__name__


def main() -> int:
    """Run due work on its own, without serving Slack's requests, until SIGTERM or SIGINT."""
    # Imported here: the application module builds on this one.
    from introslack.application import build_core
    from introslack.launch import build_or_exit, settings_or_exit

    settings = settings_or_exit()
    core = build_or_exit(build_core, settings)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stop.set())
    logger.info("worker running; looking for due work every %s", settings.scheduler_interval)
    try:
        core.worker.serve(stop, settings.scheduler_interval)
    finally:
        core.database.dispose()
    logger.info("worker stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
