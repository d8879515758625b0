"""Runs due work off the threads that answer Slack: batches handed over by the service at once,
and everything scheduled or left behind, found by polling. In the app or on its own
(`python -m introslack.worker`)."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Protocol

from slack_sdk.errors import SlackApiError

from introslack.domain.effects import EffectKind
from introslack.domain.intro import Intro, IntroError, Workspace
from introslack.domain.scheduled import DEFAULT_DELAY, post_time
from introslack.retention import Retention
from introslack.service import Clock, Leases
from introslack.store.database import Database, Transaction
from introslack.store.intros import IntroRepository
from introslack.store.jobs import (
    Batch,
    Job,
    JobQueue,
    Lease,
    NothingScheduled,
    Posted,
    PostPlanner,
)

logger = logging.getLogger(__name__)

BATCH = 20
# Threads that run effects: Slack calls wait on the network, so a few go a long way.
THREADS = 4
FIRST_RETRY = timedelta(seconds=15)
LONGEST_RETRY = timedelta(hours=1)
# How often a polling worker runs the retention sweep.
SWEEP_EVERY = timedelta(hours=1)


class Expire(Protocol):
    """The expiry use case: `request` for a request's own window."""

    def __call__(self, workspace: Workspace, intro_id: str, *, request: bool = ...) -> object: ...


class Performer(Protocol):
    def perform(
        self, job: Job, batch: Batch, *, now: datetime, plan_post: PostPlanner
    ) -> Posted | None:
        """Do one job in Slack; return the message it posted, if any."""
        ...

    def catch_up(self, job: Job, posted: Posted, intro: Intro, *, now: datetime) -> None:
        """Bring a just-posted message up to the intro's newer state."""
        ...


class ClaimLost(Exception):
    """Another process took the job over: this one must not call Slack for it."""


class Worker:
    """Performs claimed batches on its own threads and records the outcome of each in one go."""

    def __init__(
        self,
        database: Database,
        performer: Performer,
        *,
        clock: Clock,
        leases: Leases,
        expire: Expire,
        threads: int = THREADS,
        retention: Retention | None = None,
        introduction_delay: timedelta = DEFAULT_DELAY,
        slack_clock: Clock | None = None,
    ) -> None:
        self.database = database
        self.performer = performer
        self.clock = clock
        self.leases = leases
        self.expire = expire
        self.retention = retention
        self.introduction_delay = introduction_delay
        # Scheduled posts are timed by Slack's clock: wall-clock time unless told otherwise.
        self.slack_clock = slack_clock or leases.wall
        self._swept_at: datetime | None = None
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="effects")
        self._held: dict[str, Lease] = {}
        self._busy = threading.Condition()
        self._stop = threading.Event()
        self._keeper: threading.Thread | None = None

    def submit(self, batch: Batch) -> None:
        """Run a batch the service just claimed, on an effects thread, never the caller's."""
        self._hold(batch.lease)
        self._executor.submit(self._run_held, batch)

    def run_due(self, stop: threading.Event | None = None) -> int:
        """Run everything due now, batch after batch, until `stop`; return how many jobs ran."""
        ran = 0
        while not (stop is not None and stop.is_set()):
            batch = self._claim()
            if not batch.jobs:
                break
            self._hold(batch.lease)
            self._run_held(batch)
            ran += len(batch.jobs)
        return ran

    def backlog(self) -> int:
        """Due work not yet done: zero means the app has caught up."""
        with self.database.reading() as session:
            return JobQueue(session).backlog(now=self.clock())

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no batch is in hand; False if that took longer than `timeout` seconds."""
        with self._busy:
            return self._busy.wait_for(lambda: not self._held, timeout=timeout)

    def start(self) -> None:
        """Keep the leases of work in hand alive, so only a dead process loses its claims."""
        self._keeper = threading.Thread(target=self._keep_leases, name="leases", daemon=True)
        self._keeper.start()

    def serve(self, stop: threading.Event, interval: timedelta) -> None:
        """Poll for due work until `stop`, ending after the batch in hand; failures are logged."""
        while not stop.is_set():
            try:
                self.run_due(stop)
                self._sweep_when_due(stop)
            except Exception:
                logger.exception("worker round failed")
            stop.wait(interval.total_seconds())

    def _sweep_when_due(self, stop: threading.Event) -> None:
        now = self.clock()
        if self.retention is None:
            return
        if self._swept_at is not None and now < self._swept_at + SWEEP_EVERY:
            return
        self._swept_at = now
        self.retention.sweep(stop)

    def shutdown(self) -> None:
        """Finish the batches in hand, then stop renewing leases."""
        self._executor.shutdown(wait=True)
        self._stop.set()
        if self._keeper is not None:
            self._keeper.join(timeout=10)

    def _claim(self) -> Batch:
        lease = self.leases.new()
        with self.database.transaction() as session:
            return JobQueue(session).claim(
                now=self.clock(), wall_now=self.leases.wall(), lease=lease, limit=BATCH
            )

    def _hold(self, lease: Lease) -> None:
        with self._busy:
            self._held[lease.claim] = lease

    def _run_held(self, batch: Batch) -> None:
        try:
            self._run(batch)
        except Exception:
            logger.exception("a batch of jobs failed; its claim lapses and it is run again")
        finally:
            with self._busy:
                self._held.pop(batch.lease.claim, None)
                self._busy.notify_all()

    def _run(self, batch: Batch) -> None:
        done: dict[Job, Posted | None] = {}
        for job in batch.jobs:
            try:
                done[job] = self._perform(job, batch)
            except Exception as error:
                self._retry_later(batch.lease, job, error)
        live = {job: p for job, p in done.items() if p and job.kind.posts_live_buttons}
        with self.database.transaction() as session:
            # The intros' rows first, as every move takes them: a move that answers a request
            # while it is being recorded (its consent row too) must not wait in the other order.
            moved = _moved_meanwhile(session, batch, live)
            finished = JobQueue(session).finish(batch.lease, done, now=self.clock())
        if finished < len(done):
            logger.warning("a batch's claim was lost before it finished; others redo it")
        for job in done:
            logger.info("job done", extra=_fields(job))
        for job, post in live.items():
            if post is not None and job.intro_id in moved:
                self._catch_up(job, post, moved[job.intro_id])

    def _catch_up(self, job: Job, post: Posted, intro: Intro) -> None:
        """A click overtook this post (its refresh found no message yet): fix the post now."""
        try:
            self.performer.catch_up(job, post, intro, now=self.clock())
        except Exception as error:  # the next refresh of this side mends it too
            logger.warning(
                "could not catch a post up", extra=_fields(job) | {"error": _code(error)}
            )

    def _perform(self, job: Job, batch: Batch) -> Posted | None:
        if job.kind in (EffectKind.EXPIRE_INTRO, EffectKind.EXPIRE_REQUEST):
            # Answered or cancelled in the meantime: nothing to expire.
            request = job.kind is EffectKind.EXPIRE_REQUEST
            with contextlib.suppress(IntroError):
                self.expire(job.workspace, job.intro_id or "", request=request)
            return None
        if job.kind.reads_intro and batch.intro(job) is None:
            logger.warning("job's intro is gone", extra=_fields(job))
            return None
        return self.performer.perform(
            job, batch, now=self.clock(), plan_post=lambda: self._plan_post(batch.lease, job)
        )

    def _plan_post(self, lease: Lease, job: Job) -> datetime:
        """Commit when Slack is to post, right before asking: a retry after a crash (or a lost
        answer) finds the same time, and one that failed before asking finds none."""
        at = post_time(self.slack_clock(), self.introduction_delay)
        with self.database.transaction() as session:
            if not JobQueue(session).plan_post(lease, job, at=at):
                raise ClaimLost
        return at

    def _retry_later(self, lease: Lease, job: Job, error: Exception) -> None:
        delay = min(FIRST_RETRY * 2 ** (job.attempts - 1), LONGEST_RETRY)
        logger.warning(
            "job failed; retrying in %s", delay, extra=_fields(job) | {"error": _code(error)}
        )
        replan = isinstance(error, NothingScheduled)
        with self.database.transaction() as session:
            JobQueue(session).retry_later(
                lease, job, error=_code(error), at=self.clock() + delay, replan=replan
            )

    def _keep_leases(self) -> None:
        every = self.leases.length.total_seconds() / 3
        while not self._stop.wait(every):
            with self._busy:
                claims = list(self._held)
            if not claims:
                continue
            try:
                with self.database.transaction() as session:
                    JobQueue(session).renew(claims, until=self.leases.new().until)
            except Exception:
                logger.exception("could not renew the leases of work in hand")


def _moved_meanwhile(
    session: Transaction, batch: Batch, live: Mapping[Job, Posted | None]
) -> dict[str, Intro]:
    """Intros that moved on since the batch read them, among those it just posted requests for.

    Read in the transaction that records the posts, with the intros' rows locked: a move that
    commits first is seen here; one that commits later waits for these deliveries and sees
    them when it reads which messages to edit. Either way, no post keeps a stale button.
    """
    wanted: dict[Workspace, set[str]] = {}
    for job in live:
        if job.intro_id and job.intro_id in batch.intros:
            wanted.setdefault(job.workspace, set()).add(job.intro_id)
    moved: dict[str, Intro] = {}
    for workspace, ids in wanted.items():
        intros = IntroRepository(session, workspace)
        versions = intros.versions(ids, lock=True)
        stale = {i for i in ids if versions.get(i) != batch.intros[i].version}
        moved |= intros.get_many(stale) if stale else {}
    return moved


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
    if isinstance(error, NothingScheduled) and isinstance(error.__cause__, Exception):
        error = error.__cause__
    if isinstance(error, SlackApiError):
        return f"slack:{error.response.status_code}:{error.response.get('error')}"
    return type(error).__name__
