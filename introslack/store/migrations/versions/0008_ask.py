"""Asking a connector for an intro: which intros a party requested, one open request each.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REQUESTED = "status = 'requested'"


def upgrade() -> None:
    with op.batch_alter_table("intros", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("requested", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(
            "uq_intros_open_request",
            ["team_id", "party_a_id", "party_b_id", "connector_id"],
            unique=True,
            sqlite_where=sa.text(REQUESTED),
            postgresql_where=sa.text(REQUESTED),
        )
        batch_op.create_index(
            "ix_intros_requester_created",
            ["team_id", "party_a_id", "created_at"],
            unique=False,
            sqlite_where=sa.text("requested = 1"),
            postgresql_where=sa.text("requested = true"),
        )


def downgrade() -> None:
    with op.batch_alter_table("intros", schema=None) as batch_op:
        batch_op.drop_index("ix_intros_requester_created")
        batch_op.drop_index("uq_intros_open_request")
        batch_op.drop_column("requested")
