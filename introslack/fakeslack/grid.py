"""FakeSlackGrid: several fake workspaces behind one Web API URL, and Slack's OAuth exchange.

Give the app ``grid.base_url`` as SLACK_API_URL. Each Web API call goes to the FakeSlack whose
bot token it carries (``Authorization: Bearer``, or a ``token`` param); ``oauth.v2.access`` is
answered by the grid itself, for a code it issued when an installer approved the app on
"Slack's" authorize page (``approve``). Each FakeSlack keeps its own team, people and token.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import secrets
import threading
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

from introslack.fakeslack.background import BackgroundHTTPServer
from introslack.fakeslack.server import FakeSlack, HttpReply, SlackHandler

OAUTH_ACCESS = "oauth.v2.access"


@dataclass(frozen=True)
class GridCall:
    """One Web API call the grid saw: which workspace's token it carried, and Slack's error."""

    method: str
    team_id: str | None
    error: str | None


@dataclass(frozen=True)
class _Grant:
    """What an installer approved: a code for this workspace, good for one exchange."""

    workspace: FakeSlack
    installer_id: str
    scope: str
    redirect_uri: str | None


class FakeSlackGrid(BackgroundHTTPServer):
    """Routes Web API calls to fake workspaces by bot token; exchanges OAuth codes for tokens."""

    def __init__(self, *workspaces: FakeSlack, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self._lock = threading.Lock()
        self._workspaces: list[FakeSlack] = []
        self._revoked: set[str] = set()
        self._grants: dict[str, _Grant] = {}
        self._codes = itertools.count(1)
        self._calls: list[GridCall] = []
        super().__init__(_GridHandler, thread_name="fake-slack-grid", name="FakeSlackGrid")
        for workspace in workspaces:
            self.add(workspace)

    # -- lifecycle --------------------------------------------------------------------------

    def _attach(self, server: ThreadingHTTPServer) -> None:
        server.grid = self  # type: ignore[attr-defined]

    @property
    def base_url(self) -> str:
        """What the app gets as SLACK_API_URL."""
        return f"{self.root_url}/api/"

    # -- workspaces and installs ------------------------------------------------------------

    def add(self, workspace: FakeSlack) -> None:
        with self._lock:
            if any(w.bot_token == workspace.bot_token for w in self._workspaces):
                raise ValueError(f"another workspace already has the token {workspace.bot_token}")
            self._workspaces.append(workspace)

    def approve(
        self, authorize_url: str, *, workspace: FakeSlack, installer: str
    ) -> dict[str, str]:
        """The installer clicks Allow on the authorize page: the query Slack redirects back with."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
        if query.get("client_id") != self.client_id:
            raise AssertionError(f"Slack shows 'invalid client_id' for {authorize_url}")
        if workspace.user(installer) is None:
            raise AssertionError(f"{installer} is not a member of {workspace.team_id}")
        code = f"{next(self._codes)}.{workspace.team_id}.{secrets.token_hex(8)}"
        with self._lock:
            self._grants[code] = _Grant(
                workspace, installer, query.get("scope", ""), query.get("redirect_uri")
            )
        redirect = {"code": code}
        if "state" in query:
            redirect["state"] = query["state"]
        return redirect

    def uninstall(self, workspace: FakeSlack) -> None:
        """Slack revokes the workspace's bot token: every later call with it is refused."""
        with self._lock:
            self._revoked.add(workspace.bot_token)

    # -- inspection -------------------------------------------------------------------------

    @property
    def calls(self) -> list[GridCall]:
        with self._lock:
            return list(self._calls)

    def calls_from(self, workspace: FakeSlack) -> list[GridCall]:
        """Calls made with this workspace's token, refused ones included."""
        return [call for call in self.calls if call.team_id == workspace.team_id]

    # -- request handling (called from server threads) ----------------------------------------

    def handle(
        self, method: str, params: dict[str, Any], token: str | None, basic: tuple[str, str] | None
    ) -> HttpReply:
        if method == OAUTH_ACCESS:
            body = self._exchange(params, basic)
            self._record(method, None, body)
            return HttpReply.json(body)
        with self._lock:
            workspace = next((w for w in self._workspaces if w.bot_token == token), None)
            revoked = token in self._revoked
        if workspace is None or revoked:
            body = {"ok": False, "error": "token_revoked" if revoked else _no_token(token)}
            self._record(method, workspace.team_id if workspace else None, body)
            return HttpReply.json(body)
        reply = workspace.handle_api(method, params, token)
        answer = {"ok": False, "error": "dropped"} if reply.drop else _json(reply.body)
        self._record(method, workspace.team_id, answer)
        return reply

    def _exchange(self, params: dict[str, Any], basic: tuple[str, str] | None) -> dict[str, Any]:
        """oauth.v2.access: client credentials (Basic auth or form) and a code, used once."""
        client_id, client_secret = basic or (params.get("client_id"), params.get("client_secret"))
        if client_id != self.client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if client_secret != self.client_secret:
            return {"ok": False, "error": "bad_client_secret"}
        with self._lock:
            grant = self._grants.pop(str(params.get("code")), None)
        if grant is None:
            return {"ok": False, "error": "invalid_code"}
        if grant.redirect_uri is not None and params.get("redirect_uri") != grant.redirect_uri:
            return {"ok": False, "error": "bad_redirect_uri"}
        workspace = grant.workspace
        return {
            "ok": True,
            "access_token": workspace.bot_token,
            "token_type": "bot",
            "scope": grant.scope,
            "bot_user_id": workspace.bot_user_id,
            "app_id": workspace.app_id,
            "team": {"id": workspace.team_id, "name": workspace.team_name},
            "enterprise": (
                {"id": workspace.enterprise_id, "name": "Fake Org"}
                if workspace.enterprise_id
                else None
            ),
            "is_enterprise_install": False,
            "authed_user": {"id": grant.installer_id},
        }

    def _record(self, method: str, team_id: str | None, body: dict[str, Any]) -> None:
        error = None if body.get("ok") else str(body.get("error"))
        with self._lock:
            self._calls.append(GridCall(method, team_id, error))


def _no_token(token: str | None) -> str:
    return "not_authed" if not token else "invalid_auth"


def _json(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return {"ok": False, "error": "not_json"}
    return body if isinstance(body, dict) else {"ok": False, "error": "not_an_object"}


class _GridHandler(SlackHandler):
    """Translates HTTP into grid calls: the method, its params, a Bearer token or Basic auth."""

    server_version = "FakeSlackGrid/1.0"

    def _dispatch(self) -> None:
        grid: FakeSlackGrid = self.server.grid  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        if not path.startswith("/api/"):
            self._write(HttpReply(404, b"not found"))
            return
        params = self._params()
        token = self._bearer_token() or params.pop("token", None)
        reply = grid.handle(path.removeprefix("/api/"), params, token, self._basic())
        self._write(reply)

    def _params(self) -> dict[str, Any]:
        params: dict[str, Any] = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if raw and "json" in self.headers.get("Content-Type", ""):
            body = json.loads(raw)
            params.update(body if isinstance(body, dict) else {})
        elif raw:
            params.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        return params

    def _basic(self) -> tuple[str, str] | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        try:
            decoded = base64.b64decode(header.removeprefix("Basic ").strip()).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        client_id, _, client_secret = decoded.partition(":")
        return client_id, client_secret
