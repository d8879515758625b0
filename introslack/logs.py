"""Structured logs: one JSON line per event, with ids only, never tokens or user text.

Libraries put request bodies and SQL parameters into their messages (SQLAlchemy echoes every
statement with its values at INFO; slack_sdk and Bolt dump bodies at DEBUG; Bolt's warnings
quote parts of payloads), so no library's text reaches the log: its records below WARNING are
dropped, and the rest keep their level, logger and source line only. Tracebacks, the app's
included, show frames and exception types, never an exception's message, which may quote what
somebody typed (SQLAlchemy's errors carry the statement's parameters).
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import traceback
from datetime import UTC, datetime
from types import TracebackType

# The only extra fields a log line may carry: ids and codes, nothing a user typed.
FIELDS = (
    "team_id",
    "enterprise_id",
    "intro_id",
    "user_id",
    "job_id",
    "kind",
    "attempt",
    "status",
    "from_status",
    "error",
    "source",
)

APP_LOGGER = "introslack"
# `python -m introslack.run_worker` runs that module as __main__, whose logger is named so.
APP_LOGGERS = (APP_LOGGER, "__main__")
# Below this, nothing from a library is logged at all.
LIBRARY_FLOOR = logging.WARNING
WITHHELD = "message withheld (library text may quote requests or SQL parameters)"
# Libraries that build detailed (and private) messages when asked for them: pinned, so they
# do not even make the records. The filter below holds for every other library too.
PINNED_LIBRARIES = (
    "sqlalchemy",
    "alembic",
    "slack_sdk",
    "slack_bolt",
    "urllib3",
    "websockets",
    "asyncio",
    "psycopg",
)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def is_app_record(record: logging.LogRecord) -> bool:
    return any(record.name == name or record.name.startswith(f"{name}.") for name in APP_LOGGERS)


class LibraryTextWithheld(logging.Filter):
    """Drops library records below WARNING and strips the text (and its args) from the rest."""

    def filter(self, record: logging.LogRecord) -> bool:
        if is_app_record(record):
            return True
        if record.levelno < LIBRARY_FLOOR:
            return False
        record.__dict__["source"] = f"{record.module}.{record.funcName}:{record.lineno}"
        record.msg, record.args = WITHHELD, None
        record.exc_text = record.stack_info = None
        return True


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

    def formatException(self, ei: ExcInfo) -> str:
        return traceback_without_messages(ei[1])


_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def traceback_without_messages(error: BaseException | None) -> str:
    """Python's traceback (frames and chained exceptions) with each message left out."""
    if error is None:
        return "NoneType"
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    parts: list[str] = []
    for exception, link_to_next in reversed(chain):
        frames = traceback.extract_tb(exception.__traceback__)
        if frames:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_list(frames))
        parts.append(f"{_qualified_name(type(exception))} (message withheld)\n")
        if link_to_next:
            parts.append(link_to_next)
    return "".join(parts).rstrip("\n")


def _qualified_name(kind: type[BaseException]) -> str:
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def configure_logging(level: str) -> None:
    """JSON lines on stderr: the app's records from ``level``, a library's from WARNING."""
    threshold = logging.getLevelNamesMapping()[level]
    handler = logging.StreamHandler()
    handler.setLevel(threshold)
    handler.addFilter(LibraryTextWithheld())
    handler.setFormatter(JsonLines())
    # Bolt copies the root level onto its loggers, and prints its Socket Mode banner to stdout
    # instead of logging it when that level is above INFO; the handler does the filtering.
    logging.basicConfig(level=min(threshold, logging.INFO), handlers=[handler], force=True)
    for name in APP_LOGGERS:
        logging.getLogger(name).setLevel(threshold)
    for name in PINNED_LIBRARIES:
        logging.getLogger(name).setLevel(max(threshold, LIBRARY_FLOOR))
    sys.excepthook = log_uncaught
    threading.excepthook = log_uncaught_in_thread


def log_uncaught(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """An exception nobody caught goes to the log like any other, instead of raw to stderr."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    logging.getLogger(APP_LOGGER).critical("uncaught exception", exc_info=(kind, error, trace))


def log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    logging.getLogger(APP_LOGGER).error(
        "uncaught exception in a thread",
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
    )
