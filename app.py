"""Start introslack: Socket Mode when SLACK_APP_TOKEN is set, HTTP mode on PORT otherwise.

Without any Slack credentials, the playground: the app with a simulated workspace in a browser.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading

from introslack.bootstrap import Application, create_application
from introslack.config import Settings
from introslack.http import make_http_server
from introslack.launch import build_or_exit, settings_or_exit
from introslack.playground.server import serve as serve_playground
from introslack.slack.socket_mode import CheckedSocketModeHandler

logger = logging.getLogger("introslack")


def main() -> int:
    settings = settings_or_exit()
    if settings.playground:
        return serve_playground(settings)
    application = build_or_exit(create_application, settings)
    if settings.run_worker:
        application.start_worker()
    try:
        _serve(application, settings)
    except KeyboardInterrupt:
        pass
    finally:
        application.stop()
    return 0


def _serve(application: Application, settings: Settings) -> None:
    if settings.socket_mode:
        handler = CheckedSocketModeHandler(application.bolt, settings.app_token)
        # SIGTERM stops it as Ctrl-C does: acked work and the batches in hand finish first.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            handler.start()  # type: ignore[no-untyped-call]
        finally:
            # Its message workers are not daemon threads: let them go, so the exit never waits
            # on one (what they acked is finished by the app's own threads in stop()).
            handler.client.message_workers.shutdown(wait=False, cancel_futures=True)
        return
    server = make_http_server(application, host="0.0.0.0", port=settings.port)

    def shut_down(_signal: int, _frame: object) -> None:
        # serve_forever() returns once in-flight requests are answered; then the worker stops.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, shut_down)
    logger.info("listening on port %s at /slack/events", settings.port)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
