"""Pure builders for what Slack POSTs to an app: interactivity payloads, events, view state.

Shapes follow Slack's documented payloads and real captures published in public test suites.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from introslack.fakeslack.blockkit import iter_elements

_MISSING: Any = object()

# element type -> (state key, initial key, is a list)
_PLAIN_VALUES: dict[str, tuple[str, str, bool]] = {
    "plain_text_input": ("value", "initial_value", False),
    "email_text_input": ("value", "initial_value", False),
    "url_text_input": ("value", "initial_value", False),
    "number_input": ("value", "initial_value", False),
    "users_select": ("selected_user", "initial_user", False),
    "multi_users_select": ("selected_users", "initial_users", True),
    "conversations_select": ("selected_conversation", "initial_conversation", False),
    "multi_conversations_select": ("selected_conversations", "initial_conversations", True),
    "channels_select": ("selected_channel", "initial_channel", False),
    "multi_channels_select": ("selected_channels", "initial_channels", True),
    "datepicker": ("selected_date", "initial_date", False),
    "timepicker": ("selected_time", "initial_time", False),
    "datetimepicker": ("selected_date_time", "initial_date_time", False),
}
_SINGLE_OPTION = frozenset({"static_select", "radio_buttons"})
_MULTI_OPTION = frozenset({"multi_static_select", "checkboxes"})


@dataclass(frozen=True)
class Actor:
    """Who is acting and in which team/org, as Slack names them in every payload."""

    user_id: str
    user_name: str
    team_id: str
    team_domain: str
    app_id: str
    token: str
    enterprise_id: str | None = None
    enterprise_name: str | None = None

    def team(self) -> dict[str, Any]:
        team: dict[str, Any] = {"id": self.team_id, "domain": self.team_domain}
        if self.enterprise_id:
            team.update(enterprise_id=self.enterprise_id, enterprise_name=self.enterprise_name)
        return team

    def user(self) -> dict[str, Any]:
        return {
            "id": self.user_id,
            "username": self.user_name,
            "name": self.user_name,
            "team_id": self.team_id,
        }

    def enterprise(self) -> dict[str, Any] | None:
        if not self.enterprise_id:
            return None
        return {"id": self.enterprise_id, "name": self.enterprise_name}

    def common(self, kind: str, trigger_id: str) -> dict[str, Any]:
        """Keys shared by every interactivity payload."""
        return {
            "type": kind,
            "team": self.team(),
            "user": self.user(),
            "api_app_id": self.app_id,
            "token": self.token,
            "trigger_id": trigger_id,
            "is_enterprise_install": False,
            "enterprise": self.enterprise(),
        }


def slash_command_form(
    actor: Actor,
    *,
    command: str,
    text: str,
    channel_id: str,
    channel_name: str,
    response_url: str,
    trigger_id: str,
) -> dict[str, str]:
    """The form fields of a slash command, in Slack's order."""
    form = {"token": actor.token, "team_id": actor.team_id, "team_domain": actor.team_domain}
    if actor.enterprise_id:
        form.update(enterprise_id=actor.enterprise_id, enterprise_name=actor.enterprise_name or "")
    form.update(
        channel_id=channel_id,
        channel_name=channel_name,
        user_id=actor.user_id,
        user_name=actor.user_name,
        command=command,
        text=text,
        api_app_id=actor.app_id,
        is_enterprise_install="false",
        response_url=response_url,
        trigger_id=trigger_id,
    )
    return form


# -- buttons --------------------------------------------------------------------------------


def find_button(
    blocks: list[dict[str, Any]],
    *,
    action_id: str,
    value: str | None = None,
    block_id: str | None = None,
) -> tuple[str, dict[str, Any]] | None:
    """The (block_id, button) a user would click; AssertionError when the choice is ambiguous."""
    matches = [
        (str(block.get("block_id")), element)
        for block in blocks
        if block_id is None or block.get("block_id") == block_id
        for element in iter_elements(block)
        if element.get("type") == "button"
        and element.get("action_id") == action_id
        and (value is None or element.get("value") == value)
    ]
    if len(matches) > 1:
        found = [(b, e.get("value")) for b, e in matches]
        raise AssertionError(
            f"{len(matches)} buttons have action_id={action_id!r} (block_id, value): {found}; "
            "pass value= or block_id= to choose one"
        )
    return matches[0] if matches else None


def button_action(block_id: str, button: dict[str, Any], action_ts: str) -> dict[str, Any]:
    """One entry of ``actions`` for a button click."""
    action: dict[str, Any] = {
        "type": "button",
        "action_id": button["action_id"],
        "block_id": block_id,
        "text": copy.deepcopy(button.get("text")),
        "action_ts": action_ts,
    }
    for key in ("value", "style"):
        if key in button:
            action[key] = button[key]
    return action


def message_block_actions(
    actor: Actor,
    *,
    trigger_id: str,
    action: dict[str, Any],
    channel: dict[str, str],
    message: dict[str, Any],
    response_url: str,
) -> dict[str, Any]:
    """A block_actions payload for a click on a message (message metadata is not echoed)."""
    shown = {k: copy.deepcopy(v) for k, v in message.items() if k != "metadata"}
    return {
        **actor.common("block_actions", trigger_id),
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel["id"],
            "is_ephemeral": False,
        },
        "channel": channel,
        "message": shown,
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [action],
    }


def view_block_actions(
    actor: Actor, *, trigger_id: str, action: dict[str, Any], view: dict[str, Any]
) -> dict[str, Any]:
    """A block_actions payload for a click in a modal or on the Home tab."""
    return {
        **actor.common("block_actions", trigger_id),
        "container": {"type": "view", "view_id": view["id"]},
        "view": copy.deepcopy(view),
        "state": copy.deepcopy(view.get("state") or {"values": {}}),
        "actions": [action],
    }


# -- view submissions -----------------------------------------------------------------------


def global_shortcut(
    actor: Actor, *, callback_id: str, trigger_id: str, action_ts: str
) -> dict[str, Any]:
    """A global shortcut (``type: shortcut``): no channel and no response_url."""
    return {
        "type": "shortcut",
        "token": actor.token,
        "action_ts": action_ts,
        "team": actor.team(),
        "user": {"id": actor.user_id, "username": actor.user_name, "team_id": actor.team_id},
        "is_enterprise_install": False,
        "enterprise": actor.enterprise(),
        "callback_id": callback_id,
        "trigger_id": trigger_id,
    }


def message_shortcut(
    actor: Actor,
    *,
    callback_id: str,
    trigger_id: str,
    action_ts: str,
    channel: dict[str, str],
    message: dict[str, Any],
    response_url: str,
) -> dict[str, Any]:
    """A message shortcut (``type: message_action``) on someone's message."""
    return {
        **global_shortcut(
            actor, callback_id=callback_id, trigger_id=trigger_id, action_ts=action_ts
        ),
        "type": "message_action",
        "channel": channel,
        "message_ts": message["ts"],
        "message": {k: copy.deepcopy(v) for k, v in message.items() if k != "metadata"},
        "response_url": response_url,
    }


def view_submission(actor: Actor, *, trigger_id: str, view: dict[str, Any]) -> dict[str, Any]:
    return {
        **actor.common("view_submission", trigger_id),
        "view": copy.deepcopy(view),
        "response_urls": [],
    }


def state_values(blocks: list[dict[str, Any]], values: dict[str, Any]) -> dict[str, Any]:
    """``view.state.values`` for input blocks, as Slack's client would fill them in.

    ``values`` maps block_id -> a plain value (str, list[str] or None); blocks not given keep
    their initial value. Raises AssertionError where the user could not have submitted.
    """
    inputs = [b for b in blocks if b.get("type") == "input"]
    unknown = set(values) - {b.get("block_id") for b in inputs}
    if unknown:
        known = [b.get("block_id") for b in inputs]
        raise AssertionError(f"no input blocks {sorted(unknown)} in this view (inputs: {known})")
    state: dict[str, Any] = {}
    for block in inputs:
        element = block["element"]
        entry = state_entry(element, values.get(block["block_id"], _MISSING))
        if not block.get("optional") and _is_empty(entry):
            raise AssertionError(
                f"input {block['block_id']!r} is required: Slack blocks the submit"
            )
        state[block["block_id"]] = {element["action_id"]: entry}
    return state


def state_entry(element: dict[str, Any], given: Any = _MISSING) -> dict[str, Any]:
    """One ``{type, <value key>: ...}`` entry for an input element."""
    kind = element["type"]
    if kind in _PLAIN_VALUES:
        key, initial_key, is_list = _PLAIN_VALUES[kind]
        value = element.get(initial_key) if given is _MISSING else given
        if kind == "plain_text_input":
            _check_text_length(element, value)
        return {"type": kind, key: (list(value or []) if is_list else value or None)}
    options = _all_options(element)
    if kind in _SINGLE_OPTION:
        value = _option_value(element.get("initial_option")) if given is _MISSING else given
        return {"type": kind, "selected_option": _pick(options, value) if value else None}
    if kind in _MULTI_OPTION:
        if given is _MISSING:
            given = [_option_value(o) for o in element.get("initial_options") or []]
        return {"type": kind, "selected_options": [_pick(options, v) for v in given or []]}
    raise AssertionError(f"submit_view does not know how to fill a {kind!r} element")


def _check_text_length(element: dict[str, Any], value: object) -> None:
    if not isinstance(value, str) or not value:
        return
    if len(value) > element.get("max_length", 3000):
        raise AssertionError(f"{len(value)} characters exceed max_length of {element['action_id']}")
    if len(value) < element.get("min_length", 0):
        raise AssertionError(
            f"{len(value)} characters are below min_length of {element['action_id']}"
        )


def _all_options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    return options


def _option_value(option: dict[str, Any] | None) -> str | None:
    return option.get("value") if option else None


def _pick(options: list[dict[str, Any]], value: str) -> dict[str, Any]:
    for option in options:
        if option.get("value") == value:
            return copy.deepcopy(option)
    raise AssertionError(
        f"no option with value {value!r} (have {[o.get('value') for o in options]})"
    )


def _is_empty(entry: dict[str, Any]) -> bool:
    return all(v in (None, "", []) for k, v in entry.items() if k != "type")


# -- events ---------------------------------------------------------------------------------


def app_home_opened(
    actor: Actor,
    *,
    bot_user_id: str,
    channel_id: str,
    tab: str,
    event_id: str,
    event_ts: str,
    view: dict[str, Any] | None,
) -> dict[str, Any]:
    """An Events API ``event_callback`` envelope carrying ``app_home_opened``."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": actor.user_id,
        "channel": channel_id,
        "tab": tab,
        "event_ts": event_ts,
    }
    if view is not None:
        event["view"] = copy.deepcopy(view)
    return {
        "token": actor.token,
        "team_id": actor.team_id,
        "api_app_id": actor.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(float(event_ts)),
        "authorizations": [
            {
                "enterprise_id": actor.enterprise_id,
                "team_id": actor.team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "context_team_id": actor.team_id,
        "context_enterprise_id": actor.enterprise_id,
    }


def function_executed(
    actor: Actor,
    *,
    bot_user_id: str,
    function: dict[str, Any],
    inputs: dict[str, Any],
    execution_id: str,
    bot_access_token: str,
    event_id: str,
    event_ts: str,
) -> dict[str, Any]:
    """A workflow reached the app's custom step (Slack's ``function_executed`` event)."""
    event = {
        "type": "function_executed",
        "function": function,
        "inputs": copy.deepcopy(inputs),
        "function_execution_id": execution_id,
        "workflow_execution_id": f"Wx{execution_id[2:]}",
        "event_ts": event_ts,
        "bot_access_token": bot_access_token,
    }
    envelope = app_home_opened(
        actor,
        bot_user_id=bot_user_id,
        channel_id="",
        tab="home",
        event_id=event_id,
        event_ts=event_ts,
        view=None,
    )
    return envelope | {"event": event}


def app_uninstalled(actor: Actor, *, event_id: str, event_ts: str) -> dict[str, Any]:
    """The ``event_callback`` Slack sends once the app is removed from a workspace."""
    return _workspace_event(actor, {"type": "app_uninstalled"}, event_id, event_ts)


def tokens_revoked(
    actor: Actor,
    *,
    bot_user_ids: list[str],
    user_ids: list[str],
    event_id: str,
    event_ts: str,
) -> dict[str, Any]:
    """The ``event_callback`` for revoked tokens: ``tokens.bot`` lists the bot's user id."""
    event = {"type": "tokens_revoked", "tokens": {"oauth": user_ids, "bot": bot_user_ids}}
    return _workspace_event(actor, event, event_id, event_ts)


def _workspace_event(
    actor: Actor, event: dict[str, Any], event_id: str, event_ts: str
) -> dict[str, Any]:
    """An envelope about the workspace itself: no user acted, and no authorizations remain."""
    return {
        "token": actor.token,
        "team_id": actor.team_id,
        "enterprise_id": actor.enterprise_id,
        "api_app_id": actor.app_id,
        "event": {**event, "event_ts": event_ts},
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(float(event_ts)),
    }
