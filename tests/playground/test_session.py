"""The playground without a browser: the real app, its simulated workspace, and the page's API."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from introslack.playground import page
from introslack.playground.page import directory
from introslack.playground.render import blocks_html, modal_html
from introslack.playground.session import Playground, PlaygroundError
from introslack.slack.ids import Action, Block
from tests.blocks import readable
from tests.playground.conftest import BUILD_BOT, KENJI, MAYA, PRIYA, SOFIA, Served

WHY = "You're both rebuilding checkout this quarter."
SETTLE = 15.0  # seconds: generous, for a busy machine; the waits end as soon as the change shows
REMINDER = "gentle reminder"


def open_intro_modal(playground: Playground, text: str = "") -> dict[str, Any]:
    playground.send(PRIYA, "messages", f"/intro {text}".strip())
    slack = playground.session.slack
    view: dict[str, Any] = slack.wait_for(
        lambda: (slack.open_views(PRIYA) or [None])[-1], message="the intro modal", timeout=SETTLE
    )
    return view


def propose(playground: Playground, a: str = MAYA, b: str = KENJI) -> dict[str, str]:
    modal = open_intro_modal(playground)
    values = {Block.PARTY_A.value: a, Block.PARTY_B.value: b, Block.WHY.value: WHY}
    return playground.submit(PRIYA, modal["id"], values)


def request_for(playground: Playground, user_id: str) -> dict[str, Any]:
    slack = playground.session.slack
    message: dict[str, Any] = slack.wait_for(
        lambda: next((m for m in slack.dm_messages(user_id) if button(m, Action.ACCEPT)), None),
        message=f"a request in {user_id}'s DM",
        timeout=SETTLE,
    )
    return message


def button(message: dict[str, Any], action: Action) -> tuple[str, dict[str, Any]] | None:
    for block in message.get("blocks") or []:
        for element in [*(block.get("elements") or []), block.get("accessory") or {}]:
            if element.get("action_id") == action.value:
                return str(block["block_id"]), element
    return None


def click_in_dm(playground: Playground, user_id: str, action: Action = Action.ACCEPT) -> None:
    message = request_for(playground, user_id)
    found = button(message, action)
    assert found is not None
    block_id, element = found
    playground.click(
        user_id,
        action_id=action.value,
        block_id=block_id,
        value=element.get("value"),
        channel_id=playground.session.slack.dm_channel(user_id),
        message_ts=message["ts"],
    )


def dm_text(playground: Playground, user_id: str) -> str:
    messages = playground.session.slack.dm_messages(user_id)
    return "\n".join(readable(m.get("blocks") or [], fallback=m.get("text")) for m in messages)


def test_an_intro_made_in_the_playground_ends_in_a_group_dm_for_both(served: Served) -> None:
    playground = served.playground
    slack = playground.session.slack
    assert propose(playground) == {}
    for party in (MAYA, KENJI):
        click_in_dm(playground, party)
    group_dm = slack.wait_for(
        lambda: next((c for c in slack.mpims() if c.messages), None),
        message="the group DM",
        timeout=SETTLE,
    )
    assert set(group_dm.members) == {slack.bot_user_id, MAYA, KENJI}
    assert "An introduction" in readable(group_dm.messages[0]["blocks"])
    kenji_sees = page.view(playground.snapshot(KENJI), group_dm.id)
    assert "An introduction" in kenji_sees.regions["main"]
    assert "Maya Okafor" in kenji_sees.regions["sidebar"]


def test_every_block_the_app_sent_can_be_drawn(served: Served) -> None:
    playground = served.playground
    propose(playground)
    click_in_dm(playground, MAYA)
    playground.open_app(PRIYA, "home")
    slack = playground.session.slack
    slack.wait_for(lambda: slack.home_view(PRIYA), SETTLE, message="Priya's Home tab")
    slack.wait_for(lambda: "You accepted" in dm_text(playground, MAYA), SETTLE, message="answer")
    request_for(playground, KENJI)
    people = directory(playground.snapshot(PRIYA))
    drawn = 0
    for call in slack.calls:
        if call.method in ("chat.postMessage", "chat.update"):
            html = blocks_html(call.params.get("blocks"), people)
        elif call.method in ("views.open", "views.update", "views.publish"):
            html = modal_html({**call.params["view"], "id": "V1"}, people, {})
        else:
            continue
        assert "Unsupported" not in html, call.method
        drawn += 1
    assert drawn >= 5  # the modal, three DMs, an update, the Home tab


def test_the_apps_inline_errors_show_on_the_modal(served: Served) -> None:
    playground = served.playground
    errors = propose(playground, a=MAYA, b=BUILD_BOT)
    assert errors == {Block.PARTY_B.value: "Build Bot is a bot or an app; intros are for people."}
    shown = page.view(playground.snapshot(PRIYA), "messages").regions["modal"]
    assert "Build Bot is a bot or an app; intros are for people." in shown


def test_a_mention_typed_as_a_handle_prefills_the_modal(served: Served) -> None:
    modal = open_intro_modal(served.playground, "@maya @Sofia")
    elements = {b.get("block_id"): b.get("element") for b in modal["blocks"]}
    assert elements[Block.PARTY_A.value]["initial_user"] == MAYA
    assert elements[Block.PARTY_B.value]["initial_user"] == SOFIA


def test_typing_in_a_group_dm_posts_as_that_person_escaped_as_slack_does(
    served: Served,
) -> None:
    playground = served.playground
    general = playground.session.slack.general_channel_id
    assert playground.send(MAYA, general, "Hi <everyone> & @kenji") is None
    (message,) = playground.session.slack.messages(general)
    assert message["user"] == MAYA
    assert message["text"] == "Hi &lt;everyone&gt; &amp; <@U0KENJI001|kenji>"


def test_the_apps_messages_tab_takes_commands_only(served: Served) -> None:
    note = served.playground.send(PRIYA, "messages", "hello?")
    assert note is not None and "turned off" in note
    assert "not a valid command" in (served.playground.send(PRIYA, "messages", "/nope") or "")


def test_nobody_can_act_as_a_bot_or_in_a_conversation_they_are_not_in(served: Served) -> None:
    playground = served.playground
    with pytest.raises(PlaygroundError):
        playground.send(BUILD_BOT, "messages", "/intro")
    propose(playground)
    click_in_dm(playground, MAYA)
    click_in_dm(playground, KENJI)
    slack = playground.session.slack
    group_dm = slack.wait_for(lambda: next(iter(slack.mpims()), None), SETTLE)
    with pytest.raises(PlaygroundError):
        playground.send(SOFIA, group_dm.id, "let me in")


def test_moving_the_clock_forward_sends_the_reminder_without_waiting(served: Served) -> None:
    playground = served.playground
    propose(playground)
    request_for(playground, MAYA)
    for _ in range(6):
        if REMINDER in dm_text(playground, MAYA):
            break
        playground.travel("1d")
    assert REMINDER in dm_text(playground, MAYA)
    assert "expired" not in dm_text(playground, MAYA)
    assert playground.snapshot(MAYA).ahead.days >= 3


def test_a_week_later_the_unanswered_intro_has_expired(served: Served) -> None:
    playground = served.playground
    propose(playground)
    request_for(playground, MAYA)
    playground.travel("1w")
    playground.travel("1d")
    assert "This intro has expired." in dm_text(playground, MAYA)


def test_time_only_moves_by_the_offered_steps(served: Served) -> None:
    with pytest.raises(PlaygroundError):
        served.playground.travel("-1d")


def test_reset_starts_a_fresh_workspace_and_database(served: Served) -> None:
    playground = served.playground
    propose(playground)
    request_for(playground, MAYA)
    playground.travel("1d")
    before = playground.generation
    playground.reset()
    assert playground.generation == before + 1
    assert playground.session.slack.dm_messages(MAYA) == []
    assert playground.snapshot(MAYA).ahead.total_seconds() == 0
    assert propose(playground) == {}  # the same pair again: the old pending intro is gone


# The page's HTTP API ------------------------------------------------------------------------


def test_the_page_and_its_state_are_served_for_the_chosen_person(served: Served) -> None:
    status, state = served.request(f"/playground/state?as={MAYA}&pane=home")
    assert status == 200
    assert state["as"] == MAYA and state["pane"] == "home" and state["composer"] is None
    assert set(state["regions"]) == {"sidebar", "main", "modal", "clock"}
    assert "Lagos" in state["regions"]["clock"]


def test_a_watching_page_hears_of_a_change_at_once(served: Served) -> None:
    _, state = served.request(f"/playground/state?as={PRIYA}")
    answers: list[dict[str, Any]] = []
    query = f"as={PRIYA}&wait=1&generation={state['generation']}&version={state['version']}"
    watcher = threading.Thread(
        target=lambda: answers.append(served.request(f"/playground/state?{query}")[1])
    )
    started = time.monotonic()
    watcher.start()
    status, _ = served.request(
        "/playground/send", {"as": PRIYA, "pane": "messages", "text": "/intro"}
    )
    watcher.join(timeout=10)
    assert status == 200 and answers
    assert answers[0]["version"] > state["version"]
    assert time.monotonic() - started < 10


def test_actions_run_from_the_page_api(served: Served) -> None:
    status, answer = served.request(
        "/playground/send", {"as": PRIYA, "pane": "messages", "text": "/intro"}
    )
    assert (status, answer) == (200, {"ok": True, "note": None})
    status, answer = served.request("/playground/travel", {"by": "1h"})
    assert status == 200 and answer["ok"]
    status, answer = served.request("/playground/open", {"as": PRIYA, "tab": "attic"})
    assert status == 409 and not answer["ok"]


def test_the_playground_listens_on_the_loopback_address_only(served: Served) -> None:
    assert served.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Host": "attacker.example:80"}, 421),
        ({"Origin": "http://attacker.example"}, 403),
        ({"Content-Type": "text/plain"}, 415),
    ],
)
def test_requests_from_other_sites_or_names_are_refused(
    served: Served, headers: dict[str, str], status: int
) -> None:
    answer, body = served.request("/playground/reset", {}, headers=headers)
    assert answer == status and not body["ok"]
    assert served.playground.generation == 1


def test_the_apps_own_routes_are_served_by_the_real_app(served: Served) -> None:
    import urllib.request

    with urllib.request.urlopen(f"{served.url}/healthz", timeout=5) as answer:
        assert answer.status == 200


def test_an_ephemeral_note_shows_only_to_the_person_it_is_for(served: Served) -> None:
    playground = served.playground
    assert playground.send(PRIYA, "messages", "/intro help") is None
    priya_sees = page.view(playground.snapshot(PRIYA), "messages").regions["main"]
    assert "Only visible to you" in priya_sees and "to introduce two colleagues" in priya_sees
    general = playground.session.slack.general_channel_id
    playground.send(PRIYA, general, "/intro help")
    maya_sees = page.view(playground.snapshot(MAYA), general).regions["main"]
    assert "to introduce two colleagues" not in maya_sees
