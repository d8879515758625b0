"""Monthly counters per workspace for admins' insights, counted from the intros already stored.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 14:50:00
"""

from collections import Counter
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from introslack.domain.insights import insight_changes, month_of
from introslack.domain.intro import Answer, Context, Intro, IntroStatus, Outcome, Person, Workspace
from introslack.store.models import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "insight_counts",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "enterprise_id", "month", "metric"),
    )
    totals: Counter[tuple[str, str, str, str]] = Counter()
    connection = op.get_bind()
    for row in connection.execute(sa.select(*INTROS.c)).yield_per(1000):
        intro = _intro(row)
        workspace = intro.workspace
        for metric, amount in insight_changes(None, intro).items():
            key = (workspace.team_id, workspace.enterprise_id or "", month_of(intro.created_at))
            totals[(*key, metric)] += amount
    if totals:
        op.bulk_insert(
            table,
            [
                {"team_id": t, "enterprise_id": e, "month": m, "metric": k, "count": n}
                for (t, e, m, k), n in totals.items()
            ],
        )


# The intros columns the counters depend on, as they are at this revision.
INTROS = sa.table(
    "intros",
    sa.column("team_id", sa.String),
    sa.column("enterprise_id", sa.String),
    sa.column("status", sa.String),
    sa.column("answer_a", sa.String),
    sa.column("answer_b", sa.String),
    sa.column("outcome_a", sa.String),
    sa.column("outcome_b", sa.String),
    sa.column("created_at", UTCDateTime()),
    sa.column("closed_at", UTCDateTime()),
)


def _intro(row: sa.Row) -> Intro:  # type: ignore[type-arg]
    """Enough of an intro to count it: its workspace, status, answers, outcomes and times."""
    nobody = Person("", "")
    return Intro(
        id="",
        workspace=Workspace(team_id=row.team_id, enterprise_id=row.enterprise_id),
        connector_id="",
        party_a=nobody,
        party_b=nobody,
        context=Context(why=""),
        created_at=row.created_at,
        status=IntroStatus(row.status),
        answer_a=Answer(row.answer_a),
        answer_b=Answer(row.answer_b),
        closed_at=row.closed_at,
        outcome_a=Outcome(row.outcome_a) if row.outcome_a else None,
        outcome_b=Outcome(row.outcome_b) if row.outcome_b else None,
    )


def downgrade() -> None:
    op.drop_table("insight_counts")
