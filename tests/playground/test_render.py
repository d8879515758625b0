"""Block Kit becomes the page's HTML: each block and element the app uses, and only as text."""

from __future__ import annotations

from typing import Any

import pytest

from introslack.playground.render import (
    Form,
    People,
    block_html,
    blocks_html,
    message_html,
    modal_html,
)
from introslack.slack.views.intro_modal import intro_modal
from tests.playground.markup import Parsed, assert_inert, parse

JSON = dict[str, Any]
MAYA, KENJI = "U0MAYA0001", "U0KENJI001"
PEOPLE = People(
    names={MAYA: "Maya Okafor", KENJI: "Kenji Watanabe"},
    choices=[(MAYA, "Maya Okafor"), (KENJI, "Kenji Watanabe")],
)
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&amp;"
PAGE_TAGS = {
    "div", "span", "h2", "h3", "hr", "b", "i", "s", "code", "pre", "blockquote", "a", "button",
    "template", "header", "footer", "form", "label", "input", "textarea", "select", "option",
    "optgroup", "small", "p", "figure", "figcaption",
}  # fmt: skip


def plain(text: str) -> JSON:
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str) -> JSON:
    return {"type": "mrkdwn", "text": text}


def option(text: str, value: str) -> JSON:
    return {"text": plain(text), "value": value}


def button(text: str, **fields: Any) -> JSON:
    return {"type": "button", "text": plain(text), "action_id": "act", **fields}


def rendered(block: JSON, form: Form | None = None) -> Parsed:
    return assert_inert(block_html(block, PEOPLE, form), allowed=PAGE_TAGS)


def test_a_header_shows_its_text_exactly() -> None:
    shown = rendered({"type": "header", "text": plain("👋 An *introduction*")})
    assert shown.named("h3") and shown.text == "👋 An *introduction*"


def test_a_section_shows_mrkdwn_as_slack_does() -> None:
    html = block_html({"type": "section", "text": mrkdwn("*Why* <@U0MAYA0001>")}, PEOPLE)
    assert "<b>Why</b>" in html and "@Maya Okafor" in html


def test_section_fields_sit_side_by_side() -> None:
    block = {"type": "section", "fields": [mrkdwn("*Maya*"), mrkdwn("*Kenji*")]}
    html = block_html(block, PEOPLE)
    assert html.count('class="bk-field"') == 2 and 'class="bk-fields"' in html


def test_a_section_accessory_button_is_clickable_with_its_ids() -> None:
    block = {
        "type": "section",
        "block_id": "where",
        "text": mrkdwn("Showing 6 to 10"),
        "accessory": button("Back to newest", value="recent:0"),
    }
    (clickable,) = rendered(block).named("button")
    assert clickable.attributes["data-action-id"] == "act"
    assert clickable.attributes["data-block-id"] == "where"
    assert clickable.attributes["data-value"] == "recent:0"


def test_a_context_shows_small_texts_and_images_by_their_alt_text_only() -> None:
    block = {
        "type": "context",
        "elements": [
            mrkdwn("🔒 _private_"),
            plain("plain *text*"),
            {"type": "image", "image_url": "https://example.com/a.png", "alt_text": "avatar"},
        ],
    }
    html = block_html(block, PEOPLE)
    assert "<i>private</i>" in html and "plain *text*" in html
    assert 'aria-label="avatar"' in html and "example.com" not in html  # never fetched


def test_a_divider_is_a_rule() -> None:
    assert rendered({"type": "divider"}).named("hr")


def test_actions_buttons_carry_what_a_click_sends_and_their_style() -> None:
    block = {
        "type": "actions",
        "block_id": "answer_actions",
        "elements": [
            button("Accept", action_id="intro_accept", value="i1", style="primary"),
            button("Decline", action_id="intro_decline", value="i1"),
            button("Odd", action_id="odd", style="sparkly"),
        ],
    }
    accept, decline, odd = rendered(block).named("button")
    assert accept.attributes["class"] == "bk-button bk-primary"
    assert accept.attributes["data-action-id"] == "intro_accept"
    assert accept.attributes["data-block-id"] == "answer_actions"
    assert decline.attributes["class"] == "bk-button"
    assert odd.attributes["class"] == "bk-button" and "data-value" not in odd.attributes


def test_a_button_that_asks_first_carries_its_dialog_inert() -> None:
    confirm = {
        "title": plain("Cancel this intro?"),
        "text": plain("Maya and Kenji will see that you cancelled it."),
        "confirm": plain("Cancel intro"),
        "deny": plain("Keep it"),
        "style": "danger",
    }
    block = {"type": "actions", "block_id": "b", "elements": [button("Cancel", confirm=confirm)]}
    html = block_html(block, PEOPLE)
    assert '<template class="bk-confirm">' in html
    dialog = parse(html[html.index("<template") :])
    assert "Cancel this intro?" in dialog.text and "Keep it" in dialog.text
    assert any("bk-danger" in str(b.attributes.get("class")) for b in dialog.named("button"))


def test_a_message_without_blocks_shows_its_text_as_mrkdwn() -> None:
    assert "<b>hi</b>" in message_html({"text": "*hi*"}, PEOPLE)
    assert "*hi*" in message_html({"text": "*hi*", "mrkdwn": False}, PEOPLE)


def test_unknown_blocks_and_elements_are_named_not_dropped() -> None:
    assert "Unsupported block: rich_text" in block_html({"type": "rich_text"}, PEOPLE)
    block = {"type": "actions", "elements": [{"type": "workflow_button"}]}
    assert "Unsupported element: workflow_button" in block_html(block, PEOPLE)


# Modals -------------------------------------------------------------------------------------


def modal_view(blocks: list[JSON], **fields: Any) -> JSON:
    return {
        "id": "V0VW000001",
        "type": "modal",
        "title": plain("New intro"),
        "close": plain("Cancel"),
        "submit": plain("Ask both"),
        "blocks": blocks,
        "state": {"values": {}},
        **fields,
    }


def input_block(block_id: str, element: JSON, **fields: Any) -> JSON:
    element = {"action_id": "input", **element}
    block = {"type": "input", "block_id": block_id, "label": plain(block_id), "element": element}
    return block | fields


def field(html: str, tag: str) -> list[Any]:
    return parse(html).named(tag)


def test_a_modal_has_its_title_close_and_submit_buttons() -> None:
    html = modal_html(modal_view([]), PEOPLE, {})
    shown = assert_inert(html, allowed=PAGE_TAGS)
    assert "New intro" in shown.text and "Cancel" in shown.text and "Ask both" in shown.text
    assert shown.named("form")[0].attributes["data-view-id"] == "V0VW000001"


def test_a_notice_modal_without_submit_only_closes() -> None:
    view = modal_view([{"type": "section", "text": mrkdwn("This intro has expired.")}])
    del view["submit"]
    html = modal_html(view, PEOPLE, {})
    assert not [b for b in field(html, "button") if b.attributes.get("type") == "submit"]


def test_a_user_picker_offers_the_workspace_and_shows_who_is_picked() -> None:
    block = input_block("party_a", {"type": "users_select", "initial_user": KENJI})
    html = blocks_html([block], PEOPLE, Form("V1"))
    options = field(html, "option")
    assert [o.attributes["value"] for o in options] == ["", MAYA, KENJI]
    assert "selected" in options[2].attributes
    assert "required" in field(html, "select")[0].attributes


def test_what_was_typed_before_an_error_wins_over_the_initial_value() -> None:
    block = input_block("party_a", {"type": "users_select", "initial_user": KENJI})
    state = {"party_a": {"input": {"type": "users_select", "selected_user": MAYA}}}
    options = field(blocks_html([block], PEOPLE, Form("V1", state)), "option")
    assert "selected" in options[1].attributes and "selected" not in options[2].attributes


def test_a_text_input_is_a_line_or_a_box_with_slacks_limits() -> None:
    line = input_block("gain_a", {"type": "plain_text_input", "max_length": 500}, optional=True)
    box = input_block("why", {"type": "plain_text_input", "multiline": True, "max_length": 1000})
    html = blocks_html([line, box], PEOPLE, Form("V1"))
    (single,) = field(html, "input")
    (multi,) = field(html, "textarea")
    assert single.attributes["maxlength"] == "500" and "required" not in single.attributes
    assert multi.attributes["maxlength"] == "1000" and "required" in multi.attributes
    assert "(optional)" in parse(html).text


def test_a_static_select_shows_its_options_and_the_chosen_one() -> None:
    element = {
        "type": "static_select",
        "options": [option("Coffee", "coffee"), option("Lunch", "lunch")],
        "initial_option": option("Lunch", "lunch"),
        "option_groups": [{"label": plain("Later"), "options": [option("Email", "email")]}],
    }
    html = blocks_html([input_block("next_step", element)], PEOPLE, Form("V1"))
    options = {o.attributes["value"]: o for o in field(html, "option")}
    assert set(options) == {"", "coffee", "lunch", "email"}
    assert "selected" in options["lunch"].attributes
    assert field(html, "optgroup")[0].attributes["label"] == "Later"


def test_radio_buttons_and_checkboxes_show_options_and_their_initial_choice() -> None:
    radios = {
        "type": "radio_buttons",
        "options": [option("Business", "business"), option("Personal", "personal")],
        "initial_option": option("Business", "business"),
    }
    boxes = {
        "type": "checkboxes",
        "options": [
            {**option("Email me", "email"), "description": mrkdwn("_weekly_")},
            option("Ping me", "ping"),
        ],
        "initial_options": [option("Ping me", "ping")],
    }
    html = blocks_html(
        [input_block("relationship", radios), input_block("notify", boxes, optional=True)],
        PEOPLE,
        Form("V1"),
    )
    inputs = field(html, "input")
    assert [(i.attributes["type"], "checked" in i.attributes) for i in inputs] == [
        ("radio", True),
        ("radio", False),
        ("checkbox", False),
        ("checkbox", True),
    ]
    assert "<i>weekly</i>" in html


def test_an_apps_inline_error_shows_under_its_input() -> None:
    block = input_block("party_b", {"type": "users_select"})
    form = Form("V1", errors={"party_b": "Build Bot is a bot or an app; intros are for people."})
    html = blocks_html([block], PEOPLE, form)
    assert "bk-has-error" in html
    assert "Build Bot is a bot or an app; intros are for people." in parse(html).text


def test_a_hint_shows_under_its_input() -> None:
    block = input_block("why", {"type": "plain_text_input"}, hint=plain("Both people see this."))
    assert "Both people see this." in parse(blocks_html([block], PEOPLE, Form("V1"))).text


def test_every_block_and_element_of_the_apps_intro_form_is_drawn() -> None:
    html = modal_html({**intro_modal(), "id": "V1", "state": {"values": {}}}, PEOPLE, {})
    assert "Unsupported" not in html
    parsed = assert_inert(html, allowed=PAGE_TAGS)
    assert len(parsed.named("select")) == 3  # two people and the next step
    assert len([i for i in parsed.named("input") if i.attributes["type"] == "radio"]) == 5


# Nothing anyone types can become markup -----------------------------------------------------


def everywhere(text: str) -> list[JSON]:
    """One hostile string in every place the renderer puts text or attributes."""
    confirm = {
        "title": plain(text),
        "text": plain(text),
        "confirm": plain(text),
        "deny": plain(text),
    }
    return [
        {"type": "header", "block_id": text, "text": plain(text)},
        {"type": "section", "text": mrkdwn(text), "fields": [mrkdwn(text), plain(text)]},
        {"type": "section", "text": plain(text), "accessory": button(text, value=text)},
        {"type": "context", "elements": [mrkdwn(text), {"type": "image", "alt_text": text}]},
        {
            "type": "actions",
            "block_id": text,
            "elements": [button(text, action_id=text, value=text, url=text, confirm=confirm)],
        },
        {"type": "image", "alt_text": text, "title": plain(text)},
        {"type": text},
        input_block(
            text,
            {"type": "plain_text_input", "placeholder": plain(text), "initial_value": text},
            hint=plain(text),
        )
        | {"label": plain(text)},
        input_block("s", {"type": "static_select", "options": [option(text, text)]}),
        input_block("r", {"type": "radio_buttons", "options": [option(text, text)]}),
        input_block("c", {"type": "checkboxes", "options": [option(text, text)]}),
        input_block("u", {"type": "users_select", "placeholder": plain(text)}),
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        HOSTILE,
        '"><script>alert(1)</script>',
        "' onmouseover='alert(1)",
        "</textarea><script>alert(1)</script>",
        "</template><img src=x onerror=alert(1)>",
        "javascript:alert(1)",
    ],
)
def test_no_text_from_the_app_or_its_users_can_become_markup(hostile: str) -> None:
    people = People(names={MAYA: hostile}, choices=[(MAYA, hostile)])
    view = modal_view(everywhere(hostile), title=plain(hostile), submit=plain(hostile))
    html = modal_html(view, people, {text: hostile for text in (hostile, "s")})
    html += message_html({"text": f"{hostile} <@{MAYA}>"}, people)
    parsed = assert_inert(html, allowed=PAGE_TAGS)
    assert not parsed.named("script") and not parsed.named("img")
    assert hostile in parsed.text  # shown, as text
