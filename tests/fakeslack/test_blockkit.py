"""The fake's Block Kit validator rejects what Slack rejects, with Slack-style JSON pointers."""

from __future__ import annotations

from typing import Any

import pytest

from introslack.fakeslack.blockkit import (
    fill_ids,
    validate_message_blocks,
    validate_view,
    view_too_large,
)


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def section(text: str = "hello", **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": mrkdwn(text), **extra}


def button(action_id: str = "go", text: str = "Go", **extra: Any) -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "text": plain(text), **extra}


def text_input_block(block_id: str = "note") -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain("Note"),
        "element": {"type": "plain_text_input", "action_id": "value"},
    }


def modal(*blocks: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": plain("Intro"),
        "submit": plain("Send"),
        "blocks": list(blocks),
        **extra,
    }


def test_a_reasonable_message_passes() -> None:
    blocks = [
        {"type": "header", "text": plain("New intro")},
        section("*Alice* would like to meet you", accessory=button()),
        {"type": "context", "elements": [mrkdwn("sent by introslack")]},
        {"type": "divider"},
        {
            "type": "actions",
            "elements": [button("yes", style="primary"), button("no", style="danger")],
        },
    ]
    assert validate_message_blocks(blocks) == []


def test_section_text_over_3000_characters_is_reported_with_its_pointer() -> None:
    errors = validate_message_blocks([section("x" * 3001)])
    assert "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]" in errors


def test_a_message_may_not_have_more_than_50_blocks() -> None:
    errors = validate_message_blocks([section() for _ in range(51)])
    assert errors == ["[ERROR] no more than 50 items allowed [json-pointer:/blocks]"]


def test_a_section_needs_text_or_fields() -> None:
    assert validate_message_blocks([{"type": "section"}]) == [
        "[ERROR] must provide either text or fields [json-pointer:/blocks/0]"
    ]


def test_section_fields_are_limited_to_ten_of_2000_characters() -> None:
    too_many = validate_message_blocks([{"type": "section", "fields": [mrkdwn("a")] * 11}])
    too_long = validate_message_blocks([{"type": "section", "fields": [mrkdwn("a" * 2001)]}])
    assert too_many == ["[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/fields]"]
    assert "[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]" in (
        too_long
    )


def test_a_header_must_be_plain_text_of_at_most_150_characters() -> None:
    assert validate_message_blocks([{"type": "header", "text": mrkdwn("hi")}])
    assert validate_message_blocks([{"type": "header", "text": plain("h" * 151)}])
    assert validate_message_blocks([{"type": "header", "text": plain("h" * 150)}]) == []


@pytest.mark.parametrize(
    ("element", "pointer"),
    [
        (button(text="t" * 76), "/blocks/0/elements/0/text/text"),
        (button(value="v" * 2001), "/blocks/0/elements/0/value"),
        (button(action_id="a" * 256), "/blocks/0/elements/0/action_id"),
        (button(style="secondary"), "/blocks/0/elements/0/style"),
        ({"type": "button", "action_id": "go", "text": mrkdwn("Go")}, "/blocks/0/elements/0/text"),
    ],
)
def test_button_limits_are_enforced(element: dict[str, Any], pointer: str) -> None:
    errors = validate_message_blocks([{"type": "actions", "elements": [element]}])
    assert any(error.endswith(f"[json-pointer:{pointer}]") for error in errors), errors


def test_actions_allow_25_elements_with_unique_action_ids() -> None:
    many = [button(f"b{i}") for i in range(26)]
    twins = [button("same"), button("same")]
    assert validate_message_blocks([{"type": "actions", "elements": many}]) == [
        "[ERROR] no more than 25 items allowed [json-pointer:/blocks/0/elements]"
    ]
    assert validate_message_blocks([{"type": "actions", "elements": twins}]) == [
        "[ERROR] duplicate action_id: 'same' [json-pointer:/blocks/0/elements/1/action_id]"
    ]


def test_context_allows_ten_elements() -> None:
    errors = validate_message_blocks([{"type": "context", "elements": [mrkdwn("c")] * 11}])
    assert errors == ["[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/elements]"]


def test_block_ids_must_be_unique_and_short() -> None:
    duplicate = validate_message_blocks([section(block_id="a"), section(block_id="a")])
    too_long = validate_message_blocks([section(block_id="b" * 256)])
    assert duplicate == ["[ERROR] duplicate block_id: 'a' [json-pointer:/blocks/1/block_id]"]
    assert too_long == [
        "[ERROR] must be less than 256 characters [json-pointer:/blocks/0/block_id]"
    ]


def test_unknown_block_types_are_invalid() -> None:
    errors = validate_message_blocks([{"type": "sektion", "text": mrkdwn("x")}])
    assert "[ERROR] unsupported block type: 'sektion' [json-pointer:/blocks/0/type]" in errors


def test_text_objects_need_a_known_type_and_mrkdwn_takes_no_emoji_flag() -> None:
    assert validate_message_blocks([{"type": "section", "text": {"type": "markdown", "text": "x"}}])
    emoji = validate_message_blocks([section(text="x") | {"text": mrkdwn("x") | {"emoji": True}}])
    assert emoji == [
        "[ERROR] is not allowed for mrkdwn text objects [json-pointer:/blocks/0/text/emoji]"
    ]


def test_select_options_and_confirm_dialogs_are_limited() -> None:
    options = [{"text": plain(f"o{i}"), "value": str(i)} for i in range(101)]
    select = {"type": "static_select", "action_id": "pick", "options": options}
    long_option = {"text": plain("o" * 76), "value": "v" * 151}
    confirm = {
        "title": plain("t" * 101),
        "text": plain("ok"),
        "confirm": plain("y"),
        "deny": plain("n"),
    }
    errors = validate_message_blocks(
        [
            {"type": "actions", "elements": [select]},
            {
                "type": "actions",
                "elements": [
                    {"type": "static_select", "action_id": "p", "options": [long_option]},
                    button("b", confirm=confirm),
                ],
            },
        ]
    )
    assert (
        "[ERROR] no more than 100 items allowed [json-pointer:/blocks/0/elements/0/options]"
        in errors
    )
    assert any("/blocks/1/elements/0/options/0/text/text]" in e for e in errors)
    assert any("/blocks/1/elements/0/options/0/value]" in e for e in errors)
    assert any("/blocks/1/elements/1/confirm/title/text]" in e for e in errors)


def test_checkboxes_and_radio_buttons_allow_ten_options() -> None:
    options = [{"text": mrkdwn(f"o{i}"), "value": str(i)} for i in range(11)]
    element = {"type": "checkboxes", "action_id": "c", "options": options}
    errors = validate_message_blocks([{"type": "actions", "elements": [element]}])
    assert errors == [
        "[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/elements/0/options]"
    ]


def test_initial_option_must_be_one_of_the_options() -> None:
    element = {
        "type": "static_select",
        "action_id": "pick",
        "options": [{"text": plain("A"), "value": "a"}],
        "initial_option": {"text": plain("B"), "value": "b"},
    }
    assert validate_message_blocks([{"type": "actions", "elements": [element]}])


def test_input_labels_hints_placeholders_and_lengths_are_limited() -> None:
    block = text_input_block()
    block["label"] = plain("l" * 2001)
    block["hint"] = plain("h" * 2001)
    block["element"] |= {"placeholder": plain("p" * 151), "max_length": 3001}
    errors = validate_view(modal(block))
    for pointer in ("label/text", "hint/text", "element/placeholder/text", "element/max_length"):
        assert any(f"/view/blocks/0/{pointer}]" in e for e in errors), pointer


def test_a_modal_title_longer_than_24_characters_is_rejected() -> None:
    errors = validate_view(modal(section(), title=plain("t" * 25)))
    assert errors == [
        "[ERROR] failed to match all allowed schemas [json-pointer:/view/title]",
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]",
    ]


def test_a_modal_with_an_input_needs_a_submit_button() -> None:
    view = {"type": "modal", "title": plain("Intro"), "blocks": [text_input_block()]}
    assert validate_view(view) == [
        "[ERROR] must define submit to use input block [json-pointer:/view/blocks/0/input]"
    ]


def test_a_modal_needs_between_one_and_a_hundred_blocks() -> None:
    assert validate_view(modal())
    assert validate_view(modal(*[section() for _ in range(101)]))
    assert validate_view(modal(*[section() for _ in range(100)])) == []


def test_home_views_cannot_have_submit_or_close() -> None:
    home = {"type": "home", "blocks": [section()], "submit": plain("Go"), "close": plain("No")}
    assert validate_view(home) == [
        "[ERROR] is not allowed in home views [json-pointer:/view/submit]",
        "[ERROR] is not allowed in home views [json-pointer:/view/close]",
    ]


def test_private_metadata_and_callback_id_are_limited() -> None:
    errors = validate_view(modal(section(), private_metadata="m" * 3001, callback_id="c" * 256))
    assert errors == [
        "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]",
        "[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]",
    ]


def test_a_view_that_is_not_an_object_is_rejected_like_slack_does() -> None:
    assert validate_view("{not json") == [
        "[ERROR] failed to match all allowed schemas [json-pointer:/view]",
        "[ERROR] must provide an object [json-pointer:/view]",
    ]


def test_views_over_250_kilobytes_are_too_large() -> None:
    blocks = [section("x" * 2900) for _ in range(90)]
    assert view_too_large(modal(*blocks))
    assert not view_too_large(modal(section()))


def test_fill_ids_adds_block_and_action_ids_but_keeps_given_ones() -> None:
    unnamed_button = {"type": "button", "text": plain("Go")}
    actions = {"type": "actions", "elements": [button(action_id="keep"), unnamed_button]}
    blocks = fill_ids([section(block_id="mine"), actions])
    assert blocks[0]["block_id"] == "mine"
    assert blocks[1]["block_id"]
    assert blocks[1]["elements"][0]["action_id"] == "keep"
    assert blocks[1]["elements"][1]["action_id"]
