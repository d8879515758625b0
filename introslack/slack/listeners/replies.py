"""Telling the person who acted that something could not be done, and knowing when we're idle."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.mrkdwn import escape
from introslack.slack.views.notices import notice_modal

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
# As many listener threads as Bolt's own default executor has.
LISTENER_THREADS = 10


def tell(
    client: WebClient,
    response_url: str | None,
    trigger_id: str | None,
    text: str,
    *,
    title: str = "Intro",
    t: Translator = ENGLISH_TRANSLATOR,
) -> None:
    """An ephemeral note where a message was clicked, or a small modal over the Home tab."""
    try:
        if response_url:
            WebhookClient(response_url).send(
                text=escape(text), response_type="ephemeral", replace_original=False
            )
        elif trigger_id:
            client.views_open(trigger_id=trigger_id, view=notice_modal(title, text, t=t))
    except (SlackApiError, OSError, ValueError) as error:
        logger.warning("could not tell the person why", extra={"error": type(error).__name__})


class InFlight:
    """Listener work under way after its ack, so a shutdown or a test can wait for it.

    A failure after the ack is logged here and goes no further: Bolt 1.30 would otherwise drop
    the ack it already has and answer Slack with a 404 three seconds later.
    """

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    def enter(self) -> None:
        with self._changed:
            self._count += 1

    def leave(self, _done: object = None) -> None:
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    @contextmanager
    def track(self, ack: Ack | None = None) -> Iterator[None]:
        self.enter()
        try:
            yield
        except Exception:
            if ack is None or ack.response is None:
                raise
            logger.exception("a listener failed after its ack")
        finally:
            self.leave()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no listener is working; False if that took longer than `timeout`."""
        with self._changed:
            return self._changed.wait_for(lambda: self._count == 0, timeout=timeout)


class InFlightExecutor(ThreadPoolExecutor):
    """Bolt's listener threads, counted in flight from the moment Bolt hands a listener over.

    An event is acked before its listener starts, so counting inside the listener would miss it.
    """

    def __init__(self, in_flight: InFlight) -> None:
        super().__init__(max_workers=LISTENER_THREADS, thread_name_prefix="listeners")
        self.in_flight = in_flight

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        self.in_flight.enter()
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self.in_flight.leave()
            raise
        future.add_done_callback(self.in_flight.leave)
        return future
