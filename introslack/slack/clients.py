"""Which Web API client speaks for a workspace: the one bot token, or the one its install left."""

from __future__ import annotations

import threading
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from introslack.domain.intro import Workspace
from introslack.slack.client import make_client


class SlackClients(Protocol):
    def for_workspace(self, workspace: Workspace) -> WebClient | None:
        """A client with this workspace's bot token; None when the app is not installed there."""
        ...


class OneWorkspace:
    """One bot token (SLACK_BOT_TOKEN): the workspace it belongs to, and no other."""

    def __init__(self, client: WebClient, workspace: Workspace) -> None:
        self.client = client
        self.workspace = workspace

    def serves(self, workspace: Workspace) -> bool:
        """True for the token's workspace (a request may name only the enterprise)."""
        if workspace.team_id:
            return workspace.team_id == self.workspace.team_id
        return (
            workspace.enterprise_id is not None
            and workspace.enterprise_id == self.workspace.enterprise_id
        )

    def for_workspace(self, workspace: Workspace) -> WebClient | None:
        return self.client if self.serves(workspace) else None


class InstalledWorkspaces:
    """Any number of workspaces installed with OAuth; each one's bot token is looked up per use."""

    def __init__(self, store: SQLAlchemyInstallationStore, *, base_url: str) -> None:
        self.store = store
        self.base_url = base_url
        # Without a token: Bolt's own client, for oauth.v2.access and as the per-request template.
        self.client = make_client(token=None, base_url=base_url)
        self._by_token: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    def for_workspace(self, workspace: Workspace) -> WebClient | None:
        bot = self.store.find_bot(enterprise_id=workspace.enterprise_id, team_id=workspace.team_id)
        if bot is None or not bot.bot_token:
            return None
        with self._lock:
            client = self._by_token.get(bot.bot_token)
            if client is None:
                client = make_client(token=bot.bot_token, base_url=self.base_url)
                self._by_token[bot.bot_token] = client
            return client
