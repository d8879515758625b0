"""Structured logs: one JSON line per event, with ids only, never tokens or user text."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# The only extra fields a log line may carry: ids and codes, nothing a user typed.
FIELDS = (
    "team_id",
    "enterprise_id",
    "intro_id",
    "job_id",
    "kind",
    "attempt",
    "status",
    "from_status",
    "error",
)


class JsonLines(logging.Formatter):
    """Formats a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


# Libraries whose DEBUG lines include request bodies: they never log below INFO.
CHATTY_LIBRARIES = ("slack_sdk", "slack_bolt", "urllib3", "sqlalchemy")


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
