"""Log lines are one JSON object each, with ids and codes, and nothing else a record carries."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from introslack.logs import JsonLines, LibraryTextWithheld


def record(message: str, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("introslack.test", logging.INFO, __file__, 1, message, (), None)
    for name, value in extra.items():
        setattr(made, name, value)
    return made


def test_a_log_line_is_one_json_object_with_the_intro_and_team_ids() -> None:
    line = JsonLines().format(record("intro moved", intro_id="i1", team_id="T1", status="made"))
    assert "\n" not in line
    parsed = json.loads(line)
    assert (parsed["event"], parsed["intro_id"], parsed["team_id"]) == ("intro moved", "i1", "T1")


def test_fields_outside_the_allowed_ids_never_reach_the_log() -> None:
    line = JsonLines().format(record("oops", token="xoxb-secret", why="my private reason"))
    assert "xoxb-secret" not in line and "private reason" not in line


# What someone typed; the code that fails names it only by variable, as real code does.
TYPED = "Private reason: launch week"


def raise_with_user_text() -> None:
    try:
        raise ValueError(TYPED)
    except ValueError as error:
        raise RuntimeError(f"while saving {TYPED!r}") from error


def test_a_traceback_shows_where_and_what_failed_but_no_exception_message() -> None:
    try:
        raise_with_user_text()
    except RuntimeError:
        made = logging.LogRecord("introslack.x", logging.ERROR, __file__, 1, "failed", (), None)
        made.exc_info = sys.exc_info()
    trace = json.loads(JsonLines().format(made))["exception"]
    assert "Private" not in trace
    assert "raise_with_user_text" in trace
    assert "ValueError (message withheld)" in trace and "RuntimeError (message withheld)" in trace
    assert "direct cause" in trace


def test_a_database_error_is_logged_without_the_statements_parameters() -> None:
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE intros (why TEXT NOT NULL UNIQUE)"))
    statement = text("INSERT INTO intros (why) VALUES (:why)")
    try:
        with engine.begin() as connection:
            connection.execute(statement, [{"why": TYPED}, {"why": TYPED}])
    except IntegrityError:
        made = logging.LogRecord("introslack.x", logging.ERROR, __file__, 1, "failed", (), None)
        made.exc_info = sys.exc_info()
    line = JsonLines().format(made)
    assert "sqlalchemy.exc.IntegrityError (message withheld)" in line
    assert "Private" not in line


def library_record(name: str, level: int) -> logging.LogRecord:
    return logging.LogRecord(
        name, level, "lib.py", 7, "INSERT (%s)", ("Private why",), None, func="execute"
    )


def test_a_library_says_nothing_below_warning() -> None:
    for name in ("sqlalchemy.engine.Engine", "slack_sdk.web.base_client", "app.py:publish"):
        assert not LibraryTextWithheld().filter(library_record(name, logging.INFO))


def test_a_library_warning_keeps_its_level_and_source_line_but_not_its_text() -> None:
    made = library_record("slack_bolt.App", logging.WARNING)
    assert LibraryTextWithheld().filter(made)
    parsed = json.loads(JsonLines().format(made))
    assert (parsed["level"], parsed["logger"], parsed["source"]) == (
        "WARNING",
        "slack_bolt.App",
        "lib.execute:7",
    )
    assert "Private" not in parsed["event"]


def test_the_apps_own_records_pass_untouched_even_from_a_module_run_as_main() -> None:
    for name in ("introslack.worker", "__main__"):
        made = logging.LogRecord(name, logging.DEBUG, "w.py", 1, "job %s", (7,), None)
        assert LibraryTextWithheld().filter(made)
        assert json.loads(JsonLines().format(made))["event"] == "job 7"


CONFIGURED_PROCESS = """
import logging, threading
from introslack.logs import configure_logging
configure_logging("DEBUG")
logging.getLogger("introslack.worker").debug("app detail %s", 7)
logging.getLogger("sqlalchemy.engine.Engine").info("INSERT (%s)", "Private why")
logging.getLogger("somelib").debug("body %s", "Private body")
logging.getLogger("slack_bolt.App").warning("Unhandled request (Private value)")
def fail():
    raise ValueError("Private note")
thread = threading.Thread(target=fail)
thread.start()
thread.join()
"""


def test_at_debug_the_app_tells_all_while_libraries_only_warn_and_nothing_private_leaks() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CONFIGURED_PROCESS],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert done.stdout == ""
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert [(line["logger"], line["level"]) for line in lines] == [
        ("introslack.worker", "DEBUG"),
        ("slack_bolt.App", "WARNING"),
        ("introslack", "ERROR"),
    ]
    assert lines[0]["event"] == "app detail 7"
    assert "ValueError (message withheld)" in lines[2]["exception"]
    assert "Private" not in done.stderr
