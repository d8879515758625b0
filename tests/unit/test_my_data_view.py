"""A person's export: numbered parts below Slack's limits, which join into the whole document."""

from __future__ import annotations

import json

from introslack.slack.mrkdwn import unescape
from introslack.slack.views.my_data import PART_MAX, my_data_messages, split_lines

FENCE = "```"


def test_a_long_export_is_sent_in_numbered_parts_that_join_into_the_whole_document() -> None:
    document = {"intros": [{"why": f"<@U{n:05}> & friends " * 20} for n in range(300)]}

    messages = my_data_messages(document)

    assert len(messages) > 1
    assert all(len(message.text) < PART_MAX + 200 for message in messages)
    assert f"part 1 of {len(messages)}" in messages[0].text
    bodies = [unescape(m.text.split(f"\n{FENCE}\n", 1)[1].removesuffix(FENCE)) for m in messages]
    assert json.loads("".join(bodies)) == document
    assert all(body.endswith("\n") for body in bodies[:-1])  # each part ends at a line end
    assert all("<@" not in message.text for message in messages)  # nothing in it pings


def test_a_single_line_longer_than_a_part_is_cut_and_still_joins_back() -> None:
    text = "x" * (3 * PART_MAX)

    parts = split_lines(text, PART_MAX)

    assert "".join(parts) == text
    assert all(len(part) <= PART_MAX for part in parts)


def test_a_short_export_is_one_message() -> None:
    assert len(my_data_messages({"user_id": "U0ALICE01"})) == 1
