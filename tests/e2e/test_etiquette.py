"""Etiquette around the double opt-in: pairs who know each other, thanks, context, timing."""

from __future__ import annotations

from introslack.slack.ids import Action
from tests.e2e.conftest import ALICE, BOB, CAROL, Harness, all_text, button


def _dm_text(harness: Harness, user_id: str) -> str:
    return "\n".join(all_text(m) for m in harness.slack.dm_messages(user_id))


def test_a_party_who_already_knows_the_other_closes_the_intro_happily_without_a_group_dm(
    harness: Harness,
) -> None:
    harness.make_pending_intro()
    ack = harness.driver.click_in_dm(BOB, action_id=Action.ALREADY_CONNECTED.value)
    assert ack.status == 200
    harness.settle()
    assert harness.slack.mpims() == []
    carol = _dm_text(harness, CAROL)
    assert f"<@{BOB}> says they already know <@{ALICE}>" in carol
    alice = _dm_text(harness, ALICE)
    assert "already know each other" in alice and "no intro is needed" in alice
    assert "declined" not in alice and "won't go ahead" not in alice
    for person in (ALICE, BOB):
        assert all(button(m, Action.ACCEPT) is None for m in harness.slack.dm_messages(person))
    late = harness.driver.redeliver(ack, retry_num=1)
    assert late.status == 200
    harness.settle()
    assert harness.slack.mpims() == []
    told = [m for m in harness.slack.dm_messages(CAROL) if "already know" in all_text(m)]
    assert len(told) == 1


def test_a_pair_who_already_knew_each_other_counts_as_a_success_on_the_connectors_home(
    harness: Harness,
) -> None:
    harness.make_pending_intro()
    harness.driver.click_in_dm(ALICE, action_id=Action.ALREADY_CONNECTED.value)
    harness.settle()
    harness.driver.open_home(CAROL)
    home = harness.slack.wait_for(lambda: harness.slack.home_view(CAROL), message="Carol's Home")
    text = all_text(home)
    assert "*1* pair already knew each other" in text
    assert "*100%* accepted" in text
    assert "already knew each other (so said *Alice Adams*)" in text
