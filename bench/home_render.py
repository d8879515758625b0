"""How the Home tab's render time grows with history: 10 intros versus 10,000, side by side.

Run: .venv/bin/python bench/home_render.py [DATABASE_URL]   (default: a temporary SQLite file;
a PostgreSQL URL must name a scratch database: the script creates its tables there)
Prints the median time of one render (the queries plus the Block Kit view) for each history
size, and their ratio: close to 1 means the render does not grow with history.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
from introslack.slack.views.home import home_view
from introslack.store.database import Database
from introslack.store.home import HomeQueries
from introslack.store.intros import IntroRepository

T0 = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
CONNECTOR = "U0CONNECT"
ROUNDS = 30


def intro_number(n: int, workspace: Workspace) -> Intro:
    intro = Intro(
        id=f"{workspace.team_id}-{n:06d}",
        workspace=workspace,
        connector_id=CONNECTOR,
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


def render_time(database: Database, workspace: Workspace) -> float:
    """Median seconds for one render of the connector's Home tab."""
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        with database.transaction() as session:
            home = HomeQueries(session, workspace).home(CONNECTOR, pages={}, per_page=5)
        home_view(home, now=T0)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        database = Database(url)
        database.migrate()
        small, large = Workspace("TBENCHSMALL"), Workspace("TBENCHLARGE")
        for workspace, count in ((small, 10), (large, 10_000)):
            with database.transaction() as session:
                intros = [intro_number(n, workspace) for n in range(count)]
                IntroRepository(session, workspace).add_many(intros, now=T0)
        small_time, large_time = render_time(database, small), render_time(database, large)
        database.dispose()
    print(f"database: {database.engine.dialect.name}")
    print(f"home render, 10 intros:     {small_time * 1000:7.2f} ms")
    print(f"home render, 10,000 intros: {large_time * 1000:7.2f} ms")
    print(f"ratio (10,000 / 10):        {large_time / small_time:7.2f}")


if __name__ == "__main__":
    main()
