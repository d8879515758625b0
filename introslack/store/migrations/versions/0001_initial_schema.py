"""The initial schema: intros, jobs, deliveries, manual reminders and Slack's OAuth tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 18:54:28.517594
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import introslack.store.models

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "intros",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("connector_id", sa.String(length=32), nullable=False),
        sa.Column("party_a_id", sa.String(length=32), nullable=False),
        sa.Column("party_a_name", sa.String(length=255), nullable=False),
        sa.Column("party_a_title", sa.String(length=255), nullable=False),
        sa.Column("party_a_tz", sa.String(length=64), nullable=True),
        sa.Column("party_a_tz_label", sa.String(length=128), nullable=True),
        sa.Column("party_b_id", sa.String(length=32), nullable=False),
        sa.Column("party_b_name", sa.String(length=255), nullable=False),
        sa.Column("party_b_title", sa.String(length=255), nullable=False),
        sa.Column("party_b_tz", sa.String(length=64), nullable=True),
        sa.Column("party_b_tz_label", sa.String(length=128), nullable=True),
        sa.Column("pair_key", sa.String(length=80), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("gain_for_a", sa.Text(), nullable=False),
        sa.Column("gain_for_b", sa.Text(), nullable=False),
        sa.Column("next_step", sa.String(length=32), nullable=False),
        sa.Column("relationship", sa.String(length=32), nullable=False),
        sa.Column("met_before", sa.String(length=32), nullable=False),
        sa.Column("note_to_a", sa.Text(), nullable=False),
        sa.Column("note_to_b", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answer_a", sa.String(length=16), nullable=False),
        sa.Column("answer_b", sa.String(length=16), nullable=False),
        sa.Column("decline_side", sa.String(length=1), nullable=True),
        sa.Column("decline_reason", sa.String(length=32), nullable=True),
        sa.Column("decline_note", sa.Text(), nullable=True),
        sa.Column("outcome_a", sa.String(length=16), nullable=True),
        sa.Column("outcome_b", sa.String(length=16), nullable=True),
        sa.Column("created_at", introslack.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", introslack.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", introslack.store.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("intros", schema=None) as batch_op:
        batch_op.create_index(
            "ix_intros_team_connector", ["team_id", "connector_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_intros_team_party_a", ["team_id", "party_a_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_intros_team_party_b", ["team_id", "party_b_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "uq_intros_pending_pair",
            ["team_id", "pair_key"],
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )

    op.create_table(
        "slack_bots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("enterprise_name", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("bot_token", sa.String(length=200), nullable=True),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.String(length=1000), nullable=True),
        sa.Column("bot_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("bot_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("slack_bots", schema=None) as batch_op:
        batch_op.create_index(
            "slack_bots_idx",
            ["client_id", "enterprise_id", "team_id", "installed_at"],
            unique=False,
        )

    op.create_table(
        "slack_installations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("enterprise_name", sa.String(length=200), nullable=True),
        sa.Column("enterprise_url", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("bot_token", sa.String(length=200), nullable=True),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.String(length=1000), nullable=True),
        sa.Column("bot_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("bot_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("user_token", sa.String(length=200), nullable=True),
        sa.Column("user_scopes", sa.String(length=1000), nullable=True),
        sa.Column("user_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("user_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("incoming_webhook_url", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_channel", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_channel_id", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_configuration_url", sa.String(length=200), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("token_type", sa.String(length=32), nullable=True),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("slack_installations", schema=None) as batch_op:
        batch_op.create_index(
            "slack_installations_idx",
            ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"],
            unique=False,
        )

    op.create_table(
        "slack_oauth_states",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("state", sa.String(length=200), nullable=False),
        sa.Column("expire_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "jobs",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("intro_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("side", sa.String(length=1), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("due_at", introslack.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", introslack.store.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", introslack.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", introslack.store.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["intro_id"],
            ["intros.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_intro", ["intro_id", "state"], unique=False)
        batch_op.create_index("ix_jobs_state_due", ["state", "due_at"], unique=False)

    op.create_table(
        "manual_reminders",
        sa.Column("intro_id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column(
            "reminded_at", introslack.store.models.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["intro_id"],
            ["intros.id"],
        ),
        sa.PrimaryKeyConstraint("intro_id"),
    )
    op.create_table(
        "deliveries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("intro_id", sa.String(length=32), nullable=False),
        sa.Column("job_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("side", sa.String(length=1), nullable=True),
        sa.Column("recipient_id", sa.String(length=32), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("created_at", introslack.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["intro_id"],
            ["intros.id"],
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id", name="uq_deliveries_job"),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_deliveries_intro", ["intro_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_intro")

    op.drop_table("deliveries")
    op.drop_table("manual_reminders")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_state_due")
        batch_op.drop_index("ix_jobs_intro")

    op.drop_table("jobs")
    op.drop_table("slack_oauth_states")
    with op.batch_alter_table("slack_installations", schema=None) as batch_op:
        batch_op.drop_index("slack_installations_idx")

    op.drop_table("slack_installations")
    with op.batch_alter_table("slack_bots", schema=None) as batch_op:
        batch_op.drop_index("slack_bots_idx")

    op.drop_table("slack_bots")
    with op.batch_alter_table("intros", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_intros_pending_pair",
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )
        batch_op.drop_index("ix_intros_team_party_b")
        batch_op.drop_index("ix_intros_team_party_a")
        batch_op.drop_index("ix_intros_team_connector")

    op.drop_table("intros")
