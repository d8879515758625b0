"""The Home tab's reads: three queries per render, each as cheap for 10 intros as for 10,000."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, and_, or_, select, union_all
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from introslack.domain.intro import Answer, Intro, IntroStatus, Workspace
from introslack.store.intros import in_workspace, to_intro
from introslack.store.models import IntroRow, ManualReminderRow
from introslack.store.tallies import Tallies

PENDING = IntroStatus.PENDING.value
NEWEST_FIRST = (IntroRow.created_at.desc(), IntroRow.id)
ROLES = (IntroRow.connector_id, IntroRow.party_a_id, IntroRow.party_b_id)


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

    def page(self, section: Section) -> int:
        return self.pages.get(section, 0)


class HomeQueries:
    """The Home tab's read queries within one workspace; the caller owns the transaction."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace

    def home(self, user_id: str, *, pages: Pages, per_page: int) -> Home:
        """Three queries whatever the history: counters, open intros, one page of closed ones."""
        counters = Tallies(self.session, self.workspace).of(user_id)
        open_intros = self._open(user_id)
        waiting = [i for i in open_intros if _answer_of(i.intro, user_id) is Answer.WAITING]
        accepted = [i for i in open_intros if _answer_of(i.intro, user_id) is Answer.ACCEPTED]
        started = [i for i in open_intros if i.intro.connector_id == user_id]
        tally = Tally(
            waiting=len(waiting),
            started=len(started),
            accepted=len(accepted),
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

        def page(section: Section, items: list[StartedIntro]) -> list[StartedIntro]:
            first = kept[section] * per_page
            return items[first : first + per_page]

        recent_offset = kept[Section.RECENT] * per_page
        return Home(
            user_id=user_id,
            tally=tally,
            per_page=per_page,
            pages={section: number for section, number in kept.items() if number},
            waiting=[item.intro for item in page(Section.WAITING, waiting)],
            started=page(Section.STARTED, started),
            accepted=[item.intro for item in page(Section.ACCEPTED, accepted)],
            recent=self.recent(user_id, per_page, recent_offset) if tally.recent else [],
        )

    def _open(self, user_id: str) -> list[StartedIntro]:
        """Every pending intro this user is part of, newest first, with its last manual reminder.

        Pending intros expire within days, so this list is short however long the history is.
        """
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
                IntroRow.status == PENDING,
                or_(*(role == user_id for role in ROLES)),
            )
            .order_by(*NEWEST_FIRST)
        )
        return [StartedIntro(to_intro(row), at) for row, at in self.session.execute(query)]

    def recent(self, user_id: str, limit: int, offset: int) -> list[Intro]:
        """Closed intros this user is part of, most recently closed first.

        One index seek per role (newest first, stopping at the page), merged: the cost follows
        the page asked for, not the length of the history.
        """
        wanted = limit + offset
        per_role = [
            select(IntroRow.id, IntroRow.closed_at)
            .where(in_workspace(self.workspace), role == user_id, IntroRow.closed_at.is_not(None))
            .order_by(IntroRow.closed_at.desc())
            .limit(wanted)
            .subquery()
            for role in ROLES
        ]
        merged = union_all(*(select(sub.c.id, sub.c.closed_at) for sub in per_role)).subquery()
        ids = (
            select(merged.c.id)
            .order_by(merged.c.closed_at.desc(), merged.c.id)
            .limit(limit)
            .offset(offset)
        )
        query = (
            self._intros()
            .where(IntroRow.id.in_(ids))
            .order_by(IntroRow.closed_at.desc(), IntroRow.id)
        )
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

    def _intros(self) -> Select[Any]:
        return select(IntroRow).where(in_workspace(self.workspace))


def _answer_of(intro: Intro, user_id: str) -> Answer | None:
    side = intro.side_of(user_id)
    return None if side is None else intro.answer(side)


def _clamp(page: int, count: int, per_page: int) -> int:
    """A page that exists: history may have shrunk since the button was drawn."""
    last = max(count - 1, 0) // per_page
    return min(max(page, 0), last)
