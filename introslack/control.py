"""People in control: the read-only checks a new intro passes before the ack, and settings."""

from __future__ import annotations

from introslack.domain.control import (
    CONNECTOR_WINDOW,
    IntroSettings,
    Limits,
    availability_problem,
    connector_problem,
    month_start,
    pair_problem,
)
from introslack.domain.intro import Person, Side, Workspace
from introslack.service import Clock, utc_now
from introslack.store.control import ProposalQueries, SettingsRepository
from introslack.store.database import Database


class ControlService:
    """What people and the workspace allow: checked before a request is sent, never after."""

    def __init__(self, database: Database, *, limits: Limits, clock: Clock = utc_now) -> None:
        self.database = database
        self.limits = limits
        self.clock = clock

    def check_proposal(
        self,
        workspace: Workspace,
        *,
        connector_id: str,
        party_a: Person,
        party_b: Person,
        asked_by_a: bool = False,
    ) -> dict[Side, str]:
        """Explain, per side, why this request may not be sent now; empty when it may.

        The connector's weekly limit shows on the first person, anything about the pair or
        the second person on the second. When the first person asked for the intro
        (`asked_by_a`), only the second is being asked, so only their own rules apply.
        """
        now = self.clock()
        limit = self.limits.connector_weekly_limit
        with self.database.reading() as session:
            history = ProposalQueries(session, workspace)
            starts = history.started_since(connector_id, now - CONNECTOR_WINDOW, limit=limit)
            problem = connector_problem(starts, limits=self.limits, now=now)
            if problem:
                return {Side.A: problem}
            declined = history.last_declined_at(party_a.user_id, party_b.user_id)
            problem = pair_problem(declined, limits=self.limits, now=now)
            if problem:
                return {Side.B: problem}
            settings = SettingsRepository(session, workspace).get_many(
                [party_a.user_id, party_b.user_id]
            )
            problems: dict[Side, str] = {}
            asked = [(Side.B, party_b, party_a)]
            if not asked_by_a:
                asked.insert(0, (Side.A, party_a, party_b))
            for side, person, other in asked:
                own = settings[person.user_id]
                counted = own.monthly_limit is not None  # a count only someone with a limit needs
                problem = availability_problem(
                    person.name,
                    own,
                    other_id=other.user_id,
                    requests_this_month=(
                        history.requests_since(person.user_id, month_start(now)) if counted else 0
                    ),
                    now=now,
                )
                if problem:
                    problems[side] = problem
            return problems

    def settings(self, workspace: Workspace, user_id: str) -> IntroSettings:
        with self.database.reading() as session:
            return SettingsRepository(session, workspace).get(user_id)

    def topics(self, workspace: Workspace, user_ids: list[str]) -> dict[str, tuple[str, ...]]:
        """The topics each person is open to: a hint for connectors, nothing private."""
        with self.database.reading() as session:
            found = SettingsRepository(session, workspace).get_many(user_ids)
        return {user_id: settings.topics for user_id, settings in found.items()}

    def save_settings(self, workspace: Workspace, user_id: str, settings: IntroSettings) -> None:
        with self.database.transaction() as session:
            SettingsRepository(session, workspace).save(user_id, settings, now=self.clock())
