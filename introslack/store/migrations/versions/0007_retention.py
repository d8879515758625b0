"""Retention: when a closed intro's free text was erased, and the indexes the sweep reads.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import introslack.store.models

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNERASED = "erased_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("intros", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "erased_at", introslack.store.models.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.create_index(
            "ix_intros_unerased_closed",
            ["closed_at"],
            unique=False,
            sqlite_where=sa.text(UNERASED),
            postgresql_where=sa.text(UNERASED),
        )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_finished", ["finished_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_finished")
    with op.batch_alter_table("intros", schema=None) as batch_op:
        batch_op.drop_index("ix_intros_unerased_closed")
        batch_op.drop_column("erased_at")
