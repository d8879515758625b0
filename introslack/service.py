"""Use cases: each opens one transaction, applies a domain move, and schedules what follows."""

from __future__ import annotations

import logging
import math
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from introslack.domain.effects import (
    Effect,
    EffectKind,
    effects_of,
    obsolete_after,
    reminders_on_request,
)
from introslack.domain.insights import (
    MonthInsights,
    insight_changes,
    month_insights,
    month_of,
    recent_months,
)
from introslack.domain.intro import (
    Accepted,
    AlreadyConnected,
    Answer,
    AskedLater,
    Cancelled,
    Context,
    Declined,
    DeclineReason,
    Event,
    Expired,
    FollowedUp,
    Intro,
    IntroClosed,
    Introduced,
    IntroError,
    IntroStatus,
    Outcome,
    Passed,
    Person,
    Preference,
    PreferenceGiven,
    Side,
    Thanked,
    Workspace,
    apply,
)
from introslack.domain.messages import N_
from introslack.domain.privacy import ConsentRecord, answers_given, forgotten, my_data, not_for
from introslack.domain.tally import tally_changes
from introslack.domain.timing import FollowThrough
from introslack.store.control import SettingsRepository
from introslack.store.database import Database, Transaction
from introslack.store.home import Home, HomeQueries, Pages
from introslack.store.intros import IntroRepository, PendingIntroExists
from introslack.store.jobs import Batch, JobQueue, Lease
from introslack.store.privacy import ConsentRecords, PersonalData
from introslack.store.retention import DepartedWorkspaces
from introslack.store.tallies import HomeViewers, InsightCounts, Tallies

Clock = Callable[[], datetime]
# Runs a batch of claimed jobs soon, after the transaction that claimed them has committed.
Dispatch = Callable[[Batch], None]
logger = logging.getLogger(__name__)

# How long a claim lasts unless renewed: a process that dies frees its work this soon.
LEASE = timedelta(seconds=15)

# Rows per transaction when a workspace's data is deleted: short locks for everyone else.
DELETE_BATCH = 500

# Compare-and-set retries before giving up; each retry means another click won a race.
MAX_CAS_ATTEMPTS = 5


def utc_now() -> datetime:
    return datetime.now(UTC)


def delete_workspace_data(
    database: Database, team_id: str, *, batch: int, stop: threading.Event | None = None
) -> bool:
    """Delete all a departed workspace left, a batch per transaction; False if `stop` came first."""
    while not (stop is not None and stop.is_set()):
        with database.transaction() as session:
            if not DepartedWorkspaces(session).delete_batch(team_id, limit=batch):
                return True
    return False


class IntroNotFound(IntroError):
    def __init__(self) -> None:
        super().__init__(N_("I can't find that intro any more."))


class NotYourRequest(IntroError):
    def __init__(self) -> None:
        super().__init__(
            N_("This request is addressed to someone else, so only they can answer it.")
        )


class NotYourIntro(IntroError):
    def __init__(self) -> None:
        super().__init__(N_("Only the person who started this intro can do that."))


class BusyIntro(IntroError):
    def __init__(self) -> None:
        super().__init__(N_("That intro is changing right now; please try again in a moment."))


class AlreadyPending(IntroError):
    def __init__(self) -> None:
        super().__init__(N_("There's already a pending intro between these two people."))


class AlreadyRequested(IntroError):
    def __init__(self) -> None:
        super().__init__(
            N_("You've already asked them for this intro; I'll let you know when they answer.")
        )


class NotYourRequestToAnswer(IntroError):
    def __init__(self) -> None:
        super().__init__(N_("Only the person who was asked for this intro can answer it."))


# A connector may press Remind once a day per intro: more often would feel like nagging.
REMIND_EVERY = timedelta(days=1)


class NobodyToRemind(IntroError):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "Everyone who hasn't answered asked me to ask them again later, and I will, "
                "so there's nobody to remind right now."
            )
        )


class RemindedRecently(IntroError):
    def __init__(self, wait: timedelta) -> None:
        hours = max(1, math.ceil(wait / timedelta(hours=1)))
        super().__init__(
            N_(
                "You already sent a reminder for this intro less than a day ago. To keep things "
                "friendly I send at most one a day, so you can remind them again in about "
                "{hours} hour.",
                hours=hours,
            )
            if hours == 1
            else N_(
                "You already sent a reminder for this intro less than a day ago. To keep things "
                "friendly I send at most one a day, so you can remind them again in about "
                "{hours} hours.",
                hours=hours,
            )
        )


@dataclass(frozen=True)
class Leases:
    """Claims on jobs last `length` of wall-clock time: process liveness, not the app's clock."""

    length: timedelta = LEASE
    wall: Clock = utc_now

    def new(self) -> Lease:
        return Lease.new(wall_now=self.wall(), length=self.length)


class IntroService:
    """The intro use cases: one transaction each, then the work they made due is handed on."""

    def __init__(
        self,
        database: Database,
        *,
        timing: FollowThrough,
        clock: Clock = utc_now,
        leases: Leases | None = None,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
        uninstall_grace: timedelta = timedelta(days=30),
    ) -> None:
        self.database = database
        self.timing = timing
        self.uninstall_grace = uninstall_grace
        self.clock = clock
        self.leases = leases or Leases()
        self.new_id = new_id
        self._dispatch: Dispatch | None = None

    def hand_due_work_to(self, dispatch: Dispatch) -> None:
        """Where the work each move makes due goes after commit (without one: the worker's poll)."""
        self._dispatch = dispatch

    def find(self, workspace: Workspace, intro_id: str) -> Intro:
        with self.database.reading() as session:
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

    def preferable(
        self, workspace: Workspace, intro_id: str, *, user_id: str, preference: Preference
    ) -> Intro:
        """The intro, if this party may still say how they'd like to connect; else why not."""
        intro = self.find(workspace, intro_id)
        apply(intro, PreferenceGiven(_party_side(intro, user_id), preference), now=self.clock())
        return intro

    def prefer(
        self, workspace: Workspace, intro_id: str, *, user_id: str, preference: Preference
    ) -> Intro:
        """Keep how this party would like to connect; the other side sees it in the intro."""
        return self._move(
            workspace,
            intro_id,
            lambda intro: PreferenceGiven(_party_side(intro, user_id), preference),
        )

    def check_pair(self, workspace: Workspace, user_a: str, user_b: str) -> None:
        """Refuse, before anything is written, a pair that already has an intro under way."""
        with self.database.reading() as session:
            if IntroRepository(session, workspace).pending_between(user_a, user_b) is not None:
                raise AlreadyPending

    def propose(
        self,
        workspace: Workspace,
        *,
        connector_id: str,
        connector_name: str = "",
        party_a: Person,
        party_b: Person,
        context: Context,
        workflow_step: str | None = None,
    ) -> Intro:
        """Record a new intro and send the private requests to both parties."""
        now = self.clock()
        intro = Intro(
            id=self.new_id(),
            workspace=workspace,
            connector_id=connector_id,
            connector_name=connector_name,
            party_a=party_a,
            party_b=party_b,
            context=context,
            created_at=now,
            workflow_step=workflow_step,
        )
        return self._start(intro, duplicate=AlreadyPending)

    def check_request(
        self, workspace: Workspace, *, requester_id: str, target_id: str, connector_id: str
    ) -> None:
        """Refuse, before anything is written, a request already made or an intro under way."""
        with self.database.reading() as session:
            intros = IntroRepository(session, workspace)
            if intros.pending_between(requester_id, target_id) is not None:
                raise AlreadyPending
            if intros.has_open_request(
                requester_id=requester_id, target_id=target_id, connector_id=connector_id
            ):
                raise AlreadyRequested

    def request(
        self,
        workspace: Workspace,
        *,
        requester: Person,
        target: Person,
        connector_id: str,
        connector_name: str = "",
        context: Context,
    ) -> Intro:
        """Record a request and ask only the connector; the target hears nothing yet."""
        now = self.clock()
        intro = Intro(
            id=self.new_id(),
            workspace=workspace,
            connector_id=connector_id,
            connector_name=connector_name,
            party_a=requester,
            party_b=target,
            context=context,
            created_at=now,
            status=IntroStatus.REQUESTED,
            answer_a=Answer.ACCEPTED,  # they asked for it
            requested=True,
        )
        return self._start(intro, duplicate=AlreadyRequested)

    def _start(self, intro: Intro, *, duplicate: type[IntroError]) -> Intro:
        """Record a new intro or request with its counters and first work, then hand it on."""
        now = intro.created_at
        try:
            with self.database.transaction() as session:
                IntroRepository(session, intro.workspace).add(intro, now=now)
                _count(session, None, intro)
                effects = effects_of(None, intro, now=now, timing=self.timing)
                batch = self._schedule(session, intro, effects, now=now)
        except PendingIntroExists:
            raise duplicate from None
        _log_move(None, intro)
        self._hand_on(batch)
        return intro

    def answerable_request(
        self, workspace: Workspace, intro_id: str, *, user_id: str, event: Introduced | Passed
    ) -> Intro:
        """The request, if this user is its connector and `event` is still possible; else why."""
        intro = self.find(workspace, intro_id)
        apply(intro, _by_asked_connector(intro, user_id, event), now=self.clock())
        return intro

    def introduce(
        self, workspace: Workspace, intro_id: str, *, user_id: str, context: Context
    ) -> Intro:
        """The connector agrees to a request: the target is asked, as in any intro."""
        event = Introduced(context)
        try:
            return self._move(
                workspace, intro_id, lambda intro: _by_asked_connector(intro, user_id, event)
            )
        except PendingIntroExists:
            raise AlreadyPending from None

    def pass_request(
        self, workspace: Workspace, intro_id: str, *, user_id: str, note: str
    ) -> Intro:
        """The connector says "Not this time"; only the requester hears, and kindly."""
        event = Passed(note)
        return self._move(
            workspace, intro_id, lambda intro: _by_asked_connector(intro, user_id, event)
        )

    def accept(self, workspace: Workspace, intro_id: str, *, user_id: str) -> Intro:
        return self._move(workspace, intro_id, lambda intro: Accepted(_party_side(intro, user_id)))

    def already_connected(self, workspace: Workspace, intro_id: str, *, user_id: str) -> Intro:
        """The party knows the other already: close happily, with no group DM."""
        return self._move(
            workspace, intro_id, lambda intro: AlreadyConnected(_party_side(intro, user_id))
        )

    def ask_later(self, workspace: Workspace, intro_id: str, *, user_id: str, weeks: int) -> Intro:
        """Not now: the party is asked again once, in `weeks` weeks, in their working hours."""
        return self._move(
            workspace, intro_id, lambda intro: AskedLater(_party_side(intro, user_id), weeks)
        )

    def decline(
        self,
        workspace: Workspace,
        intro_id: str,
        *,
        user_id: str,
        reason: DeclineReason | None,
        note: str,
    ) -> Intro:
        return self._move(
            workspace,
            intro_id,
            lambda intro: Declined(_party_side(intro, user_id), reason=reason, note=note),
        )

    def follow_up(
        self, workspace: Workspace, intro_id: str, *, user_id: str, outcome: Outcome
    ) -> Intro:
        return self._move(
            workspace, intro_id, lambda intro: FollowedUp(_party_side(intro, user_id), outcome)
        )

    def thank(self, workspace: Workspace, intro_id: str, *, user_id: str) -> Intro:
        """A party thanks the connector; a second thank-you from the same party changes nothing."""
        return self._move(workspace, intro_id, lambda intro: Thanked(_party_side(intro, user_id)))

    def cancel(self, workspace: Workspace, intro_id: str, *, user_id: str) -> Intro:
        return self._move(workspace, intro_id, lambda intro: _by_connector(intro, user_id))

    def expire(self, workspace: Workspace, intro_id: str, *, request: bool = False) -> Intro:
        """End the answer window; a request's expiry leaves an intro made of it alone."""
        return self._move(workspace, intro_id, lambda _intro: Expired(request=request))

    def _move(
        self, workspace: Workspace, intro_id: str, event_for: Callable[[Intro], Event]
    ) -> Intro:
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
                _count(session, before, after)
                answers = answers_given(before, after)
                if answers:
                    ConsentRecords(session, workspace).answered(intro_id, answers, at=now)
                JobQueue(session).cancel(intro_id, obsolete_after(before, after), now=now)
                effects = effects_of(before, after, now=now, timing=self.timing)
                batch = self._schedule(session, after, effects, now=now)
            _log_move(before, after)
            self._hand_on(batch)
            return after
        raise BusyIntro

    def consents(self, workspace: Workspace, user_id: str, *, limit: int) -> list[ConsentRecord]:
        """This person's own consent records, newest first: never anyone else's."""
        with self.database.reading() as session:
            return ConsentRecords(session, workspace).of(user_id, limit=limit)

    def send_my_data(self, workspace: Workspace, user_id: str) -> None:
        """Queue the person's export for their DM: a job, so a lost answer neither loses nor
        repeats it."""
        export = Effect(EffectKind.SEND_MY_DATA, self.clock(), user_id=user_id)
        with self.database.transaction() as session:
            batch = self._schedule_for_person(session, workspace, export)
        logger.info("personal data export asked for", extra=_person_fields(workspace, user_id))
        self._hand_on(batch)

    def my_data(self, workspace: Workspace, user_id: str) -> dict[str, object]:
        """Everything stored about this person, their own part of each intro only."""
        with self.database.reading() as session:
            return my_data(
                workspace,
                user_id,
                intros=PersonalData(session, workspace).intros_of(user_id),
                settings=SettingsRepository(session, workspace).get(user_id),
                consents=ConsentRecords(session, workspace).of(user_id),
                now=self.clock(),
            )

    def forget(self, workspace: Workspace, user_id: str) -> None:
        """Delete a person's data for good, in one transaction; doing it twice changes nothing.

        Their pending intros are cancelled (the others read the usual cancel), the work meant
        for them is dropped, what they wrote and their settings are erased, their consent
        records deleted (the others' records of the same intros lose the words that quoted
        them), and other people's intros name them "a former colleague".
        """
        for _attempt in range(MAX_CAS_ATTEMPTS):
            try:
                with self.database.transaction() as session:
                    batches = self._forget(session, workspace, user_id)
            except _Raced:
                continue
            logger.info("personal data deleted", extra=_person_fields(workspace, user_id))
            for batch in batches:
                self._hand_on(batch)
            return
        raise BusyIntro

    def _forget(self, session: Transaction, workspace: Workspace, user_id: str) -> list[Batch]:
        """One attempt at `forget`; raises _Raced when another move changed one of the intros."""
        now = self.clock()
        personal = PersonalData(session, workspace)
        intros = IntroRepository(session, workspace)
        moved: list[tuple[Intro, Intro]] = []
        theirs = personal.intros_of(user_id)
        for before in theirs:
            closed = apply(before, Cancelled(), now=now) if _ends_with(before, user_id) else before
            after = forgotten(closed, user_id)
            if after == before:
                continue
            if not intros.compare_and_set(before, after, now=now):
                raise _Raced
            _count(session, before, after)
            JobQueue(session).cancel(after.id, obsolete_after(before, after), now=now)
            moved.append((before, after))
        personal.cancel_jobs_for(user_id, [after for _before, after in moved], now=now)
        personal.delete_settings(user_id)
        consents = ConsentRecords(session, workspace)
        consents.delete_of(user_id)
        consents.erase_words([intro.id for intro in theirs])  # the requests quoted them
        return [
            self._schedule(
                session,
                after,
                not_for(user_id, after, effects_of(before, after, now=now, timing=self.timing)),
                now=now,
            )
            for before, after in moved
            if before.status is not after.status
        ]

    def _schedule(
        self, session: Transaction, intro: Intro, effects: list[Effect], *, now: datetime
    ) -> Batch:
        """Write the move's jobs, claiming those due now, with what they read: one batch.

        A Home tab refresh is kept only for people who look at their Home tab and have none
        coming already, so a burst of changes republishes each tab once.
        """
        homes = [e.user_id for e in effects if e.kind is EffectKind.REFRESH_HOME and e.user_id]
        behind = set(HomeViewers(session, intro.workspace).mark_stale(homes))
        kept = [e for e in effects if e.kind is not EffectKind.REFRESH_HOME or e.user_id in behind]
        lease, claiming = self._claim()
        queue = JobQueue(session)
        jobs = queue.schedule(intro.workspace, intro.id, kept, now=now, lease=claiming)
        edits = any(job.kind.reads_deliveries for job in jobs)
        return Batch(lease, jobs, {intro.id: intro}, queue.deliveries([intro.id]) if edits else {})

    def _schedule_for_person(
        self, session: Transaction, workspace: Workspace, effect: Effect
    ) -> Batch:
        """Write one job about a person rather than an intro (their Home tab, their data)."""
        lease, claiming = self._claim()
        queue = JobQueue(session)
        jobs = queue.schedule(workspace, None, [effect], now=effect.due_at, lease=claiming)
        return Batch(lease, jobs)

    def _claim(self) -> tuple[Lease, Lease | None]:
        """A lease for work due now, and the one to claim it with: none when nobody is there to
        hand it to, so the worker's poll finds it at once."""
        lease = self.leases.new()
        return lease, lease if self._dispatch is not None else None

    def _hand_on(self, batch: Batch) -> None:
        if batch.jobs and self._dispatch is not None:
            self._dispatch(batch)

    def stop_workspace(self, workspace: Workspace) -> int:
        """The app left this workspace: drop all its due work, so nothing more is sent there,
        and start the grace period after which its data is deleted (at once with no grace)."""
        now = self.clock()
        with self.database.transaction() as session:
            cancelled = JobQueue(session).cancel_workspace(workspace, now=now)
            DepartedWorkspaces(session).left(workspace, now=now)
        ids = {"team_id": workspace.team_id, "enterprise_id": workspace.enterprise_id}
        logger.info("the app left a workspace; %d pending jobs cancelled", cancelled, extra=ids)
        if not self.uninstall_grace:
            delete_workspace_data(self.database, workspace.team_id, batch=DELETE_BATCH)
            logger.info("a departed workspace's data is deleted", extra=ids)
        return cancelled

    def installed_again(self, workspace: Workspace) -> None:
        """Back before its grace period ended: the workspace keeps its data."""
        with self.database.transaction() as session:
            DepartedWorkspaces(session).returned(workspace.team_id, now=self.clock())

    def home(self, workspace: Workspace, user_id: str, *, pages: Pages, per_page: int) -> Home:
        """One page of each Home tab section, read with a fixed number of queries."""
        with self.database.reading() as session:
            return HomeQueries(session, workspace).home(user_id, pages=pages, per_page=per_page)

    def opened_home(self, workspace: Workspace, user_id: str) -> None:
        """The person looks at their Home tab: publish it now, and keep it current from now on."""
        now = self.clock()
        with self.database.transaction() as session:
            viewers = HomeViewers(session, workspace)
            viewers.opened(user_id, now=now)
            if not viewers.mark_stale([user_id]):
                return  # a refresh is on its way already
            refresh = Effect(EffectKind.REFRESH_HOME, now, user_id=user_id)
            batch = self._schedule_for_person(session, workspace, refresh)
        self._hand_on(batch)

    def refreshed_home(self, workspace: Workspace, user_id: str, *, per_page: int) -> Home:
        """Read the Home tab for a refresh; any change from here on schedules the next one."""
        with self.database.transaction() as session:
            HomeViewers(session, workspace).refreshing(user_id)
            return HomeQueries(session, workspace).home(user_id, pages={}, per_page=per_page)

    def insights(self, workspace: Workspace) -> list[MonthInsights]:
        """The workspace's figures for this month and the five before, newest first."""
        months = recent_months(self.clock())
        with self.database.reading() as session:
            counts = InsightCounts(session, workspace).months(months)
        return [month_insights(month, counts[month]) for month in months]

    def remind(self, workspace: Workspace, intro_id: str, *, user_id: str) -> Intro:
        """Remind, now, each party who has not answered: the connector's call, once a day."""
        with self.database.transaction() as session:
            intro = IntroRepository(session, workspace).get(intro_id)
            if intro is None:
                raise IntroNotFound
            if user_id != intro.connector_id:
                raise NotYourIntro
            if intro.status.is_closed:
                raise IntroClosed(intro.status)
            if intro.status is not IntroStatus.PENDING:
                raise IntroNotFound  # a request: nobody has been asked yet to remind
            now = self.clock()
            effects = reminders_on_request(intro, now=now)
            if not any(effect.kind is EffectKind.REMIND_PARTY for effect in effects):
                raise NobodyToRemind
            home = HomeQueries(session, workspace)
            earlier = home.claim_reminder(intro_id, now=now, every=REMIND_EVERY)
            if earlier is not None:
                raise RemindedRecently(earlier + REMIND_EVERY - now)
            batch = self._schedule(session, intro, effects, now=now)
        self._hand_on(batch)
        return intro


def _ends_with(intro: Intro, user_id: str) -> bool:
    """Whether a person's deletion ends this intro: any open one of theirs, except a request
    about them that they were never asked about (it is not theirs to end, nor to know of)."""
    if intro.status is IntroStatus.REQUESTED:
        return intro.party_b.user_id != user_id
    return not intro.status.is_closed


def _count(session: Transaction, before: Intro | None, after: Intro) -> None:
    """Move the people's counters and the workspace's monthly ones with the intro."""
    Tallies(session, after.workspace).add(tally_changes(before, after))
    changes = insight_changes(before, after)
    if changes:
        InsightCounts(session, after.workspace).add(month_of(after.created_at), changes)


class _Raced(Exception):
    """Another move changed an intro while a person's data was being deleted: try again."""


def _person_fields(workspace: Workspace, user_id: str) -> dict[str, object]:
    """The ids a log line about a person carries: never a name or anything they wrote."""
    return {"team_id": workspace.team_id, "user_id": user_id}


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


def _by_asked_connector(intro: Intro, user_id: str, event: Introduced | Passed) -> Event:
    if user_id != intro.connector_id or not intro.requested:
        raise NotYourRequestToAnswer
    return event


def _by_connector(intro: Intro, user_id: str) -> Cancelled:
    if user_id != intro.connector_id:
        raise NotYourIntro
    return Cancelled()
