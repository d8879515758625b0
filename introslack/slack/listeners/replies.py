"""Telling the person who acted that something could not be done, and knowing when we're idle."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from introslack.slack.mrkdwn import escape
from introslack.slack.views.notices import notice_modal

logger = logging.getLogger(__name__)


def tell(
    client: WebClient,
    response_url: str | None,
    trigger_id: str | None,
    text: str,
    *,
    title: str = "Intro",
) -> None:
    """An ephemeral note where a message was clicked, or a small modal over the Home tab."""
    try:
        if response_url:
            WebhookClient(response_url).send(
                text=escape(text), response_type="ephemeral", replace_original=False
            )
        elif trigger_id:
            client.views_open(trigger_id=trigger_id, view=notice_modal(title, text))
    except (SlackApiError, OSError) as error:
        logger.warning("could not tell the person why", extra={"error": type(error).__name__})


class InFlight:
    """Listener work under way after its ack, so a shutdown or a test can wait for it."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    @contextmanager
    def track(self) -> Iterator[None]:
        with self._changed:
            self._count += 1
        try:
            yield
        finally:
            with self._changed:
                self._count -= 1
                self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no listener is working; False if that took longer than `timeout`."""
        with self._changed:
            return self._changed.wait_for(lambda: self._count == 0, timeout=timeout)
