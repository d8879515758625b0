"""The due-work queue: jobs claimed with a lease, so each runs once across processes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from introslack.domain.effects import Effect, EffectKind, Obsolete
from introslack.domain.intro import Side, Workspace
from introslack.store.models import DeliveryRow, JobRow

PENDING = "pending"
DONE = "done"
CANCELLED = "cancelled"


@dataclass(frozen=True)
class Job:
    """A claimed job as the worker sees it."""

    id: int
    workspace: Workspace
    intro_id: str
    kind: EffectKind
    side: Side | None
    user_id: str | None
    due_at: datetime
    attempts: int
    lease_until: datetime | None

    @property
    def retried(self) -> bool:
        """True when an earlier attempt may have reached Slack before it died."""
        return self.attempts > 1


@dataclass(frozen=True)
class Delivery:
    """A message the app posted, and where it lives."""

    job_id: int
    kind: EffectKind
    side: Side | None
    recipient_id: str | None
    channel_id: str
    ts: str


class JobQueue:
    """Schedules, claims and finishes jobs; the caller owns the transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def schedule(
        self, workspace: Workspace, intro_id: str, effects: Iterable[Effect], *, now: datetime
    ) -> list[int]:
        rows = [
            JobRow(
                team_id=workspace.team_id,
                enterprise_id=workspace.enterprise_id,
                intro_id=intro_id,
                kind=effect.kind.value,
                side=effect.side.value if effect.side else None,
                user_id=effect.user_id,
                due_at=effect.due_at,
                state=PENDING,
                attempts=0,
                created_at=now,
            )
            for effect in effects
        ]
        self.session.add_all(rows)
        self.session.flush()
        return [row.id for row in rows if row.due_at <= now]

    def cancel(self, intro_id: str, obsolete: Iterable[Obsolete], *, now: datetime) -> None:
        """Drop pending jobs that no longer make sense, such as a reminder after an answer."""
        for item in obsolete:
            query = update(JobRow).where(
                JobRow.intro_id == intro_id,
                JobRow.state == PENDING,
                JobRow.kind == item.kind.value,
            )
            if item.side is not None:
                query = query.where(JobRow.side == item.side.value)
            self.session.execute(query.values(state=CANCELLED, finished_at=now))

    def cancel_workspace(self, workspace: Workspace, *, now: datetime) -> int:
        """Drop every pending job of a workspace the app has left; return how many."""
        result = self.session.execute(
            update(JobRow)
            .where(_job_in_workspace(workspace), JobRow.state == PENDING)
            .values(state=CANCELLED, finished_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0))

    def claim(
        self, *, now: datetime, lease: timedelta, limit: int, only: Iterable[int] | None = None
    ) -> list[Job]:
        """Lease up to `limit` due jobs to this caller; a job leased elsewhere is skipped."""
        query = (
            select(JobRow.id)
            .where(JobRow.state == PENDING, JobRow.due_at <= now, _lease_free(now))
            .order_by(JobRow.due_at, JobRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if only is not None:
            query = query.where(JobRow.id.in_(list(only)))
        claimed: list[Job] = []
        for job_id in self.session.scalars(query).all():
            result = self.session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state == PENDING, _lease_free(now))
                .values(lease_until=now + lease, attempts=JobRow.attempts + 1)
                .returning(JobRow)
            )
            row = result.scalar_one_or_none()
            if row is not None:
                claimed.append(_to_job(row))
        return claimed

    def backlog(self, *, now: datetime) -> int:
        """How many jobs are due and not yet done, leased ones included."""
        query = select(func.count()).where(JobRow.state == PENDING, JobRow.due_at <= now)
        return int(self.session.scalar(query) or 0)

    def finish(self, job: Job, *, now: datetime) -> bool:
        """Mark done, if this caller still holds the lease it was given."""
        return self._close(job, now=now, values={"state": DONE, "last_error": None})

    def retry_later(self, job: Job, *, error: str, at: datetime, now: datetime) -> bool:
        """Keep the job with its error, due again at `at`."""
        return self._close(
            job,
            now=now,
            values={"due_at": at, "last_error": error[:2000], "lease_until": None},
            keep_pending=True,
        )

    def _close(
        self, job: Job, *, now: datetime, values: dict[str, object], keep_pending: bool = False
    ) -> bool:
        if not keep_pending:
            values = values | {"finished_at": now}
        result = self.session.execute(
            update(JobRow)
            .where(
                JobRow.id == job.id,
                JobRow.state == PENDING,
                JobRow.attempts == job.attempts,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    def record_delivery(self, job: Job, *, channel_id: str, ts: str, now: datetime) -> None:
        self.session.add(
            DeliveryRow(
                team_id=job.workspace.team_id,
                intro_id=job.intro_id,
                job_id=job.id,
                kind=job.kind.value,
                side=job.side.value if job.side else None,
                recipient_id=job.user_id,
                channel_id=channel_id,
                ts=ts,
                created_at=now,
            )
        )

    def deliveries(self, workspace: Workspace, intro_id: str) -> list[Delivery]:
        rows = self.session.scalars(
            select(DeliveryRow)
            .where(DeliveryRow.team_id == workspace.team_id, DeliveryRow.intro_id == intro_id)
            .order_by(DeliveryRow.id)
        )
        return [
            Delivery(
                job_id=row.job_id,
                kind=EffectKind(row.kind),
                side=Side(row.side) if row.side else None,
                recipient_id=row.recipient_id,
                channel_id=row.channel_id,
                ts=row.ts,
            )
            for row in rows
        ]


def _job_in_workspace(workspace: Workspace) -> ColumnElement[bool]:
    if workspace.enterprise_id is None:
        return and_(JobRow.team_id == workspace.team_id, JobRow.enterprise_id.is_(None))
    return and_(
        JobRow.team_id == workspace.team_id, JobRow.enterprise_id == workspace.enterprise_id
    )


def _lease_free(now: datetime) -> ColumnElement[bool]:
    return or_(JobRow.lease_until.is_(None), JobRow.lease_until < now)


def _to_job(row: JobRow) -> Job:
    return Job(
        id=row.id,
        workspace=Workspace(team_id=row.team_id, enterprise_id=row.enterprise_id),
        intro_id=row.intro_id,
        kind=EffectKind(row.kind),
        side=Side(row.side) if row.side else None,
        user_id=row.user_id,
        due_at=row.due_at,
        attempts=row.attempts,
        lease_until=row.lease_until,
    )
