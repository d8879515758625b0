"""Not now, ask me later: when each party who said so is asked again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import introslack.store.models

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("intros", schema=None) as batch_op:
        for column in ("ask_again_a", "ask_again_b"):
            batch_op.add_column(
                sa.Column(column, introslack.store.models.UTCDateTime(timezone=True), nullable=True)
            )


def downgrade() -> None:
    with op.batch_alter_table("intros", schema=None) as batch_op:
        batch_op.drop_column("ask_again_b")
        batch_op.drop_column("ask_again_a")
