"""Web API method handlers: one small function per method, registered in ``HANDLERS``.

A handler gets the workspace and the decoded parameters and returns the success body without
``ok``; failures raise SlackError. Shapes and errors follow Slack's per-method reference.
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from typing import Any

from introslack.fakeslack import blockkit
from introslack.fakeslack.state import FunctionExecution, ScheduledMessage, SlackError
from introslack.fakeslack.workspace import Workspace

TRUE_STRINGS = frozenset({"1", "true", "True"})
FALSE_STRINGS = frozenset({"0", "false", "False", ""})
SCHEDULE_HORIZON_SECONDS = 120 * 24 * 3600
MAX_ATTACHMENTS = 100


class Params:
    """Decoded request parameters with Slack's coercions (form strings, JSON strings, bools)."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def get(self, key: str) -> Any:
        return self.raw.get(key)

    def required(self, key: str, *, error: str = "invalid_arguments") -> str:
        value = self.raw.get(key)
        if value is None or value == "":
            raise SlackError(error, [f"[ERROR] missing required field: {key}"])
        return str(value)

    def optional(self, key: str) -> str | None:
        value = self.raw.get(key)
        return None if value is None or value == "" else str(value)

    def flag(self, key: str) -> bool:
        value = self.raw.get(key)
        if isinstance(value, bool):
            return value
        if value is None or value in FALSE_STRINGS:
            return False
        if value in TRUE_STRINGS:
            return True
        raise SlackError("invalid_arguments", [f"[ERROR] must be a boolean [json-pointer:/{key}]"])

    def integer(self, key: str, default: int, *, error: str = "invalid_arguments") -> int:
        value = self.raw.get(key)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise SlackError(error) from None

    def user_list(self, key: str) -> list[str]:
        value = self.raw.get(key)
        items = value if isinstance(value, list) else str(value or "").split(",")
        return [str(item).strip() for item in items if str(item).strip()]


Handler = Callable[[Workspace, Params], dict[str, Any]]


# -- auth and users -------------------------------------------------------------------------


def auth_test(ws: Workspace, params: Params) -> dict[str, Any]:
    body = {
        "url": f"https://{ws.team_domain}.slack.com/",
        "team": ws.team_name,
        "user": ws.bot_name,
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }
    if ws.enterprise_id:
        body["enterprise_id"] = ws.enterprise_id
    return body


def users_info(ws: Workspace, params: Params) -> dict[str, Any]:
    user = copy.deepcopy(ws.user(params.required("user", error="user_not_found")))
    if params.flag("include_locale"):
        user["locale"] = ws.locales.get(user["id"], "en-US")
    return {"user": user}


def users_profile_get(ws: Workspace, params: Params) -> dict[str, Any]:
    user_id = params.optional("user") or ws.bot_user_id
    return {"profile": copy.deepcopy(ws.user(user_id)["profile"])}


def apps_connections_open(ws: Workspace, params: Params) -> dict[str, Any]:
    """A single-use Socket Mode URL (the app-level token was checked by the caller)."""
    if ws.socket_mode_link is None:
        # No FakeSocketMode is attached to this fake, so there is nothing to connect to.
        raise SlackError("internal_error")
    return {"url": ws.socket_mode_link()}


# -- conversations --------------------------------------------------------------------------


def conversations_open(ws: Workspace, params: Params) -> dict[str, Any]:
    channel_id = params.optional("channel")
    users = params.user_list("users")
    if channel_id and not users:
        conversation = ws.conversation(channel_id)
        if conversation.is_channel:
            raise SlackError("method_not_supported_for_channel_type")
        existed = True
    elif users:
        conversation, existed = ws.open_dm(users)
    else:
        raise SlackError("users_list_not_supplied")
    if not params.flag("return_im"):
        return {"channel": {"id": conversation.id}}
    body: dict[str, Any] = {"channel": ws.conversation_object(conversation)}
    if existed:
        body.update(no_op=True, already_open=True)
    return body


def conversations_info(ws: Workspace, params: Params) -> dict[str, Any]:
    conversation = ws.conversation(params.required("channel", error="channel_not_found"))
    info = ws.conversation_object(conversation)
    if params.flag("include_num_members"):
        info["num_members"] = len(conversation.members)
    return {"channel": info}


def conversations_members(ws: Workspace, params: Params) -> dict[str, Any]:
    conversation = ws.conversation(params.required("channel", error="channel_not_found"))
    limit = params.integer("limit", 100, error="invalid_limit")
    if not 1 <= limit <= 1000:
        raise SlackError("invalid_limit")
    start = _decode_cursor(params.optional("cursor"))
    page = conversation.members[start : start + limit]
    more = start + limit < len(conversation.members)
    return {
        "members": list(page),
        "response_metadata": {"next_cursor": _encode_cursor(start + limit) if more else ""},
    }


HISTORY_SCOPES = {"im": "im:history", "mpim": "mpim:history", "channel": "channels:history"}


def conversations_history(ws: Workspace, params: Params) -> dict[str, Any]:
    conversation = ws.conversation_with_bot(params.required("channel", error="channel_not_found"))
    ws.require_scope(HISTORY_SCOPES[conversation.kind])
    limit = params.integer("limit", 100, error="invalid_limit")
    if not 1 <= limit <= 999:
        raise SlackError("invalid_limit")
    oldest = float(params.optional("oldest") or 0)
    latest = float(params.optional("latest") or "inf")
    messages = [m for m in conversation.messages if oldest < float(m["ts"]) < latest]
    messages.reverse()
    start = _decode_cursor(params.optional("cursor"))
    page = messages[start : start + limit]
    with_metadata = params.flag("include_all_metadata")
    more = start + limit < len(messages)
    return {
        "messages": [_history_message(m, with_metadata) for m in page],
        "has_more": more,
        "pin_count": 0,
        "channel_actions_ts": None,
        "channel_actions_count": 0,
        "response_metadata": {"next_cursor": _encode_cursor(start + limit) if more else ""},
    }


def _history_message(message: dict[str, Any], with_metadata: bool) -> dict[str, Any]:
    shown = copy.deepcopy(message)
    if not with_metadata:
        shown.pop("metadata", None)
    return shown


def _encode_cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(base64.b64decode(cursor).decode().removeprefix("offset:"))
    except ValueError:
        raise SlackError("invalid_cursor") from None


# -- chat -----------------------------------------------------------------------------------


def message_fields(params: Params) -> dict[str, Any]:
    """Validate text/blocks/attachments/metadata as Slack does and return what to store."""
    text, blocks, attachments = params.get("text"), params.get("blocks"), params.get("attachments")
    if not (text or blocks or attachments):
        raise SlackError("no_text")
    if text is not None and len(str(text)) > blockkit.MESSAGE_TEXT_MAX:
        raise SlackError("msg_too_long")
    if blocks is not None:
        _check_blocks(blocks)
    if attachments is not None and (
        not isinstance(attachments, list) or len(attachments) > MAX_ATTACHMENTS
    ):
        raise SlackError("too_many_attachments")
    fields: dict[str, Any] = {
        "text": None if text is None else str(text),
        "blocks": None if blocks is None else blockkit.fill_ids(copy.deepcopy(blocks)),
        "attachments": attachments or None,
        "metadata": _metadata(params.get("metadata")),
        "thread_ts": params.optional("thread_ts"),
    }
    return fields


def _check_blocks(blocks: object) -> None:
    if not isinstance(blocks, list):
        raise SlackError("invalid_blocks_format")
    errors = blockkit.validate_message_blocks(blocks)
    if errors:
        raise SlackError("invalid_blocks", errors)


def _metadata(metadata: object) -> dict[str, Any] | None:
    if metadata is None or metadata == "":
        return None
    if not (
        isinstance(metadata, dict)
        and isinstance(metadata.get("event_type"), str)
        and isinstance(metadata.get("event_payload"), dict)
    ):
        raise SlackError("invalid_metadata_format")
    return {"event_type": metadata["event_type"], "event_payload": metadata["event_payload"]}


def chat_post_message(ws: Workspace, params: Params) -> dict[str, Any]:
    conversation = ws.conversation_with_bot(params.required("channel", error="channel_not_found"))
    message = ws.bot_message(message_fields(params))
    conversation.messages.append(message)
    return {"channel": conversation.id, "ts": message["ts"], "message": copy.deepcopy(message)}


def chat_update(ws: Workspace, params: Params) -> dict[str, Any]:
    channel_id = params.required("channel", error="channel_not_found")
    message = ws.find_message(channel_id, params.required("ts", error="message_not_found"))
    if message.get("bot_id") != ws.bot_id:
        raise SlackError("cant_update_message")
    fields = message_fields(params)
    fields.pop("thread_ts")
    message.update({k: v for k, v in fields.items() if v is not None})
    message["edited"] = {"user": ws.bot_id, "ts": ws.next_ts()}
    return {
        "channel": channel_id,
        "ts": message["ts"],
        "text": message.get("text", ""),
        "message": copy.deepcopy(message),
    }


def chat_post_ephemeral(ws: Workspace, params: Params) -> dict[str, Any]:
    conversation = ws.conversation_with_bot(params.required("channel", error="channel_not_found"))
    user_id = params.required("user", error="user_not_in_channel")
    if user_id not in conversation.members:
        raise SlackError("user_not_in_channel")
    message = ws.add_ephemeral(
        user_id=user_id, channel_id=conversation.id, fields=message_fields(params), via="api"
    )
    return {"message_ts": message["ts"]}


def chat_schedule_message(ws: Workspace, params: Params) -> dict[str, Any]:
    conversation = ws.conversation_with_bot(params.required("channel", error="channel_not_found"))
    post_at = params.integer("post_at", -1, error="invalid_time")
    if post_at <= ws.now():
        raise SlackError("time_in_past")
    if post_at > ws.now() + SCHEDULE_HORIZON_SECONDS:
        raise SlackError("time_too_far")
    fields = message_fields(params)
    scheduled_id = ws.next_id("Q0SM")
    message = {k: v for k, v in fields.items() if v is not None}
    ws.scheduled[scheduled_id] = ScheduledMessage(
        scheduled_id, conversation.id, post_at, message, date_created=ws.now()
    )
    shown = {**message, "bot_id": ws.bot_id, "type": "delayed_message", "subtype": "bot_message"}
    return {
        "channel": conversation.id,
        "scheduled_message_id": scheduled_id,
        "post_at": str(post_at),
        "message": copy.deepcopy(shown),
    }


def chat_scheduled_messages_list(ws: Workspace, params: Params) -> dict[str, Any]:
    """The app's own pending scheduled messages (no scope needed), soonest first."""
    channel_id = params.optional("channel")
    if channel_id is not None and channel_id not in ws.conversations:
        raise SlackError("invalid_channel")
    limit = params.integer("limit", 100, error="invalid_arguments")
    if not 1 <= limit <= 1000:
        raise SlackError("invalid_arguments")
    oldest = float(params.optional("oldest") or 0)
    latest = float(params.optional("latest") or "inf")
    pending = sorted(
        (
            s
            for s in ws.scheduled.values()
            if channel_id in (None, s.channel_id) and oldest <= s.post_at <= latest
        ),
        key=lambda s: (s.post_at, s.id),
    )
    start = _decode_cursor(params.optional("cursor"))
    page = pending[start : start + limit]
    more = start + limit < len(pending)
    return {
        "scheduled_messages": [
            {
                "id": s.id,
                "channel_id": s.channel_id,
                "post_at": s.post_at,
                "date_created": s.date_created,
                "text": str(s.message.get("text") or ""),
            }
            for s in page
        ],
        "response_metadata": {"next_cursor": _encode_cursor(start + limit) if more else ""},
    }


def chat_delete_scheduled_message(ws: Workspace, params: Params) -> dict[str, Any]:
    channel_id = params.required("channel", error="channel_not_found")
    ws.conversation(channel_id)
    scheduled_id = params.required("scheduled_message_id", error="invalid_scheduled_message_id")
    scheduled = ws.scheduled.get(scheduled_id)
    if scheduled is None or scheduled.channel_id != channel_id:
        raise SlackError("invalid_scheduled_message_id")
    del ws.scheduled[scheduled_id]
    return {}


# -- views ----------------------------------------------------------------------------------


def _checked_view(params: Params, *, kind: str) -> dict[str, Any]:
    """Validate a view as Slack does: schema first (invalid_arguments), then size."""
    view = params.get("view")
    errors = blockkit.validate_view(view)
    if not isinstance(view, dict) or errors:
        raise SlackError("invalid_arguments", errors)
    if view.get("type") != kind:
        raise SlackError("invalid_arguments", [f"[ERROR] must be {kind} [json-pointer:/view/type]"])
    if blockkit.view_too_large(view):
        raise SlackError("view_too_large")
    checked = copy.deepcopy(view)
    blockkit.fill_ids(checked.get("blocks") or [])
    return checked


def _trigger_user(ws: Workspace, params: Params) -> str:
    trigger_id = params.required("trigger_id")
    return ws.exchange_trigger(trigger_id).user_id


def views_open(ws: Workspace, params: Params) -> dict[str, Any]:
    view = _checked_view(params, kind="modal")
    ws.check_external_id(view.get("external_id"))
    user_id = _trigger_user(ws, params)
    return {"view": copy.deepcopy(ws.open_modal(user_id, view, push=False).body)}


def views_push(ws: Workspace, params: Params) -> dict[str, Any]:
    view = _checked_view(params, kind="modal")
    ws.check_external_id(view.get("external_id"))
    user_id = _trigger_user(ws, params)
    return {"view": copy.deepcopy(ws.open_modal(user_id, view, push=True).body)}


def views_update(ws: Workspace, params: Params) -> dict[str, Any]:
    view_id, external_id = params.optional("view_id"), params.optional("external_id")
    if (view_id is None) == (external_id is None):
        raise SlackError(
            "invalid_arguments", ["[ERROR] exactly one of view_id or external_id is required"]
        )
    stored = ws.stored_view(view_id=view_id, external_id=external_id)
    view = _checked_view(params, kind=stored.type)
    ws.check_external_id(view.get("external_id"), allow=stored.id)
    _check_hash(params, stored.body)
    return {"view": copy.deepcopy(ws.replace_view(stored, view).body)}


def views_publish(ws: Workspace, params: Params) -> dict[str, Any]:
    user_id = params.required("user_id")
    view = _checked_view(params, kind="home")
    if not ws.home_tab_enabled:
        raise SlackError("not_enabled")
    ws.user(user_id)
    current = ws.views.get(ws.home_views.get(user_id, ""))
    ws.check_external_id(view.get("external_id"), allow=current.id if current else None)
    if current is not None:
        _check_hash(params, current.body)
    return {"view": copy.deepcopy(ws.publish_home(user_id, view).body)}


def _check_hash(params: Params, body: dict[str, Any]) -> None:
    given = params.optional("hash")
    if given is not None and given != body["hash"]:
        raise SlackError("hash_conflict")


# -- custom workflow steps --------------------------------------------------------------------


def functions_complete_success(ws: Workspace, params: Params) -> dict[str, Any]:
    execution = _running_execution(ws, params)
    outputs = params.get("outputs")
    if isinstance(outputs, str):
        try:
            outputs = json.loads(outputs)
        except ValueError:
            outputs = None
    if not isinstance(outputs, dict):
        raise SlackError("parameter_validation_failed", ["[ERROR] outputs must be an object"])
    execution.state, execution.outputs = "completed", outputs
    return {}


def functions_complete_error(ws: Workspace, params: Params) -> dict[str, Any]:
    execution = _running_execution(ws, params)
    execution.state, execution.error = "failed", params.required("error")
    return {}


def _running_execution(ws: Workspace, params: Params) -> FunctionExecution:
    execution = ws.executions.get(params.required("function_execution_id"))
    if execution is None:
        raise SlackError("function_execution_not_found")
    if execution.state != "running":
        raise SlackError("execution_not_in_running_state")
    return execution


HANDLERS: dict[str, Handler] = {
    "auth.test": auth_test,
    "apps.connections.open": apps_connections_open,
    "users.info": users_info,
    "users.profile.get": users_profile_get,
    "conversations.open": conversations_open,
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
    "conversations.history": conversations_history,
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.scheduleMessage": chat_schedule_message,
    "chat.deleteScheduledMessage": chat_delete_scheduled_message,
    "chat.scheduledMessages.list": chat_scheduled_messages_list,
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
    "functions.completeSuccess": functions_complete_success,
    "functions.completeError": functions_complete_error,
}

# Methods called with the app-level token (xapp-) instead of the bot token.
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})

JSON_PARAMS = frozenset({"view", "blocks", "attachments", "metadata"})


def decode_json_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Accept view/blocks/attachments/metadata as objects or as JSON strings, like Slack."""
    decoded = dict(raw)
    for key in JSON_PARAMS & decoded.keys():
        value = decoded[key]
        if isinstance(value, str) and value:
            try:
                decoded[key] = json.loads(value)
            except ValueError:
                decoded[key] = value
    return decoded
