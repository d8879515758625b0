"""What a move costs: one transaction that claims its work, Home refreshes only where they show."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

from introslack.domain.effects import EffectKind
from introslack.domain.intro import Intro
from introslack.domain.timing import FollowThrough
from introslack.service import IntroService
from introslack.store.database import Database
from introslack.store.jobs import Batch
from tests.conftest import FakeClock
from tests.factories import WORKSPACE, make_intro

DEADLINE = 10.0


class Collected:
    """Stands in for the worker: keeps each batch a move hands over, and runs nothing."""

    def __init__(self) -> None:
        self.batches: list[Batch] = []

    def __call__(self, batch: Batch) -> None:
        self.batches.append(batch)

    def kinds(self) -> list[tuple[EffectKind, str | None]]:
        return [(job.kind, job.user_id) for batch in self.batches for job in batch.jobs]


def service(database: Database) -> tuple[IntroService, Collected]:
    intros = IntroService(database, timing=FollowThrough(), clock=FakeClock())
    collected = Collected()
    intros.hand_due_work_to(collected)
    return intros, collected


def propose(intros: IntroService) -> Intro:
    intro = make_intro()
    return intros.propose(
        WORKSPACE,
        connector_id=intro.connector_id,
        party_a=intro.party_a,
        party_b=intro.party_b,
        context=intro.context,
    )


@contextmanager
def transactions(database: Database) -> Iterator[list[str]]:
    """The BEGINs issued meanwhile (PostgreSQL's are implicit: its statements are counted)."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]).split()[0])

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", record)


def test_an_accept_is_one_transaction_that_hands_over_its_jobs_with_the_intro_in_memory(
    database: Database,
) -> None:
    intros, collected = service(database)
    intro = propose(intros)
    collected.batches.clear()

    with transactions(database) as statements:
        intros.accept(WORKSPACE, intro.id, user_id=intro.party_a.user_id)

    if database.is_sqlite:
        assert statements.count("BEGIN") == 1
    (batch,) = collected.batches
    assert [job.kind for job in batch.jobs] == [EffectKind.REFRESH_REQUESTS]
    assert batch.intros[intro.id].answer_a.value == "accepted"
    assert batch.lease.claim and all(job.attempts == 1 for job in batch.jobs)


def test_only_people_who_opened_their_home_tab_get_it_republished_once_per_burst(
    database: Database,
) -> None:
    intros, collected = service(database)
    intro = propose(intros)
    intros.opened_home(WORKSPACE, intro.connector_id)
    assert collected.kinds()[-1] == (EffectKind.REFRESH_HOME, intro.connector_id)
    intros.refreshed_home(WORKSPACE, intro.connector_id, per_page=5)  # that refresh ran
    collected.batches.clear()

    intros.accept(WORKSPACE, intro.id, user_id=intro.party_a.user_id)
    intros.remind(WORKSPACE, intro.id, user_id=intro.connector_id)
    homes = [user for kind, user in collected.kinds() if kind is EffectKind.REFRESH_HOME]
    assert homes == [intro.connector_id], "one refresh for the burst, none for the parties"

    intros.refreshed_home(WORKSPACE, intro.connector_id, per_page=5)  # the refresh ran
    collected.batches.clear()
    intros.accept(WORKSPACE, intro.id, user_id=intro.party_b.user_id)
    homes = [user for kind, user in collected.kinds() if kind is EffectKind.REFRESH_HOME]
    assert homes == [intro.connector_id]


def test_a_read_never_waits_for_a_writer_on_sqlite(tmp_path: Path) -> None:
    sqlite_database = Database(f"sqlite:///{tmp_path / 'reads.sqlite3'}")
    sqlite_database.migrate()
    writing, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        with sqlite_database.transaction():
            writing.set()
            release.wait(DEADLINE)

    writer = threading.Thread(target=hold_the_write_lock)
    writer.start()
    try:
        assert writing.wait(DEADLINE)
        done = threading.Event()

        def read() -> None:
            with sqlite_database.reading() as session:
                session.connection()
            done.set()

        reader = threading.Thread(target=read)
        reader.start()
        assert done.wait(2.0), "the read waited for the writer"
        reader.join(DEADLINE)
    finally:
        release.set()
        writer.join(DEADLINE)
        sqlite_database.dispose()
