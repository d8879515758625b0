"""Etiquette: pairs who already knew each other, thanks to the connector (per party, and
counted), the connector's name for the thank-you button, a line about each party, each
party's preferred way to connect and note to the other.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTERS = ("already_knew", "thanks")


def upgrade() -> None:
    # Plain ADD COLUMN: every backend (SQLite included) adds these without copying the table.
    op.add_column(
        "intros",
        sa.Column("connector_name", sa.String(length=255), nullable=False, server_default=""),
    )
    for side in ("a", "b"):
        op.add_column(
            "intros",
            sa.Column(f"thanked_{side}", sa.Boolean(), nullable=False, server_default=sa.false()),
        )
        op.add_column(
            "intros", sa.Column(f"about_{side}", sa.Text(), nullable=False, server_default="")
        )
        op.add_column(
            "intros", sa.Column(f"preferred_way_{side}", sa.String(length=16), nullable=True)
        )
        op.add_column(
            "intros",
            sa.Column(f"preference_note_{side}", sa.Text(), nullable=False, server_default=""),
        )
    for counter in COUNTERS:
        op.add_column(
            "user_tallies",
            sa.Column(counter, sa.Integer(), nullable=False, server_default="0"),
        )


def downgrade() -> None:
    with op.batch_alter_table("user_tallies", schema=None) as batch_op:
        for counter in reversed(COUNTERS):
            batch_op.drop_column(counter)
    with op.batch_alter_table("intros", schema=None) as batch_op:
        for side in ("b", "a"):
            batch_op.drop_column(f"preference_note_{side}")
            batch_op.drop_column(f"preferred_way_{side}")
            batch_op.drop_column(f"about_{side}")
            batch_op.drop_column(f"thanked_{side}")
        batch_op.drop_column("connector_name")
