"""Running counters and Home tab viewers: what keeps the Home tab cheap as history grows."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Row, Table, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from introslack.domain.intro import Workspace
from introslack.domain.tally import TallyChange
from introslack.store.models import HomeViewerRow, InsightCountRow, UserTallyRow

COUNTERS = tuple(f.name for f in fields(TallyChange))
TALLIES = cast(Table, UserTallyRow.__table__)
INSIGHTS = cast(Table, InsightCountRow.__table__)
VIEWERS = cast(Table, HomeViewerRow.__table__)
KEY = ["team_id", "enterprise_id", "user_id"]


class Tallies:
    """Adds each move's changes to the people's counters; the caller owns the transaction."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace
        self._key = _key(workspace)

    def add(self, changes: Mapping[str, TallyChange]) -> None:
        """Add to each person's counters, creating them at zero first: one upsert for all."""
        if not changes:
            return
        rows = [  # sorted: the same lock order in every transaction
            self._key | {"user_id": user_id} | {name: getattr(change, name) for name in COUNTERS}
            for user_id, change in sorted(changes.items())
        ]
        self.session.execute(_add_to_tallies(_dialect(self.session)), rows)

    def of(self, user_id: str) -> Row[Any] | None:
        return self.session.execute(
            select(TALLIES).where(
                TALLIES.c.team_id == self._key["team_id"],
                TALLIES.c.enterprise_id == self._key["enterprise_id"],
                TALLIES.c.user_id == user_id,
            )
        ).first()


class InsightCounts:
    """A workspace's monthly counters for admins' insights; the caller owns the transaction."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace

    def add(self, month: str, changes: Mapping[str, int]) -> None:
        """Add to the month's counters, creating them at zero first: one upsert for all."""
        if not changes:
            return
        key = _key(self.workspace) | {"month": month}
        rows = [key | {"metric": m, "count": n} for m, n in sorted(changes.items())]
        self.session.execute(_add_to_insights(_dialect(self.session)), rows)

    def months(self, months: Iterable[str]) -> dict[str, dict[str, int]]:
        """Each month's counters, by metric: one indexed read, a few rows a month."""
        wanted = list(months)
        key = _key(self.workspace)
        rows = self.session.execute(
            select(InsightCountRow.month, InsightCountRow.metric, InsightCountRow.count).where(
                InsightCountRow.team_id == key["team_id"],
                InsightCountRow.enterprise_id == key["enterprise_id"],
                InsightCountRow.month.in_(wanted),
            )
        )
        found: dict[str, dict[str, int]] = {month: {} for month in wanted}
        for month, metric, count in rows:
            found[month][metric] = count
        return found


class HomeViewers:
    """Who has opened the Home tab, and whose published tab is behind the latest change."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace
        self._key = _key(workspace)

    def opened(self, user_id: str, *, now: datetime) -> None:
        """Remember that this person looks at the Home tab (a new viewer's tab is not stale)."""
        statement = _insert(self.session)(HomeViewerRow).values(
            **self._key, user_id=user_id, opened_at=now, stale=False
        )
        self.session.execute(
            statement.on_conflict_do_update(index_elements=KEY, set_={"opened_at": now})
        )

    def mark_stale(self, user_ids: Iterable[str]) -> list[str]:
        """Viewers whose tab just fell behind: each needs one refresh; others have one coming."""
        wanted = sorted(set(user_ids))
        if not wanted:
            return []
        key = _key(self.workspace)
        wanted_here = {"b_team": key["team_id"], "b_enterprise": key["enterprise_id"]}
        result = self.session.execute(MARK_STALE, wanted_here | {"user_ids": wanted})
        return sorted(result.scalars())

    def refreshing(self, user_id: str) -> None:
        """The refresh reads the state from here on; a later change needs another one."""
        self.session.execute(
            update(HomeViewerRow)
            .where(
                *_in_workspace(self.workspace),
                HomeViewerRow.user_id == user_id,
            )
            .values(stale=False)
            .execution_options(synchronize_session=False)
        )


MARK_STALE = (
    update(VIEWERS)
    .where(
        VIEWERS.c.team_id == bindparam("b_team"),
        VIEWERS.c.enterprise_id == bindparam("b_enterprise"),
        VIEWERS.c.user_id.in_(bindparam("user_ids", expanding=True)),
        VIEWERS.c.stale.is_(False),
    )
    .values(stale=True)
    .returning(VIEWERS.c.user_id)
)


def _key(workspace: Workspace) -> dict[str, str]:
    return {"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id or ""}


def _in_workspace(workspace: Workspace) -> list[ColumnElement[bool]]:
    key = _key(workspace)
    return [
        HomeViewerRow.team_id == key["team_id"],
        HomeViewerRow.enterprise_id == key["enterprise_id"],
    ]


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _insert(session: Session) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (PostgreSQL and SQLite alike)."""
    return postgresql.insert if _dialect(session) == "postgresql" else sqlite.insert


@functools.cache
def _add_to_tallies(dialect: str) -> Any:
    """Built once per dialect: insert a person's counters, or add to the ones they have."""
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(TALLIES)
    return statement.on_conflict_do_update(
        index_elements=KEY,
        set_={name: TALLIES.c[name] + statement.excluded[name] for name in COUNTERS},
    )


@functools.cache
def _add_to_insights(dialect: str) -> Any:
    """Built once per dialect: insert a month's counter, or add to it."""
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(INSIGHTS)
    return statement.on_conflict_do_update(
        index_elements=["team_id", "enterprise_id", "month", "metric"],
        set_={"count": INSIGHTS.c.count + statement.excluded.count},
    )
