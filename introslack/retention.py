"""Keep people's words no longer than needed: the worker's retention sweep, in batches."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from introslack.service import Clock, delete_workspace_data, utc_now
from introslack.store.database import Database
from introslack.store.retention import DepartedWorkspaces, RetentionQueries

logger = logging.getLogger(__name__)

# Rows per transaction: short locks, and a stop request is honoured between batches.
SWEEP_BATCH = 500


@dataclass(frozen=True)
class Swept:
    intros: int = 0
    jobs: int = 0
    workspaces: int = 0


class Retention:
    """Erase the free text of intros closed longer than `keep` ago; sweep old jobs and sends;
    delete what a workspace left behind `grace` after it uninstalled the app."""

    def __init__(
        self,
        database: Database,
        *,
        keep: timedelta,
        grace: timedelta = timedelta(days=30),
        clock: Clock = utc_now,
        batch: int = SWEEP_BATCH,
    ) -> None:
        self.database = database
        self.keep = keep
        self.grace = grace
        self.clock = clock
        self.batch = batch

    def sweep(self, stop: threading.Event | None = None) -> Swept:
        """Work through everything past its time, a batch per transaction, until done or `stop`."""
        intros = jobs = 0
        while not (stop is not None and stop.is_set()):
            now = self.clock()
            cutoff = now - self.keep
            with self.database.transaction() as session:
                erased = RetentionQueries(session).erase_closed_before(
                    cutoff, now=now, limit=self.batch
                )
            with self.database.transaction() as session:
                deleted = RetentionQueries(session).delete_finished_jobs_before(
                    cutoff, limit=self.batch
                )
            intros, jobs = intros + erased, jobs + deleted
            if erased < self.batch and deleted < self.batch:
                break
        workspaces = self.delete_departed(stop)
        if intros or jobs:
            logger.info("retention sweep: %d intros erased, %d jobs deleted", intros, jobs)
        return Swept(intros, jobs, workspaces)

    def delete_departed(self, stop: threading.Event | None = None) -> int:
        """Delete, a batch per transaction, the data of workspaces whose grace period is over."""
        with self.database.reading() as session:
            due = DepartedWorkspaces(session).due(self.clock() - self.grace)
        deleted = 0
        for team_id in due:
            if delete_workspace_data(self.database, team_id, batch=self.batch, stop=stop):
                deleted += 1
                logger.info("a departed workspace's data is deleted", extra={"team_id": team_id})
        return deleted
