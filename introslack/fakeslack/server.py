"""FakeSlack: a stateful fake of Slack's Web API, served over real HTTP on 127.0.0.1.

Point ``slack_sdk.WebClient(base_url=fake.base_url)`` at it. Tests inspect what the app did
through the thread-safe inspection API and wait for it with ``wait_for`` instead of sleeping.
"""

from __future__ import annotations

import copy
import inspect
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any, Self, TypeVar
from urllib.parse import parse_qsl, urlsplit

from introslack.fakeslack import blockkit
from introslack.fakeslack.background import BackgroundHTTPServer, QuietHandler
from introslack.fakeslack.state import (
    Conversation,
    Ephemeral,
    Fault,
    FunctionExecution,
    RecordedCall,
    ResponseUrl,
    ScheduledMessage,
    SlackError,
)
from introslack.fakeslack.webapi import (
    APP_TOKEN_METHODS,
    HANDLERS,
    Params,
    decode_json_params,
    message_fields,
)
from introslack.fakeslack.workspace import APP_SCOPES, Workspace

T = TypeVar("T")

BOOL_PARAMS = frozenset(
    {
        "return_im",
        "prevent_creation",
        "include_all_metadata",
        "include_locale",
        "include_num_members",
        "include_labels",
        "inclusive",
        "unfurl_links",
        "unfurl_media",
        "mrkdwn",
        "reply_broadcast",
        "as_user",
        "link_names",
    }
)
# How often due scheduled messages are posted, so a test waiting for one needs no sleep.
SCHEDULED_TICK_SECONDS = 0.05
# A hung call is let go after this long at the latest, so no thread outlives a test run.
HANG_LIMIT_SECONDS = 120.0
_BOOL_STRINGS = {"1": True, "true": True, "0": False, "false": False}


@dataclass
class HttpReply:
    """What the HTTP layer writes back; ``drop`` means close the socket without answering."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False

    @classmethod
    def json(
        cls, body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
    ) -> HttpReply:
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        return cls(status, json.dumps(body).encode(), all_headers)


class FakeSlack(BackgroundHTTPServer):
    """One fake workspace with one app installed; every Web API call is recorded."""

    def __init__(
        self,
        *,
        team_id: str = "T0TEAM001",
        team_name: str = "Introslack Test",
        team_domain: str = "introslack-test",
        bot_token: str = "xoxb-test-token",
        app_token: str = "xapp-1-A0APP0001-1-test",
        bot_user_id: str = "U0BOT0001",
        bot_id: str = "B0BOT0001",
        app_id: str = "A0APP0001",
        bot_name: str = "introslack",
        home_tab_enabled: bool = True,
        enterprise_id: str | None = None,
        general_channel_id: str = "C0GENERAL1",
        monotonic: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        scopes: Iterable[str] = APP_SCOPES,
    ) -> None:
        """`scopes`: what the bot token was granted (a method needing another: missing_scope)."""
        self.bot_token = bot_token
        self.app_token = app_token
        self._ws = Workspace(
            team_id=team_id,
            team_name=team_name,
            team_domain=team_domain,
            enterprise_id=enterprise_id,
            bot_user_id=bot_user_id,
            bot_id=bot_id,
            app_id=app_id,
            bot_name=bot_name,
            home_tab_enabled=home_tab_enabled,
            monotonic=monotonic,
            wall_clock=wall_clock,
            scopes=frozenset(scopes),
        )
        self._cond = threading.Condition(threading.RLock())
        self._calls: list[RecordedCall] = []
        self._faults: dict[str, list[Fault]] = {}
        self._version = 0
        self._released = threading.Event()
        self._ticking = threading.Event()
        self._ticker: threading.Thread | None = None
        super().__init__(_RequestHandler, thread_name="fake-slack", name="FakeSlack")
        self.general_channel_id = general_channel_id
        self.add_user(bot_user_id, name=bot_name, real_name=bot_name, is_bot=True)
        self.add_channel(general_channel_id, name="general")

    # -- lifecycle --------------------------------------------------------------------------

    def _attach(self, server: ThreadingHTTPServer) -> None:
        server.fake = self  # type: ignore[attr-defined]

    def start(self) -> Self:
        """Serve, and post scheduled messages when they fall due, as Slack does."""
        super().start()
        self._ticking.clear()
        self._ticker = threading.Thread(target=self._tick, name="fake-slack-scheduled", daemon=True)
        self._ticker.start()
        return self

    def _tick(self) -> None:
        while not self._ticking.wait(SCHEDULED_TICK_SECONDS):
            with self._cond:
                self._post_due()

    @property
    def url(self) -> str:
        """The server root, e.g. ``http://127.0.0.1:54321``."""
        return self.root_url

    @property
    def base_url(self) -> str:
        """What to give WebClient: slack_sdk appends the method name."""
        return f"{self.url}/api/"

    # -- workspace facts --------------------------------------------------------------------

    @property
    def team_id(self) -> str:
        return self._ws.team_id

    @property
    def team_name(self) -> str:
        return self._ws.team_name

    @property
    def team_domain(self) -> str:
        return self._ws.team_domain

    @property
    def enterprise_id(self) -> str | None:
        return self._ws.enterprise_id

    @property
    def bot_user_id(self) -> str:
        return self._ws.bot_user_id

    @property
    def bot_id(self) -> str:
        return self._ws.bot_id

    @property
    def app_id(self) -> str:
        return self._ws.app_id

    @property
    def home_tab_enabled(self) -> bool:
        return self._ws.home_tab_enabled

    @home_tab_enabled.setter
    def home_tab_enabled(self, enabled: bool) -> None:
        with self._cond:
            self._ws.home_tab_enabled = enabled

    # -- seeding ----------------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        real_name: str,
        title: str = "",
        tz: str = "America/New_York",
        tz_label: str | None = None,
        tz_offset: int | None = None,
        is_bot: bool = False,
        deleted: bool = False,
        team_id: str | None = None,
        email: str | None = None,
        display_name: str | None = None,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """Add a member (a human joins #general); returns the users.info user object.

        `locale` is their Slack language, as users.info reports it with include_locale."""
        with self._cond:
            user = self._ws.build_user(
                user_id,
                name=name,
                real_name=real_name,
                title=title,
                tz=tz,
                tz_label=tz_label,
                tz_offset=tz_offset,
                is_bot=is_bot,
                deleted=deleted,
                team_id=team_id,
                email=email,
                display_name=display_name,
            )
            self._ws.add_user(user)
            self._ws.locales[user_id] = locale
            general = self._ws.conversations.get(self.general_channel_id)
            if general is not None and not is_bot and user_id not in general.members:
                general.members.append(user_id)
            self._changed()
            return copy.deepcopy(user)

    def make_admin(self, user_id: str, *, owner: bool = False) -> None:
        """A workspace admin (or owner), as users.info reports them."""
        with self._cond:
            user = self._ws.user(user_id)
            user["is_admin"] = True
            user["is_owner"] = owner
            self._changed()

    def deactivate_user(self, user_id: str) -> None:
        with self._cond:
            self._ws.user(user_id)["deleted"] = True
            self._changed()

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str,
        members: Iterable[str] = (),
        include_bot: bool = False,
        is_private: bool = False,
    ) -> None:
        """Add a channel; the bot is not a member unless ``include_bot`` (as after an invite)."""
        with self._cond:
            member_list = list(members) + ([self.bot_user_id] if include_bot else [])
            self._ws.add_conversation(
                Conversation(
                    id=channel_id,
                    kind="channel",
                    name=name,
                    members=member_list,
                    created=self._ws.now(),
                    is_private=is_private,
                )
            )
            self._changed()

    def post_user_message(self, channel_id: str, user_id: str, text: str) -> str:
        """Store a message written by a human; returns its ts."""
        with self._cond:
            ts = self._ws.next_ts()
            message = {"type": "message", "user": user_id, "text": text, "ts": ts}
            self._ws.conversations[channel_id].messages.append(message)
            self._changed()
            return ts

    def ensure_dm(self, user_id: str) -> str:
        """The bot↔user IM id, created if needed (as when the user opens the app)."""
        with self._cond:
            conversation, _ = self._ws.open_dm([user_id])
            self._changed()
            return conversation.id

    # -- Socket Mode ------------------------------------------------------------------------

    def enable_socket_mode(self, link: Callable[[], str] | None) -> None:
        """apps.connections.open answers with ``link()`` (a FakeSocketMode's URL); None: off."""
        with self._cond:
            self._ws.socket_mode_link = link

    # -- one-time tokens --------------------------------------------------------------------

    def issue_trigger_id(self, user_id: str) -> str:
        """A Slack-shaped trigger_id for ``user_id``: single use, valid for 3 s."""
        with self._cond:
            return self._ws.issue_trigger(user_id)

    def issue_response_url(
        self, user_id: str, channel_id: str, *, message_ts: str | None = None
    ) -> str:
        """A response_url on this fake; ``message_ts`` is the message replace_original edits."""
        with self._cond:
            url_id = self._ws.issue_response_url(user_id, channel_id, message_ts)
        return f"{self.url}/response_url/{url_id}"

    def next_event_id(self) -> str:
        with self._cond:
            return f"Ev{self._ws.next_id('0EV')}"

    def next_ts(self) -> str:
        with self._cond:
            return self._ws.next_ts()

    # -- view lifecycle driven by the user's Slack client -------------------------------------

    def record_view_state(self, view_id: str, values: dict[str, Any]) -> None:
        """Remember what the user entered, as Slack does before sending a view_submission."""
        with self._cond:
            stored = self._ws.stored_view(view_id=view_id, external_id=None)
            stored.body["state"] = {"values": copy.deepcopy(values)}
            stored.errors = {}
            self._changed()

    def close_view(self, view_id: str) -> None:
        """The modal (and anything stacked above it) was closed."""
        with self._cond:
            self._ws.close_view(view_id)
            self._changed()

    def clear_views(self, user_id: str) -> None:
        """``response_action: clear``: close the user's whole modal stack."""
        with self._cond:
            self._ws.clear_modals(user_id)
            self._changed()

    def apply_view_submission_response(
        self, user_id: str, view_id: str, response: dict[str, Any] | None
    ) -> None:
        """Do what Slack's client does with the app's answer to a view_submission.

        Raises AssertionError when Slack would reject the answer (the user would see an error).
        """
        action = (response or {}).get("response_action")
        with self._cond:
            if action is None:
                self._ws.close_view(view_id)
            elif action == "clear":
                self._ws.clear_modals(user_id)
            elif action in ("update", "push"):
                self._apply_view_response(user_id, view_id, action, (response or {}).get("view"))
            elif action == "errors":
                self._check_submission_errors(view_id, (response or {}).get("errors"))
            else:
                raise AssertionError(f"Slack does not know response_action={action!r}")
            self._changed()

    def _apply_view_response(self, user_id: str, view_id: str, action: str, view: object) -> None:
        errors = blockkit.validate_view(view)
        if errors or not isinstance(view, dict) or view.get("type") != "modal":
            raise AssertionError(f"response_action={action} carried an invalid view: {errors}")
        stored = self._ws.stored_view(view_id=view_id, external_id=None)
        blockkit.fill_ids(view.get("blocks") or [])
        try:
            if action == "update":
                self._ws.replace_view(stored, view)
            else:
                self._ws.open_modal(user_id, view, push=True)
        except SlackError as error:
            raise AssertionError(f"response_action={action} failed: {error.error}") from None

    def _check_submission_errors(self, view_id: str, errors: object) -> None:
        """Slack only shows errors keyed by the block_id of an input block."""
        body = self._ws.stored_view(view_id=view_id, external_id=None).body
        input_ids = {b.get("block_id") for b in body["blocks"] if b.get("type") == "input"}
        if not isinstance(errors, dict) or not errors:
            raise AssertionError("response_action=errors needs a non-empty errors object")
        unknown = set(errors) - input_ids
        if unknown:
            raise AssertionError(f"errors keyed by non-input block_ids {sorted(unknown)}")
        self._ws.stored_view(view_id=view_id, external_id=None).errors = {
            str(block_id): str(message) for block_id, message in errors.items()
        }

    def deliver_scheduled(self) -> list[dict[str, Any]]:
        """Post the scheduled messages that are due on the wall clock; returns them."""
        with self._cond:
            posted = self._ws.deliver_scheduled()
            self._changed()
            return copy.deepcopy(posted)

    def _post_due(self) -> None:
        """Called holding the lock: post what is due, telling waiters only if anything was."""
        if self._ws.scheduled and self._ws.deliver_scheduled():
            self._changed()

    @property
    def scopes(self) -> frozenset[str]:
        return self._ws.scopes

    # -- fault injection --------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 1,
        times: int = 1,
        error: str | None = None,
        empty_body: bool = False,
    ) -> None:
        """Answer the next ``times`` calls with an HTTP error without applying them.

        429 carries ``Retry-After``; ``error`` defaults to ratelimited (429) or internal_error.
        """
        self._add_fault(
            method,
            Fault(
                status=status,
                times=times,
                error=error,
                retry_after=retry_after if status == 429 else None,
                empty_body=empty_body,
            ),
        )

    def fail_after_apply(self, method: str, *, status: int = 500, times: int = 1) -> None:
        """Apply the next calls but answer HTTP ``status``: Slack did it, the answer got lost."""
        self._add_fault(method, Fault(status=status, times=times, applies=True))

    def drop_connection_next(
        self, method: str, *, times: int = 1, after_apply: bool = False
    ) -> None:
        """Close the socket without any response on the next calls of ``method``."""
        self._add_fault(method, Fault(status=0, times=times, applies=after_apply, drop=True))

    def delay_next(self, method: str, seconds: float, *, times: int = 1, after: int = 0) -> None:
        """Answer ``times`` calls ``seconds`` late (each waits on its own thread), once the
        first ``after`` calls have gone through as usual."""
        self._add_fault(method, Fault(status=200, times=times, skip=after, delay=seconds))

    def hang_next(self, method: str, *, times: int = 1, after_apply: bool = False) -> None:
        """Never answer the next calls: hold them until `release_hung` or `stop`, then drop them
        unapplied, as if the caller died while Slack was still thinking; `after_apply`: Slack
        did them first, as if the caller died just after."""
        self._add_fault(
            method, Fault(status=0, times=times, hang=True, drop=True, applies=after_apply)
        )

    def release_hung(self) -> None:
        """Let every held call go (hung ones are dropped, delayed ones answer now)."""
        self._released.set()

    def stop(self) -> None:
        self._released.set()
        self._ticking.set()
        if self._ticker is not None:
            self._ticker.join(timeout=5)
            self._ticker = None
        super().stop()

    def _add_fault(self, method: str, fault: Fault) -> None:
        with self._cond:
            self._faults.setdefault(method, []).append(fault)

    def _take_fault(self, method: str) -> Fault | None:
        queue = self._faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        if fault.skip > 0:
            fault.skip -= 1
            return None
        fault.times -= 1
        if fault.times <= 0:
            queue.pop(0)
        return fault

    # -- inspection -------------------------------------------------------------------------

    @property
    def calls(self) -> list[RecordedCall]:
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[RecordedCall]:
        with self._cond:
            return [c for c in self._calls if c.method == method]

    def clear_calls(self) -> None:
        with self._cond:
            self._calls.clear()

    def user(self, user_id: str) -> dict[str, Any] | None:
        with self._cond:
            return copy.deepcopy(self._ws.users.get(user_id))

    def users(self) -> list[dict[str, Any]]:
        """Every member, bots and deactivated accounts included, in the order they were added."""
        with self._cond:
            return copy.deepcopy(list(self._ws.users.values()))

    def messages(self, channel_id: str) -> list[dict[str, Any]]:
        """Messages of a conversation, oldest first (empty if it does not exist)."""
        with self._cond:
            conversation = self._ws.conversations.get(channel_id)
            return copy.deepcopy(conversation.messages) if conversation else []

    def message(self, channel_id: str, ts: str) -> dict[str, Any] | None:
        with self._cond:
            conversation = self._ws.conversations.get(channel_id)
            return copy.deepcopy(conversation.find(ts)) if conversation else None

    def dm_channel(self, user_id: str) -> str | None:
        with self._cond:
            conversation = self._ws.dm_with(user_id)
            return conversation.id if conversation else None

    def dm_messages(self, user_id: str) -> list[dict[str, Any]]:
        with self._cond:
            conversation = self._ws.dm_with(user_id)
            return copy.deepcopy(conversation.messages) if conversation else []

    def conversation(self, channel_id: str) -> Conversation | None:
        with self._cond:
            return copy.deepcopy(self._ws.conversations.get(channel_id))

    def mpims(self) -> list[Conversation]:
        with self._cond:
            return [copy.deepcopy(c) for c in self._ws.conversations.values() if c.is_mpim]

    def ephemerals(self, user_id: str) -> list[Ephemeral]:
        with self._cond:
            return [copy.deepcopy(e) for e in self._ws.ephemerals if e.user_id == user_id]

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        with self._cond:
            view = self._ws.views.get(self._ws.home_views.get(user_id, ""))
            return copy.deepcopy(view.body) if view else None

    def view(self, view_id: str) -> dict[str, Any] | None:
        with self._cond:
            view = self._ws.views.get(view_id)
            return copy.deepcopy(view.body) if view else None

    def view_errors(self, view_id: str) -> dict[str, str]:
        """The inline errors the user sees on a modal (block_id -> message), if any."""
        with self._cond:
            view = self._ws.views.get(view_id)
            return dict(view.errors) if view else {}

    def view_owner(self, view_id: str) -> str | None:
        with self._cond:
            view = self._ws.views.get(view_id)
            return view.user_id if view else None

    def open_views(self, user_id: str) -> list[dict[str, Any]]:
        """The user's modal stack, top last."""
        with self._cond:
            stack = self._ws.modal_stacks.get(user_id, [])
            return [copy.deepcopy(self._ws.views[v].body) for v in stack]

    def start_execution(self, callback_id: str, inputs: dict[str, Any]) -> FunctionExecution:
        """A workflow reaches the app's custom step: a running execution with its own token."""
        with self._cond:
            execution_id = self._ws.next_id("Fx")
            execution = FunctionExecution(
                execution_id=execution_id,
                callback_id=callback_id,
                inputs=copy.deepcopy(inputs),
                bot_access_token=f"xwfp-{secrets.token_hex(12)}",
            )
            self._ws.executions[execution_id] = execution
            return execution

    def execution(self, execution_id: str) -> FunctionExecution | None:
        with self._cond:
            found = self._ws.executions.get(execution_id)
            return copy.deepcopy(found) if found else None

    def _is_function_token(self, token: str) -> bool:
        """A step's token acts for the app while its execution runs (Bolt uses it in listeners)."""
        return any(
            e.bot_access_token == token and e.state == "running"
            for e in self._ws.executions.values()
        )

    def scheduled_messages(self) -> list[ScheduledMessage]:
        with self._cond:
            return [copy.deepcopy(s) for s in self._ws.scheduled.values()]

    # -- waiting ----------------------------------------------------------------------------

    def wait_for(
        self, predicate: Callable[[], T | None], timeout: float = 5.0, *, message: str = ""
    ) -> T:
        """Block until ``predicate()`` is truthy (re-checked on every state change); return it."""
        with self._cond:
            result = self._cond.wait_for(predicate, timeout)
            if not result:
                raise AssertionError(self._timeout_report(predicate, timeout, message))
            return result

    def _timeout_report(self, predicate: Callable[[], object], timeout: float, message: str) -> str:
        try:
            what = message or inspect.getsource(predicate).strip()
        except (OSError, TypeError):
            what = message or repr(predicate)
        recent = "\n".join(f"  {_describe(call)}" for call in self._calls[-15:]) or "  (none)"
        return f"wait_for timed out after {timeout}s waiting for: {what}\nlast calls:\n{recent}"

    @property
    def version(self) -> int:
        """A number that grows whenever the workspace changes or is called: for watchers."""
        with self._cond:
            return self._version

    def wait_for_change(self, since: int, timeout: float) -> int:
        """Block until ``version`` is past ``since`` or ``timeout`` passes; return ``version``."""
        with self._cond:
            self._cond.wait_for(lambda: self._version > since, timeout)
            return self._version

    def _changed(self) -> None:
        self._version += 1
        self._cond.notify_all()

    # -- request handling (called from server threads) ----------------------------------------

    def handle_api(self, method: str, raw: dict[str, Any], token: str | None) -> HttpReply:
        """Run one Web API call: record it, apply injected faults, answer like Slack."""
        params = _normalise(raw)
        with self._cond:
            fault = self._take_fault(method)
            if fault is not None and fault.hang:
                body = self._apply(method, params, token) if fault.applies else None
                self._record(method, params, body, fault)
        if fault is not None and (fault.hang or fault.delay):
            # Held outside the lock, so other calls go on meanwhile.
            self._released.wait(HANG_LIMIT_SECONDS if fault.hang else fault.delay)
            if fault.hang:
                return HttpReply(drop=True)
            fault = None
        with self._cond:
            self._post_due()
            if fault is not None and not fault.applies:
                return self._fault_reply(method, params, fault)
            body = self._apply(method, params, token)
            self._record(method, params, body, fault)
            if fault is not None:
                return _fault_http_reply(fault)
            scopes = {"x-oauth-scopes": ",".join(sorted(self._ws.scopes))}
            return HttpReply.json(body, headers=scopes if method == "auth.test" else None)

    def _apply(self, method: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        handler = HANDLERS.get(method)
        try:
            if handler is None:
                raise SlackError("unknown_method")
            if not token:
                raise SlackError("not_authed")
            if method in APP_TOKEN_METHODS:
                valid = token == self.app_token
            else:
                valid = token == self.bot_token or self._is_function_token(token)
            if not valid:
                known = token in (self.bot_token, self.app_token) or self._is_function_token(token)
                raise SlackError("not_allowed_token_type" if known else "invalid_auth")
            return {"ok": True, **handler(self._ws, Params(params))}
        except SlackError as error:
            return error.body()

    def _fault_reply(self, method: str, params: dict[str, Any], fault: Fault) -> HttpReply:
        self._record(method, params, None, fault)
        return _fault_http_reply(fault)

    def _record(
        self, method: str, params: dict[str, Any], body: dict[str, Any] | None, fault: Fault | None
    ) -> None:
        ok = bool(body and body.get("ok")) and fault is None
        error = body.get("error") if body else None
        self._calls.append(
            RecordedCall(
                method=method,
                params=copy.deepcopy(params),
                time=time.time(),
                ok=ok,
                error=error,
                fault=fault.label if fault else None,
            )
        )
        self._changed()

    def handle_response_url(self, url_id: str, payload: dict[str, Any]) -> HttpReply:
        """A POST to a response_url: an ephemeral, an in-channel message, or an edit/delete."""
        with self._cond:
            try:
                response_url = self._ws.use_response_url(url_id)
                self._apply_response_url(response_url, payload)
            except SlackError as error:
                self._record("response_url", payload, error.body(), None)
                status = 404 if error.error.endswith("_url") else 400
                return HttpReply.json(error.body(), status)
            self._record("response_url", payload, {"ok": True}, None)
            return HttpReply.json({"ok": True})

    def show_command_ack(self, user_id: str, channel_id: str, payload: dict[str, Any]) -> None:
        """Slack shows a non-empty slash-command ack to the user, like a response_url message."""
        with self._cond:
            target = ResponseUrl("ack", user_id, channel_id, self._ws.monotonic())
            try:
                self._apply_response_url(target, payload, via="ack")
            except SlackError as error:
                raise AssertionError(f"Slack rejects this command ack: {error.body()}") from None
            self._changed()

    def _apply_response_url(
        self, target: ResponseUrl, payload: dict[str, Any], *, via: str = "response_url"
    ) -> None:
        params = Params(decode_json_params(payload))
        original = target.message_ts
        if params.flag("delete_original") and original:
            conversation = self._ws.conversation(target.channel_id)
            conversation.messages[:] = [m for m in conversation.messages if m["ts"] != original]
            return
        fields = message_fields(params)
        if params.flag("replace_original") and original:
            message = self._ws.find_message(target.channel_id, original)
            message.update({k: v for k, v in fields.items() if v is not None})
        elif params.optional("response_type") == "in_channel":
            conversation = self._ws.conversation(target.channel_id)
            conversation.messages.append(self._ws.bot_message(fields))
        else:
            self._ws.add_ephemeral(
                user_id=target.user_id, channel_id=target.channel_id, fields=fields, via=via
            )


def _fault_http_reply(fault: Fault) -> HttpReply:
    if fault.drop:
        return HttpReply(drop=True)
    if fault.empty_body:
        return HttpReply(fault.status)
    error = fault.error or ("ratelimited" if fault.status == 429 else "internal_error")
    headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
    return HttpReply.json({"ok": False, "error": error}, fault.status, headers)


def _normalise(raw: dict[str, Any]) -> dict[str, Any]:
    """Decode JSON-string params and form booleans, as Slack does before reading them."""
    params = decode_json_params(raw)
    for key in BOOL_PARAMS & params.keys():
        value = params[key]
        if isinstance(value, str) and value in _BOOL_STRINGS:
            params[key] = _BOOL_STRINGS[value]
    return params


def _describe(call: RecordedCall) -> str:
    outcome = "ok" if call.ok else f"error={call.error}"
    if call.fault:
        outcome = f"fault={call.fault}"
    keys = ("channel", "users", "user", "user_id", "view_id", "ts", "text")
    shown = {k: str(call.params[k])[:60] for k in keys if k in call.params}
    return f"{call.method} {shown} -> {outcome}"


class SlackHandler(QuietHandler):
    """What every fake Slack endpoint does with HTTP: read the bearer token, write a reply."""

    def _bearer_token(self) -> str | None:
        header = self.headers.get("Authorization", "")
        return (
            header.removeprefix("Bearer ").strip() or None if header.startswith("Bearer ") else None
        )

    def _write(self, reply: HttpReply) -> None:
        if reply.drop:
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)


class _RequestHandler(SlackHandler):
    """Translates HTTP into FakeSlack calls; knows nothing about Slack semantics."""

    server_version = "FakeSlack/1.0"

    @property
    def fake(self) -> FakeSlack:
        return self.server.fake  # type: ignore[attr-defined,no-any-return]

    def _dispatch(self) -> None:
        path = urlsplit(self.path).path
        try:
            params = self._params()
        except SlackError as error:
            self._write(HttpReply.json(error.body()))
            return
        if path.startswith("/api/"):
            token = self._bearer_token() or params.pop("token", None)
            self._write(self.fake.handle_api(path.removeprefix("/api/"), params, token))
        elif path.startswith("/response_url/"):
            self._write(self.fake.handle_response_url(path.rsplit("/", 1)[-1], params))
        else:
            self._write(HttpReply(404, b"not found"))

    def _params(self) -> dict[str, Any]:
        """Query params merged with a JSON or form body; Slack's JSON errors on bad bodies."""
        params: dict[str, Any] = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return params
        if "json" in self.headers.get("Content-Type", ""):
            try:
                body = json.loads(raw)
            except ValueError:
                raise SlackError("invalid_json") from None
            if not isinstance(body, dict):
                raise SlackError("json_not_object")
            params.update(body)
        else:
            params.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        return params
