"""The engine: batch claims on jobs, running tallies, Home tab viewers, role and status indexes;
a job may be about a person alone (their Home tab).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import introslack.store.models

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("connector_id", "party_a_id", "party_b_id")

# Each person's counters from the intros already stored, so the Home tab's figures carry over.
BACKFILL_TALLIES = """
INSERT INTO user_tallies (
    team_id, enterprise_id, user_id, closed, started, made, decided, met,
    waiting, accepted_open, started_open
)
SELECT team_id, enterprise_id, user_id,
    SUM(closed), SUM(started), SUM(made), SUM(decided), SUM(met),
    SUM(waiting), SUM(accepted_open), SUM(started_open)
FROM (
    SELECT team_id, COALESCE(enterprise_id, '') AS enterprise_id, connector_id AS user_id,
        CASE WHEN status <> 'pending' THEN 1 ELSE 0 END AS closed,
        1 AS started,
        CASE WHEN status = 'made' THEN 1 ELSE 0 END AS made,
        CASE WHEN status IN ('made', 'declined', 'expired') THEN 1 ELSE 0 END AS decided,
        CASE WHEN status = 'made' AND (outcome_a = 'met' OR outcome_b = 'met')
            THEN 1 ELSE 0 END AS met,
        0 AS waiting,
        0 AS accepted_open,
        CASE WHEN status = 'pending' THEN 1 ELSE 0 END AS started_open
    FROM intros
    UNION ALL
    SELECT team_id, COALESCE(enterprise_id, ''), party_a_id,
        CASE WHEN status <> 'pending' THEN 1 ELSE 0 END, 0, 0, 0, 0,
        CASE WHEN status = 'pending' AND answer_a = 'waiting' THEN 1 ELSE 0 END,
        CASE WHEN status = 'pending' AND answer_a = 'accepted' THEN 1 ELSE 0 END,
        0
    FROM intros
    UNION ALL
    SELECT team_id, COALESCE(enterprise_id, ''), party_b_id,
        CASE WHEN status <> 'pending' THEN 1 ELSE 0 END, 0, 0, 0, 0,
        CASE WHEN status = 'pending' AND answer_b = 'waiting' THEN 1 ELSE 0 END,
        CASE WHEN status = 'pending' AND answer_b = 'accepted' THEN 1 ELSE 0 END,
        0
    FROM intros
) AS per_role
GROUP BY team_id, enterprise_id, user_id
"""


def upgrade() -> None:
    op.create_table(
        "user_tallies",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("closed", sa.Integer(), nullable=False),
        sa.Column("started", sa.Integer(), nullable=False),
        sa.Column("made", sa.Integer(), nullable=False),
        sa.Column("decided", sa.Integer(), nullable=False),
        sa.Column("met", sa.Integer(), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.Column("accepted_open", sa.Integer(), nullable=False),
        sa.Column("started_open", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "enterprise_id", "user_id"),
    )
    op.create_table(
        "home_viewers",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("opened_at", introslack.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "enterprise_id", "user_id"),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_jobs_claim", ["claim"], unique=False)
        batch_op.alter_column("intro_id", existing_type=sa.String(length=32), nullable=True)
    with op.batch_alter_table("intros", schema=None) as batch_op:
        batch_op.drop_index("ix_intros_team_connector")
        batch_op.drop_index("ix_intros_team_party_a")
        batch_op.drop_index("ix_intros_team_party_b")
        for role in ROLES:
            name = role.removesuffix("_id")
            batch_op.create_index(
                f"ix_intros_{name}_status", ["team_id", role, "status", "created_at"]
            )
            batch_op.create_index(f"ix_intros_{name}_closed", ["team_id", role, "closed_at"])
    op.execute(BACKFILL_TALLIES)


def downgrade() -> None:
    with op.batch_alter_table("intros", schema=None) as batch_op:
        for role in ROLES:
            name = role.removesuffix("_id")
            batch_op.drop_index(f"ix_intros_{name}_status")
            batch_op.drop_index(f"ix_intros_{name}_closed")
        batch_op.create_index("ix_intros_team_party_b", ["team_id", "party_b_id", "created_at"])
        batch_op.create_index("ix_intros_team_party_a", ["team_id", "party_a_id", "created_at"])
        batch_op.create_index("ix_intros_team_connector", ["team_id", "connector_id", "created_at"])
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.alter_column("intro_id", existing_type=sa.String(length=32), nullable=False)
        batch_op.drop_index("ix_jobs_claim")
        batch_op.drop_column("claim")
    op.drop_table("home_viewers")
    op.drop_table("user_tallies")
