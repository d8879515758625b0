"""The edge: what Slack sent, checked and typed before any Bolt or listener code reads it.

A request is judged by its signature first, then decoded and parsed into an `Envelope`;
anything that does not parse becomes a `Refusal` with a status and one fixed reason. Bodies are
parsed with Bolt's own parser, so what is checked here is exactly what Bolt would see.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from slack_bolt import BoltRequest
from slack_bolt.context import BoltContext
from slack_bolt.request.internals import build_context
from slack_sdk.signature import SignatureVerifier

# Slack's own payloads are far smaller; a bigger body is not from Slack.
MAX_BODY_BYTES = 1_000_000
# A view's blocks nest a dozen levels at most; deeper is a forgery or a fuzzer.
MAX_DEPTH = 40

Kind = Literal["command", "interaction", "event", "url_verification", "ssl_check"]

INTERACTIONS = frozenset({"block_actions", "view_submission", "shortcut", "message_action"})
# Well-formed envelopes Slack may send that this app does not act on: acked and ignored.
IGNORED_TYPES = frozenset(
    {
        "view_closed",
        "block_suggestion",
        "interactive_message",
        "dialog_submission",
        "dialog_cancellation",
        "dialog_suggestion",
        "workflow_step_edit",
        "app_rate_limited",
    }
)
EVENTS = frozenset({"app_home_opened", "app_uninstalled", "tokens_revoked", "function_executed"})
# Fields Bolt copies into its context: each must be text when present.
CONTEXT_IDS = ("team_id", "enterprise_id", "user_id", "channel_id", "actor_user_id")


@dataclass(frozen=True)
class Envelope:
    """A request that parsed: its kind, its type (`/intro`, `block_actions`, an event type)."""

    kind: Kind
    type: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Refusal:
    """A request that did not parse: 400 (or 200 where Slack expects an ack), and why."""

    status: int
    reason: str
    kind: str | None = None


class RawSignatureVerifier(SignatureVerifier):
    """Slack's v0 signature over the raw bytes, so a body that is not UTF-8 is judged too."""

    def generate_signature(self, *, timestamp: str, body: str | bytes) -> str | None:
        raw = body.encode() if isinstance(body, str) else body
        base = b"v0:" + timestamp.encode() + b":" + raw
        return "v0=" + hmac.new(self.signing_secret.encode(), base, hashlib.sha256).hexdigest()

    def signed(self, raw: bytes, timestamp: str | None, signature: str | None) -> bool:
        if not timestamp or not timestamp.isdigit() or not signature:
            return False
        return self.is_valid(body=raw, timestamp=timestamp, signature=signature)


def bolt_request(
    raw: bytes, *, query: str | None, headers: dict[str, Any]
) -> BoltRequest | Refusal:
    """The request as Bolt reads it (its body parsed once, here), or why it cannot be read."""
    if len(raw) > MAX_BODY_BYTES:
        return Refusal(413, "the body is too large")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(400, "the body is not UTF-8")
    try:
        return BoltRequest(body=text, query=query, headers=headers)
    except (ValueError, RecursionError):
        return Refusal(400, "the body is not valid JSON")
    except (TypeError, AttributeError, KeyError, IndexError):  # Bolt reads its context here
        return Refusal(400, "the body is not shaped like a Slack request")


def read_envelope(body: object) -> Envelope | Refusal:
    """Type a parsed body (HTTP or Socket Mode) or say why it is refused."""
    if not isinstance(body, dict):
        return Refusal(400, "the payload is not a JSON object")
    if _too_deep(body):
        return Refusal(400, "the payload is nested too deeply")
    if not _context_readable(body):
        return Refusal(400, "the payload's team, user or channel is malformed")
    if "command" in body:
        return _command(body)
    if body.get("ssl_check") == "1":
        return Envelope("ssl_check", "ssl_check", body)
    kind = body.get("type")
    if not isinstance(kind, str):
        return Refusal(400, "the payload has no type")
    if kind == "url_verification":
        if not isinstance(body.get("challenge"), str):
            return Refusal(400, "url_verification has no challenge", kind)
        return Envelope("url_verification", kind, body)
    if kind == "event_callback":
        return _event(body)
    if kind in INTERACTIONS:
        return _interaction(kind, body)
    if kind in IGNORED_TYPES:
        return Refusal(200, "a payload type this app does not act on", kind)
    return Refusal(400, "an unknown payload type")


def _command(body: dict[str, Any]) -> Envelope | Refusal:
    if "type" in body:
        return Refusal(400, "a payload that is both a command and a typed payload", "command")
    fields = ("command", "user_id", "trigger_id", "team_id", "response_url")
    if not all(isinstance(body.get(name), str) and body[name] for name in fields):
        return Refusal(
            400, "a slash command without command, user, trigger, team or reply URL", "command"
        )
    if not _optional_text(body, "text", "channel_id", "enterprise_id"):
        return Refusal(400, "a slash command with a malformed field", "command")
    return Envelope("command", body["command"], body)


def _event(body: dict[str, Any]) -> Envelope | Refusal:
    event = body.get("event")
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return Refusal(400, "an event_callback without an event type", "event_callback")
    if not isinstance(body.get("team_id"), str):
        return Refusal(400, "an event_callback without a team", "event_callback")
    if event["type"] not in EVENTS:
        return Refusal(200, "an event this app does not subscribe to", "event_callback")
    if event["type"] == "function_executed" and not _is_step(event):
        return Refusal(400, "a workflow step without its function, inputs or ids", "event_callback")
    return Envelope("event", event["type"], body)


def _is_step(event: dict[str, Any]) -> bool:
    """A custom step run: Bolt matches on the function's callback_id and reads the inputs."""
    function = event.get("function")
    return (
        isinstance(function, dict)
        and isinstance(function.get("callback_id"), str)
        and isinstance(event.get("inputs"), dict)
        and isinstance(event.get("function_execution_id"), str)
        and _optional_text(event, "bot_access_token", "workflow_execution_id")
    )


def _interaction(kind: str, body: dict[str, Any]) -> Envelope | Refusal:
    user = body.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("id"), str):
        return Refusal(400, "an interaction without a user id", kind)
    if not _optional_text(body, "trigger_id", "response_url", "api_app_id"):
        return Refusal(400, "an interaction with a malformed field", kind)
    view = body.get("view")
    if view is not None and not _is_view(view):
        return Refusal(400, "an interaction with a malformed view", kind)
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions or not all(map(_is_action, actions)):
            return Refusal(400, "block_actions without actions that each have an action_id", kind)
    elif kind in ("shortcut", "message_action"):
        if not isinstance(body.get("callback_id"), str):
            return Refusal(400, "a shortcut without a callback_id", kind)
        if kind == "message_action" and not isinstance(body.get("message"), dict):
            return Refusal(400, "a message shortcut without its message", kind)
    elif view is None:
        return Refusal(400, "a view_submission without a view", kind)
    elif kind == "view_submission" and not isinstance(view.get("type"), str):
        # Bolt reads the view's type of every submission (for workflow steps) before listeners.
        return Refusal(400, "a view_submission whose view has no type", kind)
    return Envelope("interaction", kind, body)


def _is_action(action: object) -> bool:
    return (
        isinstance(action, dict)
        and isinstance(action.get("action_id"), str)
        and _optional_text(action, "value", "block_id", "type")
    )


def _is_view(view: object) -> bool:
    if not isinstance(view, dict) or not _optional_text(
        view, "id", "callback_id", "private_metadata", "team_id", "app_installed_team_id"
    ):
        return False
    state = view.get("state")
    if state is None:
        return True
    values = state.get("values") if isinstance(state, dict) else None
    return isinstance(values, dict) and all(isinstance(block, dict) for block in values.values())


def _optional_text(mapping: dict[str, Any], *names: str) -> bool:
    return all(mapping.get(name) is None or isinstance(mapping[name], str) for name in names)


def _context_readable(body: dict[str, Any]) -> bool:
    """Bolt reads ids out of every body before any middleware: they must read as text."""
    for name in ("team", "user", "channel", "enterprise"):
        if body.get(name) is not None and not isinstance(body[name], str | dict):
            return False
    authorizations = body.get("authorizations")
    if authorizations is not None and not (
        isinstance(authorizations, list) and all(isinstance(a, dict) for a in authorizations)
    ):
        return False
    urls = body.get("response_urls")
    if urls is not None and not (isinstance(urls, list) and all(isinstance(u, dict) for u in urls)):
        return False
    if body.get("event") is not None and not isinstance(body["event"], dict):
        return False
    try:
        context = build_context(BoltContext(), body)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        return False
    ids = [context.get(name) for name in CONTEXT_IDS]
    if not all(value is None or isinstance(value, str) for value in ids):
        return False
    return _is_url(body.get("response_url")) and all(
        _is_url(u.get("response_url")) for u in urls or ()
    )


def _too_deep(body: dict[str, Any]) -> bool:
    """True when containers nest deeper than `MAX_DEPTH`, found without recursion."""
    level: list[dict[str, Any] | list[Any]] = [body]
    for _depth in range(MAX_DEPTH):
        level = [
            child
            for container in level
            for child in (container.values() if isinstance(container, dict) else container)
            if isinstance(child, dict | list)
        ]
        if not level:
            return False
    return True


def _is_url(value: object) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False
