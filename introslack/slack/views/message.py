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
