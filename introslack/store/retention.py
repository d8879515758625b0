"""The retention sweep's statements: one batch at a time, each served by an index."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from introslack.store.jobs import PENDING
from introslack.store.models import (
    ConsentRow,
    DeliveryRow,
    IntroRow,
    JobRow,
    ManualReminderRow,
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
