"""What the rules for a new intro read: people's settings, a pair's last decline, recent counts.

Every query is keyed by workspace and served by an index range (see the intros indexes).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from introslack.domain.control import IntroSettings
from introslack.domain.intro import IntroStatus, Workspace
from introslack.store.intros import in_workspace, pair_key
from introslack.store.models import IntroRow, IntroSettingsRow


class SettingsRepository:
    """People's intro settings in one workspace; the caller owns the transaction."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace

    def get(self, user_id: str) -> IntroSettings:
        row = self.session.get(IntroSettingsRow, self._key(user_id))
        return IntroSettings() if row is None else _to_settings(row)

    def get_many(self, user_ids: list[str]) -> dict[str, IntroSettings]:
        rows = self.session.scalars(
            select(IntroSettingsRow).where(
                IntroSettingsRow.team_id == self.workspace.team_id,
                IntroSettingsRow.enterprise_id == (self.workspace.enterprise_id or ""),
                IntroSettingsRow.user_id.in_(sorted(set(user_ids))),
            )
        )
        found = {row.user_id: _to_settings(row) for row in rows}
        return {user_id: found.get(user_id, IntroSettings()) for user_id in user_ids}

    def save(self, user_id: str, settings: IntroSettings, *, now: datetime) -> None:
        row = self.session.get(IntroSettingsRow, self._key(user_id))
        if row is None:
            row = IntroSettingsRow(
                team_id=self.workspace.team_id,
                enterprise_id=self.workspace.enterprise_id or "",
                user_id=user_id,
            )
            self.session.add(row)
        row.paused_until = settings.paused_until
        row.monthly_limit = settings.monthly_limit
        row.topics = list(settings.topics)
        row.blocked = sorted(settings.blocked)
        row.updated_at = now

    def _key(self, user_id: str) -> tuple[str, str, str]:
        return (self.workspace.team_id, self.workspace.enterprise_id or "", user_id)


class ProposalQueries:
    """The history a new intro is checked against, read without locking anything."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace

    def last_declined_at(self, user_a: str, user_b: str) -> datetime | None:
        """When an intro of this pair was last declined, by whichever side and connector."""
        return self.session.scalar(
            select(func.max(IntroRow.closed_at)).where(
                in_workspace(self.workspace),
                IntroRow.pair_key == pair_key(user_a, user_b),
                IntroRow.status == IntroStatus.DECLINED.value,
            )
        )

    def started_since(self, connector_id: str, since: datetime, *, limit: int) -> list[datetime]:
        """When the connector started intros after `since`, newest first, at most `limit`."""
        return list(
            self.session.scalars(
                select(IntroRow.created_at)
                .where(
                    in_workspace(self.workspace),
                    IntroRow.connector_id == connector_id,
                    IntroRow.created_at > since,
                )
                .order_by(IntroRow.created_at.desc())
                .limit(limit)
            )
        )

    def requests_since(self, user_id: str, since: datetime) -> int:
        """How many intro requests reached this person since `since`, on either side."""
        counts = [
            select(func.count())
            .select_from(IntroRow)
            .where(in_workspace(self.workspace), party == user_id, IntroRow.created_at >= since)
            .scalar_subquery()
            for party in (IntroRow.party_a_id, IntroRow.party_b_id)
        ]
        return int(self.session.scalar(select(counts[0] + counts[1])) or 0)


def _to_settings(row: IntroSettingsRow) -> IntroSettings:
    return IntroSettings(
        paused_until=row.paused_until,
        monthly_limit=row.monthly_limit,
        topics=tuple(row.topics or ()),
        blocked=frozenset(row.blocked or ()),
    )
