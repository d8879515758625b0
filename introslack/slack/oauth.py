"""Installing into any number of workspaces: Bolt's OAuth flow, with its stores in our database."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_bolt import BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from introslack.config import ENCRYPTION_KEY, ConfigError, OAuthApp
from introslack.store.token_vault import EncryptedInstallationStore, TokenVault, UnreadableToken

logger = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"

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

# An install link is good for this long. Its state is a random value kept in our database
# (and in a cookie on the installer's browser) and consumed once, so no state secret is needed.
STATE_LIFETIME = timedelta(minutes=10)

NOT_INSTALLED = (
    "introslack isn't installed in this workspace (any more). "
    "Ask a workspace admin to install it again."
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


def oauth_settings(
    app: OAuthApp, *, store: SQLAlchemyInstallationStore, engine: Engine
) -> OAuthSettings:
    """Bolt's install page, redirect handling and per-request token lookup (bot tokens only)."""
    lifetime = int(STATE_LIFETIME.total_seconds())
    return OAuthSettings(
        client_id=app.client_id,
        client_secret=app.client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=app.redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        callback_options=CallbackOptions(success=_installed, failure=_not_installed),
        installation_store=store,
        # The app only ever acts as its bot: a revoked bot token means "not installed".
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=lifetime, engine=engine),
        state_expiration_seconds=lifetime,
    )


def _installed(args: SuccessArgs) -> BoltResponse:
    installation = args.installation
    logger.info(
        "installed",
        extra={"team_id": installation.team_id, "enterprise_id": installation.enterprise_id},
    )
    return args.default.success(args)


def _not_installed(args: FailureArgs) -> BoltResponse:
    logger.warning("install failed", extra={"error": args.reason})
    return args.default.failure(args)
