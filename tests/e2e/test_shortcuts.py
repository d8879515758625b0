"""The shortcuts open the intro form: empty from anywhere, with the author from a message."""

from __future__ import annotations

from typing import Any

from introslack.slack.ids import Block, Callback, Shortcut
from tests.e2e.conftest import ALICE, CAROL, Harness


def intro_form(harness: Harness, user_id: str) -> dict[str, Any]:
    view = harness.slack.wait_for(
        lambda: next(
            (
                v
                for v in harness.slack.open_views(user_id)
                if v["callback_id"] == Callback.INTRO_MODAL
            ),
            None,
        ),
        message=f"the intro form for {user_id}",
    )
    return dict(view)


def picked(view: dict[str, Any], block: Block) -> str | None:
    (found,) = [b for b in view["blocks"] if b.get("block_id") == block.value]
    return found["element"].get("initial_user")


def test_make_an_intro_opens_the_same_form_as_the_command_with_nobody_picked(
    harness: Harness,
) -> None:
    assert harness.driver.global_shortcut(CAROL, Shortcut.MAKE_INTRO.value).status == 200
    view = intro_form(harness, CAROL)
    assert picked(view, Block.PARTY_A) is None and picked(view, Block.PARTY_B) is None


def test_introduce_the_author_starts_the_form_with_the_messages_author(
    harness: Harness,
) -> None:
    channel = harness.slack.general_channel_id
    ts = harness.slack.post_user_message(channel, ALICE, "Anyone know about design systems?")
    ack = harness.driver.message_shortcut(
        CAROL, Shortcut.INTRODUCE_AUTHOR.value, channel_id=channel, message_ts=ts
    )
    assert ack.status == 200
    view = intro_form(harness, CAROL)
    assert picked(view, Block.PARTY_A) == ALICE and picked(view, Block.PARTY_B) is None
