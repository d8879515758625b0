"""Migrations build the whole schema on an empty database, exactly as the models describe it."""

from __future__ import annotations

import threading

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from introslack.store.database import Database
from introslack.store.models import Base


def test_an_empty_database_upgraded_to_head_matches_the_models(database_url: str) -> None:
    database = Database(database_url)
    try:
        database.migrate()
        with database.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        database.dispose()
    assert differences == []
    assert {"intros", "jobs", "deliveries", "slack_installations", "slack_bots"} <= tables


def test_migrating_again_or_from_two_processes_at_once_is_harmless(database_url: str) -> None:
    databases = [Database(database_url) for _ in range(3)]
    errors: list[BaseException] = []

    def migrate(database: Database) -> None:
        try:
            database.migrate()
        except BaseException as error:  # collected and asserted on below
            errors.append(error)

    threads = [threading.Thread(target=migrate, args=(db,)) for db in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    databases[0].migrate()
    for database in databases:
        database.dispose()
    assert errors == []
