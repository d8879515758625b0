"""The shape every chat message builder returns: fallback text plus blocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True)
class Message:
    """A chat message: `text` is the notification and screen-reader fallback for `blocks`."""

    text: str
    blocks: list[JSON]


def shown_text(message: Message) -> str:
    """The words a person sees in a message: its fallback text, then each block's text."""
    lines = [message.text]
    for block in message.blocks:
        lines += [item["text"] for item in _texts(block) if isinstance(item.get("text"), str)]
    return "\n".join(lines)


def _texts(block: JSON) -> list[JSON]:
    """The text objects of a section, header or context block; buttons are not read out."""
    if block.get("type") == "context":
        return [element for element in block.get("elements", []) if isinstance(element, dict)]
    found = [block["text"]] if isinstance(block.get("text"), dict) else []
    return found + [field for field in block.get("fields", []) if isinstance(field, dict)]
