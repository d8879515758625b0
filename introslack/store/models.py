"""The tables: intros, due work (jobs), what was sent (deliveries), running counters, Home tab
viewers, people's intro settings, consent records, workspaces that left, and Slack's OAuth
tables."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLite's INTEGER PRIMARY KEY is its rowid; BIGINT elsewhere.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime}


class IntroRow(Base):
    __tablename__ = "intros"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    connector_id: Mapped[str] = mapped_column(String(32))
    connector_name: Mapped[str] = mapped_column(String(255), default="")

    party_a_id: Mapped[str] = mapped_column(String(32))
    party_a_name: Mapped[str] = mapped_column(String(255))
    party_a_title: Mapped[str] = mapped_column(String(255), default="")
    party_a_tz: Mapped[str | None] = mapped_column(String(64))
    party_a_tz_label: Mapped[str | None] = mapped_column(String(128))
    party_b_id: Mapped[str] = mapped_column(String(32))
    party_b_name: Mapped[str] = mapped_column(String(255))
    party_b_title: Mapped[str] = mapped_column(String(255), default="")
    party_b_tz: Mapped[str | None] = mapped_column(String(64))
    party_b_tz_label: Mapped[str | None] = mapped_column(String(128))
    # The two party ids, sorted and joined: at most one pending intro per pair and workspace.
    pair_key: Mapped[str] = mapped_column(String(80))

    why: Mapped[str] = mapped_column(Text)
    gain_for_a: Mapped[str] = mapped_column(Text, default="")
    gain_for_b: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(String(32))
    relationship: Mapped[str] = mapped_column(String(32))
    met_before: Mapped[str] = mapped_column(String(32))
    note_to_a: Mapped[str] = mapped_column(Text, default="")
    note_to_b: Mapped[str] = mapped_column(Text, default="")
    about_a: Mapped[str] = mapped_column(Text, default="")
    about_b: Mapped[str] = mapped_column(Text, default="")

    status: Mapped[str] = mapped_column(String(16))
    answer_a: Mapped[str] = mapped_column(String(16))
    answer_b: Mapped[str] = mapped_column(String(16))
    decline_side: Mapped[str | None] = mapped_column(String(1))
    decline_reason: Mapped[str | None] = mapped_column(String(32))
    decline_note: Mapped[str | None] = mapped_column(Text)
    outcome_a: Mapped[str | None] = mapped_column(String(16))
    outcome_b: Mapped[str | None] = mapped_column(String(16))
    thanked_a: Mapped[bool] = mapped_column(Boolean, default=False)
    thanked_b: Mapped[bool] = mapped_column(Boolean, default=False)
    preferred_way_a: Mapped[str | None] = mapped_column(String(16))
    preferred_way_b: Mapped[str | None] = mapped_column(String(16))
    preference_note_a: Mapped[str] = mapped_column(Text, default="")
    preference_note_b: Mapped[str] = mapped_column(Text, default="")
    # When a party who said "Not now, ask me later" is asked again.
    ask_again_a: Mapped[datetime | None]
    ask_again_b: Mapped[datetime | None]

    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    # The function execution of the Workflow Builder step that asked for the intro, if any.
    workflow_step: Mapped[str | None] = mapped_column(String(32))
    # Party A asked the connector for this intro (party B is whom they'd like to meet).
    requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the retention sweep erased the free text of this closed intro.
    erased_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        Index(
            "uq_intros_pending_pair",
            "team_id",
            "pair_key",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        # One open request per requester, target and connector: a second submit is refused.
        Index(
            "uq_intros_open_request",
            "team_id",
            "party_a_id",
            "party_b_id",
            "connector_id",
            unique=True,
            sqlite_where=text("status = 'requested'"),
            postgresql_where=text("status = 'requested'"),
        ),
        # The Home tab's "Intros you asked for": a requester's latest, with one index seek.
        Index(
            "ix_intros_requester_created",
            "team_id",
            "party_a_id",
            "created_at",
            sqlite_where=text("requested = 1"),
            postgresql_where=text("requested = true"),
        ),
        # Each role's open intros, and its closed ones newest first: the Home tab reads
        # a page of either with an index seek, however long the history.
        Index("ix_intros_connector_status", "team_id", "connector_id", "status", "created_at"),
        Index("ix_intros_party_a_status", "team_id", "party_a_id", "status", "created_at"),
        Index("ix_intros_party_b_status", "team_id", "party_b_id", "status", "created_at"),
        Index("ix_intros_connector_closed", "team_id", "connector_id", "closed_at"),
        Index("ix_intros_party_a_closed", "team_id", "party_a_id", "closed_at"),
        Index("ix_intros_party_b_closed", "team_id", "party_b_id", "closed_at"),
        # Before a new intro: the pair's latest decline, the connector's week, each party's
        # month; each an index range scan.
        Index("ix_intros_pair_closed", "team_id", "pair_key", "closed_at"),
        Index("ix_intros_connector_created", "team_id", "connector_id", "created_at"),
        Index("ix_intros_party_a_created", "team_id", "party_a_id", "created_at"),
        Index("ix_intros_party_b_created", "team_id", "party_b_id", "created_at"),
        # The retention sweep's next batch: closed intros whose text is still there, oldest first.
        Index(
            "ix_intros_unerased_closed",
            "closed_at",
            sqlite_where=text("erased_at IS NULL"),
            postgresql_where=text("erased_at IS NULL"),
        ),
    )


class ManualReminderRow(Base):
    """When the connector last pressed Remind on an intro, so it happens at most once a day."""

    __tablename__ = "manual_reminders"

    intro_id: Mapped[str] = mapped_column(ForeignKey("intros.id"), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    reminded_at: Mapped[datetime]


class JobRow(Base):
    """One piece of due work, written in the same transaction as the change that caused it."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    # None for work about a person rather than an intro (their Home tab, once opened).
    intro_id: Mapped[str | None] = mapped_column(ForeignKey("intros.id"))
    kind: Mapped[str] = mapped_column(String(32))
    side: Mapped[str | None] = mapped_column(String(1))
    user_id: Mapped[str | None] = mapped_column(String(32))
    due_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # The claim that leases the job: one token per claimed batch, finished in one statement.
    claim: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    # When Slack is to post a scheduled message: fixed before the first call, so retries agree.
    post_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_jobs_state_due", "state", "due_at"),
        Index("ix_jobs_intro", "intro_id", "state"),
        Index("ix_jobs_claim", "claim"),
        Index("ix_jobs_finished", "finished_at"),
    )


class DeliveryRow(Base):
    """A message the app posted: checked before posting again, and used to update it later.

    For the group-DM introduction, a scheduled message, `ts` holds its scheduled_message_id:
    Slack gives no ts until it posts, and nothing edits the introduction afterwards.
    """

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    intro_id: Mapped[str] = mapped_column(ForeignKey("intros.id"))
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"))
    kind: Mapped[str] = mapped_column(String(32))
    side: Mapped[str | None] = mapped_column(String(1))
    recipient_id: Mapped[str | None] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("job_id", name="uq_deliveries_job"),
        Index("ix_deliveries_intro", "intro_id"),
    )


class UserTallyRow(Base):
    """Running counters per person, kept in the transaction of each move: no history scans."""

    __tablename__ = "user_tallies"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # "" outside an Enterprise Grid: a key column cannot be NULL.
    enterprise_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # Closed intros the person is part of (the Home tab's Recent section).
    closed: Mapped[int] = mapped_column(Integer, default=0)
    # Intros the person started as connector, and how they went.
    started: Mapped[int] = mapped_column(Integer, default=0)
    made: Mapped[int] = mapped_column(Integer, default=0)
    decided: Mapped[int] = mapped_column(Integer, default=0)
    met: Mapped[int] = mapped_column(Integer, default=0)
    already_knew: Mapped[int] = mapped_column(Integer, default=0)
    thanks: Mapped[int] = mapped_column(Integer, default=0)
    # Open intros by the person's part: the Home tab's first three sections, counted.
    waiting: Mapped[int] = mapped_column(Integer, default=0)
    accepted_open: Mapped[int] = mapped_column(Integer, default=0)
    started_open: Mapped[int] = mapped_column(Integer, default=0)


class InsightCountRow(Base):
    """A workspace's counters per month of request (started, made, … second answers by delay)."""

    __tablename__ = "insight_counts"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    metric: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class HomeViewerRow(Base):
    """Someone who has opened the Home tab: only they get it republished, once per burst."""

    __tablename__ = "home_viewers"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    opened_at: Mapped[datetime]
    # True from a change until the refresh it scheduled has read the new state.
    stale: Mapped[bool] = mapped_column(Boolean, default=False)


class IntroSettingsRow(Base):
    """A person's own rules for intro requests to them: pause, monthly limit, topics, list."""

    __tablename__ = "intro_settings"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    paused_until: Mapped[date | None] = mapped_column(Date)
    monthly_limit: Mapped[int | None] = mapped_column(Integer)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Private: read only for the person's own settings and for refusing a request.
    blocked: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime]


class ConsentRow(Base):
    """What one person was shown when asked to consent, when, and what they answered and when."""

    __tablename__ = "consent_records"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    enterprise_id: Mapped[str] = mapped_column(String(32))
    intro_id: Mapped[str] = mapped_column(ForeignKey("intros.id"))
    user_id: Mapped[str] = mapped_column(String(32))
    # Why they were asked: "party" (asked to meet someone); other roles may follow.
    role: Mapped[str] = mapped_column(String(16))
    # The request as posted, in plain text; None when they answered before it reached them.
    shown_text: Mapped[str | None] = mapped_column(Text)
    shown_at: Mapped[datetime | None]
    answer: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None]

    __table_args__ = (
        UniqueConstraint("team_id", "intro_id", "user_id", name="uq_consent_records_person"),
        Index("ix_consent_records_user", "team_id", "enterprise_id", "user_id", "id"),
    )


class DepartedWorkspaceRow(Base):
    """A workspace that uninstalled the app: its data is deleted once the grace period ends."""

    __tablename__ = "departed_workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    left_at: Mapped[datetime]


# The OAuth tables of slack_sdk's SQLAlchemy installation and state stores, declared on our
# metadata so that migrations create them along with ours.
INSTALLATIONS_TABLE = SQLAlchemyInstallationStore.build_installations_table(
    Base.metadata, SQLAlchemyInstallationStore.default_installations_table_name
)
BOTS_TABLE = SQLAlchemyInstallationStore.build_bots_table(
    Base.metadata, SQLAlchemyInstallationStore.default_bots_table_name
)
OAUTH_STATES_TABLE = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    Base.metadata, SQLAlchemyOAuthStateStore.default_table_name
)
