"""Log lines are one JSON object each, with ids and codes, and nothing else a record carries."""

from __future__ import annotations

import json
import logging

from introslack.logs import JsonLines


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
