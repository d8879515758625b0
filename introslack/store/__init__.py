"""Persistence on SQLAlchemy 2: rows, the intro repository and the due-work queue."""
