"""The Web API client: Slack's base URL from settings, and retries that never double a post."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

# Calls that create something: repeating one after a 5xx or a dropped connection could post
# twice, so their retries go through the job queue, which first looks for the earlier post.
NOT_IDEMPOTENT = ("chat.postMessage", "chat.postEphemeral", "chat.scheduleMessage")


class _IdempotentOnly(RetryHandler):
    """Wrap a retry handler so that it leaves non-idempotent calls alone."""

    def __init__(self, inner: RetryHandler) -> None:
        super().__init__(inner.max_retry_count, inner.interval_calculator)
        self.inner = inner

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if request.url.rstrip("/").endswith(NOT_IDEMPOTENT):
            return False
        return self.inner._can_retry(state=state, request=request, response=response, error=error)


def retry_handlers() -> list[RetryHandler]:
    """429s are always safe to repeat (Slack did nothing); 5xx and resets only when idempotent."""
    return [
        RateLimitErrorRetryHandler(max_retry_count=3),
        _IdempotentOnly(ServerErrorRetryHandler(max_retry_count=2)),
        _IdempotentOnly(ConnectionErrorRetryHandler(max_retry_count=2)),
    ]


def make_client(*, token: str | None, base_url: str, timeout: int = 10) -> WebClient:
    """A client on Slack's (or the configured) API; without a token for OAuth's code exchange."""
    return WebClient(
        token=token, base_url=base_url, timeout=timeout, retry_handlers=retry_handlers()
    )


# Calls made before an ack share Slack's 3-second deadline: one quick try each, no sleeping
# through a Retry-After; the person is asked to try again instead.
BEFORE_ACK_TIMEOUT = 1


def before_ack(client: WebClient) -> WebClient:
    """The same token and API, with no retries and a short timeout."""
    return WebClient(
        token=client.token, base_url=client.base_url, timeout=BEFORE_ACK_TIMEOUT, retry_handlers=[]
    )
