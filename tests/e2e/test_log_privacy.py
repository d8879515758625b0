"""What people type never reaches the app's log, at any log level the README offers."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from introslack.fakeslack.driver import SlackDriver
from introslack.fakeslack.server import FakeSlack
from introslack.slack.ids import Action, Block
from tests.e2e.app_process import AppProcess
from tests.e2e.conftest import ALICE, BOB, CAROL, DAVE, SIGNING_SECRET, People, add_people
from tests.e2e.test_startup import START_TIMEOUT, free_port

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Everything a person types into the app, each recognisable in a log.
TYPED = {
    Block.WHY.value: "Private-why kumquat",
    Block.GAIN_A.value: "Private-gain-a persimmon",
    Block.GAIN_B.value: "Private-gain-b loquat",
    Block.NOTE_A.value: "Private-note-a quince",
    Block.NOTE_B.value: "Private-note-b medlar",
}
TYPED_AGAIN = {block: f"{text} again" for block, text in TYPED.items()}
TYPED_LAST = {block: f"{text} at last" for block, text in TYPED.items()}
DECLINE_NOTE = "Private-decline durian"


@pytest.mark.parametrize("level", LEVELS)
def test_nothing_anyone_typed_reaches_the_log_at_any_level(tmp_path: Path, level: str) -> None:
    port = free_port()
    database = tmp_path / "privacy.sqlite3"
    with FakeSlack() as slack:
        add_people(slack)
        env = {
            "SLACK_BOT_TOKEN": slack.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.base_url,
            "PORT": str(port),
            "DATABASE_URL": f"sqlite:///{database}",
            "INTROSLACK_LOG_LEVEL": level,
            "INTROSLACK_INTRODUCTION_DELAY": "1s",
        }
        with AppProcess(env, tmp_path) as app:
            app.wait_until_healthy(port)
            people = People(
                slack, SlackDriver(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET, slack)
            )
            a_declined_intro(people)
            an_intro_both_accept(people)
            my_data_sent_then_deleted(people)
            a_write_the_database_refuses(people, database)
            app.wait_for_line(lambda line: '"ERROR"' in line, what="the failed intro")
            assert app.stop() == 0
        log = app.lines
    assert log, "the app logged nothing"
    for line in log:
        assert isinstance(json.loads(line), dict), line
    text = "\n".join(log)
    for typed in (*TYPED.values(), DECLINE_NOTE, "Private-", slack.bot_token, SIGNING_SECRET):
        assert typed not in text
    if level in ("DEBUG", "INFO"):
        assert '"personal data deleted"' in text and f'"user_id": "{ALICE}"' in text


def a_declined_intro(people: People) -> None:
    ack = people.submit_intro(CAROL, ALICE, BOB, **TYPED)
    assert ack.status == 200 and not ack.body, ack.body
    for party in (ALICE, BOB):
        people.wait_for_button(party, Action.ACCEPT)
    assert people.decline(ALICE, reason="bad_timing", note=DECLINE_NOTE).status == 200
    people.slack.wait_for(
        lambda: any(DECLINE_NOTE in str(m.get("blocks")) for m in people.slack.dm_messages(CAROL)),
        message="the decline reaching the connector",
    )


def an_intro_both_accept(people: People) -> None:
    ack = people.submit_intro(ALICE, CAROL, DAVE, **TYPED_AGAIN)
    assert ack.status == 200 and not ack.body, ack.body
    for party in (CAROL, DAVE):
        people.wait_for_button(party, Action.ACCEPT)
        assert people.driver.click_in_dm(party, action_id=Action.ACCEPT.value).status == 200
    group = people.slack.wait_for(people.slack.mpims, message="the group DM")
    people.slack.wait_for(lambda: people.slack.messages(group[0].id), message="the introduction")


def my_data_sent_then_deleted(people: People) -> None:
    """Alice asks for her data (which quotes what was typed), then deletes it."""
    assert people.driver.slash_command(ALICE, "/intro", "my-data").status == 200
    people.slack.wait_for(
        lambda: any("as JSON (part" in str(m.get("text")) for m in people.slack.dm_messages(ALICE)),
        message="the export in Alice's DM",
    )
    assert people.driver.slash_command(ALICE, "/intro", "delete-my-data").status == 200
    modal = people.slack.wait_for(
        lambda: (people.slack.open_views(ALICE) or [None])[-1], message="the delete modal"
    )
    assert people.driver.submit_view(ALICE, modal["id"], {}).status == 200


def a_write_the_database_refuses(people: People, database: Path) -> None:
    """Every insert fails in the database (as on a full disk) just as an intro is submitted.

    The listener fails on SQLAlchemy's OperationalError, whose message quotes the INSERT and its
    parameters: what the connector typed. Its ERROR line is also the one every level logs.
    """
    modal = people.open_intro_modal(CAROL)
    with closing(sqlite3.connect(database, timeout=10)) as db:
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        for (table,) in tables:
            db.execute(
                f'CREATE TRIGGER "refuse_{table}" BEFORE INSERT ON "{table}" '
                "BEGIN INSERT INTO write_refused VALUES (1); END"  # no such table
            )
        db.commit()
    values = {Block.PARTY_A.value: BOB, Block.PARTY_B.value: DAVE, **TYPED_LAST}
    people.driver.ack_deadline = START_TIMEOUT  # how long a failing write takes is not the point
    people.driver.submit_view(CAROL, modal["id"], values)
