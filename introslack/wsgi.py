"""The production entry point for WSGI servers: `gunicorn 'introslack.wsgi:create()'`."""

from __future__ import annotations

import atexit

from introslack.bootstrap import create_application
from introslack.http import WsgiApp, wsgi_app
from introslack.launch import build_or_exit, settings_or_exit


def create() -> WsgiApp:
    """Build the app for one server process; its worker thread stops when the process exits."""
    settings = settings_or_exit()
    application = build_or_exit(create_application, settings)
    if settings.run_worker:
        application.start_worker()
    atexit.register(application.stop)
    return wsgi_app(application)
