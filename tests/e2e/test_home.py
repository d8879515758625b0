"""The Home tab end to end: what each person sees, acting from it, and a history of thousands."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from introslack.domain.intro import Context, Intro, Person, Workspace
from introslack.slack.ids import Action, Block, Callback
from tests.e2e.conftest import ALICE, BOB, CAROL, DAVE, Harness, all_text, button
from tests.factories import T0
from tests.integration.test_home_queries import add_many, counting_statements, life


def home_text(view: dict[str, Any]) -> str:
    return all_text({"blocks": view["blocks"]})


def open_home(harness: Harness, user_id: str) -> dict[str, Any]:
    """Open the Home tab and return the view the app publishes in answer."""
    before = harness.slack.home_view(user_id)
    seen = before["hash"] if before else None
    assert harness.driver.open_home(user_id).status == 200
    return harness.slack.wait_for(
        lambda: _newer(harness.slack.home_view(user_id), seen), message=f"{user_id}'s Home tab"
    )


def _newer(view: dict[str, Any] | None, seen: str | None) -> dict[str, Any] | None:
    return view if view is not None and view["hash"] != seen else None


def home_showing(harness: Harness, user_id: str, text: str) -> dict[str, Any]:
    """Wait until the user's Home tab, republished by the app, shows `text`."""
    return harness.slack.wait_for(
        lambda: _showing(harness.slack.home_view(user_id), text),
        message=f"{text!r} on {user_id}'s Home tab",
    )


def _showing(view: dict[str, Any] | None, text: str) -> dict[str, Any] | None:
    return view if view is not None and text in home_text(view) else None


def click_home(harness: Harness, user_id: str, action: Action, value: str | None = None) -> None:
    view = harness.slack.home_view(user_id)
    assert view is not None, f"{user_id} has no Home tab"
    ack = harness.driver.click(user_id, action_id=action.value, view_id=view["id"], value=value)
    assert ack.status == 200


def top_modal(harness: Harness, user_id: str, callback: Callback) -> dict[str, Any]:
    return harness.slack.wait_for(
        lambda: next(
            (v for v in harness.slack.open_views(user_id)[-1:] if v["callback_id"] == callback),
            None,
        ),
        message=f"the {callback.value} modal for {user_id}",
    )


def home_buttons(view: dict[str, Any], action: Action) -> list[str]:
    values = []
    for block in view["blocks"]:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("type") == "button" and element.get("action_id") == action.value:
                values.append(element["value"])
    return values


def dm_texts(harness: Harness, user_id: str) -> list[str]:
    return [all_text(message) for message in harness.slack.dm_messages(user_id)]


def history(
    harness: Harness, count: int, *, start: int = 0, workspace: Workspace | None = None
) -> list[Intro]:
    """Intros Carol started between Alice and someone new, a minute apart, at every stage."""
    workspace = workspace or harness.app_workspace
    return [
        life(
            Intro(
                id=f"{workspace.team_id[-3:]}{n:06d}",
                workspace=workspace,
                connector_id=CAROL,
                party_a=Person(ALICE, "Alice Adams", "Staff Engineer"),
                party_b=Person(f"U{n:08d}", f"Person {n}"),
                context=Context(why=f"Reason number {n}"),
                created_at=T0 - timedelta(minutes=n + 1),
            ),
            n,
        )
        for n in range(start, start + count)
    ]


# What each person sees ----------------------------------------------------------------------


def test_a_new_user_is_welcomed_and_new_intro_opens_the_same_form_as_the_command(
    harness: Harness,
) -> None:
    view = open_home(harness, DAVE)
    assert "Welcome" in home_text(view)

    click_home(harness, DAVE, Action.NEW_INTRO)
    modal = top_modal(harness, DAVE, Callback.INTRO_MODAL)
    inputs = {block.get("block_id") for block in modal["blocks"]}
    assert {Block.PARTY_A.value, Block.PARTY_B.value} <= inputs


def test_the_connector_each_party_and_an_outsider_each_see_only_their_part(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro(
        **{Block.NOTE_A.value: "ALICE-ONLY note", Block.NOTE_B.value: "BOB-ONLY note"}
    )

    carol = open_home(harness, CAROL)
    assert "Intros you started (1)" in home_text(carol)
    assert "⏳ Alice Adams waiting · ⏳ Bob Brown waiting" in home_text(carol)
    assert home_buttons(carol, Action.REMIND) == home_buttons(carol, Action.CANCEL) == [intro_id]
    assert home_buttons(carol, Action.ACCEPT) == []
    for person, other in ((ALICE, "Bob Brown"), (BOB, "Alice Adams")):
        view = open_home(harness, person)
        assert "Waiting for your answer (1)" in home_text(view) and other in home_text(view)
        assert home_buttons(view, Action.ACCEPT) == home_buttons(view, Action.DECLINE) == [intro_id]
        assert home_buttons(view, Action.REMIND) == []
    dave = open_home(harness, DAVE)
    assert "Welcome" in home_text(dave)
    for private in ("Alice Adams", "Bob Brown", "design systems"):
        assert private not in home_text(dave)


# Acting from the Home tab -------------------------------------------------------------------


def test_accepting_on_the_home_tab_updates_the_request_and_everyones_home(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro()
    open_home(harness, ALICE)
    open_home(harness, CAROL)

    click_home(harness, ALICE, Action.ACCEPT, intro_id)
    home_showing(harness, ALICE, "You said yes (1)")
    home_showing(harness, CAROL, "✅ Alice Adams accepted · ⏳ Bob Brown waiting")
    harness.slack.wait_for(
        lambda: all(button(m, Action.ACCEPT) is None for m in harness.slack.dm_messages(ALICE)),
        message="Alice's request without buttons",
    )
    assert home_buttons(open_home(harness, BOB), Action.ACCEPT) == [intro_id]

    click_home(harness, BOB, Action.ACCEPT, intro_id)
    harness.slack.wait_for(lambda: harness.slack.mpims(), message="the group DM")
    carol = home_showing(harness, CAROL, "were introduced")
    assert "*1* intro made · *100%* accepted · *0%* met" in home_text(carol)
    assert "Intros you started (" not in home_text(carol)
    home_showing(harness, BOB, "You and *Alice Adams* were introduced")
    harness.settle()
    assert len(harness.slack.mpims()) == 1


def test_declining_on_the_home_tab_keeps_the_reason_for_the_connector_alone(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro()
    for person in (ALICE, BOB, CAROL):
        open_home(harness, person)

    click_home(harness, BOB, Action.DECLINE, intro_id)
    modal = top_modal(harness, BOB, Callback.DECLINE_MODAL)
    values = {Block.DECLINE_REASON.value: "bad_timing", Block.DECLINE_NOTE.value: "Launch week"}
    assert harness.driver.submit_view(BOB, modal["id"], values).status == 200

    carol = home_showing(harness, CAROL, "declined the intro")
    assert "Bad timing" in home_text(carol) and "Launch week" in home_text(carol)
    alice = home_showing(harness, ALICE, "won't go ahead")
    bob = home_showing(harness, BOB, "You declined")
    for party in (alice, bob):
        assert "Bad timing" not in home_text(party) and "Launch week" not in home_text(party)
        assert home_buttons(party, Action.ACCEPT) == []
    assert "declined" not in home_text(alice).lower()
    harness.settle()
    assert all(button(m, Action.ACCEPT) is None for m in harness.slack.dm_messages(ALICE))


def test_remind_nudges_only_the_party_still_silent_and_at_most_once_a_day(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro()
    open_home(harness, CAROL)
    harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value)
    home_showing(harness, CAROL, "✅ Alice Adams accepted")
    harness.settle()
    alice_before, bob_before = len(dm_texts(harness, ALICE)), len(dm_texts(harness, BOB))

    click_home(harness, CAROL, Action.REMIND, intro_id)
    reminder = harness.slack.wait_for(
        lambda: harness.slack.dm_messages(BOB)[bob_before:], message="a reminder to Bob"
    )
    assert "gentle reminder" in all_text(reminder[0]) and button(reminder[0], Action.ACCEPT)
    home_showing(harness, CAROL, "you reminded them just now")

    harness.clock.advance(timedelta(hours=20))
    click_home(harness, CAROL, Action.REMIND, intro_id)
    notice = top_modal(harness, CAROL, Callback.NOTICE_MODAL)
    assert "at most one a day" in all_text({"blocks": notice["blocks"]})
    assert "about 4 hours" in all_text({"blocks": notice["blocks"]})
    harness.settle()
    assert len(dm_texts(harness, BOB)) == bob_before + 1

    harness.clock.advance(timedelta(hours=4))
    click_home(harness, CAROL, Action.REMIND, intro_id)
    harness.slack.wait_for(
        lambda: len(harness.slack.dm_messages(BOB)) == bob_before + 2, message="a second reminder"
    )
    harness.settle()
    assert len(dm_texts(harness, ALICE)) == alice_before


def test_cancelling_on_the_home_tab_closes_both_requests_neutrally(harness: Harness) -> None:
    intro_id = harness.make_pending_intro()
    open_home(harness, ALICE)
    open_home(harness, BOB)
    carol = open_home(harness, CAROL)
    (cancel,) = [
        element
        for block in carol["blocks"]
        for element in block.get("elements", [])
        if element.get("action_id") == Action.CANCEL.value
    ]
    assert cancel["confirm"]["title"]["text"] == "Cancel this intro?"

    click_home(harness, CAROL, Action.CANCEL, intro_id)
    home_showing(harness, CAROL, "The intro of *Alice Adams* and *Bob Brown* was cancelled")
    for person, other in ((ALICE, "Bob Brown"), (BOB, "Alice Adams")):
        view = home_showing(harness, person, f"The intro to *{other}* was cancelled")
        assert home_buttons(view, Action.ACCEPT) == []
    harness.settle()
    for person in (ALICE, BOB):
        requests = harness.slack.dm_messages(person)
        assert all(button(m, Action.ACCEPT) is None for m in requests)
        assert "This intro was cancelled" in all_text(requests[0])
    assert harness.slack.mpims() == []


# Thousands of intros ------------------------------------------------------------------------


def test_thousands_of_intros_give_a_bounded_home_that_pages_newest_first(
    harness: Harness,
) -> None:
    intros = history(harness, 5000)
    add_many(harness.app.database, intros)
    closed = sorted(
        (i for i in intros if i.status.is_closed), key=lambda i: (i.closed_at, i.id), reverse=True
    )

    for person in (CAROL, ALICE):
        view = open_home(harness, person)
        assert len(view["blocks"]) <= 100
        assert "Showing 1 to 5 of 3,332" in home_text(view)
    carol = harness.slack.home_view(CAROL)
    assert carol is not None and "Intros you started (1,668)" in home_text(carol)
    assert "Recent (3,332)" in home_text(carol)
    assert "*833* intros made · *33%* accepted · *100%* met" in home_text(carol)

    click_home(harness, CAROL, Action.SHOW_MORE, "recent:1")
    view = home_showing(harness, CAROL, "Showing 6 to 10 of 3,332")
    shown = home_text(view)
    assert all(f"*{i.party_b.name}*" in shown for i in closed[5:10])
    assert all(f"*{i.party_b.name}*" not in shown for i in closed[:5])

    click_home(harness, CAROL, Action.SHOW_MORE, "started:1")
    view = home_showing(harness, CAROL, "Showing 6 to 10 of 1,668")
    assert "Showing 6 to 10 of 3,332" in home_text(view)
    assert len(view["blocks"]) <= 100

    click_home(harness, CAROL, Action.SHOW_MORE, "recent:0")
    view = home_showing(harness, CAROL, "Showing 1 to 5 of 3,332")
    assert f"*{closed[0].party_b.name}*" in home_text(view)


def test_one_render_takes_the_same_number_of_queries_for_ten_intros_or_a_thousand(
    harness: Harness,
) -> None:
    add_many(harness.app.database, history(harness, 12))
    with counting_statements(harness.app.database) as few:
        open_home(harness, ALICE)
        assert harness.app.wait_idle(10), "the refresh's job is finished too"
    add_many(harness.app.database, history(harness, 1200, start=12))
    with counting_statements(harness.app.database) as many:
        view = open_home(harness, ALICE)
        assert harness.app.wait_idle(10)

    assert "Recent (808)" in home_text(view)
    # Remember the viewer and claim the refresh (4); read the counters and a page of each
    # section Alice has (waiting, accepted, recent) and the intros she asked for (6 with the
    # begin); read her intro settings (one row by key, 2); finish the job (2).
    assert 0 < len(few) == len(many) <= 15, (few, many)


def test_nothing_from_another_workspace_appears_on_the_home_tab(harness: Harness) -> None:
    elsewhere = Workspace(team_id="T0ELSEWHR")
    foreign = [
        replace(intro, context=Context(why="FOREIGN secret plans"))
        for intro in history(harness, 12, workspace=elsewhere)
    ]
    add_many(harness.app.database, foreign)

    for person in (CAROL, ALICE):
        view = open_home(harness, person)
        assert "Welcome" in home_text(view)
        assert "FOREIGN" not in home_text(view) and "Person" not in home_text(view)


def test_a_whole_intro_publishes_no_home_tab_that_nobody_has_opened(harness: Harness) -> None:
    harness.make_pending_intro()
    for person in (ALICE, BOB):
        assert harness.driver.click_in_dm(person, action_id=Action.ACCEPT.value).status == 200
    harness.slack.wait_for(lambda: harness.slack.mpims(), message="the group DM")
    harness.settle()
    assert harness.slack.calls_to("views.publish") == []

    open_home(harness, CAROL)
    assert [call.params["user_id"] for call in harness.slack.calls_to("views.publish")] == [CAROL]
