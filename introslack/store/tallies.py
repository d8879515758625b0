"""Running counters and Home tab viewers: what keeps the Home tab cheap as history grows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from introslack.domain.intro import Workspace
from introslack.domain.tally import TallyChange
from introslack.store.models import HomeViewerRow, InsightCountRow, UserTallyRow

COUNTERS = tuple(f.name for f in fields(TallyChange))
KEY = ["team_id", "enterprise_id", "user_id"]


class Tallies:
    """Adds each move's changes to the people's counters; the caller owns the transaction."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace
        self._key = _key(workspace)

    def add(self, changes: Mapping[str, TallyChange]) -> None:
        """Add to each person's counters, creating them at zero first: one upsert per person."""
        for user_id, change in sorted(changes.items()):  # sorted: the same lock order everywhere
            amounts = {name: getattr(change, name) for name in COUNTERS}
            statement = _insert(self.session)(UserTallyRow).values(
                **self._key, user_id=user_id, **amounts
            )
            self.session.execute(
                statement.on_conflict_do_update(
                    index_elements=KEY,
                    set_={
                        name: getattr(UserTallyRow, name) + amount
                        for name, amount in amounts.items()
                        if amount
                    },
                )
            )

    def of(self, user_id: str) -> UserTallyRow | None:
        return self.session.get(
            UserTallyRow, (self.workspace.team_id, self._key["enterprise_id"], user_id)
        )


class InsightCounts:
    """A workspace's monthly counters for admins' insights; the caller owns the transaction."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace

    def add(self, month: str, changes: Mapping[str, int]) -> None:
        key = _key(self.workspace)
        for metric, amount in sorted(changes.items()):
            statement = _insert(self.session)(InsightCountRow).values(
                **key, month=month, metric=metric, count=amount
            )
            self.session.execute(
                statement.on_conflict_do_update(
                    index_elements=["team_id", "enterprise_id", "month", "metric"],
                    set_={"count": InsightCountRow.count + amount},
                )
            )

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
        result = self.session.execute(
            update(HomeViewerRow)
            .where(
                *_in_workspace(self.workspace),
                HomeViewerRow.user_id.in_(wanted),
                HomeViewerRow.stale.is_(False),
            )
            .values(stale=True)
            .returning(HomeViewerRow.user_id)
            .execution_options(synchronize_session=False)
        )
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


def _key(workspace: Workspace) -> dict[str, str]:
    return {"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id or ""}


def _in_workspace(workspace: Workspace) -> list[ColumnElement[bool]]:
    key = _key(workspace)
    return [
        HomeViewerRow.team_id == key["team_id"],
        HomeViewerRow.enterprise_id == key["enterprise_id"],
    ]


def _insert(session: Session) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (PostgreSQL and SQLite alike)."""
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert
