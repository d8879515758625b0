"""The Home tab as each person sees it: built from data alone, no Slack and no database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from slack_sdk.models.blocks import Block as SlackBlock
from slack_sdk.models.views import View

from introslack.domain.intro import (
    Accepted,
    AskedLater,
    Cancelled,
    Context,
    Declined,
    DeclineReason,
    Expired,
    FollowedUp,
    Intro,
    Outcome,
    Person,
    Side,
    apply,
)
from introslack.fakeslack.blockkit import validate_view, view_too_large
from introslack.slack.ids import Action
from introslack.slack.views.home import ago, home_view, parse_pages, parse_show_more
from introslack.store.home import Home, Section, StartedIntro, Tally
from tests.blocks import buttons as block_buttons
from tests.blocks import readable, text_objects
from tests.factories import T0, WORKSPACE

JSON = dict[str, Any]
CAROL, ALICE, BOB, DAVE = "U0CAROL01", "U0ALICE01", "U0BOB0001", "U0DAVE001"
NOW = T0 + timedelta(days=2, hours=3)
INJECTIONS = ("<!channel>", "<!here>", "<@U999>", "<https://x|y>")
HOSTILE = " ".join(INJECTIONS)


def make_intro(number: int = 1, **changes: Any) -> Intro:
    intro = Intro(
        id=f"intro{number:04d}",
        workspace=WORKSPACE,
        connector_id=CAROL,
        party_a=Person(ALICE, "Alice Adams", "Staff Engineer"),
        party_b=Person(BOB, "Bob Brown", "Design Lead"),
        context=Context(why="You both rebuild design systems."),
        created_at=T0,
    )
    return replace(intro, **changes)


def make_home(user_id: str, **lists: Any) -> Home:
    """A Home whose tally matches its lists, unless the test gives one."""
    tally = lists.pop("tally", None) or Tally(
        waiting=len(lists.get("waiting", [])),
        started=len(lists.get("started", [])),
        accepted=len(lists.get("accepted", [])),
        recent=len(lists.get("recent", [])),
    )
    return Home(user_id=user_id, tally=tally, per_page=lists.pop("per_page", 5), **lists)


def made(intro: Intro) -> Intro:
    return apply(apply(intro, Accepted(Side.A), now=T0), Accepted(Side.B), now=T0)


def declined_by_bob(intro: Intro) -> Intro:
    reason = Declined(Side.B, DeclineReason.BAD_TIMING, "Launch week SECRET-NOTE")
    return apply(apply(intro, Accepted(Side.A), now=T0), reason, now=T0 + timedelta(days=1))


# Reading what Slack would show --------------------------------------------------------------


def shown(view: JSON) -> str:
    return readable(view["blocks"])


def buttons(view: JSON) -> list[JSON]:
    return block_buttons(view["blocks"])


def button_values(view: JSON, action: Action) -> list[str]:
    return [b["value"] for b in buttons(view) if b["action_id"] == action.value]


def assert_valid_home(view: JSON) -> None:
    """What Slack checks: slack_sdk's validators, the fake Slack's schema, and the size cap."""
    assert View(**view).to_dict()["type"] == "home"
    for block in view["blocks"]:
        parsed = SlackBlock.parse(block)
        assert parsed is not None and parsed.to_dict() == block
    assert validate_view(view) == []
    assert not view_too_large(view)
    assert len(view["blocks"]) <= 100


# A new user ---------------------------------------------------------------------------------


def test_a_new_user_is_welcomed_and_offered_a_new_intro_with_no_empty_sections() -> None:
    view = home_view(make_home(DAVE), now=NOW)

    assert "Welcome" in shown(view) and "privately" in shown(view)
    offered = [b["action_id"] for b in buttons(view)]
    assert offered == [Action.NEW_INTRO.value, Action.ASK_INTRO.value]
    for title in ("Waiting for your answer", "Intros you started", "You said yes", "Recent"):
        assert title not in shown(view)
    assert_valid_home(view)


# Each section, from each side ---------------------------------------------------------------


def test_a_party_can_accept_or_decline_a_waiting_request_right_on_the_home_tab() -> None:
    intro = make_intro()
    view = home_view(make_home(ALICE, waiting=[intro]), now=NOW)

    text = shown(view)
    assert "Waiting for your answer (1)" in text
    assert f"<@{CAROL}> would like to introduce you to *Bob Brown*, Design Lead" in text
    assert "design systems" in text and "Asked 2 days ago" in text
    assert button_values(view, Action.ACCEPT) == [intro.id]
    assert button_values(view, Action.DECLINE) == [intro.id]
    assert "Alice Adams" not in text


def test_the_connector_sees_where_each_side_stands_and_how_long_it_has_been() -> None:
    intro = apply(make_intro(), Accepted(Side.A), now=T0)
    reminded = StartedIntro(intro, reminded_at=NOW - timedelta(hours=3))
    view = home_view(make_home(CAROL, started=[reminded]), now=NOW)

    text = shown(view)
    assert "Intros you started (1)" in text
    assert "✅ Alice Adams accepted · ⏳ Bob Brown waiting" in text
    assert "Started 2 days ago · you reminded them 3 hours ago" in text
    assert button_values(view, Action.REMIND) == [intro.id]
    (cancel,) = [b for b in buttons(view) if b["action_id"] == Action.CANCEL.value]
    assert cancel["value"] == intro.id
    assert (
        "Alice Adams and Bob Brown will see that you cancelled it"
        in cancel["confirm"]["text"]["text"]
    )
    assert_valid_home(view)


def test_a_party_who_said_yes_waits_without_learning_the_other_answer() -> None:
    intro = apply(make_intro(), Accepted(Side.A), now=T0)
    view = home_view(make_home(ALICE, accepted=[intro]), now=NOW)

    text = shown(view)
    assert "You said yes (1)" in text
    assert "I'll introduce you as soon as Bob Brown says yes too." in text
    assert "waiting" not in text
    assert button_values(view, Action.ACCEPT) == []


def test_a_decline_reason_and_note_show_to_the_connector_and_to_no_party() -> None:
    intro = declined_by_bob(make_intro())

    connector = shown(home_view(make_home(CAROL, recent=[intro]), now=NOW))
    assert "*Bob Brown* declined the intro to *Alice Adams*." in connector
    assert "Bad timing" in connector and "SECRET-NOTE" in connector
    assert "Declined 1 day ago" in connector
    alice = shown(home_view(make_home(ALICE, recent=[intro]), now=NOW))
    bob = shown(home_view(make_home(BOB, recent=[intro]), now=NOW))
    assert "won't go ahead" in alice
    assert "You declined the intro to *Alice Adams*" in bob
    for party_view in (alice, bob):
        for secret in ("Bad timing", "SECRET-NOTE", "Reason"):
            assert secret not in party_view
    assert "declined" not in alice.lower()
    assert "Closed 1 day ago" in alice


def test_each_party_sees_only_their_own_follow_up_answer_and_the_connector_sees_both() -> None:
    intro = made(make_intro())
    intro = apply(intro, FollowedUp(Side.A, Outcome.MET), now=T0)
    intro = apply(intro, FollowedUp(Side.B, Outcome.NOT_YET), now=T0)

    connector = shown(home_view(make_home(CAROL, recent=[intro]), now=NOW))
    assert "Alice Adams: _We met_ · Bob Brown: _Not yet_" in connector
    alice = shown(home_view(make_home(ALICE, recent=[intro]), now=NOW))
    assert "You said: _We met_" in alice and "Not yet" not in alice
    bob = shown(home_view(make_home(BOB, recent=[intro]), now=NOW))
    assert "You said: _Not yet_" in bob and "We met" not in bob


@pytest.mark.parametrize(
    ("close", "connector_sees", "party_sees"),
    [
        (lambda i: apply(i, Expired(), now=T0), "No answer from *Alice Adams* and", "expired"),
        (
            lambda i: apply(i, Cancelled(), now=T0),
            "The intro of *Alice Adams* and *Bob Brown* was cancelled",
            "cancelled",
        ),
    ],
)
def test_expired_and_cancelled_intros_say_so_to_each_side(
    close: Any, connector_sees: str, party_sees: str
) -> None:
    intro = close(make_intro())
    assert connector_sees in shown(home_view(make_home(CAROL, recent=[intro]), now=NOW))
    assert party_sees in shown(home_view(make_home(BOB, recent=[intro]), now=NOW))


def test_an_intro_the_user_is_not_part_of_is_never_rendered() -> None:
    intro = declined_by_bob(make_intro())
    home = make_home(
        DAVE,
        waiting=[make_intro()],
        started=[StartedIntro(make_intro())],
        accepted=[make_intro()],
        recent=[intro],
    )
    text = shown(home_view(home, now=NOW))
    for leaked in ("Alice", "Bob", "design systems", "Bad timing"):
        assert leaked not in text


def test_the_summary_counts_made_acceptance_and_met_for_intros_the_user_started() -> None:
    tally = Tally(started_ever=10, started_made=4, started_decided=8, started_met=1)
    text = shown(home_view(make_home(CAROL, tally=tally), now=NOW))
    assert "Intros you started: *4* intros made · *50%* accepted · *25%* met" in text
    assert "Intros you started" not in shown(home_view(make_home(ALICE), now=NOW))


# Paging -------------------------------------------------------------------------------------


def test_show_more_appears_only_while_there_is_more_and_later_pages_lead_back() -> None:
    page = [make_intro(n) for n in range(5)]
    first = home_view(make_home(ALICE, waiting=page, tally=Tally(waiting=12)), now=NOW)
    assert "Showing 1 to 5 of 12" in shown(first)
    assert button_values(first, Action.SHOW_MORE) == ["waiting:1"]

    last = home_view(
        make_home(ALICE, waiting=page[:2], tally=Tally(waiting=12), pages={Section.WAITING: 2}),
        now=NOW,
    )
    assert "Showing 11 to 12 of 12" in shown(last)
    assert button_values(last, Action.SHOW_MORE) == ["waiting:0"]
    assert parse_pages(last["private_metadata"]) == {Section.WAITING: 2}

    fits = home_view(make_home(ALICE, waiting=page), now=NOW)
    assert button_values(fits, Action.SHOW_MORE) == []


def test_show_more_values_and_stored_pages_read_back_leniently() -> None:
    assert parse_show_more("recent:3") == (Section.RECENT, 3)
    assert parse_show_more("recent:-1") == (Section.RECENT, 0)
    for odd in ("", "recent", "recent:x", "secrets:1"):
        assert parse_show_more(odd) is None
    assert parse_pages('{"recent": 2, "started": 0, "nope": 1, "waiting": "x"}') == {
        Section.RECENT: 2
    }
    for stored in (None, "", "[1]", "{not json"):
        assert parse_pages(stored) == {}


# Limits and escaping ------------------------------------------------------------------------


def hostile(intro: Intro) -> Intro:
    long = "<&>" * 400
    return replace(
        intro,
        party_a=Person(ALICE, f"Alice {HOSTILE} {long}", f"CTO {HOSTILE} {long}"),
        party_b=Person(BOB, f"Bob {HOSTILE} {long}", f"VP {HOSTILE} {long}"),
        context=Context(why=f"why {HOSTILE} {long}"),
    )


def worst_views() -> Iterator[JSON]:
    """Full pages in every section, with the longest and nastiest text a user could type."""
    note = f"note {HOSTILE} " + "<&>" * 200
    decline = Declined(Side.B, DeclineReason.OTHER, note)
    waiting = [hostile(make_intro(n)) for n in range(5)]
    accepted = [apply(i, Accepted(Side.A), now=T0) for i in waiting]
    recent = [apply(i, decline, now=T0) for i in accepted]
    tally = Tally(
        waiting=10**6,
        started=10**6,
        accepted=10**6,
        recent=10**6,
        started_ever=10**6,
        started_made=1,
        started_decided=3,
        started_met=1,
    )
    pages = {section: 3 for section in Section}
    for user_id in (CAROL, ALICE, BOB):
        home = make_home(
            user_id,
            tally=tally,
            pages=pages,
            waiting=waiting,
            started=[StartedIntro(i, reminded_at=T0) for i in accepted],
            accepted=accepted,
            recent=recent,
        )
        yield home_view(home, now=NOW)


def test_full_pages_of_the_longest_texts_stay_within_slack_limits() -> None:
    for view in worst_views():
        assert_valid_home(view)
        assert "…" in shown(view)


def test_user_text_never_pings_anyone_on_the_home_tab() -> None:
    for view in worst_views():
        for text in text_objects(view["blocks"]):
            if text["type"] == "mrkdwn":
                assert all(injection not in text["text"] for injection in INJECTIONS)
    everything = "\n".join(shown(view) for view in worst_views())
    for field in ("why", "Alice", "CTO", "note"):
        assert f"{field} &lt;!channel&gt;" in everything


def test_even_an_oversized_page_is_cut_to_a_hundred_blocks() -> None:
    many = [make_intro(n) for n in range(60)]
    view = home_view(make_home(ALICE, waiting=many, per_page=60), now=NOW)
    assert len(view["blocks"]) == 100
    assert_valid_home(view)


# Time ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("elapsed", "said"),
    [
        (timedelta(seconds=-5), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(hours=5, minutes=59), "5 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=13), "1 week ago"),
        (timedelta(days=45), "1 month ago"),
        (timedelta(days=800), "2 years ago"),
    ],
)
def test_how_long_ago_reads_naturally(elapsed: timedelta, said: str) -> None:
    assert ago(NOW - elapsed, NOW) == said


def test_a_waiting_request_offers_every_answer_of_the_dm_and_a_postponed_one_says_when() -> None:
    waiting = make_intro(1)
    postponed = apply(make_intro(2), AskedLater(Side.A, 2), now=T0)
    view = home_view(make_home(ALICE, waiting=[waiting, postponed]), now=NOW)

    rows = [b for b in view["blocks"] if b["type"] == "actions" and "waiting:" in b["block_id"]]
    assert [[e["action_id"] for e in row["elements"]] for row in rows] == [
        [
            Action.ACCEPT,
            Action.DECLINE,
            Action.ALREADY_CONNECTED,
            Action.PREFERENCE,
            f"{Action.LATER.value}:2",
            f"{Action.LATER.value}:4",
        ],
        [Action.ACCEPT, Action.DECLINE, Action.ALREADY_CONNECTED, Action.PREFERENCE],
    ]
    assert shown(view).count("I'll ask you again on Mon 7 Dec at 3:00 PM") == 1  # UTC: no zone
    assert_valid_home(view)


def test_a_full_page_of_postponed_and_waiting_requests_stays_within_slacks_limits() -> None:
    intros = [make_intro(n) for n in range(1, 6)]
    intros[0] = apply(intros[0], AskedLater(Side.A, 4), now=T0)
    tally = Tally(waiting=40, started=40, accepted=40, recent=40)
    everything = {"waiting": intros, "accepted": intros, "recent": [made(i) for i in intros]}
    view = home_view(make_home(ALICE, tally=tally, **everything), now=NOW)
    assert_valid_home(view)


def test_the_connector_sees_who_asked_to_be_asked_again_later() -> None:
    postponed = apply(make_intro(), AskedLater(Side.B, 2), now=T0)
    view = home_view(make_home(CAROL, started=[StartedIntro(postponed)]), now=NOW)
    assert "Bob Brown asked to be asked again later" in shown(view)
