"""Start introslack: Socket Mode when SLACK_APP_TOKEN is set, HTTP mode on PORT otherwise."""

from __future__ import annotations

import logging
import signal
import sys
import threading

from dotenv import load_dotenv
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError

from introslack.application import Application, create_application
from introslack.config import ConfigError, Settings, load_settings
from introslack.http import make_http_server


def main() -> int:
    load_dotenv()
    try:
        settings = load_settings()
    except ConfigError as problem:
        print(f"introslack: {problem}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    try:
        application = create_application(settings)
    except SlackApiError as problem:
        print(
            f"introslack: Slack refused SLACK_BOT_TOKEN ({problem.response.get('error')}).",
            file=sys.stderr,
        )
        return 2
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
        SocketModeHandler(application.bolt, settings.app_token).start()  # type: ignore[no-untyped-call]
        return
    server = make_http_server(application, host="0.0.0.0", port=settings.port)

    def shut_down(_signal: int, _frame: object) -> None:
        # serve_forever() returns once in-flight requests are answered; then the worker stops.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, shut_down)
    logging.getLogger("introslack").info("listening on port %s at /slack/events", settings.port)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
