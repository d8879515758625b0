"""The grid: each call reaches the workspace whose token it carries; OAuth codes become tokens."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from introslack.fakeslack.grid import FakeSlackGrid
from introslack.fakeslack.server import FakeSlack

CLIENT_ID, CLIENT_SECRET = "1111111111.2222222222", "0123456789abcdef0123456789abcdef"
ALICE = "U0ALICE01"
AUTHORIZE = (
    "https://slack.com/oauth/v2/authorize?state=s-1&client_id=1111111111.2222222222"
    "&scope=commands,chat:write&user_scope="
)


@pytest.fixture
def one() -> Iterator[FakeSlack]:
    with FakeSlack(team_id="T0TEAM001", team_name="One", bot_token="xoxb-one") as fake:
        fake.add_user(ALICE, name="alice", real_name="Alice Adams")
        yield fake


@pytest.fixture
def two() -> Iterator[FakeSlack]:
    with FakeSlack(team_id="T0TEAM002", team_name="Two", bot_token="xoxb-two") as fake:
        fake.add_user(ALICE, name="alicia", real_name="Alicia Andrade")
        yield fake


@pytest.fixture
def grid(one: FakeSlack, two: FakeSlack) -> Iterator[FakeSlackGrid]:
    with FakeSlackGrid(one, two, client_id=CLIENT_ID, client_secret=CLIENT_SECRET) as grid:
        yield grid


def client(grid: FakeSlackGrid, token: str | None = None) -> WebClient:
    return WebClient(token=token, base_url=grid.base_url)


def test_each_call_reaches_only_the_workspace_whose_token_it_carries(
    grid: FakeSlackGrid, one: FakeSlack, two: FakeSlack
) -> None:
    assert client(grid, "xoxb-one").auth_test()["team_id"] == "T0TEAM001"
    assert client(grid, "xoxb-two").auth_test()["team_id"] == "T0TEAM002"
    for token in ("xoxb-one", "xoxb-two"):
        api = client(grid, token)
        channel = api.conversations_open(users=[ALICE])["channel"]["id"]
        api.chat_postMessage(channel=channel, text=f"hello from {token}")
    assert [m["text"] for m in one.dm_messages(ALICE)] == ["hello from xoxb-one"]
    assert [m["text"] for m in two.dm_messages(ALICE)] == ["hello from xoxb-two"]
    assert two.user(ALICE) == client(grid, "xoxb-two").users_info(user=ALICE)["user"]


def test_a_token_no_workspace_knows_is_refused_and_reaches_none(
    grid: FakeSlackGrid, one: FakeSlack, two: FakeSlack
) -> None:
    with pytest.raises(SlackApiError) as raised:
        client(grid, "xoxb-stranger").auth_test()
    assert raised.value.response["error"] == "invalid_auth"
    assert one.calls == [] and two.calls == []


def test_an_approved_code_is_exchanged_for_that_workspaces_bot_token_in_slacks_shape(
    grid: FakeSlackGrid, two: FakeSlack
) -> None:
    redirect = grid.approve(AUTHORIZE, workspace=two, installer=ALICE)
    assert redirect["state"] == "s-1"
    answer = client(grid).oauth_v2_access(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=redirect["code"]
    )
    assert answer.data == {
        "ok": True,
        "access_token": "xoxb-two",
        "token_type": "bot",
        "scope": "commands,chat:write",
        "bot_user_id": two.bot_user_id,
        "app_id": two.app_id,
        "team": {"id": "T0TEAM002", "name": "Two"},
        "enterprise": None,
        "is_enterprise_install": False,
        "authed_user": {"id": ALICE},
    }


def test_client_credentials_may_also_come_as_form_fields(
    grid: FakeSlackGrid, one: FakeSlack
) -> None:
    code = grid.approve(AUTHORIZE, workspace=one, installer=ALICE)["code"]
    form = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "code": code}
    request = urllib.request.Request(
        grid.base_url + "oauth.v2.access", data=urlencode(form).encode(), method="POST"
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=5) as response:
        answer = json.loads(response.read())
    assert (answer["ok"], answer["access_token"]) == (True, "xoxb-one")


@pytest.mark.parametrize(
    ("client_id", "client_secret", "code", "error"),
    [
        (CLIENT_ID, CLIENT_SECRET, "no-such-code", "invalid_code"),
        ("9999999999.9999999999", CLIENT_SECRET, None, "invalid_client_id"),
        (CLIENT_ID, "f" * 32, None, "bad_client_secret"),
    ],
)
def test_a_bad_exchange_is_refused_with_slacks_error(
    grid: FakeSlackGrid,
    one: FakeSlack,
    client_id: str,
    client_secret: str,
    code: str | None,
    error: str,
) -> None:
    real_code = grid.approve(AUTHORIZE, workspace=one, installer=ALICE)["code"]
    with pytest.raises(SlackApiError) as raised:
        client(grid).oauth_v2_access(
            client_id=client_id, client_secret=client_secret, code=code or real_code
        )
    assert raised.value.response["error"] == error


def test_a_code_can_be_exchanged_only_once(grid: FakeSlackGrid, one: FakeSlack) -> None:
    code = grid.approve(AUTHORIZE, workspace=one, installer=ALICE)["code"]
    api = client(grid)
    api.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code)
    with pytest.raises(SlackApiError) as raised:
        api.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code)
    assert raised.value.response["error"] == "invalid_code"


def test_the_authorize_page_refuses_another_apps_client_id(
    grid: FakeSlackGrid, one: FakeSlack
) -> None:
    with pytest.raises(AssertionError, match="invalid client_id"):
        grid.approve(AUTHORIZE.replace(CLIENT_ID, "1.2"), workspace=one, installer=ALICE)


def test_after_an_uninstall_the_workspaces_token_is_revoked_and_reaches_nothing(
    grid: FakeSlackGrid, one: FakeSlack, two: FakeSlack
) -> None:
    grid.uninstall(one)
    with pytest.raises(SlackApiError) as raised:
        client(grid, "xoxb-one").conversations_open(users=[ALICE])
    assert raised.value.response["error"] == "token_revoked"
    assert one.calls == []
    assert [(c.method, c.error) for c in grid.calls_from(one)] == [
        ("conversations.open", "token_revoked")
    ]
    assert client(grid, "xoxb-two").auth_test()["ok"]
