"""The Home tab's reads: a fixed number of queries per render, however long the history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from introslack.domain.intro import Answer, Intro, IntroStatus, Outcome, Workspace
from introslack.store.intros import in_workspace, to_intro
from introslack.store.models import IntroRow, ManualReminderRow

PENDING = IntroStatus.PENDING.value
NEWEST_FIRST = (IntroRow.created_at.desc(), IntroRow.id)
# Intros that reached an answer: the denominator of the connector's acceptance rate.
DECIDED = (IntroStatus.MADE.value, IntroStatus.DECLINED.value, IntroStatus.EXPIRED.value)


class Section(StrEnum):
    """The Home tab's lists, each paged on its own; the value travels in Show more buttons."""

    WAITING = "waiting"
    STARTED = "started"
    ACCEPTED = "accepted"
    RECENT = "recent"


Pages = Mapping[Section, int]


@dataclass(frozen=True)
class Tally:
    """How many intros the user has in each section, and how the ones they started went."""

    waiting: int = 0
    started: int = 0
    accepted: int = 0
    recent: int = 0
    started_ever: int = 0
    started_made: int = 0
    started_decided: int = 0
    started_met: int = 0

    def count(self, section: Section) -> int:
        return {
            Section.WAITING: self.waiting,
            Section.STARTED: self.started,
            Section.ACCEPTED: self.accepted,
            Section.RECENT: self.recent,
        }[section]

    @property
    def is_empty(self) -> bool:
        return self.waiting + self.started + self.accepted + self.recent == 0


@dataclass(frozen=True)
class StartedIntro:
    """A pending intro the user started, and when they last pressed Remind on it."""

    intro: Intro
    reminded_at: datetime | None = None


@dataclass(frozen=True)
class Home:
    """One page of each section for one user: everything the Home tab shows."""

    user_id: str
    tally: Tally
    per_page: int
    pages: dict[Section, int] = field(default_factory=dict)
    waiting: list[Intro] = field(default_factory=list)
    started: list[StartedIntro] = field(default_factory=list)
    accepted: list[Intro] = field(default_factory=list)
    recent: list[Intro] = field(default_factory=list)

    def page(self, section: Section) -> int:
        return self.pages.get(section, 0)


class HomeQueries:
    """The Home tab's read queries within one workspace; the caller owns the transaction."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace

    def home(self, user_id: str, *, pages: Pages, per_page: int) -> Home:
        """The tally, then one page of each section that has anything: at most five queries."""
        tally = self.tally(user_id)
        kept = {
            section: _clamp(pages.get(section, 0), tally.count(section), per_page)
            for section in Section
        }

        def offset(section: Section) -> int:
            return kept[section] * per_page

        return Home(
            user_id=user_id,
            tally=tally,
            per_page=per_page,
            pages={section: page for section, page in kept.items() if page},
            waiting=self.waiting(user_id, per_page, offset(Section.WAITING))
            if tally.waiting
            else [],
            started=self.started(user_id, per_page, offset(Section.STARTED))
            if tally.started
            else [],
            accepted=self.accepted(user_id, per_page, offset(Section.ACCEPTED))
            if tally.accepted
            else [],
            recent=self.recent(user_id, per_page, offset(Section.RECENT)) if tally.recent else [],
        )

    def tally(self, user_id: str) -> Tally:
        """Every count in one aggregate query over the user's intros."""
        started = IntroRow.connector_id == user_id
        row = self.session.execute(
            select(
                _count(_waiting_for(user_id)),
                _count(and_(started, IntroRow.status == PENDING)),
                _count(_accepted_by(user_id)),
                _count(IntroRow.status != PENDING),
                _count(started),
                _count(and_(started, IntroRow.status == IntroStatus.MADE.value)),
                _count(and_(started, IntroRow.status.in_(DECIDED))),
                _count(and_(started, IntroRow.status == IntroStatus.MADE.value, _met())),
            ).where(self._mine(user_id))
        ).one()
        return Tally(*(int(value) for value in row))

    def waiting(self, user_id: str, limit: int, offset: int) -> list[Intro]:
        """Pending requests this user has yet to answer, newest first."""
        query = self._intros().where(_waiting_for(user_id))
        return self._page(query.order_by(*NEWEST_FIRST), limit, offset)

    def started(self, user_id: str, limit: int, offset: int) -> list[StartedIntro]:
        """Pending intros this user started, newest first, with their last manual reminder."""
        query = (
            select(IntroRow, ManualReminderRow.reminded_at)
            .outerjoin(
                ManualReminderRow,
                and_(
                    ManualReminderRow.intro_id == IntroRow.id,
                    ManualReminderRow.team_id == IntroRow.team_id,
                ),
            )
            .where(
                in_workspace(self.workspace),
                IntroRow.connector_id == user_id,
                IntroRow.status == PENDING,
            )
        )
        rows = self.session.execute(query.order_by(*NEWEST_FIRST).limit(limit).offset(offset))
        return [StartedIntro(to_intro(row), reminded_at) for row, reminded_at in rows]

    def accepted(self, user_id: str, limit: int, offset: int) -> list[Intro]:
        """Pending intros this user said yes to, still waiting on the other side."""
        query = self._intros().where(_accepted_by(user_id))
        return self._page(query.order_by(*NEWEST_FIRST), limit, offset)

    def recent(self, user_id: str, limit: int, offset: int) -> list[Intro]:
        """Closed intros this user is part of, most recently closed first."""
        query = (
            self._intros()
            .where(self._mine(user_id), IntroRow.status != PENDING)
            .order_by(IntroRow.closed_at.desc(), IntroRow.created_at.desc(), IntroRow.id)
        )
        return self._page(query, limit, offset)

    def claim_reminder(self, intro_id: str, *, now: datetime, every: timedelta) -> datetime | None:
        """Record a reminder at `now`; if one was sent less than `every` ago, return its time."""
        moved = self.session.execute(
            sql_update(ManualReminderRow)
            .where(
                ManualReminderRow.intro_id == intro_id,
                ManualReminderRow.team_id == self.workspace.team_id,
                ManualReminderRow.reminded_at <= now - every,
            )
            .values(reminded_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(moved, "rowcount", 0) == 1:
            return None
        earlier = self.session.scalar(
            select(ManualReminderRow.reminded_at).where(
                ManualReminderRow.intro_id == intro_id,
                ManualReminderRow.team_id == self.workspace.team_id,
            )
        )
        if earlier is not None:
            return earlier
        try:
            with self.session.begin_nested():
                self.session.add(
                    ManualReminderRow(
                        intro_id=intro_id, team_id=self.workspace.team_id, reminded_at=now
                    )
                )
        except IntegrityError:
            return now  # another click recorded one this very moment
        return None

    def _intros(self) -> Select[Any]:
        return select(IntroRow).where(in_workspace(self.workspace))

    def _mine(self, user_id: str) -> ColumnElement[bool]:
        return and_(
            in_workspace(self.workspace),
            or_(
                IntroRow.connector_id == user_id,
                IntroRow.party_a_id == user_id,
                IntroRow.party_b_id == user_id,
            ),
        )

    def _page(self, query: Select[Any], limit: int, offset: int) -> list[Intro]:
        return [to_intro(row) for row in self.session.scalars(query.limit(limit).offset(offset))]


def _waiting_for(user_id: str) -> ColumnElement[bool]:
    return _answered(user_id, Answer.WAITING)


def _accepted_by(user_id: str) -> ColumnElement[bool]:
    return _answered(user_id, Answer.ACCEPTED)


def _answered(user_id: str, answer: Answer) -> ColumnElement[bool]:
    """Pending, and this user is a party whose own answer is `answer`."""
    return and_(
        IntroRow.status == PENDING,
        or_(
            and_(IntroRow.party_a_id == user_id, IntroRow.answer_a == answer.value),
            and_(IntroRow.party_b_id == user_id, IntroRow.answer_b == answer.value),
        ),
    )


def _met() -> ColumnElement[bool]:
    met = Outcome.MET.value
    return or_(IntroRow.outcome_a == met, IntroRow.outcome_b == met)


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _clamp(page: int, count: int, per_page: int) -> int:
    """A page that exists: history may have shrunk since the button was drawn."""
    last = max(count - 1, 0) // per_page
    return min(max(page, 0), last)
