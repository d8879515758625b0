"""The due-work queue: jobs claimed in batches under a short lease, so each runs once anywhere.

The types here (a claimed `Job`, its `Batch`, a `Delivery`, what was `Posted`) are shared by the
service, which claims the work its moves make due, and the worker, which performs it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Row,
    Table,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from introslack.domain.effects import Effect, EffectKind, Obsolete
from introslack.domain.intro import Intro, Side, Workspace
from introslack.domain.privacy import Shown
from introslack.store.intros import IntroRepository
from introslack.store.models import DeliveryRow, JobRow
from introslack.store.privacy import ConsentRecords

JOBS = cast(Table, JobRow.__table__)
PENDING = "pending"
DONE = "done"
CANCELLED = "cancelled"

# The statements each move and each batch runs, built once with parameters.
INSERT_JOBS = insert(JOBS).returning(*JOBS.c, sort_by_parameter_order=True)
DELIVERIES = cast(Table, DeliveryRow.__table__)
INSERT_DELIVERY = insert(DELIVERIES)
DELIVERIES_OF = (
    select(DELIVERIES)
    .where(DELIVERIES.c.intro_id.in_(bindparam("intro_ids", expanding=True)))
    .order_by(DELIVERIES.c.id)
)
_CANCELLING = update(JOBS).values(state=CANCELLED, finished_at=bindparam("now"))
CANCEL_KIND = _CANCELLING.where(
    JOBS.c.intro_id == bindparam("b_intro"),
    JOBS.c.state == PENDING,
    JOBS.c.kind == bindparam("b_kind"),
)
CANCEL_KIND_FOR_SIDE = CANCEL_KIND.where(JOBS.c.side == bindparam("b_side"))
FINISH = (
    update(JOBS)
    .where(
        JOBS.c.id.in_(bindparam("job_ids", expanding=True)),
        JOBS.c.claim == bindparam("b_claim"),
        JOBS.c.state == PENDING,
    )
    .values(state=DONE, last_error=None, finished_at=bindparam("now"), claim=None, lease_until=None)
)


class NothingScheduled(Exception):
    """Slack answered that it scheduled nothing (a refusal, a 429): a new post time is safe."""


@dataclass(frozen=True)
class Lease:
    """A claim on some jobs until `until` (wall-clock time); renewed while they run."""

    claim: str
    until: datetime

    @staticmethod
    def new(*, wall_now: datetime, length: timedelta) -> Lease:
        return Lease(claim=uuid.uuid4().hex, until=wall_now + length)


@dataclass(frozen=True)
class Job:
    """A claimed job as the worker sees it."""

    id: int
    workspace: Workspace
    intro_id: str | None
    kind: EffectKind
    side: Side | None
    user_id: str | None
    due_at: datetime
    attempts: int
    # When Slack is to post this job's scheduled message, once an attempt has fixed it.
    post_at: datetime | None = None

    @property
    def retried(self) -> bool:
        """True when an earlier attempt may have reached Slack before it died."""
        return self.attempts > 1


# Commits when Slack is to post a scheduled message, just before it is asked to; returns it.
PostPlanner = Callable[[], datetime]


@dataclass(frozen=True)
class Posted:
    """Where a message the app just posted lives (a scheduled one: `ts` is its Q… id), and the
    request it showed, if it was one."""

    channel_id: str
    ts: str
    shown: Shown | None = None


@dataclass(frozen=True)
class Delivery:
    """A message the app posted, and where it lives."""

    job_id: int
    kind: EffectKind
    side: Side | None
    recipient_id: str | None
    channel_id: str
    ts: str


@dataclass(frozen=True)
class Batch:
    """Claimed jobs with everything they read, fetched in the transaction that claimed them."""

    lease: Lease
    jobs: list[Job]
    intros: Mapping[str, Intro] = field(default_factory=dict)
    deliveries: Mapping[str, list[Delivery]] = field(default_factory=dict)

    def intro(self, job: Job) -> Intro | None:
        return self.intros.get(job.intro_id) if job.intro_id else None

    def deliveries_of(self, job: Job) -> list[Delivery]:
        return list(self.deliveries.get(job.intro_id, ())) if job.intro_id else []


class JobQueue:
    """Schedules, claims and finishes jobs; the caller owns the transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def schedule(
        self,
        workspace: Workspace,
        intro_id: str | None,
        effects: Iterable[Effect],
        *,
        now: datetime,
        lease: Lease | None = None,
    ) -> list[Job]:
        """Add jobs; with a lease, those already due are claimed by the caller and returned."""
        rows = [
            {
                "team_id": workspace.team_id,
                "enterprise_id": workspace.enterprise_id,
                "intro_id": intro_id,
                "kind": effect.kind.value,
                "side": effect.side.value if effect.side else None,
                "user_id": effect.user_id,
                "due_at": effect.due_at,
                "state": PENDING,
                "created_at": now,
                "claim": None,
                "lease_until": None,
                "attempts": 0,
                "post_at": None,
            }
            | (_claimed(lease) if lease is not None and effect.due_at <= now else {})
            for effect in effects
        ]
        if not rows:
            return []
        inserted = self.session.execute(INSERT_JOBS, rows)
        return [to_job(row) for row in inserted if row.claim is not None]

    def cancel(self, intro_id: str, obsolete: Iterable[Obsolete], *, now: datetime) -> None:
        """Drop pending jobs that no longer make sense, such as a reminder after an answer."""
        for item in obsolete:
            wanted = {"b_intro": intro_id, "b_kind": item.kind.value, "now": now}
            if item.side is None:
                self.session.execute(CANCEL_KIND, wanted)
            else:
                self.session.execute(CANCEL_KIND_FOR_SIDE, wanted | {"b_side": item.side.value})

    def cancel_workspace(self, workspace: Workspace, *, now: datetime) -> int:
        """Drop every pending job of a workspace the app has left; return how many."""
        result = self.session.execute(
            update(JobRow)
            .where(_job_in_workspace(workspace), JobRow.state == PENDING)
            .values(state=CANCELLED, finished_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0))

    def claim(self, *, now: datetime, wall_now: datetime, lease: Lease, limit: int) -> Batch:
        """Lease up to `limit` due jobs, with the intros and deliveries they read: one batch.

        `now` is the app's clock (what is due); leases are wall-clock time (who is alive).
        """
        due = (
            select(JobRow.id)
            .where(JobRow.state == PENDING, JobRow.due_at <= now, _lease_free(wall_now))
            .order_by(JobRow.due_at, JobRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        rows = self.session.scalars(
            update(JobRow)
            .where(JobRow.id.in_(due))
            .values(claim=lease.claim, lease_until=lease.until, attempts=JobRow.attempts + 1)
            .returning(JobRow)
            .execution_options(synchronize_session=False)
        ).all()
        jobs = sorted((to_job(row) for row in rows), key=lambda job: (job.due_at, job.id))
        return self.batch(lease, jobs)

    def batch(self, lease: Lease, jobs: list[Job]) -> Batch:
        """The claimed jobs with the intros and deliveries they read, one query each at most."""
        intros = self._intros_for(jobs)
        wanted = {job.intro_id for job in jobs if job.kind.reads_deliveries and job.intro_id}
        return Batch(lease, jobs, intros, self.deliveries(wanted) if wanted else {})

    def renew(self, claims: Iterable[str], *, until: datetime) -> None:
        """Extend the leases of work still in hand, so no other process takes it over."""
        wanted = list(claims)
        if wanted:
            self.session.execute(
                update(JobRow)
                .where(JobRow.claim.in_(wanted), JobRow.state == PENDING)
                .values(lease_until=until)
                .execution_options(synchronize_session=False)
            )

    def finish(self, lease: Lease, done: Mapping[Job, Posted | None], *, now: datetime) -> int:
        """Mark jobs done and record what they posted, if this caller still holds their claim."""
        if not done:
            return 0
        wanted = {"job_ids": [job.id for job in done], "b_claim": lease.claim, "now": now}
        finished = int(getattr(self.session.execute(FINISH, wanted), "rowcount", 0))
        posts = [_delivery_row(job, posted, now) for job, posted in done.items() if posted]
        if posts and finished:
            self.session.execute(INSERT_DELIVERY, posts)
            for job, posted in done.items():
                if posted is not None and posted.shown is not None and job.intro_id:
                    consents = ConsentRecords(self.session, job.workspace)
                    consents.shown(job.intro_id, posted.shown, at=now)
        return finished

    def retry_later(
        self, lease: Lease, job: Job, *, error: str, at: datetime, replan: bool = False
    ) -> bool:
        """Keep the job with its error, due again at `at`, free for any process to claim.

        `replan`: Slack surely scheduled nothing, so the next attempt may pick a new post time.
        """
        values: dict[str, object] = {
            "due_at": at,
            "last_error": error[:2000],
            "claim": None,
            "lease_until": None,
        }
        result = self.session.execute(
            update(JobRow)
            .where(JobRow.id == job.id, JobRow.claim == lease.claim, JobRow.state == PENDING)
            .values(values | ({"post_at": None} if replan else {}))
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    def plan_post(self, lease: Lease, job: Job, *, at: datetime) -> bool:
        """Fix when Slack is to post the job's message, if this caller still holds its claim."""
        result = self.session.execute(
            update(JobRow)
            .where(JobRow.id == job.id, JobRow.claim == lease.claim, JobRow.state == PENDING)
            .values(post_at=at)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    def backlog(self, *, now: datetime) -> int:
        """How many jobs are due and not yet done, leased ones included."""
        query = select(func.count()).where(JobRow.state == PENDING, JobRow.due_at <= now)
        return int(self.session.scalar(query) or 0)

    def deliveries(self, intro_ids: Iterable[str]) -> dict[str, list[Delivery]]:
        """The messages posted for these intros, oldest first, by intro."""
        found: dict[str, list[Delivery]] = {intro_id: [] for intro_id in intro_ids}
        for row in self.session.execute(DELIVERIES_OF, {"intro_ids": list(found)}):
            found[row.intro_id].append(
                Delivery(
                    job_id=row.job_id,
                    kind=EffectKind(row.kind),
                    side=Side(row.side) if row.side else None,
                    recipient_id=row.recipient_id,
                    channel_id=row.channel_id,
                    ts=row.ts,
                )
            )
        return found

    def _intros_for(self, jobs: list[Job]) -> dict[str, Intro]:
        """Read each intro these jobs need once, per workspace (jobs that don't need one: none)."""
        wanted: dict[Workspace, set[str]] = {}
        for job in jobs:
            if job.kind.reads_intro and job.intro_id:
                wanted.setdefault(job.workspace, set()).add(job.intro_id)
        intros: dict[str, Intro] = {}
        for workspace, ids in wanted.items():
            intros.update(IntroRepository(self.session, workspace).get_many(ids))
        return intros


def _claimed(lease: Lease) -> dict[str, object]:
    return {"claim": lease.claim, "lease_until": lease.until, "attempts": 1}


def _delivery_row(job: Job, posted: Posted, now: datetime) -> dict[str, object]:
    if job.intro_id is None:
        raise ValueError("only work about an intro posts messages")
    return {
        "team_id": job.workspace.team_id,
        "intro_id": job.intro_id,
        "job_id": job.id,
        "kind": job.kind.value,
        "side": job.side.value if job.side else None,
        "recipient_id": job.user_id,
        "channel_id": posted.channel_id,
        "ts": posted.ts,
        "created_at": now,
    }


def _job_in_workspace(workspace: Workspace) -> ColumnElement[bool]:
    if workspace.enterprise_id is None:
        return and_(JobRow.team_id == workspace.team_id, JobRow.enterprise_id.is_(None))
    return and_(
        JobRow.team_id == workspace.team_id, JobRow.enterprise_id == workspace.enterprise_id
    )


def _lease_free(wall_now: datetime) -> ColumnElement[bool]:
    return or_(JobRow.lease_until.is_(None), JobRow.lease_until < wall_now)


def to_job(row: JobRow | Row[Any]) -> Job:
    return Job(
        id=row.id,
        workspace=Workspace(team_id=row.team_id, enterprise_id=row.enterprise_id),
        intro_id=row.intro_id,
        kind=EffectKind(row.kind),
        side=Side(row.side) if row.side else None,
        user_id=row.user_id,
        due_at=row.due_at,
        attempts=row.attempts,
        post_at=row.post_at,
    )
