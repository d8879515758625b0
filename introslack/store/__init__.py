"""Persistence on SQLAlchemy 2: rows, the intro repository and the due-work queue."""

# A SQLite file in the working directory, when DATABASE_URL is not set.
DEFAULT_DATABASE_URL = "sqlite:///introslack.sqlite3"
