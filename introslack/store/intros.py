"""The intro repository: domain intros in and out, always within one workspace."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    Table,
    and_,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from introslack.domain.insights import insight_changes, month_of
from introslack.domain.intro import (
    Answer,
    ConnectWay,
    Context,
    Decline,
    DeclineReason,
    Intro,
    IntroStatus,
    MetBefore,
    NextStep,
    Outcome,
    Person,
    Preference,
    Relationship,
    Side,
    Workspace,
)
from introslack.domain.tally import TallyChange, tally_changes
from introslack.store.models import IntroRow
from introslack.store.tallies import InsightCounts, Tallies

# The intros table itself: reads and writes here skip the ORM's bookkeeping on the hot path,
# and the statements below are built once, with parameters, not on every call.
INTROS = cast(Table, IntroRow.__table__)
# Columns a move may change: everything but the key, the version, and when the retention
# sweep erased the intro's words (only the sweep sets that). The creation time moves once, when
# a request is introduced.
FIXED = ("id", "version", "erased_at")
MOVABLE = tuple(c.name for c in INTROS.c if c.name not in FIXED)


def in_tenant() -> ColumnElement[bool]:
    """The tenant filter of a statement built once: `team_id` and `enterprise_id` parameters."""
    return and_(
        INTROS.c.team_id == bindparam("team_id"),
        INTROS.c.enterprise_id.is_not_distinct_from(bindparam("enterprise_id")),
    )


SELECT_ONE = select(INTROS).where(in_tenant(), INTROS.c.id == bindparam("intro_id"))
# By key alone, so every planner takes the primary key (a tenant's role indexes share the
# team_id prefix and can look cheaper to SQLite); the tenant is checked on the rows found.
SELECT_MANY = select(INTROS).where(INTROS.c.id.in_(bindparam("intro_ids", expanding=True)))
SELECT_VERSIONS = select(
    INTROS.c.id, INTROS.c.version, INTROS.c.team_id, INTROS.c.enterprise_id
).where(INTROS.c.id.in_(bindparam("intro_ids", expanding=True)))
SELECT_VERSIONS_LOCKED = SELECT_VERSIONS.with_for_update()
SELECT_OPEN_PAIR = select(INTROS).where(
    in_tenant(),
    INTROS.c.pair_key == bindparam("pair_key"),
    INTROS.c.status == IntroStatus.PENDING.value,
)
SELECT_OPEN_REQUEST = select(INTROS.c.id).where(
    in_tenant(),
    INTROS.c.party_a_id == bindparam("requester_id"),
    INTROS.c.party_b_id == bindparam("target_id"),
    INTROS.c.connector_id == bindparam("connector_id"),
    INTROS.c.status == IntroStatus.REQUESTED.value,
)
INSERT = insert(INTROS)
COMPARE_AND_SET = (
    update(INTROS)
    .where(
        INTROS.c.id == bindparam("intro_id"),
        INTROS.c.team_id == bindparam("b_team"),
        INTROS.c.version == bindparam("read_version"),
    )
    .values(
        {name: bindparam(f"new_{name}") for name in MOVABLE} | {"version": bindparam("new_version")}
    )
)


class PendingIntroExists(Exception):
    """Another pending intro between the same two people already exists in this workspace."""


class IntroRepository:
    """Reads and writes intros of one workspace; the caller owns the transaction."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace
        self._tenant = {"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id}

    def add(self, intro: Intro, *, now: datetime) -> None:
        """Insert a new intro; raise PendingIntroExists if the pair already has one open.

        The unique index on open pairs decides, so two proposals at the same instant on two
        processes cannot both get in.
        """
        values = {"id": intro.id, "version": intro.version}
        try:
            with self.session.begin_nested():
                self.session.execute(INSERT, [values | _values(intro, now)])
        except IntegrityError:
            raise PendingIntroExists from None

    def add_many(self, intros: list[Intro], *, now: datetime) -> None:
        """Insert intros in one statement, with their tallies (imports); no pending-pair check."""
        if any(intro.workspace != self.workspace for intro in intros):
            raise ValueError("every intro must belong to this repository's workspace")
        rows = [
            {"id": intro.id, "version": intro.version} | _values(intro, now) for intro in intros
        ]
        self.session.execute(INSERT, rows)
        totals: dict[str, TallyChange] = {}
        for intro in intros:
            for user_id, change in tally_changes(None, intro).items():
                totals[user_id] = totals.get(user_id, TallyChange()) + change
        Tallies(self.session, self.workspace).add(totals)
        per_month: dict[str, Counter[str]] = {}
        for intro in intros:
            month_counts = per_month.setdefault(month_of(intro.created_at), Counter())
            month_counts.update(insight_changes(None, intro))
        counts = InsightCounts(self.session, self.workspace)
        for month, changes in per_month.items():
            counts.add(month, changes)

    def get(self, intro_id: str) -> Intro | None:
        row = self.session.execute(SELECT_ONE, self._tenant | {"intro_id": intro_id}).first()
        return None if row is None else to_intro(row)

    def get_many(self, intro_ids: set[str]) -> dict[str, Intro]:
        rows = self.session.execute(SELECT_MANY, {"intro_ids": sorted(intro_ids)})
        return {row.id: to_intro(row) for row in rows if self._owns(row)}

    def versions(self, intro_ids: set[str], *, lock: bool = False) -> dict[str, int]:
        """How far each intro has moved: enough to tell whether a copy in hand is stale.

        With `lock`, the rows stay locked until the transaction ends (moves wait for it).
        """
        statement = SELECT_VERSIONS_LOCKED if lock else SELECT_VERSIONS
        rows = self.session.execute(statement, {"intro_ids": sorted(intro_ids)})
        return {row.id: row.version for row in rows if self._owns(row)}

    def _owns(self, row: Row[Any, Any, Any, Any] | Row[Any]) -> bool:
        """The tenant check for rows read by key."""
        return bool(
            row.team_id == self.workspace.team_id
            and row.enterprise_id == self.workspace.enterprise_id
        )

    def pending_between(self, user_a: str, user_b: str) -> Intro | None:
        wanted = self._tenant | {"pair_key": pair_key(user_a, user_b)}
        row = self.session.execute(SELECT_OPEN_PAIR, wanted).first()
        return None if row is None else to_intro(row)

    def has_open_request(self, *, requester_id: str, target_id: str, connector_id: str) -> bool:
        """Whether this requester already asked this connector for this intro, unanswered."""
        wanted = self._tenant | {
            "requester_id": requester_id,
            "target_id": target_id,
            "connector_id": connector_id,
        }
        return self.session.execute(SELECT_OPEN_REQUEST, wanted).first() is not None

    def compare_and_set(self, before: Intro, after: Intro, *, now: datetime) -> bool:
        """Write `after` only if the row is still at `before.version`; False if someone won.

        A request becoming an intro raises PendingIntroExists if the pair has one open already.
        """
        if before.status is IntroStatus.REQUESTED and after.status is IntroStatus.PENDING:
            try:
                with self.session.begin_nested():
                    return self._compare_and_set(before, after, now=now)
            except IntegrityError:
                raise PendingIntroExists from None
        return self._compare_and_set(before, after, now=now)

    def _compare_and_set(self, before: Intro, after: Intro, *, now: datetime) -> bool:
        values = {f"new_{name}": value for name, value in _values(after, now).items()}
        result = self.session.execute(
            COMPARE_AND_SET,
            values
            | {
                "intro_id": before.id,
                "b_team": self.workspace.team_id,
                "read_version": before.version,
                "new_version": before.version + 1,
            },
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    def _select(self) -> Select[Any]:
        return select(INTROS).where(in_workspace(self.workspace))


def in_workspace(workspace: Workspace) -> ColumnElement[bool]:
    """The tenant filter every intro query carries: team, and enterprise when there is one."""
    if workspace.enterprise_id is None:
        return and_(IntroRow.team_id == workspace.team_id, IntroRow.enterprise_id.is_(None))
    return and_(
        IntroRow.team_id == workspace.team_id, IntroRow.enterprise_id == workspace.enterprise_id
    )


def pair_key(user_a: str, user_b: str) -> str:
    return ":".join(sorted((user_a, user_b)))


def _values(intro: Intro, now: datetime) -> dict[str, object]:
    context, decline = intro.context, intro.decline
    return {
        "team_id": intro.workspace.team_id,
        "enterprise_id": intro.workspace.enterprise_id,
        "connector_id": intro.connector_id,
        "connector_name": intro.connector_name,
        **_person_values("a", intro.party_a),
        **_person_values("b", intro.party_b),
        "pair_key": pair_key(intro.party_a.user_id, intro.party_b.user_id),
        "why": context.why,
        "gain_for_a": context.gain_for_a,
        "gain_for_b": context.gain_for_b,
        "next_step": context.next_step.value,
        "relationship": context.relationship.value,
        "met_before": context.met_before.value,
        "note_to_a": context.note_to_a,
        "note_to_b": context.note_to_b,
        "about_a": context.about_a,
        "about_b": context.about_b,
        "status": intro.status.value,
        "answer_a": intro.answer_a.value,
        "answer_b": intro.answer_b.value,
        "decline_side": decline.side.value if decline else None,
        "decline_reason": decline.reason.value if decline and decline.reason else None,
        "decline_note": decline.note if decline else None,
        "outcome_a": intro.outcome_a.value if intro.outcome_a else None,
        "outcome_b": intro.outcome_b.value if intro.outcome_b else None,
        "thanked_a": intro.thanked_a,
        "thanked_b": intro.thanked_b,
        **_preference_values("a", intro.preference_a),
        **_preference_values("b", intro.preference_b),
        "ask_again_a": intro.ask_again_a,
        "ask_again_b": intro.ask_again_b,
        "created_at": intro.created_at,
        "closed_at": intro.closed_at,
        "workflow_step": intro.workflow_step,
        "requested": intro.requested,
        "updated_at": now,
    }


def _person_values(side: str, person: Person) -> dict[str, object]:
    return {
        f"party_{side}_id": person.user_id,
        f"party_{side}_name": person.name,
        f"party_{side}_title": person.title,
        f"party_{side}_tz": person.tz,
        f"party_{side}_tz_label": person.tz_label,
    }


def _preference_values(side: str, preference: Preference) -> dict[str, object]:
    return {
        f"preferred_way_{side}": preference.way.value if preference.way else None,
        f"preference_note_{side}": preference.note,
    }


def _preference(way: str | None, note: str) -> Preference:
    return Preference(way=ConnectWay(way) if way else None, note=note)


def to_intro(row: IntroRow | Row[Any]) -> Intro:
    """Rebuild the domain intro from its row (a mapped object or a plain result row)."""
    return Intro(
        id=row.id,
        workspace=Workspace(team_id=row.team_id, enterprise_id=row.enterprise_id),
        connector_id=row.connector_id,
        party_a=Person(
            row.party_a_id,
            row.party_a_name,
            row.party_a_title,
            row.party_a_tz,
            row.party_a_tz_label,
        ),
        party_b=Person(
            row.party_b_id,
            row.party_b_name,
            row.party_b_title,
            row.party_b_tz,
            row.party_b_tz_label,
        ),
        context=Context(
            why=row.why,
            gain_for_a=row.gain_for_a,
            gain_for_b=row.gain_for_b,
            next_step=NextStep(row.next_step),
            relationship=Relationship(row.relationship),
            met_before=MetBefore(row.met_before),
            note_to_a=row.note_to_a,
            note_to_b=row.note_to_b,
            about_a=row.about_a,
            about_b=row.about_b,
        ),
        created_at=row.created_at,
        status=IntroStatus(row.status),
        answer_a=Answer(row.answer_a),
        answer_b=Answer(row.answer_b),
        decline=_decline(row),
        closed_at=row.closed_at,
        outcome_a=Outcome(row.outcome_a) if row.outcome_a else None,
        outcome_b=Outcome(row.outcome_b) if row.outcome_b else None,
        connector_name=row.connector_name,
        thanked_a=row.thanked_a,
        thanked_b=row.thanked_b,
        preference_a=_preference(row.preferred_way_a, row.preference_note_a),
        preference_b=_preference(row.preferred_way_b, row.preference_note_b),
        workflow_step=row.workflow_step,
        ask_again_a=row.ask_again_a,
        ask_again_b=row.ask_again_b,
        requested=row.requested,
        version=row.version,
    )


def _decline(row: IntroRow | Row[Any]) -> Decline | None:
    if row.decline_side is None:
        return None
    reason = DeclineReason(row.decline_reason) if row.decline_reason else None
    return Decline(side=Side(row.decline_side), reason=reason, note=row.decline_note or "")
