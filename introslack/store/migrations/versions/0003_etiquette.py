"""Etiquette: pairs who already knew each other, counted for the connector.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTERS = ("already_knew",)


def upgrade() -> None:
    with op.batch_alter_table("user_tallies", schema=None) as batch_op:
        for counter in COUNTERS:
            batch_op.add_column(
                sa.Column(counter, sa.Integer(), nullable=False, server_default="0")
            )


def downgrade() -> None:
    with op.batch_alter_table("user_tallies", schema=None) as batch_op:
        for counter in reversed(COUNTERS):
            batch_op.drop_column(counter)
