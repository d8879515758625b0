"""Use cases: each opens one transaction, applies a domain move, and schedules what follows."""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from introslack.domain.effects import effects_of, obsolete_after, reminders_on_request
from introslack.domain.intro import (
    Accepted,
    Cancelled,
    Context,
    Declined,
    DeclineReason,
    Event,
    Expired,
    FollowedUp,
    Intro,
    IntroClosed,
    IntroError,
    Outcome,
    Person,
    Side,
    Workspace,
    apply,
)
from introslack.domain.timing import FollowThrough
from introslack.store.database import Database
from introslack.store.home import Home, HomeQueries, Pages
from introslack.store.intros import IntroRepository, PendingIntroExists
from introslack.store.jobs import JobQueue

Clock = Callable[[], datetime]
logger = logging.getLogger(__name__)

# Compare-and-set retries before giving up; each retry means another click won a race.
MAX_CAS_ATTEMPTS = 5


def utc_now() -> datetime:
    return datetime.now(UTC)


class IntroNotFound(IntroError):
    def __init__(self) -> None:
        super().__init__("I can't find that intro any more.")


class NotYourRequest(IntroError):
    def __init__(self) -> None:
        super().__init__("This request is addressed to someone else, so only they can answer it.")


class NotYourIntro(IntroError):
    def __init__(self) -> None:
        super().__init__("Only the person who started this intro can do that.")


class BusyIntro(IntroError):
    def __init__(self) -> None:
        super().__init__("That intro is changing right now; please try again in a moment.")


class AlreadyPending(IntroError):
    def __init__(self) -> None:
        super().__init__("There's already a pending intro between these two people.")


# A connector may press Remind once a day per intro: more often would feel like nagging.
REMIND_EVERY = timedelta(days=1)


class RemindedRecently(IntroError):
    def __init__(self, wait: timedelta) -> None:
        hours = max(1, math.ceil(wait / timedelta(hours=1)))
        super().__init__(
            "You already sent a reminder for this intro less than a day ago. To keep things "
            f"friendly I send at most one a day, so you can remind them again in about "
            f"{hours} hour{'s' if hours != 1 else ''}."
        )


@dataclass(frozen=True)
class Change:
    """The intro after a use case, and the jobs it made that are due right away."""

    intro: Intro
    due_job_ids: list[int]


class IntroService:
    """The intro use cases, shared by listeners and the worker."""

    def __init__(
        self,
        database: Database,
        *,
        timing: FollowThrough,
        clock: Clock = utc_now,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        self.database = database
        self.timing = timing
        self.clock = clock
        self.new_id = new_id

    def find(self, workspace: Workspace, intro_id: str) -> Intro:
        with self.database.transaction() as session:
            intro = IntroRepository(session, workspace).get(intro_id)
        if intro is None:
            raise IntroNotFound
        return intro

    def answerable(
        self, workspace: Workspace, intro_id: str, *, user_id: str
    ) -> tuple[Intro, Side]:
        """The intro and this user's side, if they may still answer; else the reason why not."""
        intro = self.find(workspace, intro_id)
        side = _party_side(intro, user_id)
        apply(intro, Declined(side), now=self.clock())  # a dry run of the domain's guards
        return intro, side

    def involving(self, workspace: Workspace, user_id: str, *, limit: int) -> list[Intro]:
        with self.database.transaction() as session:
            return IntroRepository(session, workspace).involving(user_id, limit=limit)

    def propose(
        self,
        workspace: Workspace,
        *,
        connector_id: str,
        party_a: Person,
        party_b: Person,
        context: Context,
    ) -> Change:
        """Record a new intro and schedule the private requests to both parties."""
        now = self.clock()
        intro = Intro(
            id=self.new_id(),
            workspace=workspace,
            connector_id=connector_id,
            party_a=party_a,
            party_b=party_b,
            context=context,
            created_at=now,
        )
        try:
            with self.database.transaction() as session:
                IntroRepository(session, workspace).add(intro, now=now)
                effects = effects_of(None, intro, now=now, timing=self.timing)
                due = JobQueue(session).schedule(workspace, intro.id, effects, now=now)
        except PendingIntroExists:
            raise AlreadyPending from None
        _log_move(None, intro)
        return Change(intro, due)

    def accept(self, workspace: Workspace, intro_id: str, *, user_id: str) -> Change:
        return self._move(workspace, intro_id, lambda intro: Accepted(_party_side(intro, user_id)))

    def decline(
        self,
        workspace: Workspace,
        intro_id: str,
        *,
        user_id: str,
        reason: DeclineReason | None,
        note: str,
    ) -> Change:
        return self._move(
            workspace,
            intro_id,
            lambda intro: Declined(_party_side(intro, user_id), reason=reason, note=note),
        )

    def follow_up(
        self, workspace: Workspace, intro_id: str, *, user_id: str, outcome: Outcome
    ) -> Change:
        return self._move(
            workspace, intro_id, lambda intro: FollowedUp(_party_side(intro, user_id), outcome)
        )

    def cancel(self, workspace: Workspace, intro_id: str, *, user_id: str) -> Change:
        return self._move(workspace, intro_id, lambda intro: _by_connector(intro, user_id))

    def expire(self, workspace: Workspace, intro_id: str) -> Change:
        return self._move(workspace, intro_id, lambda _intro: Expired())

    def _move(
        self, workspace: Workspace, intro_id: str, event_for: Callable[[Intro], Event]
    ) -> Change:
        """Apply one event with compare-and-set, re-reading if another process got there first."""
        for _attempt in range(MAX_CAS_ATTEMPTS):
            with self.database.transaction() as session:
                intros = IntroRepository(session, workspace)
                before = intros.get(intro_id)
                if before is None:
                    raise IntroNotFound
                now = self.clock()
                after = apply(before, event_for(before), now=now)
                if not intros.compare_and_set(before, after, now=now):
                    continue
                jobs = JobQueue(session)
                jobs.cancel(intro_id, obsolete_after(before, after), now=now)
                effects = effects_of(before, after, now=now, timing=self.timing)
                due = jobs.schedule(workspace, intro_id, effects, now=now)
            _log_move(before, after)
            return Change(after, due)
        raise BusyIntro

    def stop_workspace(self, workspace: Workspace) -> int:
        """The app left this workspace: drop all its due work, so nothing more is sent there."""
        with self.database.transaction() as session:
            cancelled = JobQueue(session).cancel_workspace(workspace, now=self.clock())
        logger.info(
            "the app left a workspace; %d pending jobs cancelled",
            cancelled,
            extra={"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id},
        )
        return cancelled

    def home(self, workspace: Workspace, user_id: str, *, pages: Pages, per_page: int) -> Home:
        """One page of each Home tab section, read with a fixed number of queries."""
        with self.database.transaction() as session:
            return HomeQueries(session, workspace).home(user_id, pages=pages, per_page=per_page)

    def remind(self, workspace: Workspace, intro_id: str, *, user_id: str) -> Change:
        """Remind, now, each party who has not answered: the connector's call, once a day."""
        with self.database.transaction() as session:
            intro = IntroRepository(session, workspace).get(intro_id)
            if intro is None:
                raise IntroNotFound
            if user_id != intro.connector_id:
                raise NotYourIntro
            if intro.status.is_closed:
                raise IntroClosed(intro.status)
            now = self.clock()
            home = HomeQueries(session, workspace)
            earlier = home.claim_reminder(intro_id, now=now, every=REMIND_EVERY)
            if earlier is not None:
                raise RemindedRecently(earlier + REMIND_EVERY - now)
            effects = reminders_on_request(intro, now=now)
            due = JobQueue(session).schedule(workspace, intro_id, effects, now=now)
        return Change(intro, due)


def _log_move(before: Intro | None, after: Intro) -> None:
    logger.info(
        "intro moved",
        extra={
            "intro_id": after.id,
            "team_id": after.workspace.team_id,
            "from_status": before.status.value if before else None,
            "status": after.status.value,
        },
    )


def _party_side(intro: Intro, user_id: str) -> Side:
    side = intro.side_of(user_id)
    if side is None:
        raise NotYourRequest
    return side


def _by_connector(intro: Intro, user_id: str) -> Cancelled:
    if user_id != intro.connector_id:
        raise NotYourIntro
    return Cancelled()
