"""People in control: each person's intro settings, and the indexes the checks before a new
intro read (a pair's last decline, a connector's week, a party's month).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import introslack.store.models

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_intros_pair_closed": ["team_id", "pair_key", "closed_at"],
    "ix_intros_connector_created": ["team_id", "connector_id", "created_at"],
    "ix_intros_party_a_created": ["team_id", "party_a_id", "created_at"],
    "ix_intros_party_b_created": ["team_id", "party_b_id", "created_at"],
}


def upgrade() -> None:
    op.create_table(
        "intro_settings",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("paused_until", sa.Date(), nullable=True),
        sa.Column("monthly_limit", sa.Integer(), nullable=True),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("blocked", sa.JSON(), nullable=False),
        sa.Column("updated_at", introslack.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "enterprise_id", "user_id"),
    )
    with op.batch_alter_table("intros", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("intros", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
    op.drop_table("intro_settings")
