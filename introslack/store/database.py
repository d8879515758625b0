"""The engine and transactions: SQLite by default, PostgreSQL in production."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
# What `Database.transaction()` hands out, named so layers above need no SQLAlchemy import.
Transaction = Session
# Any constant will do: it only has to be the same in every process of the app.
MIGRATION_LOCK = 7_361_041
SQLITE_MIGRATION_ATTEMPTS = 5


# An execution option that marks a read-only transaction, which SQLite begins without a lock.
READ_ONLY = "introslack_read_only"


class Database:
    """Owns the engine; services open one transaction per use case.

    `transaction()` may write; `reading()` only reads, so on SQLite it never waits for (or
    holds) the write lock that writers queue for.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def migrate(self) -> None:
        """Bring the schema to the newest migration; safe when several processes start at once."""
        for attempt in range(1, SQLITE_MIGRATION_ATTEMPTS + 1):
            try:
                self._upgrade()
                return
            except OperationalError as error:
                # SQLite answers "locked" without waiting while another process switches a
                # new file to WAL; PostgreSQL waits on the advisory lock instead.
                if not self.is_sqlite or "locked" not in str(error):
                    raise
                if attempt == SQLITE_MIGRATION_ATTEMPTS:
                    raise
                time.sleep(0.1 * attempt)

    def _upgrade(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            if not self.is_sqlite:
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """One consistent read; writing in it is a mistake (PostgreSQL refuses it)."""
        with self._readers.begin() as session:
            if not self.is_sqlite:
                session.execute(text("SET TRANSACTION READ ONLY"))
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _engine(url: str) -> Engine:
    """The engine; its errors never quote bound parameters (they carry what people typed)."""
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(
            url, pool_pre_ping=True, pool_size=5, max_overflow=10, hide_parameters=True
        )
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
    )
    event.listen(engine, "connect", _tune_sqlite)
    event.listen(engine, "begin", _begin)
    return engine


def _tune_sqlite(connection: Any, _record: Any) -> None:
    # Let pysqlite leave transactions to us, so BEGIN IMMEDIATE below takes effect.
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL survives a crash of the app; a power cut may lose the last commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin(connection: Any) -> None:
    # Writers queue up at BEGIN instead of failing on a lock upgrade mid-transaction; readers
    # read their WAL snapshot without taking any lock.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
