"""Where each workspace's bot token is kept (slack_sdk's store, tokens encrypted): all the worker
needs of OAuth."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from introslack.config import ENCRYPTION_KEY, ConfigError, OAuthApp
from introslack.store.token_vault import EncryptedInstallationStore, TokenVault, UnreadableToken

logger = logging.getLogger(__name__)

# What an install asks for: exactly manifest.yml's bot scopes (a test holds the two equal).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "mpim:write",
    "im:history",
    "users:read",
)


def installation_store(engine: Engine, app: OAuthApp) -> EncryptedInstallationStore:
    """slack_sdk's store on our migrated tables, tokens encrypted; older ones re-encrypted now."""
    store = EncryptedInstallationStore(
        client_id=app.client_id, engine=engine, vault=TokenVault(app.encryption_keys)
    )
    try:
        resealed = store.reseal()
    except UnreadableToken:
        raise ConfigError(
            f"{ENCRYPTION_KEY} has no key that decrypts the tokens already stored: put the key "
            "they were encrypted with back, after the new one."
        ) from None
    if resealed:
        logger.info("re-encrypted the tokens of %d installs with the first key", resealed)
    return store
