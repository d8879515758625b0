"""Where each workspace's bot token is kept (slack_sdk's store): all the worker needs of OAuth."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import Engine

# What an install asks for: exactly manifest.yml's bot scopes (a test holds the two equal).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "mpim:write",
    "im:history",
    "mpim:history",
    "users:read",
)


def installation_store(engine: Engine, *, client_id: str) -> SQLAlchemyInstallationStore:
    """slack_sdk's store, on the slack_installations and slack_bots tables our migrations made."""
    return SQLAlchemyInstallationStore(client_id=client_id, engine=engine)
