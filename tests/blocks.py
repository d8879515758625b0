"""Reading Block Kit as a person would: the texts and the buttons in blocks, views and messages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

JSON = dict[str, Any]


def text_objects(node: Any) -> Iterator[JSON]:
    """Every text object (mrkdwn or plain_text) anywhere in ``node``, in document order."""
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
            yield node
        for value in node.values():
            yield from text_objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from text_objects(value)


def readable(blocks: Any, *, fallback: str | None = None) -> str:
    """Everything a person could read: the fallback (notification) text, then every text."""
    texts = [text["text"] for text in text_objects(blocks)]
    return "\n".join(texts if fallback is None else [fallback, *texts])


def buttons(blocks: list[JSON]) -> list[JSON]:
    """The buttons in ``blocks``: block elements and accessories, in order."""
    found = []
    for block in blocks:
        for element in [*(block.get("elements") or []), block.get("accessory") or {}]:
            if element.get("type") == "button":
                found.append(element)
    return found
