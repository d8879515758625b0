"""`python -m introslack.insights --team T… [--format csv|text]`: a workspace's monthly figures.

The same aggregates admins see on their Home tab, for the people who run the app; it reads
only DATABASE_URL, and never prints a name.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from typing import TextIO

from sqlalchemy.exc import SQLAlchemyError

from introslack.config import ConfigError, load_database_url
from introslack.domain.insights import MonthInsights
from introslack.domain.intro import Workspace
from introslack.domain.timing import FollowThrough
from introslack.service import Clock, IntroService, utc_now
from introslack.slack.views.insights import count, figures, share, wait
from introslack.store.database import Database

COLUMNS = (
    "month",
    "started",
    "made",
    "declined",
    "expired",
    "acceptance",
    "met_share",
    "median_second_answer",
)


def main(
    argv: Sequence[str] | None = None, out: TextIO = sys.stdout, clock: Clock = utc_now
) -> int:
    arguments = _parser().parse_args(argv)
    try:
        database = Database(load_database_url())
        database.migrate()
    except (ConfigError, SQLAlchemyError) as problem:
        print(
            f"introslack: could not open the database at DATABASE_URL ({problem})", file=sys.stderr
        )
        return 2
    try:
        service = IntroService(database, timing=FollowThrough(), clock=clock)
        months = service.insights(Workspace(arguments.team, arguments.enterprise))
    finally:
        database.dispose()
    if arguments.format == "csv":
        write_csv(months, out)
    else:
        for month in months:
            print(f"{month.month}: " + " · ".join(figures(month)), file=out)
    return 0


def write_csv(months: list[MonthInsights], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for m in months:
        writer.writerow(
            [
                m.month,
                count(m.started),
                count(m.made),
                count(m.declined),
                count(m.expired),
                share(m.acceptance),
                share(m.met_share),
                wait(m.median_answer_bucket),
            ]
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m introslack.insights",
        description="A workspace's intros per month, for the last six months (aggregates only).",
    )
    parser.add_argument("--team", required=True, help="the workspace's team id, T…")
    parser.add_argument("--enterprise", default=None, help="its Enterprise Grid id, E…")
    parser.add_argument("--format", choices=("csv", "text"), default="csv")
    return parser


if __name__ == "__main__":
    sys.exit(main())
