"""What the rules for a new intro read: people's settings, a pair's last decline, recent counts.

Every query is keyed by workspace and served by an index range (see the intros indexes).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, func, select
from sqlalchemy.orm import Session

from introslack.domain.control import IntroSettings
from introslack.domain.intro import BEFORE_TARGET, IntroStatus, Workspace
from introslack.store.intros import INTROS, in_tenant, pair_key
from introslack.store.models import IntroSettingsRow


class SettingsRepository:
    """People's intro settings in one workspace; the caller owns the transaction."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace

    def get(self, user_id: str) -> IntroSettings:
        row = self.session.get(IntroSettingsRow, self._key(user_id))
        return IntroSettings() if row is None else _to_settings(row)

    def get_many(self, user_ids: list[str]) -> dict[str, IntroSettings]:
        wanted = {
            "team_id": self.workspace.team_id,
            "enterprise_id": self.workspace.enterprise_id or "",
            "user_ids": sorted(set(user_ids)),
        }
        found = {
            row.user_id: _to_settings(row) for row in self.session.execute(SETTINGS_OF, wanted)
        }
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


# Built once, with parameters: these run before the ack of every new intro.
SETTINGS = cast(Table, IntroSettingsRow.__table__)
SETTINGS_OF = select(SETTINGS).where(
    SETTINGS.c.team_id == bindparam("team_id"),
    SETTINGS.c.enterprise_id == bindparam("enterprise_id"),
    SETTINGS.c.user_id.in_(bindparam("user_ids", expanding=True)),
)
# Requests no target was asked about: they count for no one's limits.
UNSEEN = sorted(status.value for status in BEFORE_TARGET)
LAST_DECLINED = select(func.max(INTROS.c.closed_at)).where(
    in_tenant(),
    INTROS.c.pair_key == bindparam("pair_key"),
    INTROS.c.status == IntroStatus.DECLINED.value,
)
STARTED_SINCE = (
    select(INTROS.c.created_at)
    .where(
        in_tenant(),
        INTROS.c.connector_id == bindparam("connector_id"),
        INTROS.c.created_at > bindparam("since"),
        INTROS.c.status.not_in(UNSEEN),
    )
    .order_by(INTROS.c.created_at.desc())
    .limit(bindparam("limit"))
)
# An intro someone asked for themselves (always as party A) is no request to them.
_REQUESTS = [
    select(func.count())
    .select_from(INTROS)
    .where(
        in_tenant(),
        party == bindparam("user_id"),
        INTROS.c.created_at >= bindparam("since"),
        INTROS.c.status.not_in(UNSEEN),
        *extra,
    )
    .scalar_subquery()
    for party, extra in (
        (INTROS.c.party_a_id, (INTROS.c.requested.is_(False),)),
        (INTROS.c.party_b_id, ()),
    )
]
REQUESTS_SINCE = select(_REQUESTS[0] + _REQUESTS[1])


class ProposalQueries:
    """The history a new intro is checked against, read without locking anything."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        self.session = session
        self.workspace = workspace
        self._tenant = {"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id}

    def last_declined_at(self, user_a: str, user_b: str) -> datetime | None:
        """When an intro of this pair was last declined, by whichever side and connector."""
        wanted = self._tenant | {"pair_key": pair_key(user_a, user_b)}
        found: datetime | None = self.session.scalar(LAST_DECLINED, wanted)
        return found

    def started_since(self, connector_id: str, since: datetime, *, limit: int) -> list[datetime]:
        """When the connector started intros after `since`, newest first, at most `limit`."""
        wanted = self._tenant | {"connector_id": connector_id, "since": since, "limit": limit}
        return list(self.session.scalars(STARTED_SINCE, wanted))

    def requests_since(self, user_id: str, since: datetime) -> int:
        """How many intro requests reached this person since `since`, on either side."""
        wanted = self._tenant | {"user_id": user_id, "since": since}
        return int(self.session.scalar(REQUESTS_SINCE, wanted) or 0)


def _to_settings(row: IntroSettingsRow | Row[Any]) -> IntroSettings:
    return IntroSettings(
        paused_until=row.paused_until,
        monthly_limit=row.monthly_limit,
        topics=tuple(row.topics or ()),
        blocked=frozenset(row.blocked or ()),
    )
