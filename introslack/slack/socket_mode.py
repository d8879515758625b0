"""Socket Mode: the same typed check as HTTP's edge, before Bolt sees the payload."""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from introslack.slack.edge import Refusal, read_envelope

logger = logging.getLogger(__name__)


class CheckedSocketModeHandler(SocketModeHandler):
    """Acks and drops a payload that does not parse (Socket Mode has no status to refuse with)."""

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        envelope = read_envelope(req.payload)
        if isinstance(envelope, Refusal):
            logger.warning(
                "ignored a request: %s" if envelope.status == 200 else "refused a request: %s",
                envelope.reason,
                extra={"status": envelope.status, "kind": envelope.kind},
            )
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        super().handle(client, req)
