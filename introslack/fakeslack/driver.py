"""SlackDriver: plays Slack's side towards the app under test, over real HTTP, correctly signed.

It acts for a user: runs slash commands, clicks buttons it can see, submits modals, opens the
Home tab. Each request must be acknowledged within Slack's 3-second deadline.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urlencode

from introslack.fakeslack import payloads
from introslack.fakeslack.payloads import Actor
from introslack.fakeslack.server import FakeSlack

ACK_DEADLINE_SECONDS = 3.0
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass(frozen=True)
class AckResponse:
    """The app's HTTP answer; ``request_body``/``content_type`` allow a faithful redelivery."""

    status: int
    body: str
    json: dict[str, Any] | None
    elapsed: float
    trigger_id: str | None = None
    request_body: bytes = b""
    content_type: str = ""
    envelope_id: str | None = None  # Socket Mode: the envelope this ack answered


def slack_signature(signing_secret: str, timestamp: int, body: bytes) -> str:
    """Slack's v0 signature: HMAC-SHA256 over ``v0:{timestamp}:{raw body}``."""
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


class SlackDriver:
    """Sends what Slack sends to ``app_url``, using ``fake`` for ids, users and stored surfaces."""

    def __init__(
        self,
        app_url: str,
        signing_secret: str,
        fake: FakeSlack,
        *,
        verification_token: str = "fake-verification-token",
        ack_deadline: float = ACK_DEADLINE_SECONDS,
        timeout: float = 10.0,
    ) -> None:
        self.app_url = app_url
        self.signing_secret = signing_secret
        self.fake = fake
        self.verification_token = verification_token
        self.ack_deadline = ack_deadline
        self.timeout = timeout
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    # -- raw delivery -----------------------------------------------------------------------

    def send_raw(
        self,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        *,
        sign: bool = True,
        timestamp: int | None = None,
    ) -> AckResponse:
        """POST ``body`` as-is; signed unless ``sign=False`` (for signature/staleness tests)."""
        all_headers = {"Content-Type": content_type, "User-Agent": "Slackbot 1.0"}
        if sign:
            ts = int(time.time()) if timestamp is None else timestamp
            all_headers["X-Slack-Request-Timestamp"] = str(ts)
            all_headers["X-Slack-Signature"] = slack_signature(self.signing_secret, ts, body)
        all_headers.update(headers or {})
        return self._post(body, all_headers, content_type)

    def redeliver(
        self, ack: AckResponse, *, retry_num: int = 1, reason: str = "http_timeout"
    ) -> AckResponse:
        """Send the same body again as Slack's retry would (freshly signed, retry headers)."""
        return self.send_raw(ack.request_body, ack.content_type, _retry_headers(retry_num, reason))

    def _post(self, body: bytes, headers: dict[str, str], content_type: str) -> AckResponse:
        request = urllib.request.Request(self.app_url, data=body, headers=headers, method="POST")
        started = time.perf_counter()
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        except (TimeoutError, urllib.error.URLError) as error:
            raise AssertionError(f"the app did not answer {self.app_url}: {error}") from error
        elapsed = time.perf_counter() - started
        if elapsed >= self.ack_deadline:
            raise AssertionError(
                f"the app took {elapsed:.2f}s to acknowledge; Slack gives up after "
                f"{self.ack_deadline:.0f}s and shows the user an error"
            )
        text = raw.decode("utf-8", errors="replace")
        return AckResponse(status, text, _json_object(text), elapsed, None, body, content_type)

    def _send_form(self, form: dict[str, str], retry_num: int | None) -> AckResponse:
        body = urlencode(form).encode()
        return self.send_raw(body, FORM, _retry_headers(retry_num))

    def _send_payload(self, payload: dict[str, Any], retry_num: int | None) -> AckResponse:
        body = f"payload={quote(json.dumps(payload))}".encode()
        return self.send_raw(body, FORM, _retry_headers(retry_num))

    def _send_event(self, event: dict[str, Any], retry_num: int | None = None) -> AckResponse:
        return self.send_raw(json.dumps(event).encode(), JSON, _retry_headers(retry_num))

    # -- who is acting ----------------------------------------------------------------------

    def _actor(
        self, user_id: str, *, team_id: str | None = None, enterprise_id: str | None = None
    ) -> Actor:
        user = self.fake.user(user_id)
        if user is None:
            raise AssertionError(f"{user_id} is not a user of the fake workspace; add_user first")
        enterprise = enterprise_id or self.fake.enterprise_id
        return Actor(
            user_id=user_id,
            user_name=user["name"],
            team_id=team_id or self.fake.team_id,
            team_domain=self.fake.team_domain,
            app_id=self.fake.app_id,
            token=self.verification_token,
            enterprise_id=enterprise,
            enterprise_name="Fake Org" if enterprise else None,
        )

    def _channel_name(self, channel_id: str) -> str:
        conversation = self.fake.conversation(channel_id)
        if conversation is None:
            return "privategroup"
        return "directmessage" if conversation.is_im else conversation.name

    # -- slash commands ---------------------------------------------------------------------

    def slash_command(
        self,
        user_id: str,
        command: str = "/intro",
        text: str = "",
        *,
        channel_id: str = "C0GENERAL1",
        team_id: str | None = None,
        enterprise_id: str | None = None,
        retry_num: int | None = None,
    ) -> AckResponse:
        """Run ``command text`` as ``user_id``; the returned ack carries the trigger_id used."""
        actor = self._actor(user_id, team_id=team_id, enterprise_id=enterprise_id)
        trigger_id = self.fake.issue_trigger_id(user_id)
        form = payloads.slash_command_form(
            actor,
            command=command,
            text=text,
            channel_id=channel_id,
            channel_name=self._channel_name(channel_id),
            response_url=self.fake.issue_response_url(user_id, channel_id),
            trigger_id=trigger_id,
        )
        ack = _with_trigger(self._send_form(form, retry_num), trigger_id)
        if ack.status == 200 and ack.body.strip():
            shown = ack.json if ack.json is not None else {"text": ack.body}
            self.fake.show_command_ack(user_id, channel_id, shown)
        return ack

    # -- buttons ----------------------------------------------------------------------------

    def click(
        self,
        user_id: str,
        *,
        action_id: str,
        channel_id: str | None = None,
        message_ts: str | None = None,
        view_id: str | None = None,
        value: str | None = None,
        block_id: str | None = None,
        retry_num: int | None = None,
        team_id: str | None = None,
    ) -> AckResponse:
        """Click a button the user can see, on a message (channel_id+message_ts) or a view."""
        actor = self._actor(user_id, team_id=team_id)
        trigger_id = self.fake.issue_trigger_id(user_id)
        if view_id is not None:
            payload = self._view_click(actor, trigger_id, view_id, action_id, value, block_id)
        elif channel_id is not None and message_ts is not None:
            payload = self._message_click(
                actor, trigger_id, channel_id, message_ts, action_id, value, block_id
            )
        else:
            raise ValueError("click needs channel_id and message_ts, or view_id")
        return _with_trigger(self._send_payload(payload, retry_num), trigger_id)

    def _message_click(
        self,
        actor: Actor,
        trigger_id: str,
        channel_id: str,
        message_ts: str,
        action_id: str,
        value: str | None,
        block_id: str | None,
    ) -> dict[str, Any]:
        conversation = self.fake.conversation(channel_id)
        message = self.fake.message(channel_id, message_ts)
        if conversation is None or message is None:
            raise AssertionError(f"no message {message_ts} in {channel_id}")
        if actor.user_id not in conversation.members:
            raise AssertionError(f"{actor.user_id} cannot see {channel_id}: not a member")
        block_id, button = _require_button(
            message.get("blocks") or [], action_id, value, block_id, where=f"message {message_ts}"
        )
        return payloads.message_block_actions(
            actor,
            trigger_id=trigger_id,
            action=payloads.button_action(block_id, button, self.fake.next_ts()),
            channel={"id": channel_id, "name": self._channel_name(channel_id)},
            message=message,
            response_url=self.fake.issue_response_url(
                actor.user_id, channel_id, message_ts=message_ts
            ),
        )

    def _view_click(
        self,
        actor: Actor,
        trigger_id: str,
        view_id: str,
        action_id: str,
        value: str | None,
        block_id: str | None,
    ) -> dict[str, Any]:
        view = self._visible_view(actor.user_id, view_id)
        block_id, button = _require_button(
            view["blocks"], action_id, value, block_id, where=f"view {view_id}"
        )
        return payloads.view_block_actions(
            actor,
            trigger_id=trigger_id,
            action=payloads.button_action(block_id, button, self.fake.next_ts()),
            view=view,
        )

    def _visible_view(self, user_id: str, view_id: str) -> dict[str, Any]:
        """A view the user is looking at: their Home tab or the top of their modal stack."""
        view = self.fake.view(view_id)
        if view is None or self.fake.view_owner(view_id) != user_id:
            raise AssertionError(f"{user_id} has no view {view_id} open")
        stack = self.fake.open_views(user_id)
        if view["type"] == "modal" and stack[-1]["id"] != view_id:
            raise AssertionError(f"view {view_id} is hidden under another modal")
        return view

    def click_latest(
        self,
        user_id: str,
        *,
        channel_id: str,
        action_id: str,
        value: str | None = None,
        retry_num: int | None = None,
    ) -> AckResponse:
        """Click the button on the newest message in ``channel_id`` that has it."""
        for message in reversed(self.fake.messages(channel_id)):
            blocks = message.get("blocks") or []
            if payloads.find_button(blocks, action_id=action_id, value=value) is not None:
                return self.click(
                    user_id,
                    action_id=action_id,
                    channel_id=channel_id,
                    message_ts=message["ts"],
                    value=value,
                    retry_num=retry_num,
                )
        raise AssertionError(f"no message in {channel_id} has a {action_id!r} button")

    def click_in_dm(
        self,
        user_id: str,
        *,
        action_id: str,
        value: str | None = None,
        message_ts: str | None = None,
        retry_num: int | None = None,
    ) -> AckResponse:
        """Click a button in the bot's DM with the user (the newest message that has it)."""
        channel_id = self.fake.dm_channel(user_id)
        if channel_id is None:
            raise AssertionError(f"the app never opened a DM with {user_id}")
        if message_ts is not None:
            return self.click(
                user_id,
                action_id=action_id,
                channel_id=channel_id,
                message_ts=message_ts,
                value=value,
                retry_num=retry_num,
            )
        return self.click_latest(
            user_id, channel_id=channel_id, action_id=action_id, value=value, retry_num=retry_num
        )

    def global_shortcut(self, user_id: str, callback_id: str) -> AckResponse:
        """The user picks one of the app's shortcuts from the shortcuts menu."""
        trigger_id = self.fake.issue_trigger_id(user_id)
        payload = payloads.global_shortcut(
            self._actor(user_id),
            callback_id=callback_id,
            trigger_id=trigger_id,
            action_ts=self.fake.next_ts(),
        )
        return _with_trigger(self._send_payload(payload, None), trigger_id)

    def message_shortcut(
        self, user_id: str, callback_id: str, *, channel_id: str, message_ts: str
    ) -> AckResponse:
        """The user picks one of the app's shortcuts from a message's "More actions" menu."""
        message = self.fake.message(channel_id, message_ts)
        if message is None:
            raise AssertionError(f"no message {message_ts} in {channel_id}")
        trigger_id = self.fake.issue_trigger_id(user_id)
        payload = payloads.message_shortcut(
            self._actor(user_id),
            callback_id=callback_id,
            trigger_id=trigger_id,
            action_ts=self.fake.next_ts(),
            channel={"id": channel_id, "name": self._channel_name(channel_id)},
            message=message,
            response_url=self.fake.issue_response_url(user_id, channel_id, message_ts=message_ts),
        )
        return _with_trigger(self._send_payload(payload, None), trigger_id)

    # -- modals -----------------------------------------------------------------------------

    def submit_view(
        self,
        user_id: str,
        view_id: str,
        values: dict[str, Any] | None = None,
        *,
        retry_num: int | None = None,
    ) -> AckResponse:
        """Fill the modal's inputs with ``values`` (block_id -> value) and press submit.

        Afterwards the fake closes, updates or pushes views as the app's ack asks.
        """
        view = self._visible_view(user_id, view_id)
        if view["type"] != "modal":
            raise AssertionError(f"view {view_id} is not a modal")
        state = payloads.state_values(view["blocks"], values or {})
        self.fake.record_view_state(view_id, state)
        view["state"] = {"values": state}
        actor = self._actor(user_id)
        trigger_id = self.fake.issue_trigger_id(user_id)
        payload = payloads.view_submission(actor, trigger_id=trigger_id, view=view)
        ack = _with_trigger(self._send_payload(payload, retry_num), trigger_id)
        if ack.status == 200:
            self.fake.apply_view_submission_response(user_id, view_id, _submission_answer(ack))
        return ack

    # -- events -----------------------------------------------------------------------------

    def open_home(
        self,
        user_id: str,
        *,
        tab: str = "home",
        event_id: str | None = None,
        retry_num: int | None = None,
    ) -> AckResponse:
        """The user opens the app (Home tab by default): an ``app_home_opened`` event."""
        actor = self._actor(user_id)
        event = payloads.app_home_opened(
            actor,
            bot_user_id=self.fake.bot_user_id,
            channel_id=self.fake.ensure_dm(user_id),
            tab=tab,
            event_id=event_id or self.fake.next_event_id(),
            event_ts=self.fake.next_ts(),
            view=self.fake.home_view(user_id),
        )
        return self._send_event(event, retry_num)

    def run_step(
        self, callback_id: str, inputs: dict[str, Any], *, title: str = "Custom step"
    ) -> tuple[str, AckResponse]:
        """A workflow runs the app's custom step with `inputs`: its execution id and the ack."""
        execution = self.fake.start_execution(callback_id, inputs)
        function = {
            "id": f"Fn{execution.execution_id[2:]}",
            "callback_id": callback_id,
            "title": title,
            "type": "app",
            "app_id": self.fake.app_id,
            "input_parameters": [{"name": name, "type": "string"} for name in inputs],
            "output_parameters": [],
        }
        event = payloads.function_executed(
            self._actor(self.fake.bot_user_id),
            bot_user_id=self.fake.bot_user_id,
            function=function,
            inputs=inputs,
            execution_id=execution.execution_id,
            bot_access_token=execution.bot_access_token,
            event_id=self.fake.next_event_id(),
            event_ts=self.fake.next_ts(),
        )
        return execution.execution_id, self._send_event(event)

    def uninstall_app(self) -> AckResponse:
        """The app is removed from the workspace: Slack sends ``app_uninstalled``."""
        actor = self._actor(self.fake.bot_user_id)
        event = payloads.app_uninstalled(
            actor, event_id=self.fake.next_event_id(), event_ts=self.fake.next_ts()
        )
        return self._send_event(event)

    def revoke_tokens(self, *, bot: bool = True, user_ids: list[str] | None = None) -> AckResponse:
        """Tokens are revoked: Slack sends ``tokens_revoked`` naming the bot and/or users."""
        actor = self._actor(self.fake.bot_user_id)
        event = payloads.tokens_revoked(
            actor,
            bot_user_ids=[self.fake.bot_user_id] if bot else [],
            user_ids=list(user_ids or []),
            event_id=self.fake.next_event_id(),
            event_ts=self.fake.next_ts(),
        )
        return self._send_event(event)


def _require_button(
    blocks: list[dict[str, Any]],
    action_id: str,
    value: str | None,
    block_id: str | None,
    *,
    where: str,
) -> tuple[str, dict[str, Any]]:
    found = payloads.find_button(blocks, action_id=action_id, value=value, block_id=block_id)
    if found is None:
        raise AssertionError(f"{where} has no {action_id!r} button (value={value!r})")
    return found


def _retry_headers(retry_num: int | None, reason: str = "http_timeout") -> dict[str, str]:
    if retry_num is None:
        return {}
    return {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": reason}


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _with_trigger(ack: AckResponse, trigger_id: str) -> AckResponse:
    return replace(ack, trigger_id=trigger_id)


def _submission_answer(ack: AckResponse) -> dict[str, Any] | None:
    """Slack accepts an empty body or a JSON object as the answer to a view_submission."""
    if not ack.body.strip():
        return None
    if ack.json is None:
        raise AssertionError(f"view_submission ack must be empty or JSON, got {ack.body[:200]!r}")
    return ack.json
