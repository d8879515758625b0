"""Dataclasses for what the fake Slack stores, plus the error type its Web API raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ConversationKind = Literal["im", "mpim", "channel"]

TRIGGER_TTL_SECONDS = 3.0
RESPONSE_URL_TTL_SECONDS = 30 * 60.0
RESPONSE_URL_MAX_USES = 5


class SlackError(Exception):
    """A Web API failure, answered as HTTP 200 ``{"ok": false, "error": ...}`` like Slack does."""

    def __init__(self, error: str, messages: list[str] | None = None, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.messages = messages or []
        self.extra = extra

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error": self.error, **self.extra}
        if self.messages:
            body["response_metadata"] = {"messages": self.messages}
        return body


@dataclass
class Conversation:
    """A channel, IM or MPIM; ``messages`` are in posting order (oldest first)."""

    id: str
    kind: ConversationKind
    name: str
    members: list[str]
    created: int
    is_private: bool = False
    messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_im(self) -> bool:
        return self.kind == "im"

    @property
    def is_mpim(self) -> bool:
        return self.kind == "mpim"

    @property
    def is_channel(self) -> bool:
        return self.kind == "channel"

    def find(self, ts: str) -> dict[str, Any] | None:
        return next((m for m in self.messages if m.get("ts") == ts), None)


@dataclass
class Ephemeral:
    """A message only ``user_id`` sees; ``via``: "api", "response_url" or "ack" (command ack)."""

    user_id: str
    channel_id: str
    message: dict[str, Any]
    via: str = "api"


@dataclass
class StoredView:
    """A modal or home view; ``body`` is the view object exactly as the Web API returns it.

    ``errors`` are the inline errors Slack shows after ``response_action: errors`` (block_id ->
    message), until the next submission or update.
    """

    id: str
    user_id: str
    body: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def type(self) -> str:
        return str(self.body.get("type"))


@dataclass
class Trigger:
    """A trigger_id: single use, valid for three seconds on the fake's monotonic clock."""

    id: str
    user_id: str
    issued_at: float
    used: bool = False


@dataclass
class ResponseUrl:
    """A response_url handed to the app: 30 minutes, at most five uses."""

    id: str
    user_id: str
    channel_id: str
    issued_at: float
    message_ts: str | None = None
    uses: int = 0


@dataclass
class ScheduledMessage:
    id: str
    channel_id: str
    post_at: int
    message: dict[str, Any]
    date_created: int = 0


@dataclass
class FunctionExecution:
    """One run of a custom workflow step: running until the app completes it, once."""

    execution_id: str
    callback_id: str
    inputs: dict[str, Any]
    bot_access_token: str
    state: Literal["running", "completed", "failed"] = "running"
    outputs: dict[str, Any] | None = None
    error: str | None = None


@dataclass(frozen=True)
class RecordedCall:
    """One Web API call as the fake saw it; ``fault`` names an injected failure, if any."""

    method: str
    params: dict[str, Any]
    time: float
    ok: bool = True
    error: str | None = None
    fault: str | None = None

    @property
    def faulted(self) -> bool:
        return self.fault is not None


@dataclass
class Fault:
    """An injected failure waiting for the next ``times`` calls of a method.

    ``applies`` says whether the call still changes state; ``drop`` closes the socket instead of
    answering with ``status``. ``delay`` holds the answer back that many seconds first (then the
    call goes on as usual); ``hang`` holds it until the fake is released or stopped, then drops
    the connection, without applying the call unless ``applies`` (Slack did it, then went quiet).
    """

    status: int
    times: int
    # Calls that go through untouched before this fault starts (e.g. "the second post").
    skip: int = 0
    applies: bool = False
    drop: bool = False
    error: str | None = None
    retry_after: int | None = None
    empty_body: bool = False
    delay: float = 0.0
    hang: bool = False

    @property
    def label(self) -> str:
        if self.hang:
            return "hung_after_apply" if self.applies else "hung"
        if self.delay:
            return f"delayed_{self.delay:g}s"
        kind = "dropped" if self.drop else f"http_{self.status}"
        return f"{kind}_after_apply" if self.applies else kind
