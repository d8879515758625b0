"""Scopes: the time an introduction is scheduled to post, fixed before Slack is first asked.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 20:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import introslack.store.models

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("post_at", introslack.store.models.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("post_at")
