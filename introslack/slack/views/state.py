"""Read a submitted view's `state.values` leniently: missing or odd input counts as empty."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from introslack.slack import ids

E = TypeVar("E", bound=StrEnum)


def text_value(values: dict[str, Any], block_id: str) -> str:
    """A plain_text_input's value, stripped; "" when empty or missing."""
    value = _state(values, block_id).get("value")
    return value.strip() if isinstance(value, str) else ""


def selected_user(values: dict[str, Any], block_id: str) -> str | None:
    user = _state(values, block_id).get("selected_user")
    return user if isinstance(user, str) and user else None


def selected_choice(values: dict[str, Any], block_id: str, choices: type[E]) -> E | None:
    """The chosen option of a select or radio group, or None if none (or an unknown one)."""
    selected = _state(values, block_id).get("selected_option")
    value = selected.get("value") if isinstance(selected, dict) else None
    if not isinstance(value, str):
        return None
    try:
        return choices(value)
    except ValueError:
        return None


def _state(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = values.get(block_id) if isinstance(values, dict) else None
    state = block.get(ids.INPUT) if isinstance(block, dict) else None
    return state if isinstance(state, dict) else {}


def selected_users(values: dict[str, Any], block_id: str) -> list[str]:
    users = _state(values, block_id).get("selected_users")
    return [user for user in users if isinstance(user, str)] if isinstance(users, list) else []


def selected_date(values: dict[str, Any], block_id: str) -> str | None:
    """A datepicker's `YYYY-MM-DD`, or None."""
    day = _state(values, block_id).get("selected_date")
    return day if isinstance(day, str) and day else None
