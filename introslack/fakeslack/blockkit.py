"""Server-side Block Kit validation: what Slack rejects even when slack_sdk lets a plain dict by.

Every check returns Slack-style messages, e.g.
``[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]``.
The limits come from the Block Kit reference on docs.slack.dev.
"""

from __future__ import annotations

import json
import secrets
import string
from collections.abc import Callable, Iterator
from typing import Any

MESSAGE_MAX_BLOCKS = 50
VIEW_MAX_BLOCKS = 100
VIEW_MAX_BYTES = 250_000
MESSAGE_TEXT_MAX = 40_000

BUTTON_STYLES = frozenset({"primary", "danger"})
TEXT_TYPES = frozenset({"plain_text", "mrkdwn"})

SELECT_MENUS = frozenset(
    {
        "static_select",
        "external_select",
        "users_select",
        "conversations_select",
        "channels_select",
        "multi_static_select",
        "multi_external_select",
        "multi_users_select",
        "multi_conversations_select",
        "multi_channels_select",
    }
)
PICKERS = frozenset({"datepicker", "timepicker", "datetimepicker"})
CHOICES = frozenset({"checkboxes", "radio_buttons"})
TEXT_INPUTS = frozenset(
    {"plain_text_input", "email_text_input", "url_text_input", "number_input", "rich_text_input"}
)
ACTIONS_ELEMENTS = frozenset({"button", "overflow"} | SELECT_MENUS | PICKERS | CHOICES)
ACCESSORY_ELEMENTS = frozenset({"button", "overflow", "image"} | SELECT_MENUS | PICKERS | CHOICES)
INPUT_ELEMENTS = frozenset({"file_input"} | SELECT_MENUS | PICKERS | CHOICES | TEXT_INPUTS)
INTERACTIVE_ELEMENTS = ACTIONS_ELEMENTS | INPUT_ELEMENTS


def _error(pointer: str, message: str) -> str:
    return f"[ERROR] {message} [json-pointer:{pointer}]"


def _too_long(limit: int) -> str:
    return f"must be less than {limit + 1} characters"


class _Checker:
    """Accumulates errors while walking a payload; one instance per validated payload."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.block_ids: set[str] = set()

    def fail(self, pointer: str, message: str) -> None:
        self.errors.append(_error(pointer, message))

    # -- primitives -------------------------------------------------------------------------

    def string(
        self, value: object, pointer: str, *, max_len: int, min_len: int = 0, required: bool = False
    ) -> None:
        """Check an optional (or required) string field against its length limits."""
        if value is None:
            if required:
                self.fail(pointer, "missing required field")
            return
        if not isinstance(value, str):
            self.fail(pointer, "must provide a string")
        elif len(value) > max_len:
            self.fail(pointer, _too_long(max_len))
        elif len(value) < min_len:
            self.fail(pointer, f"must be more than {min_len - 1} characters")

    def text(
        self,
        obj: object,
        pointer: str,
        *,
        max_len: int,
        plain_only: bool = False,
        required: bool = True,
    ) -> None:
        """Check a text object: the type Slack requires here, then its length."""
        if obj is None:
            if required:
                self.fail(pointer, "missing required field")
            return
        if not isinstance(obj, dict):
            self.fail(pointer, "must provide an object")
            return
        kind = obj.get("type")
        allowed = {"plain_text"} if plain_only else TEXT_TYPES
        if kind not in allowed:
            self.fail(pointer, "failed to match all allowed schemas")
            self.fail(f"{pointer}/type", f"must be one of: {', '.join(sorted(allowed))}")
            return
        if kind == "mrkdwn" and "emoji" in obj:
            self.fail(f"{pointer}/emoji", "is not allowed for mrkdwn text objects")
        text = obj.get("text")
        if not isinstance(text, str):
            self.fail(f"{pointer}/text", "must provide a string")
        elif not text:
            self.fail(f"{pointer}/text", "must be more than 0 characters")
        elif len(text) > max_len:
            self.fail(pointer, "failed to match all allowed schemas")
            self.fail(f"{pointer}/text", _too_long(max_len))

    def items(
        self, value: object, pointer: str, *, max_items: int, min_items: int = 0
    ) -> list[Any]:
        """Check a list's size and return it (or [] when it is not a list)."""
        if not isinstance(value, list):
            self.fail(pointer, "must provide an array")
            return []
        if len(value) > max_items:
            self.fail(pointer, f"no more than {max_items} items allowed")
        if len(value) < min_items:
            self.fail(pointer, f"must provide at least {min_items} items")
        return value

    # -- composition objects ----------------------------------------------------------------

    def option(self, obj: object, pointer: str, *, mrkdwn_text: bool = False) -> None:
        if not isinstance(obj, dict):
            self.fail(pointer, "must provide an object")
            return
        self.text(obj.get("text"), f"{pointer}/text", max_len=75, plain_only=not mrkdwn_text)
        self.string(obj.get("value"), f"{pointer}/value", max_len=150, min_len=1, required=True)
        self.text(
            obj.get("description"),
            f"{pointer}/description",
            max_len=75,
            plain_only=not mrkdwn_text,
            required=False,
        )

    def options(
        self,
        value: object,
        pointer: str,
        *,
        max_items: int,
        min_items: int = 1,
        mrkdwn: bool = False,
    ) -> list[Any]:
        options = self.items(value, pointer, max_items=max_items, min_items=min_items)
        for i, option in enumerate(options):
            self.option(option, f"{pointer}/{i}", mrkdwn_text=mrkdwn)
        return options

    def confirm(self, obj: object, pointer: str) -> None:
        if obj is None:
            return
        if not isinstance(obj, dict):
            self.fail(pointer, "must provide an object")
            return
        self.text(obj.get("title"), f"{pointer}/title", max_len=100, plain_only=True)
        self.text(obj.get("text"), f"{pointer}/text", max_len=300)
        self.text(obj.get("confirm"), f"{pointer}/confirm", max_len=30, plain_only=True)
        self.text(obj.get("deny"), f"{pointer}/deny", max_len=30, plain_only=True)
        self.style(obj.get("style"), f"{pointer}/style")

    def style(self, value: object, pointer: str) -> None:
        if value is not None and value not in BUTTON_STYLES:
            self.fail(pointer, "must be one of: danger, primary")

    # -- elements ---------------------------------------------------------------------------

    def element(self, obj: object, pointer: str, *, allowed: frozenset[str]) -> None:
        """Check one block element, dispatching on its type."""
        if not isinstance(obj, dict):
            self.fail(pointer, "must provide an object")
            return
        kind = obj.get("type")
        if kind not in allowed:
            self.fail(pointer, f"unsupported element type: {kind!r}")
            return
        if kind in INTERACTIVE_ELEMENTS:
            self.string(obj.get("action_id"), f"{pointer}/action_id", max_len=255, min_len=1)
            self.confirm(obj.get("confirm"), f"{pointer}/confirm")
            self.text(
                obj.get("placeholder"),
                f"{pointer}/placeholder",
                max_len=150,
                plain_only=True,
                required=False,
            )
        checker = _ELEMENT_CHECKS.get(str(kind))
        if checker is not None:
            checker(self, obj, pointer)

    def button(self, obj: dict[str, Any], pointer: str) -> None:
        self.text(obj.get("text"), f"{pointer}/text", max_len=75, plain_only=True)
        self.string(obj.get("value"), f"{pointer}/value", max_len=2000)
        self.string(obj.get("url"), f"{pointer}/url", max_len=3000)
        self.string(obj.get("accessibility_label"), f"{pointer}/accessibility_label", max_len=75)
        self.style(obj.get("style"), f"{pointer}/style")

    def static_select(self, obj: dict[str, Any], pointer: str) -> None:
        has_options, has_groups = "options" in obj, "option_groups" in obj
        if has_options == has_groups:
            self.fail(pointer, "must provide exactly one of options or option_groups")
            return
        if has_options:
            options = self.options(obj["options"], f"{pointer}/options", max_items=100)
        else:
            options = self.option_groups(obj["option_groups"], f"{pointer}/option_groups")
        self.initial_options(obj, pointer, options)

    def option_groups(self, value: object, pointer: str) -> list[Any]:
        found: list[Any] = []
        for i, group in enumerate(self.items(value, pointer, max_items=100, min_items=1)):
            if not isinstance(group, dict):
                self.fail(f"{pointer}/{i}", "must provide an object")
                continue
            self.text(group.get("label"), f"{pointer}/{i}/label", max_len=75, plain_only=True)
            found += self.options(group.get("options"), f"{pointer}/{i}/options", max_items=100)
        return found

    def initial_options(self, obj: dict[str, Any], pointer: str, options: list[Any]) -> None:
        """Slack rejects an initial option that is not one of the element's options."""
        values = {o.get("value") for o in options if isinstance(o, dict)}
        initial = [obj["initial_option"]] if "initial_option" in obj else []
        initial += obj.get("initial_options") or []
        for option in initial:
            if not isinstance(option, dict) or option.get("value") not in values:
                self.fail(f"{pointer}/initial_option", "must match one of the provided options")

    def choices(self, obj: dict[str, Any], pointer: str) -> None:
        options = self.options(obj.get("options"), f"{pointer}/options", max_items=10, mrkdwn=True)
        self.initial_options(obj, pointer, options)

    def overflow(self, obj: dict[str, Any], pointer: str) -> None:
        self.options(obj.get("options"), f"{pointer}/options", max_items=5)

    def plain_text_input(self, obj: dict[str, Any], pointer: str) -> None:
        max_length, min_length = obj.get("max_length"), obj.get("min_length")
        if max_length is not None and not (isinstance(max_length, int) and 1 <= max_length <= 3000):
            self.fail(f"{pointer}/max_length", "must be between 1 and 3000")
        if min_length is not None and not (isinstance(min_length, int) and 0 <= min_length <= 3000):
            self.fail(f"{pointer}/min_length", "must be between 0 and 3000")
        if isinstance(max_length, int) and isinstance(min_length, int) and min_length > max_length:
            self.fail(f"{pointer}/min_length", "must be less than or equal to max_length")
        self.string(obj.get("initial_value"), f"{pointer}/initial_value", max_len=3000)

    def image_element(self, obj: dict[str, Any], pointer: str) -> None:
        self.string(obj.get("alt_text"), f"{pointer}/alt_text", max_len=2000, required=True)
        if "slack_file" not in obj:
            self.string(obj.get("image_url"), f"{pointer}/image_url", max_len=3000, required=True)

    # -- blocks -----------------------------------------------------------------------------

    def blocks(self, value: object, pointer: str, *, max_items: int, min_items: int = 0) -> None:
        """Check a list of blocks, including block_id uniqueness across the whole payload."""
        for i, block in enumerate(
            self.items(value, pointer, max_items=max_items, min_items=min_items)
        ):
            self.block(block, f"{pointer}/{i}")

    def block(self, obj: object, pointer: str) -> None:
        if not isinstance(obj, dict):
            self.fail(pointer, "must provide an object")
            return
        kind = obj.get("type")
        checker = _BLOCK_CHECKS.get(str(kind))
        if checker is None:
            self.fail(pointer, "failed to match all allowed schemas")
            self.fail(f"{pointer}/type", f"unsupported block type: {kind!r}")
            return
        self.block_id(obj.get("block_id"), f"{pointer}/block_id")
        checker(self, obj, pointer)

    def block_id(self, value: object, pointer: str) -> None:
        if value is None:
            return
        self.string(value, pointer, max_len=255, min_len=1)
        if isinstance(value, str):
            if value in self.block_ids:
                self.fail(pointer, f"duplicate block_id: {value!r}")
            self.block_ids.add(value)

    def unique_action_ids(self, elements: list[Any], pointer: str) -> None:
        seen: set[str] = set()
        for i, element in enumerate(elements):
            action_id = element.get("action_id") if isinstance(element, dict) else None
            if isinstance(action_id, str):
                if action_id in seen:
                    self.fail(f"{pointer}/{i}/action_id", f"duplicate action_id: {action_id!r}")
                seen.add(action_id)

    def section(self, obj: dict[str, Any], pointer: str) -> None:
        if "text" not in obj and "fields" not in obj:
            self.fail(pointer, "must provide either text or fields")
        self.text(obj.get("text"), f"{pointer}/text", max_len=3000, required=False)
        if "fields" in obj:
            fields = self.items(obj["fields"], f"{pointer}/fields", max_items=10, min_items=1)
            for i, field in enumerate(fields):
                self.text(field, f"{pointer}/fields/{i}", max_len=2000)
        if "accessory" in obj:
            self.element(obj["accessory"], f"{pointer}/accessory", allowed=ACCESSORY_ELEMENTS)

    def header(self, obj: dict[str, Any], pointer: str) -> None:
        self.text(obj.get("text"), f"{pointer}/text", max_len=150, plain_only=True)

    def context(self, obj: dict[str, Any], pointer: str) -> None:
        elements = self.items(obj.get("elements"), f"{pointer}/elements", max_items=10, min_items=1)
        for i, element in enumerate(elements):
            element_pointer = f"{pointer}/elements/{i}"
            if isinstance(element, dict) and element.get("type") == "image":
                self.image_element(element, element_pointer)
            else:
                self.text(element, element_pointer, max_len=3000)

    def actions(self, obj: dict[str, Any], pointer: str) -> None:
        elements = self.items(obj.get("elements"), f"{pointer}/elements", max_items=25, min_items=1)
        for i, element in enumerate(elements):
            self.element(element, f"{pointer}/elements/{i}", allowed=ACTIONS_ELEMENTS)
        self.unique_action_ids(elements, f"{pointer}/elements")

    def input(self, obj: dict[str, Any], pointer: str) -> None:
        self.text(obj.get("label"), f"{pointer}/label", max_len=2000, plain_only=True)
        self.text(obj.get("hint"), f"{pointer}/hint", max_len=2000, plain_only=True, required=False)
        if "element" not in obj:
            self.fail(f"{pointer}/element", "missing required field")
        else:
            self.element(obj["element"], f"{pointer}/element", allowed=INPUT_ELEMENTS)

    def image(self, obj: dict[str, Any], pointer: str) -> None:
        self.image_element(obj, pointer)
        self.text(
            obj.get("title"), f"{pointer}/title", max_len=2000, plain_only=True, required=False
        )

    def markdown(self, obj: dict[str, Any], pointer: str) -> None:
        self.string(obj.get("text"), f"{pointer}/text", max_len=12_000, min_len=1, required=True)

    def rich_text(self, obj: dict[str, Any], pointer: str) -> None:
        self.items(obj.get("elements"), f"{pointer}/elements", max_items=1000)

    def divider(self, obj: dict[str, Any], pointer: str) -> None:
        """Dividers carry nothing but a block_id."""


_ELEMENT_CHECKS: dict[str, Callable[[_Checker, dict[str, Any], str], None]] = {
    "button": _Checker.button,
    "static_select": _Checker.static_select,
    "multi_static_select": _Checker.static_select,
    "checkboxes": _Checker.choices,
    "radio_buttons": _Checker.choices,
    "overflow": _Checker.overflow,
    "plain_text_input": _Checker.plain_text_input,
    "image": _Checker.image_element,
}

_BLOCK_CHECKS: dict[str, Callable[[_Checker, dict[str, Any], str], None]] = {
    "section": _Checker.section,
    "header": _Checker.header,
    "context": _Checker.context,
    "actions": _Checker.actions,
    "input": _Checker.input,
    "image": _Checker.image,
    "markdown": _Checker.markdown,
    "rich_text": _Checker.rich_text,
    "divider": _Checker.divider,
}


def validate_message_blocks(blocks: object, *, pointer: str = "/blocks") -> list[str]:
    """Return Slack's complaints about a message's ``blocks`` (empty when Slack would accept)."""
    checker = _Checker()
    checker.blocks(blocks, pointer, max_items=MESSAGE_MAX_BLOCKS)
    return checker.errors


def validate_view(view: object, *, pointer: str = "/view") -> list[str]:
    """Return Slack's complaints about a modal or home view (empty when Slack would accept)."""
    checker = _Checker()
    if not isinstance(view, dict):
        checker.fail(pointer, "failed to match all allowed schemas")
        checker.fail(pointer, "must provide an object")
        return checker.errors
    kind = view.get("type")
    if kind == "modal":
        _check_modal_chrome(checker, view, pointer)
    elif kind == "home":
        _check_home_chrome(checker, view, pointer)
    else:
        checker.fail(f"{pointer}/type", "must be one of: home, modal")
        return checker.errors
    checker.blocks(
        view.get("blocks"),
        f"{pointer}/blocks",
        max_items=VIEW_MAX_BLOCKS,
        min_items=1 if kind == "modal" else 0,
    )
    checker.string(view.get("private_metadata"), f"{pointer}/private_metadata", max_len=3000)
    checker.string(view.get("callback_id"), f"{pointer}/callback_id", max_len=255)
    checker.string(view.get("external_id"), f"{pointer}/external_id", max_len=255)
    return checker.errors


def _check_modal_chrome(checker: _Checker, view: dict[str, Any], pointer: str) -> None:
    checker.text(view.get("title"), f"{pointer}/title", max_len=24, plain_only=True)
    checker.text(view.get("close"), f"{pointer}/close", max_len=24, plain_only=True, required=False)
    checker.text(
        view.get("submit"), f"{pointer}/submit", max_len=24, plain_only=True, required=False
    )
    if view.get("submit") is None:
        blocks = view.get("blocks")
        if not isinstance(blocks, list):
            blocks = []
        for i, block in enumerate(blocks):
            if isinstance(block, dict) and block.get("type") == "input":
                checker.fail(f"{pointer}/blocks/{i}/input", "must define submit to use input block")
                break


def _check_home_chrome(checker: _Checker, view: dict[str, Any], pointer: str) -> None:
    for key in ("submit", "close"):
        if view.get(key) is not None:
            checker.fail(f"{pointer}/{key}", "is not allowed in home views")
    checker.text(view.get("title"), f"{pointer}/title", max_len=24, plain_only=True, required=False)


def view_too_large(view: object) -> bool:
    """Slack answers ``view_too_large`` above 250 kB of view JSON."""
    return len(json.dumps(view, separators=(",", ":")).encode()) > VIEW_MAX_BYTES


# -- normalisation: what Slack adds to the blocks it stores ---------------------------------

_ID_ALPHABET = string.ascii_letters + string.digits


def _random_id() -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(5))


def iter_elements(block: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield a block's interactive elements (actions elements, accessory, input element)."""
    candidates: list[Any] = []
    if block.get("type") == "actions":
        candidates = list(block.get("elements") or [])
    elif "accessory" in block:
        candidates = [block["accessory"]]
    elif block.get("type") == "input":
        candidates = [block.get("element")]
    for element in candidates:
        if isinstance(element, dict) and element.get("type") in INTERACTIVE_ELEMENTS:
            yield element


def fill_ids(blocks: list[Any]) -> list[Any]:
    """Give every block a block_id and every interactive element an action_id, as Slack does."""
    for block in blocks:
        if not isinstance(block, dict):
            continue
        block.setdefault("block_id", _random_id())
        for element in iter_elements(block):
            element.setdefault("action_id", _random_id())
    return blocks
