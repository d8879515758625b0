"""Tokens encrypted at rest: slack_sdk's installation store and tables, Fernet on each token."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import (
    Connection,
    Dialect,
    Engine,
    String,
    Table,
    column,
    select,
    table,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from introslack.store.retention import DepartedWorkspaces

# Every column of slack_sdk's slack_installations and slack_bots tables that holds a token.
TOKEN_COLUMNS = frozenset({"bot_token", "bot_refresh_token", "user_token", "user_refresh_token"})
# What a Slack token starts with (xoxb-, xoxp-, xoxe-…); a Fernet token never does.
_SLACK_TOKEN_PREFIX = "xox"


class UnreadableToken(Exception):
    """A stored token that none of the configured keys decrypts."""


class TokenVault:
    """Fernet with rotation: the first key encrypts, any of them decrypts."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("a token vault needs at least one key")
        fernets = [Fernet(key) for key in keys]
        self._current = fernets[0]
        self._any = MultiFernet(fernets)

    def seal(self, token: str) -> str:
        return self._current.encrypt(token.encode()).decode()

    def open(self, stored: str) -> str:
        """The clear token; one stored before encryption began (still clear) passes as it is."""
        if stored.startswith(_SLACK_TOKEN_PREFIX):
            return stored
        try:
            return self._any.decrypt(stored.encode()).decode()
        except InvalidToken:
            raise UnreadableToken("no configured key decrypts a stored token") from None

    def is_current(self, stored: str) -> bool:
        """True when `stored` is already encrypted with the first key."""
        try:
            self._current.decrypt(stored.encode())
        except InvalidToken:
            return False
        return True

    def reseal(self, stored: str) -> str:
        """`stored` encrypted with the first key, whether it was clear or under an older key."""
        return self.seal(self.open(stored))


class SealedToken(TypeDecorator[str]):
    """A token column: encrypted on the way in, decrypted on the way out."""

    impl = String
    cache_ok = True

    def __init__(self, vault: TokenVault) -> None:
        super().__init__()
        self.vault = vault

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.vault.seal(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.vault.open(value)


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy store on its own tables, keeping every token encrypted there."""

    def __init__(self, client_id: str, engine: Engine, *, vault: TokenVault) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.vault = vault
        # The store's own table objects (not the schema): each save and find goes through them.
        sealed = SealedToken(vault)
        for store_table in (self.installations, self.bots):
            for token_column in store_table.columns:
                if token_column.name in TOKEN_COLUMNS:
                    token_column.type = sealed

    def save(self, installation: Installation) -> None:
        """Keep the installation; a workspace back before its grace period ends keeps its data."""
        super().save(installation)
        if installation.team_id:
            with Session(self.engine) as session, session.begin():
                DepartedWorkspaces(session).returned(installation.team_id, now=datetime.now(UTC))

    def reseal(self) -> int:
        """Encrypt with the first key every token still clear or under an older key; count rows."""
        with self.engine.begin() as connection:
            return sum(
                self._reseal_rows(connection, store_table)
                for store_table in (self.installations, self.bots)
            )

    def _reseal_rows(self, connection: Connection, store_table: Table) -> int:
        names = sorted(TOKEN_COLUMNS & set(store_table.columns.keys()))
        # Untyped columns: the values as stored, neither encrypted nor decrypted here.
        raw = table(store_table.name, column("id"), column("client_id"), *map(column, names))
        rows = connection.execute(select(raw).where(raw.c.client_id == self.client_id))
        resealed = 0
        for row in rows.mappings().all():
            stale = {
                name: row[name]
                for name in names
                if row[name] is not None and not self.vault.is_current(row[name])
            }
            if stale:
                # Compare-and-set: a token saved meanwhile by another process is left alone.
                unchanged = (raw.c[name] == old for name, old in stale.items())
                connection.execute(
                    update(raw)
                    .where(raw.c.id == row["id"], *unchanged)
                    .values({name: self.vault.reseal(old) for name, old in stale.items()})
                )
                resealed += 1
        return resealed
