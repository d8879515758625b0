"""The retention sweep's statements: one batch at a time, each served by an index."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, delete, exists, select, tuple_, update
from sqlalchemy.orm import Session

from introslack.domain.effects import EffectKind
from introslack.domain.intro import Workspace
from introslack.store.jobs import CANCELLED, PENDING
from introslack.store.models import (
    ConsentRow,
    DeliveryRow,
    DepartedWorkspaceRow,
    HomeViewerRow,
    InsightCountRow,
    IntroRow,
    IntroSettingsRow,
    JobRow,
    ManualReminderRow,
    UserTallyRow,
)

# Work that makes no sense once its moment passed while the app was away: nudges to answer.
STALE_WHEN_LATE = tuple(
    kind.value for kind in (EffectKind.REMIND_PARTY, EffectKind.REASK_PARTY, EffectKind.NUDGE_PARTY)
)

# A departed workspace's tables keyed by the workspace alone (the rest hang off its intros).
WORKSPACE_KEYED: tuple[Table, ...] = tuple(
    row.__table__  # type: ignore[misc]
    for row in (UserTallyRow, InsightCountRow, HomeViewerRow, IntroSettingsRow)
)


class RetentionQueries:
    """Erase and delete what is kept no longer; the caller owns the transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def erase_closed_before(self, cutoff: datetime, *, now: datetime, limit: int) -> int:
        """Erase the free text of up to `limit` intros closed before `cutoff`, and what they sent.

        What decides anything later stays: status, answers, dates, the decline's side and
        reason (so a declined pair still rests). The version moves on, so a move read before
        the erasure can't write the text back.
        """
        ids = list(
            self.session.scalars(
                select(IntroRow.id)
                .where(IntroRow.erased_at.is_(None), IntroRow.closed_at < cutoff)
                .order_by(IntroRow.closed_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        if not ids:
            return 0
        self.session.execute(delete(DeliveryRow).where(DeliveryRow.intro_id.in_(ids)))
        self.session.execute(delete(ManualReminderRow).where(ManualReminderRow.intro_id.in_(ids)))
        self.session.execute(  # the consent records quote the words: only who, when, answer stay
            update(ConsentRow)
            .where(ConsentRow.intro_id.in_(ids), ConsentRow.shown_text.is_not(None))
            .values(shown_text="")
            .execution_options(synchronize_session=False)
        )
        self.session.execute(
            update(IntroRow)
            .where(IntroRow.id.in_(ids), IntroRow.erased_at.is_(None))
            .values(
                why="",
                gain_for_a="",
                gain_for_b="",
                note_to_a="",
                note_to_b="",
                decline_note=None,
                erased_at=now,
                updated_at=now,
                version=IntroRow.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        return len(ids)

    def delete_finished_jobs_before(self, cutoff: datetime, *, limit: int) -> int:
        """Delete up to `limit` jobs finished before `cutoff` whose messages are no longer kept."""
        ids = list(
            self.session.scalars(
                select(JobRow.id)
                .where(
                    JobRow.finished_at < cutoff,
                    JobRow.state != PENDING,
                    ~exists().where(DeliveryRow.job_id == JobRow.id),
                )
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        if ids:
            self.session.execute(
                delete(JobRow)
                .where(JobRow.id.in_(ids))
                .execution_options(synchronize_session=False)
            )
        return len(ids)


class DepartedWorkspaces:
    """The workspaces that uninstalled the app, and the deletion of all they left behind."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def left(self, workspace: Workspace, *, now: datetime) -> None:
        """Start the grace period (a second uninstall event keeps the first date)."""
        if self.session.get(DepartedWorkspaceRow, workspace.team_id) is None:
            self.session.add(
                DepartedWorkspaceRow(
                    team_id=workspace.team_id,
                    enterprise_id=workspace.enterprise_id,
                    left_at=now,
                )
            )

    def returned(self, team_id: str, *, now: datetime) -> None:
        """Installed again before its data went: keep everything, and pick up the work the
        leaving cancelled (what fell due meanwhile runs at once), so no intro stays open."""
        left_at = self.session.scalar(
            select(DepartedWorkspaceRow.left_at).where(DepartedWorkspaceRow.team_id == team_id)
        )
        if left_at is None:
            return
        self.session.execute(
            update(JobRow)
            .where(
                JobRow.team_id == team_id,
                JobRow.state == CANCELLED,
                JobRow.finished_at == left_at,
                # A reminder whose day passed meanwhile would only precede its own expiry.
                ~(JobRow.kind.in_(STALE_WHEN_LATE) & (JobRow.due_at < now)),
            )
            .values(state=PENDING, finished_at=None)
            .execution_options(synchronize_session=False)
        )
        self._forget(team_id)

    def _forget(self, team_id: str) -> None:
        self.session.execute(
            delete(DepartedWorkspaceRow).where(DepartedWorkspaceRow.team_id == team_id)
        )

    def due(self, cutoff: datetime) -> list[str]:
        """Workspaces whose grace period ended by `cutoff`, oldest first."""
        return list(
            self.session.scalars(
                select(DepartedWorkspaceRow.team_id)
                .where(DepartedWorkspaceRow.left_at <= cutoff)
                .order_by(DepartedWorkspaceRow.left_at)
            )
        )

    def delete_batch(self, team_id: str, *, limit: int) -> int:
        """Delete up to `limit` of the workspace's intros (with their work), else other rows.

        Returns how many rows went; zero means nothing is left and the mark is gone too.
        """
        ids = list(
            self.session.scalars(
                select(IntroRow.id).where(IntroRow.team_id == team_id).limit(limit)
            )
        )
        if ids:
            for rows in (DeliveryRow, ManualReminderRow, JobRow, ConsentRow):
                self.session.execute(delete(rows).where(rows.intro_id.in_(ids)))
            self.session.execute(delete(IntroRow).where(IntroRow.id.in_(ids)))
            return len(ids)
        deleted = self._delete_keyed(JobRow.__table__, team_id, limit)  # type: ignore[arg-type]
        for keyed in WORKSPACE_KEYED:
            deleted = deleted or self._delete_keyed(keyed, team_id, limit)
        if not deleted:
            self._forget(team_id)
        return deleted

    def _delete_keyed(self, keyed: Table, team_id: str, limit: int) -> int:
        key = tuple_(*keyed.primary_key.columns)
        batch = self.session.execute(
            select(*keyed.primary_key.columns).where(keyed.c.team_id == team_id).limit(limit)
        ).all()
        if batch:
            self.session.execute(delete(keyed).where(key.in_([tuple(row) for row in batch])))
        return len(batch)
