"""Scale benches: what grows with stored history, and what must not.

Run: .venv/bin/python bench/scale.py [home|claim|rss|all] [--backend sqlite|postgres|both]
- home:  the Home tab (its queries plus the Block Kit view) for a connector with 10 intros and
         for one with 10,000: median render time and SQL statements per render.
- claim: the scheduler claiming 1,000 due jobs with 10,000 and then 1,000,000 intros stored
         (each with its finished jobs, a third with a pending reminder): median time and
         statements of one claim, rolled back so every repetition claims the same jobs.
- rss:   `python app.py` on SQLite with 100,000 intros stored (and, for reference, none):
         peak RSS (VmHWM) after a few intros and a Home tab with 10,000 of them.
PostgreSQL uses a scratch database, introslack_bench_scale, dropped at the end.
Populating a million intros takes a minute or two; everything else is quick.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from benchkit import drop_postgres_database, fresh_postgres_database
from crowd import (
    WAIT_TIMEOUT,
    BenchSlack,
    driver_for,
    introslack_shape,
    run_intro,
    seed_trios,
    start_introslack,
)
from sqlalchemy import Engine, event, inspect, text
from sqlalchemy.orm import Session

from introslack.domain.effects import Effect, EffectKind
from introslack.domain.insights import Metric, recent_months
from introslack.domain.intro import (
    Accepted,
    Context,
    Declined,
    Intro,
    Person,
    Side,
    Workspace,
    apply,
)
from introslack.domain.timing import FollowThrough
from introslack.service import IntroService
from introslack.slack.views.home import home_view
from introslack.store.database import Database
from introslack.store.home import HomeQueries
from introslack.store.intros import IntroRepository
from introslack.store.jobs import CANCELLED, DONE, JobQueue, Lease
from introslack.store.tallies import InsightCounts

T0 = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
TEAM = "T0TEAM001"  # FakeSlack's default team, so the app sees these intros as its own
CONNECTOR = "U0CONNECT"
HOME_RENDERS = 30
CLAIMS = 7
DUE_JOBS = 1_000
CLAIM_SIZES = (10_000, 1_000_000)
RSS_INTROS = 100_000
RSS_HEAVY_CONNECTORS = 10  # each is the connector of a tenth of the stored intros
RSS_FLOWS = 5
SCALE_DATABASE = "introslack_bench_scale"
BATCH = 100_000


# -- the engine's API, kept in one place so an engine rewrite is easy to follow ----------


def render_home(database: Database, workspace: Workspace, user_id: str) -> None:
    with database.reading() as session:
        home = HomeQueries(session, workspace).home(user_id, pages={}, per_page=5)
    home_view(home, now=T0)


def claim_due(engine: Engine, *, now: datetime, limit: int) -> int:
    """One claim of up to ``limit`` due jobs (with the intros they read), rolled back."""
    with Session(engine) as session:
        lease = Lease.new(wall_now=now, length=timedelta(seconds=15))
        batch = JobQueue(session).claim(now=now, wall_now=now, lease=lease, limit=limit)
        session.rollback()
    return len(batch.jobs)


def count_months(database: Database, workspace: Workspace, intros_per_month: int) -> None:
    """Monthly counters as a million intros would leave them (bulk loading skips them)."""
    with database.transaction() as session:
        for month in recent_months(T0):
            InsightCounts(session, workspace).add(
                month,
                {
                    Metric.STARTED: intros_per_month,
                    Metric.MADE: intros_per_month // 3,
                    Metric.DECLINED: intros_per_month // 3,
                    Metric.MET: intros_per_month // 5,
                },
            )


def read_insights(database: Database, workspace: Workspace) -> None:
    IntroService(database, timing=FollowThrough(), clock=lambda: T0).insights(workspace)


def add_intros(database: Database, intros: list[Intro]) -> None:
    with database.transaction() as session:
        IntroRepository(session, intros[0].workspace).add_many(intros, now=T0)


def add_job_templates(database: Database, workspace: Workspace, intro_id: str) -> list[int]:
    """A finished job, a reminder due in three days and a job due now, for one intro."""
    effects = [
        Effect(EffectKind.ASK_PARTY, T0 - timedelta(days=1), side=Side.A, user_id="U0ALICE01"),
        Effect(EffectKind.REMIND_PARTY, T0 + timedelta(days=3), side=Side.A),
        Effect(EffectKind.ASK_PARTY, T0 - timedelta(minutes=1), side=Side.B, user_id="U0BOB0001"),
    ]
    with database.transaction() as session:
        JobQueue(session).schedule(workspace, intro_id, effects, now=T0)
        ids = session.scalars(
            text("SELECT id FROM jobs WHERE intro_id = :intro ORDER BY id"), {"intro": intro_id}
        ).all()
        session.execute(
            text("UPDATE jobs SET state = :done WHERE id = :id"), {"done": DONE, "id": ids[0]}
        )
    return [int(i) for i in ids]


# -- data ---------------------------------------------------------------------------------


def intro_number(n: int, workspace: Workspace, connector: str = CONNECTOR) -> Intro:
    """The n-th intro of a connector: a third accepted by one side, a third declined."""
    intro = Intro(
        id=f"{workspace.team_id}-{n:06d}",
        workspace=workspace,
        connector_id=connector,
        party_a=Person("U0ALICE01", "Alice Adams", "Engineer"),
        party_b=Person(f"U{n:08d}", f"Person {n}", "Designer"),
        context=Context(why="They should meet."),
        created_at=T0 - timedelta(minutes=n),
    )
    if n % 3 == 1:
        return apply(intro, Accepted(Side.A), now=intro.created_at)
    if n % 3 == 2:
        return apply(intro, Declined(Side.B), now=intro.created_at)
    return replace(intro, party_a=Person(f"U{n:08d}A", "Someone", "Lead"))


def series(dialect: str) -> tuple[str, str]:
    """(WITH clause, FROM item) for the integers :first..:last, as column ``series.n``."""
    if dialect == "postgresql":
        return "", "generate_series(CAST(:first AS INTEGER), CAST(:last AS INTEGER)) AS series(n)"
    cte = "WITH RECURSIVE series(n) AS (SELECT :first UNION ALL SELECT n + 1 FROM series "
    return cte + "WHERE n < :last) ", "series"


def replicate(
    engine: Engine,
    table: str,
    *,
    template: str,
    first: int,
    last: int,
    overrides: dict[str, str],
    skip: frozenset[str] = frozenset(),
) -> None:
    """Copy template rows once per n in first..last with INSERT … SELECT, in batches.

    ``template`` is a SQL condition on the template row ``t`` (it may use ``series.n``);
    ``overrides`` give SQL over ``series.n`` for the columns that must differ; every other
    column (except ``skip``) is copied, so the bench follows the schema the migrations made.
    """
    columns = [c["name"] for c in inspect(engine).get_columns(table) if c["name"] not in skip]
    values = [overrides.get(name, f"t.{name}") for name in columns]
    with_clause, numbers = series(engine.dialect.name)
    statement = text(
        f"{with_clause}INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {numbers} CROSS JOIN {table} AS t WHERE {template}"
    )
    for start in range(first, last + 1, BATCH):
        with engine.begin() as connection:
            connection.execute(statement, {"first": start, "last": min(last, start + BATCH - 1)})


def number(prefix: str) -> str:
    return f"'{prefix}' || CAST(series.n AS TEXT)"


def store_many_intros(
    database: Database, workspace: Workspace, *, first: int, last: int, connectors: int
) -> None:
    """Intros first..last, copied from three templates (accepted by one side, declined, made)."""
    if first == 1:
        templates = [intro_number(n, workspace) for n in range(3)]
        templates = [replace(t, id=f"template-{i}") for i, t in enumerate(templates)]
        templates[0] = apply(templates[0], Accepted(Side.A), now=T0)
        templates[0] = apply(templates[0], Accepted(Side.B), now=T0)
        add_intros(database, templates)
    replicate(
        database.engine,
        "intros",
        template="t.id = 'template-' || CAST(series.n % 3 AS TEXT)",
        first=first,
        last=last,
        overrides={
            "id": number("intro-"),
            "connector_id": f"'UC' || CAST(series.n % {connectors} AS TEXT)",
            "party_a_id": number("UA"),
            "party_b_id": number("UB"),
            "pair_key": f"{number('UA')} || ':' || {number('UB')}",
        },
    )


def store_jobs(database: Database, templates: list[int], *, first: int, last: int) -> None:
    """A finished job per intro, a pending reminder for every third; due jobs stay as they are."""
    done, later, _due = templates
    for template, step in ((done, 1), (later, 3)):
        replicate(
            database.engine,
            "jobs",
            template=f"t.id = {template} AND series.n % {step} = 0",
            first=first,
            last=last,
            overrides={"intro_id": number("intro-")},
            skip=frozenset({"id"}),
        )


# -- measuring ----------------------------------------------------------------------------


@contextmanager
def counting_statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def median_seconds(runs: int, action: Any) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


@contextmanager
def scratch_database(backend: str) -> Iterator[Database]:
    with tempfile.TemporaryDirectory(prefix="introslack-scale-") as folder:
        if backend == "postgres":
            url = fresh_postgres_database(SCALE_DATABASE)
        else:
            url = f"sqlite:///{Path(folder) / 'scale.sqlite3'}"
        database = Database(url)
        try:
            database.migrate()
            yield database
        finally:
            database.dispose()
            if backend == "postgres":
                drop_postgres_database(SCALE_DATABASE)


def home_bench(backend: str) -> list[str]:
    with scratch_database(backend) as database:
        small, large = Workspace("TBENCHSMALL"), Workspace("TBENCHLARGE")
        for workspace, count in ((small, 10), (large, 10_000)):
            add_intros(database, [intro_number(n, workspace) for n in range(count)])
        settle(database.engine)  # fresh planner statistics, as autovacuum keeps them
        figures = []
        for workspace in (small, large):
            render_home(database, workspace, CONNECTOR)  # warm the statement cache
            with counting_statements(database.engine) as statements:
                render_home(database, workspace, CONNECTOR)
            seconds = median_seconds(
                HOME_RENDERS, partial(render_home, database, workspace, CONNECTOR)
            )
            figures.append((seconds, len(statements)))
    (small_s, small_n), (large_s, large_n) = figures
    growth = large_s / small_s
    return [
        f"home [{backend}]: 10 intros {small_s * 1000:.1f} ms ({small_n} statements), "
        f"10,000 intros {large_s * 1000:.1f} ms ({large_n} statements), ratio {growth:.2f}",
        f"home tab for 10,000 intros <= 1.5x 10 [{backend}]: {growth:.2f}x "
        + verdict(growth <= 1.5),
        f"home tab statements constant [{backend}]: {small_n} vs {large_n} "
        + verdict(small_n == large_n),
    ]


def settle(engine: Engine) -> None:
    """Fresh statistics (and, on PostgreSQL, a vacuumed table) as autovacuum would leave them."""
    command = "VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(command))


def claim_bench(backend: str, sizes: tuple[int, int]) -> list[str]:
    workspace = Workspace(TEAM)
    lines, timings = [], {}
    templates: list[int] = []
    with scratch_database(backend) as database:
        engine, stored = database.engine, 0
        for size in sizes:
            started = time.monotonic()
            store_many_intros(database, workspace, first=stored + 1, last=size, connectors=50_000)
            if not templates:
                templates = add_job_templates(database, workspace, "template-0")
                replicate(
                    engine,
                    "jobs",
                    template=f"t.id = {templates[2]}",
                    first=1,
                    last=DUE_JOBS,
                    overrides={"intro_id": number("intro-")},
                    skip=frozenset({"id"}),
                )
                with engine.begin() as connection:  # the templates themselves are not work
                    connection.execute(
                        text("UPDATE jobs SET state = :cancelled WHERE id IN (:later, :due)"),
                        {"cancelled": CANCELLED, "later": templates[1], "due": templates[2]},
                    )
            store_jobs(database, templates, first=stored + 1, last=size)
            settle(engine)
            with engine.begin() as connection:
                jobs = connection.scalar(text("SELECT count(*) FROM jobs"))
            stored = size
            filled = time.monotonic() - started
            with counting_statements(engine) as statements:
                claimed = claim_due(engine, now=T0, limit=DUE_JOBS)
            if claimed != DUE_JOBS:
                raise RuntimeError(f"claimed {claimed} jobs, expected {DUE_JOBS}")
            seconds = median_seconds(CLAIMS, lambda: claim_due(engine, now=T0, limit=DUE_JOBS))
            batch = median_seconds(CLAIMS, lambda: claim_due(engine, now=T0, limit=20))
            timings[size] = seconds
            lines.append(
                f"claim [{backend}]: {size:,} intros ({jobs:,} jobs, filled in {filled:.0f}s): "
                f"{DUE_JOBS:,} due jobs in {seconds * 1000:.1f} ms ({len(statements)} statements);"
                f" a batch of 20 in {batch * 1000:.1f} ms"
            )
        count_months(database, workspace, stored // 6)
        with counting_statements(engine) as statements:
            read_insights(database, workspace)
        insights = median_seconds(HOME_RENDERS, lambda: read_insights(database, workspace))
        lines.append(
            f"insights [{backend}]: {stored:,} intros: {insights * 1000:.1f} ms "
            f"({len(statements)} statements)"
        )
    small, large = (timings[size] for size in sizes)
    lines.append(
        f"scheduler claim < 100 ms with {sizes[1]:,} intros [{backend}]: {large * 1000:.1f} ms "
        + verdict(large < 0.1)
    )
    lines.append(
        f"claim grows with due work only [{backend}]: {sizes[1]:,} vs {sizes[0]:,} intros "
        f"{large / small:.2f}x " + verdict(large / small <= 1.5)
    )
    return lines


def rss_after_flows(stored: int) -> float:
    """Peak RSS of `python app.py` on SQLite with ``stored`` intros, after some real work."""
    with tempfile.TemporaryDirectory(prefix="introslack-rss-") as folder, BenchSlack() as slack:
        database = Database(f"sqlite:///{Path(folder) / 'rss.sqlite3'}")
        database.migrate()
        if stored:
            store_many_intros(
                database,
                Workspace(slack.team_id),
                first=1,
                last=stored,
                connectors=RSS_HEAVY_CONNECTORS,
            )
        database.dispose()
        heavy = "UC0"
        slack.add_user(heavy, name="heavy", real_name="Heavy Connector")
        trios = seed_trios(slack, "R", RSS_FLOWS)
        app = start_introslack(slack, Path(folder), database_url=database.url, gunicorn=False)
        try:
            driver = driver_for(slack, app)
            for trio in trios:
                times = run_intro(slack, driver, introslack_shape(), trio, timeout=WAIT_TIMEOUT)
                if times.failure:
                    raise RuntimeError(f"an intro did not finish: {times.failure}")
            for _ in range(2):
                opened = time.perf_counter()
                driver.open_home(heavy)
                slack.wait(
                    partial(slack.home_after, heavy, opened),
                    timeout=WAIT_TIMEOUT,
                    what="the heavy connector's Home tab",
                )
            return app.peak_rss_mb()
        finally:
            app.stop()


def rss_bench(stored: int) -> list[str]:
    empty, full = rss_after_flows(0), rss_after_flows(stored)
    return [
        f"rss [sqlite, python app.py]: no intros {empty:.1f} MB, {stored:,} intros {full:.1f} MB",
        f"app RSS with {stored:,} intros < 150 MB: {full:.1f} MB " + verdict(full < 150),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench", nargs="?", choices=("home", "claim", "rss", "all"), default="all")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--quick", action="store_true", help="a hundredth of the history: to try the bench out"
    )
    args = parser.parse_args()
    sizes = (CLAIM_SIZES[0] // 10, CLAIM_SIZES[1] // 100) if args.quick else CLAIM_SIZES
    stored = RSS_INTROS // 100 if args.quick else RSS_INTROS
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    started = time.monotonic()
    lines: list[str] = []
    for backend in backends:
        if args.bench in ("home", "all"):
            lines += home_bench(backend)
        if args.bench in ("claim", "all"):
            lines += claim_bench(backend, sizes)
    if args.bench in ("rss", "all"):
        lines += rss_bench(stored)
    print("\n".join(lines))
    print(f"\n(bench took {time.monotonic() - started:.0f}s)", file=sys.stderr)


if __name__ == "__main__":
    main()
