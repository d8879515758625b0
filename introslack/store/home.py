"""The Home tab's reads: a few queries per render, each as cheap for 10 intros as for 10,000."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, select, true, union_all
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from introslack.domain.intro import BEFORE_TARGET, Answer, Intro, IntroStatus, Workspace
from introslack.store.intros import in_workspace, to_intro
from introslack.store.models import IntroRow, ManualReminderRow
from introslack.store.tallies import Tallies

PENDING = IntroStatus.PENDING.value
NEWEST_FIRST = (IntroRow.created_at.desc(), IntroRow.id)
ROLES = (IntroRow.connector_id, IntroRow.party_a_id, IntroRow.party_b_id)
# Waiting for the person's answer: not answered yet, or "not now, ask me later".
OPEN_ANSWERS = tuple(answer for answer in Answer if answer.is_open)
# A request that ended before its target was asked is not the target's to see.
UNSEEN = sorted(status.value for status in BEFORE_TARGET)


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
    started_already_knew: int = 0
    thanks: int = 0

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
    # The intros this user asked a connector for, newest first: one page, no paging.
    requests: list[Intro] = field(default_factory=list)

    def page(self, section: Section) -> int:
        return self.pages.get(section, 0)


class HomeQueries:
    """The Home tab's read queries within one workspace; the caller owns the transaction."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace

    def home(self, user_id: str, *, pages: Pages, per_page: int) -> Home:
        """The person's counters, then one page of each section that has anything.

        At most six queries, each an index seek that stops at the page: the cost follows the
        page asked for, not the length of anyone's history.
        """
        counters = Tallies(self.session, self.workspace).of(user_id)
        tally = Tally(
            waiting=counters.waiting if counters else 0,
            started=counters.started_open if counters else 0,
            accepted=counters.accepted_open if counters else 0,
            recent=counters.closed if counters else 0,
            started_ever=counters.started if counters else 0,
            started_made=counters.made if counters else 0,
            started_decided=counters.decided if counters else 0,
            started_met=counters.met if counters else 0,
            started_already_knew=counters.already_knew if counters else 0,
            thanks=counters.thanks if counters else 0,
        )
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
            pages={section: number for section, number in kept.items() if number},
            waiting=self.answered(user_id, OPEN_ANSWERS, per_page, offset(Section.WAITING))
            if tally.waiting
            else [],
            started=self.started(user_id, per_page, offset(Section.STARTED))
            if tally.started
            else [],
            accepted=self.answered(user_id, (Answer.ACCEPTED,), per_page, offset(Section.ACCEPTED))
            if tally.accepted
            else [],
            recent=self.recent(user_id, per_page, offset(Section.RECENT)) if tally.recent else [],
            requests=self.requests(user_id, per_page),
        )

    def requests(self, user_id: str, limit: int) -> list[Intro]:
        """The latest intros this user asked for, open or closed, newest first."""
        query = (
            select(IntroRow)
            .where(
                in_workspace(self.workspace),
                IntroRow.party_a_id == user_id,
                IntroRow.requested == true(),  # as the partial index says it
            )
            .order_by(*NEWEST_FIRST)
            .limit(limit)
        )
        return [to_intro(row) for row in self.session.scalars(query)]

    def started(self, user_id: str, limit: int, offset: int) -> list[StartedIntro]:
        """Open intros this user started, newest first, each with its last manual reminder."""
        page = (
            select(IntroRow.id)
            .where(
                in_workspace(self.workspace),
                IntroRow.connector_id == user_id,
                IntroRow.status == PENDING,
            )
            .order_by(IntroRow.created_at.desc())  # the index's own order: no sort of them all
            .limit(limit)
            .offset(offset)
            .scalar_subquery()
        )
        query = (
            select(IntroRow, ManualReminderRow.reminded_at)
            .outerjoin(
                ManualReminderRow,
                and_(
                    ManualReminderRow.intro_id == IntroRow.id,
                    ManualReminderRow.team_id == IntroRow.team_id,
                ),
            )
            .where(IntroRow.id.in_(page))
            .order_by(*NEWEST_FIRST)
        )
        return [StartedIntro(to_intro(row), at) for row, at in self.session.execute(query)]

    def answered(
        self, user_id: str, answers: tuple[Answer, ...], limit: int, offset: int
    ) -> list[Intro]:
        """Open intros where this user, as either party, gave one of `answers`, newest first."""
        values = [answer.value for answer in answers]
        per_side = [
            and_(role == user_id, IntroRow.status == PENDING, own.in_(values))
            for role, own in (
                (IntroRow.party_a_id, IntroRow.answer_a),
                (IntroRow.party_b_id, IntroRow.answer_b),
            )
        ]
        return self._newest(per_side, IntroRow.created_at, limit, offset)

    def recent(self, user_id: str, limit: int, offset: int) -> list[Intro]:
        """Closed intros this user is part of, most recently closed first."""
        per_role = [and_(role == user_id, IntroRow.closed_at.is_not(None)) for role in ROLES[:2]]
        per_role.append(
            and_(
                IntroRow.party_b_id == user_id,
                IntroRow.closed_at.is_not(None),
                IntroRow.status.not_in(UNSEEN),
            )
        )
        return self._newest(per_role, IntroRow.closed_at, limit, offset)

    def _newest(
        self, per_role: list[ColumnElement[bool]], by: Any, limit: int, offset: int
    ) -> list[Intro]:
        """One index seek per role, newest first and stopping at the page, merged."""
        wanted = limit + offset
        seeks = [
            select(IntroRow.id, by.label("at"))
            .where(in_workspace(self.workspace), condition)
            .order_by(by.desc())
            .limit(wanted)
            .subquery()
            for condition in per_role
        ]
        merged = union_all(*(select(seek.c.id, seek.c.at) for seek in seeks)).subquery()
        ids = (
            select(merged.c.id)
            .order_by(merged.c.at.desc(), merged.c.id)
            .limit(limit)
            .offset(offset)
        )
        # By key alone: the seeks above are the tenant's, and a tenant filter here would let
        # SQLite scan the tenant's rows instead of looking up these few.
        query = select(IntroRow).where(IntroRow.id.in_(ids)).order_by(by.desc(), IntroRow.id)
        return [to_intro(row) for row in self.session.scalars(query)]

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


def _clamp(page: int, count: int, per_page: int) -> int:
    """A page that exists: history may have shrunk since the button was drawn."""
    last = max(count - 1, 0) // per_page
    return min(max(page, 0), last)
