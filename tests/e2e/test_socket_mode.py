"""`python app.py` with SLACK_APP_TOKEN: the happy path over Socket Mode, every ack checked."""

from __future__ import annotations

import json
import signal
from pathlib import Path

from introslack.fakeslack.driver import AckResponse
from introslack.fakeslack.server import FakeSlack
from introslack.fakeslack.socketmode import FakeSocketMode, SocketModeDriver
from introslack.slack.ids import Action, Block
from tests.e2e.app_process import AppProcess
from tests.e2e.conftest import (
    ALICE,
    BOB,
    CAROL,
    DAVE,
    SIGNING_SECRET,
    People,
    add_people,
    all_text,
)
from tests.e2e.test_startup import START_TIMEOUT


def test_an_intro_is_made_over_socket_mode_from_the_command_to_the_home_tab(
    tmp_path: Path,
) -> None:
    with FakeSlack() as slack, FakeSocketMode(slack) as socket:
        add_people(slack)
        env = {
            "SLACK_APP_TOKEN": slack.app_token,
            "SLACK_BOT_TOKEN": slack.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.base_url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'socket.sqlite3'}",
            "INTROSLACK_INTRODUCTION_DELAY": "1s",
        }
        with AppProcess(env, tmp_path) as app:
            socket.wait_for_connection(timeout=START_TIMEOUT)
            driver = SocketModeDriver(socket, slack)
            acks: list[AckResponse] = [driver.slash_command(CAROL, "/intro")]
            modal = slack.wait_for(lambda: slack.open_views(CAROL), message="the intro modal")[-1]

            values = {
                Block.PARTY_A.value: ALICE,
                Block.PARTY_B.value: BOB,
                Block.WHY.value: "You both rebuild design systems.",
            }
            acks.append(driver.submit_view(CAROL, modal["id"], values))
            assert acks[-1].json is None, acks[-1].body  # no errors: the modal closes
            assert slack.open_views(CAROL) == []

            people = People(slack, driver)
            for party in (ALICE, BOB):
                people.wait_for_button(party, Action.ACCEPT)
            for party in (ALICE, BOB):
                acks.append(driver.click_in_dm(party, action_id=Action.ACCEPT.value))
            group = slack.wait_for(slack.mpims, message="the group DM")
            introduction = slack.wait_for(lambda: slack.messages(group[0].id))
            assert "design systems" in all_text(introduction[0])
            assert set(group[0].members) == {ALICE, BOB, slack.bot_user_id}

            acks.append(driver.open_home(DAVE))
            home = slack.wait_for(lambda: slack.home_view(DAVE), message="Dave's Home tab")
            assert home["type"] == "home"
            assert app.stop(signal.SIGINT) == 0, "\n".join(app.lines[-15:])

    sent = socket.envelopes
    assert [e.type for e in sent] == [
        "slash_commands",
        "interactive",
        "interactive",
        "interactive",
        "events_api",
    ]
    assert [ack.envelope_id for ack in acks] == [e.envelope_id for e in sent]
    assert [ack.envelope_id for ack in socket.acks] == [e.envelope_id for e in sent]
    assert socket.problems == []
    opened = slack.calls_to("apps.connections.open")
    assert opened and all(call.ok for call in opened)
    for line in app.lines:
        assert isinstance(json.loads(line), dict), line
