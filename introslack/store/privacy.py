"""Consent records, and what a person's export and erasure read and write, keyed by workspace."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from introslack.domain.effects import EffectKind
from introslack.domain.intro import Answer, Intro, Workspace
from introslack.domain.privacy import ConsentRecord, ConsentRole, Shown
from introslack.store.intros import in_workspace, to_intro
from introslack.store.models import ConsentRow, IntroRow, IntroSettingsRow, JobRow

CONSENTS = cast(Table, ConsentRow.__table__)
PERSON = ["team_id", "intro_id", "user_id"]
PENDING = "pending"


class ConsentRecords:
    """Each person's consent records in one workspace; the caller owns the transaction."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace
        self._key = {"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id or ""}

    def shown(self, intro_id: str, shown: Shown, *, at: datetime) -> None:
        """Keep the request as it reached them; a reminder before any answer replaces it.

        A requester's record is their own request, and asking was their yes.
        """
        values = self._key | {
            "intro_id": intro_id,
            "user_id": shown.user_id,
            "role": shown.role.value,
            "shown_text": shown.text,
            "shown_at": at,
        }
        if shown.role is ConsentRole.REQUESTER:
            values |= {"answer": Answer.ACCEPTED.value, "answered_at": at}
        statement = self._insert().values(values)
        self.session.execute(
            statement.on_conflict_do_update(
                index_elements=PERSON,
                set_={"shown_text": shown.text, "shown_at": at},
                where=CONSENTS.c.answer.is_(None),
            )
        )

    def answered(self, intro_id: str, answers: dict[str, Answer], *, at: datetime) -> None:
        """Keep each answer with the request it answers (a bare record if none reached them)."""
        for user_id, answer in sorted(answers.items()):
            values = self._key | {
                "intro_id": intro_id,
                "user_id": user_id,
                "role": ConsentRole.PARTY.value,
                "answer": answer.value,
                "answered_at": at,
            }
            statement = self._insert().values(values)
            self.session.execute(
                statement.on_conflict_do_update(
                    index_elements=PERSON, set_={"answer": answer.value, "answered_at": at}
                )
            )

    def of(self, user_id: str, *, limit: int | None = None) -> list[ConsentRecord]:
        """This person's own records, newest first."""
        query = (
            select(CONSENTS)
            .where(
                CONSENTS.c.team_id == self._key["team_id"],
                CONSENTS.c.enterprise_id == self._key["enterprise_id"],
                CONSENTS.c.user_id == user_id,
            )
            .order_by(CONSENTS.c.id.desc())
            .limit(limit)
        )
        return [_to_record(row) for row in self.session.execute(query)]

    def delete_of(self, user_id: str) -> None:
        self.session.execute(
            delete(CONSENTS).where(
                CONSENTS.c.team_id == self._key["team_id"],
                CONSENTS.c.enterprise_id == self._key["enterprise_id"],
                CONSENTS.c.user_id == user_id,
            )
        )

    def erase_words(self, intro_ids: list[str]) -> None:
        """Keep that each person was asked, when, and their answer; not the request's words."""
        if intro_ids:
            self.session.execute(
                update(CONSENTS)
                .where(
                    CONSENTS.c.team_id == self._key["team_id"],
                    CONSENTS.c.enterprise_id == self._key["enterprise_id"],
                    CONSENTS.c.intro_id.in_(sorted(intro_ids)),
                    CONSENTS.c.shown_text.is_not(None),
                )
                .values(shown_text="")
            )

    def _insert(self) -> Any:
        dialect = self.session.get_bind().dialect.name
        return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(CONSENTS)


class PersonalData:
    """What one person's export reads and their erasure removes, in one workspace."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace

    def intros_of(self, user_id: str) -> list[Intro]:
        """Every intro this person is part of, as connector or party, oldest first."""
        query = (
            select(IntroRow)
            .where(
                in_workspace(self.workspace),
                or_(
                    IntroRow.connector_id == user_id,
                    IntroRow.party_a_id == user_id,
                    IntroRow.party_b_id == user_id,
                ),
            )
            .order_by(IntroRow.created_at, IntroRow.id)
        )
        return [to_intro(row) for row in self.session.scalars(query)]

    def delete_settings(self, user_id: str) -> None:
        self.session.execute(
            delete(IntroSettingsRow).where(
                IntroSettingsRow.team_id == self.workspace.team_id,
                IntroSettingsRow.enterprise_id == (self.workspace.enterprise_id or ""),
                IntroSettingsRow.user_id == user_id,
            )
        )

    def cancel_jobs_for(self, user_id: str, intros: Iterable[Intro], *, now: datetime) -> None:
        """Drop the pending work meant for this person: theirs, and their side of each intro."""
        mine = [
            (JobRow.intro_id == intro.id) & (JobRow.side == side.value)
            for intro in intros
            for side in (intro.side_of(user_id),)
            if side is not None
        ] + [
            (JobRow.intro_id == intro.id) & (JobRow.kind == EffectKind.TELL_CONNECTOR_OUTCOME.value)
            for intro in intros
            if intro.connector_id == user_id
        ]
        self.session.execute(
            update(JobRow)
            .where(
                JobRow.team_id == self.workspace.team_id,
                JobRow.enterprise_id.is_not_distinct_from(self.workspace.enterprise_id),
                JobRow.state == PENDING,
                or_(JobRow.user_id == user_id, *mine),
            )
            .values(state="cancelled", finished_at=now)
            .execution_options(synchronize_session=False)
        )


def _to_record(row: Row[Any]) -> ConsentRecord:
    return ConsentRecord(
        intro_id=row.intro_id,
        user_id=row.user_id,
        role=ConsentRole(row.role),
        shown_text=row.shown_text,
        shown_at=row.shown_at,
        answer=Answer(row.answer) if row.answer else None,
        answered_at=row.answered_at,
    )
