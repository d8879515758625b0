"""Small Block Kit helpers that keep every view inside Slack's limits."""

from __future__ import annotations

from introslack.slack.mrkdwn import escape
from introslack.slack.views.message import JSON

ELLIPSIS = "…"

SECTION_TEXT_MAX = 3000
SECTION_FIELD_MAX = 2000
SECTION_FIELDS_MAX = 10
HEADER_TEXT_MAX = 150
CONTEXT_ELEMENTS_MAX = 10
CONTEXT_TEXT_MAX = 2000
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
OPTION_TEXT_MAX = 75
OPTION_VALUE_MAX = 150
PLACEHOLDER_MAX = 150
LABEL_MAX = 2000
MODAL_TITLE_MAX = 24
MODAL_BUTTON_MAX = 24
PRIVATE_METADATA_MAX = 3000
MESSAGE_BLOCKS_MAX = 50
MODAL_BLOCKS_MAX = 100
FALLBACK_TEXT_MAX = 3000

# How much of a Slack profile we show: enough for any real name or title.
NAME_MAX = 80
TITLE_MAX = 120


def clip(text: str, limit: int) -> str:
    """Shorten `text` to at most `limit` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def safe(text: str, limit: int) -> str:
    """Escape user text for mrkdwn and fit it in `limit` characters without splitting `&lt;`."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    kept: list[str] = []
    used = 0
    for char in text:
        piece = escape(char)
        if used + len(piece) > limit - 1:
            break
        kept.append(piece)
        used += len(piece)
    return "".join(kept).rstrip() + ELLIPSIS


def plain(text: str, limit: int = SECTION_TEXT_MAX) -> JSON:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def mrkdwn(text: str, limit: int = SECTION_TEXT_MAX) -> JSON:
    return {"type": "mrkdwn", "text": clip(text, limit)}


def section(text: str) -> JSON:
    """A mrkdwn section; the clip is a last guard, builders budget user text themselves."""
    return {"type": "section", "text": mrkdwn(text, SECTION_TEXT_MAX)}


def fields_section(*fields: str) -> JSON:
    return {
        "type": "section",
        "fields": [mrkdwn(field, SECTION_FIELD_MAX) for field in fields[:SECTION_FIELDS_MAX]],
    }


def header(text: str) -> JSON:
    return {"type": "header", "text": plain(text, HEADER_TEXT_MAX)}


def context(*texts: str) -> JSON:
    return {
        "type": "context",
        "elements": [mrkdwn(text, CONTEXT_TEXT_MAX) for text in texts[:CONTEXT_ELEMENTS_MAX]],
    }


def divider() -> JSON:
    return {"type": "divider"}


def button(text: str, *, action_id: str, value: str, style: str | None = None) -> JSON:
    element: JSON = {
        "type": "button",
        "text": plain(text, BUTTON_TEXT_MAX),
        "action_id": str(action_id),
        "value": value[:BUTTON_VALUE_MAX],
    }
    if style:
        element["style"] = style
    return element


def actions(block_id: str, *elements: JSON) -> JSON:
    return {"type": "actions", "block_id": str(block_id), "elements": list(elements)}


def option(text: str, value: str) -> JSON:
    return {"text": plain(text, OPTION_TEXT_MAX), "value": value[:OPTION_VALUE_MAX]}


def input_block(
    block_id: str,
    label: str,
    element: JSON,
    *,
    optional: bool = False,
    hint: str | None = None,
) -> JSON:
    block: JSON = {
        "type": "input",
        "block_id": str(block_id),
        "label": plain(label, LABEL_MAX),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, LABEL_MAX)
    return block


def modal(
    *,
    callback_id: str,
    title: str,
    blocks: list[JSON],
    close: str,
    submit: str | None = None,
    private_metadata: str = "",
) -> JSON:
    """A modal view; private_metadata is the caller's own data, so too much of it is a bug."""
    if len(private_metadata) > PRIVATE_METADATA_MAX:
        raise ValueError(f"private_metadata is over {PRIVATE_METADATA_MAX} characters")
    view: JSON = {
        "type": "modal",
        "callback_id": str(callback_id),
        "title": plain(title, MODAL_TITLE_MAX),
        "close": plain(close, MODAL_BUTTON_MAX),
        "blocks": blocks[:MODAL_BLOCKS_MAX],
        "private_metadata": private_metadata,
    }
    if submit:
        view["submit"] = plain(submit, MODAL_BUTTON_MAX)
    return view


def fallback(text: str) -> str:
    """Fallback text for notifications; callers escape user text inside it."""
    return clip(text, FALLBACK_TEXT_MAX)
