"""FakeSlack behaves like Slack's Web API when driven by the real slack_sdk WebClient."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from introslack.fakeslack.clock import ManualClock
from introslack.fakeslack.server import FakeSlack
from tests.fakeslack.conftest import ALICE, BOB, CAROL

MODAL = {
    "type": "modal",
    "callback_id": "intro",
    "title": {"type": "plain_text", "text": "Introduce"},
    "submit": {"type": "plain_text", "text": "Send"},
    "blocks": [
        {
            "type": "input",
            "block_id": "note",
            "label": {"type": "plain_text", "text": "Note"},
            "element": {"type": "plain_text_input", "action_id": "value"},
        }
    ],
}
HOME = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}]}


def slack_error(call: Any, **kwargs: Any) -> dict[str, Any]:
    """The error body Slack answered; fails if the call unexpectedly succeeded."""
    with pytest.raises(SlackApiError) as raised:
        call(**kwargs)
    return dict(raised.value.response.data)


def open_dm(client: WebClient, *users: str) -> str:
    return str(client.conversations_open(users=list(users))["channel"]["id"])


# -- auth, users ----------------------------------------------------------------------------


def test_auth_test_names_the_bot_user_bolt_will_ignore(client: WebClient, fake: FakeSlack) -> None:
    response = client.auth_test()
    assert response["user_id"] == fake.bot_user_id
    assert response["bot_id"] == fake.bot_id
    assert response["team_id"] == fake.team_id


def test_a_missing_token_is_not_authed_and_a_wrong_one_is_invalid(fake: FakeSlack) -> None:
    anonymous = WebClient(base_url=fake.base_url)
    stranger = WebClient(token="xoxb-someone-else", base_url=fake.base_url)
    assert slack_error(anonymous.auth_test)["error"] == "not_authed"
    assert slack_error(stranger.auth_test)["error"] == "invalid_auth"


def test_an_unknown_method_is_reported_as_such(client: WebClient) -> None:
    assert slack_error(client.api_call, api_method="chat.postMesage")["error"] == "unknown_method"


def test_users_info_returns_a_realistic_user_with_a_computed_timezone(client: WebClient) -> None:
    user = client.users_info(user=BOB)["user"]
    assert user["real_name"] == "Bob Brown"
    assert user["tz"] == "Europe/London"
    assert user["tz_label"] in {"Greenwich Mean Time", "British Summer Time"}
    assert user["tz_offset"] in {0, 3600}
    assert user["profile"]["image_48"].startswith("https://")
    assert user["is_bot"] is False
    assert slack_error(client.users_info, user="U0NOBODY1")["error"] == "user_not_found"


def test_users_profile_get_returns_the_profile_with_title(client: WebClient) -> None:
    profile = client.users_profile_get(user=ALICE)["profile"]
    assert profile["title"] == "Engineer"
    assert profile["display_name"] == "alice"


# -- conversations --------------------------------------------------------------------------


def test_a_dm_can_be_posted_to_once_it_is_opened(client: WebClient, fake: FakeSlack) -> None:
    channel = open_dm(client, ALICE)
    posted = client.chat_postMessage(channel=channel, text="Hello Alice")
    assert channel.startswith("D")
    assert fake.dm_channel(ALICE) == channel
    assert [m["text"] for m in fake.dm_messages(ALICE)] == ["Hello Alice"]
    assert posted["message"]["bot_id"] == fake.bot_id


def test_posting_to_a_bare_user_id_fails_because_the_dm_must_be_opened_first(
    client: WebClient, fake: FakeSlack
) -> None:
    error = slack_error(client.chat_postMessage, channel=ALICE, text="Hello")
    assert error["error"] == "channel_not_found"
    assert fake.dm_channel(ALICE) is None


def test_opening_the_same_members_twice_returns_the_same_conversation(client: WebClient) -> None:
    assert open_dm(client, ALICE) == open_dm(client, ALICE)
    assert open_dm(client, ALICE, BOB) == open_dm(client, BOB, ALICE)


def test_a_group_dm_includes_the_bot_implicitly(client: WebClient, fake: FakeSlack) -> None:
    channel = open_dm(client, ALICE, BOB)
    conversation = fake.conversation(channel)
    assert channel.startswith("G")
    assert conversation is not None and conversation.is_mpim
    assert sorted(conversation.members) == sorted([fake.bot_user_id, ALICE, BOB])
    assert [c.id for c in fake.mpims()] == [channel]
    members = client.conversations_members(channel=channel)["members"]
    assert sorted(members) == sorted(conversation.members)


def test_conversation_members_are_paginated_with_cursors(client: WebClient) -> None:
    channel = open_dm(client, ALICE, BOB, CAROL)
    first = client.conversations_members(channel=channel, limit=3)
    rest = client.conversations_members(
        channel=channel, limit=3, cursor=first["response_metadata"]["next_cursor"]
    )
    assert len(first["members"]) == 3
    assert len(rest["members"]) == 1
    assert rest["response_metadata"]["next_cursor"] == ""


def test_return_im_gives_the_full_conversation_and_says_when_it_already_existed(
    client: WebClient,
) -> None:
    first = client.conversations_open(users=ALICE, return_im=True)
    again = client.conversations_open(users=ALICE, return_im=True)
    assert first["channel"]["is_im"] is True
    assert first["channel"]["user"] == ALICE
    assert "already_open" not in first.data
    assert again["already_open"] is True


@pytest.mark.parametrize(
    ("users", "error"),
    [
        ("", "users_list_not_supplied"),
        ("U0NOBODY1", "user_not_found"),
        ("U0GONE001", "user_disabled"),
        ("U0OTHERBOT", "cannot_dm_bot"),
        (",".join(f"U0MANY{i:04d}" for i in range(9)), "too_many_users"),
    ],
)
def test_conversations_open_refuses_what_slack_refuses(
    client: WebClient, fake: FakeSlack, users: str, error: str
) -> None:
    fake.add_user("U0GONE001", name="gone", real_name="Gone Person", deleted=True)
    fake.add_user("U0OTHERBOT", name="otherbot", real_name="Other Bot", is_bot=True)
    for i in range(9):
        fake.add_user(f"U0MANY{i:04d}", name=f"many{i}", real_name=f"Many {i}")
    assert slack_error(client.conversations_open, users=users)["error"] == error


def test_conversations_info_describes_an_im(client: WebClient) -> None:
    channel = open_dm(client, CAROL)
    info = client.conversations_info(channel=channel)["channel"]
    assert info["id"] == channel
    assert info["is_im"] is True
    assert info["user"] == CAROL


def test_the_bot_cannot_post_in_a_channel_it_was_not_invited_to(
    client: WebClient, fake: FakeSlack
) -> None:
    assert slack_error(client.chat_postMessage, channel="C0GENERAL1", text="hi")["error"] == (
        "not_in_channel"
    )
    fake.add_channel("C0RANDOM01", name="random", members=[ALICE], include_bot=True)
    assert client.chat_postMessage(channel="C0RANDOM01", text="hi")["ok"]


# -- messages -------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_a_message_needs_text_blocks_or_attachments(client: WebClient) -> None:
    channel = open_dm(client, ALICE)
    assert slack_error(client.chat_postMessage, channel=channel)["error"] == "no_text"


def test_text_over_40000_characters_is_too_long(client: WebClient) -> None:
    channel = open_dm(client, ALICE)
    error = slack_error(client.chat_postMessage, channel=channel, text="x" * 40_001)
    assert error["error"] == "msg_too_long"


def test_a_message_with_51_blocks_is_rejected_and_not_stored(
    client: WebClient, fake: FakeSlack
) -> None:
    channel = open_dm(client, ALICE)
    blocks = [{"type": "divider"}] * 51
    error = slack_error(client.chat_postMessage, channel=channel, text="t", blocks=blocks)
    assert error["error"] == "invalid_blocks"
    assert error["response_metadata"]["messages"] == [
        "[ERROR] no more than 50 items allowed [json-pointer:/blocks]"
    ]
    assert fake.messages(channel) == []


def test_message_timestamps_strictly_increase_even_within_one_microsecond() -> None:
    with FakeSlack(wall_clock=lambda: 1_700_000_000.0) as fake:
        fake.add_user(ALICE, name="alice", real_name="Alice Adams")
        client = WebClient(token=fake.bot_token, base_url=fake.base_url)
        channel = open_dm(client, ALICE)
        stamps = [client.chat_postMessage(channel=channel, text=str(i))["ts"] for i in range(3)]
    assert stamps == ["1700000000.000000", "1700000000.000001", "1700000000.000002"]


def test_chat_update_replaces_content_and_marks_the_message_edited(
    client: WebClient, fake: FakeSlack
) -> None:
    channel = open_dm(client, ALICE)
    ts = client.chat_postMessage(channel=channel, text="Accept?")["ts"]
    updated = client.chat_update(channel=channel, ts=ts, text="Accepted", blocks=[])
    stored = fake.message(channel, ts)
    assert updated["message"]["edited"]["user"] == fake.bot_id
    assert stored is not None and stored["text"] == "Accepted"
    assert stored["blocks"] == []


def test_chat_update_refuses_unknown_and_human_messages(client: WebClient, fake: FakeSlack) -> None:
    channel = open_dm(client, ALICE)
    human_ts = fake.post_user_message(channel, ALICE, "hi bot")
    unknown = slack_error(client.chat_update, channel=channel, ts="1.000001", text="x")
    human = slack_error(client.chat_update, channel=channel, ts=human_ts, text="x")
    by_user_id = slack_error(client.chat_update, channel=ALICE, ts=human_ts, text="x")
    assert unknown["error"] == "message_not_found"
    assert human["error"] == "cant_update_message"
    assert by_user_id["error"] == "channel_not_found"


def test_an_ephemeral_reaches_only_a_member_of_the_conversation(
    client: WebClient, fake: FakeSlack
) -> None:
    channel = open_dm(client, ALICE, BOB)
    client.chat_postEphemeral(channel=channel, user=ALICE, text="only you")
    error = slack_error(client.chat_postEphemeral, channel=channel, user=CAROL, text="x")
    assert [e.message["text"] for e in fake.ephemerals(ALICE)] == ["only you"]
    assert fake.ephemerals(BOB) == []
    assert fake.messages(channel) == []
    assert error["error"] == "user_not_in_channel"


def test_history_is_newest_first_with_metadata_only_when_asked(client: WebClient) -> None:
    channel = open_dm(client, ALICE)
    metadata = {"event_type": "intro_requested", "event_payload": {"intro_id": 7}}
    client.chat_postMessage(channel=channel, text="first", metadata=metadata)
    client.chat_postMessage(channel=channel, text="second")
    plain = client.conversations_history(channel=channel)["messages"]
    full = client.conversations_history(channel=channel, include_all_metadata=True, limit=1)
    assert [m["text"] for m in plain] == ["second", "first"]
    assert "metadata" not in plain[1]
    assert full["has_more"] is True
    older = client.conversations_history(
        channel=channel, include_all_metadata=True, cursor=full["response_metadata"]["next_cursor"]
    )
    assert older["messages"][0]["metadata"] == metadata


def test_scheduled_messages_post_when_due_unless_deleted() -> None:
    clock = ManualClock(start=1_700_000_000.0)
    with FakeSlack(wall_clock=clock) as fake:
        fake.add_user(ALICE, name="alice", real_name="Alice Adams")
        client = WebClient(token=fake.bot_token, base_url=fake.base_url)
        channel = open_dm(client, ALICE)
        post_at = int(clock.now) + 3600
        keep = client.chat_scheduleMessage(channel=channel, post_at=post_at, text="nudge")
        drop = client.chat_scheduleMessage(channel=channel, post_at=post_at, text="dropped")
        client.chat_deleteScheduledMessage(
            channel=channel, scheduled_message_id=drop["scheduled_message_id"]
        )
        past = slack_error(client.chat_scheduleMessage, channel=channel, post_at=1, text="x")
        clock.advance(3600)
        fake.deliver_scheduled()
        deleted_again = slack_error(
            client.chat_deleteScheduledMessage,
            channel=channel,
            scheduled_message_id=keep["scheduled_message_id"],
        )
        assert [m["text"] for m in fake.dm_messages(ALICE)] == ["nudge"]
    assert past["error"] == "time_in_past"
    assert deleted_again["error"] == "invalid_scheduled_message_id"


def test_scheduled_messages_are_listed_until_they_post_and_only_the_apps_pending_ones() -> None:
    clock = ManualClock(start=1_700_000_000.0)
    with FakeSlack(wall_clock=clock) as fake:
        fake.add_user(ALICE, name="alice", real_name="Alice Adams")
        fake.add_user(BOB, name="bob", real_name="Bob Brown")
        client = WebClient(token=fake.bot_token, base_url=fake.base_url)
        group, dm = open_dm(client, ALICE, BOB), open_dm(client, ALICE)
        soon, later = int(clock.now) + 60, int(clock.now) + 600
        first = client.chat_scheduleMessage(channel=group, post_at=soon, text="hello both")
        client.chat_scheduleMessage(channel=group, post_at=later, text="later")
        client.chat_scheduleMessage(channel=dm, post_at=soon, text="just alice")
        at_soon = client.chat_scheduledMessages_list(
            channel=group, oldest=str(soon - 1), latest=str(soon + 1)
        )
        page = client.chat_scheduledMessages_list(channel=group, limit=1)
        rest = client.chat_scheduledMessages_list(
            channel=group, cursor=page["response_metadata"]["next_cursor"]
        )
        unknown = slack_error(client.chat_scheduledMessages_list, channel="C0NOWHERE1")
        clock.advance(60)
        fake.wait_for(lambda: fake.messages(group), message="the due message, posted unasked")
        after = client.chat_scheduledMessages_list(channel=group)
    (listed,) = at_soon["scheduled_messages"]
    assert listed == {
        "id": first["scheduled_message_id"],
        "channel_id": group,
        "post_at": soon,
        "date_created": 1_700_000_000,
        "text": "hello both",
    }
    assert [m["text"] for m in page["scheduled_messages"] + rest["scheduled_messages"]] == [
        "hello both",
        "later",
    ]
    assert unknown["error"] == "invalid_channel"
    assert [m["text"] for m in after["scheduled_messages"]] == ["later"]


def test_a_scheduled_message_whose_answer_is_lost_is_still_scheduled(
    client: WebClient, fake: FakeSlack
) -> None:
    channel = open_dm(client, ALICE, BOB)
    fake.fail_after_apply("chat.scheduleMessage")
    with pytest.raises(SlackApiError) as raised:
        client.chat_scheduleMessage(channel=channel, post_at=int(time.time()) + 60, text="hi")
    assert raised.value.response.status_code == 500
    assert [s.message["text"] for s in fake.scheduled_messages()] == ["hi"]


def test_the_apps_token_cannot_read_a_group_dm_but_can_read_its_own_dm(
    client: WebClient, fake: FakeSlack
) -> None:
    group, dm = open_dm(client, ALICE, BOB), open_dm(client, ALICE)
    refused = slack_error(client.conversations_history, channel=group)
    assert refused["error"] == "missing_scope" and refused["needed"] == "mpim:history"
    assert "mpim:history" not in refused["provided"].split(",")
    assert client.conversations_history(channel=dm)["ok"]
    assert set(client.auth_test().headers["x-oauth-scopes"].split(",")) == fake.scopes


def test_a_token_granted_mpim_history_can_read_a_group_dm() -> None:
    with FakeSlack(scopes={"chat:write", "mpim:write", "mpim:history"}) as fake:
        fake.add_user(ALICE, name="alice", real_name="Alice Adams")
        fake.add_user(BOB, name="bob", real_name="Bob Brown")
        client = WebClient(token=fake.bot_token, base_url=fake.base_url)
        group = open_dm(client, ALICE, BOB)
        client.chat_postMessage(channel=group, text="hello")
        assert [m["text"] for m in client.conversations_history(channel=group)["messages"]] == [
            "hello"
        ]


# -- views ----------------------------------------------------------------------------------


def test_views_open_puts_the_modal_on_the_triggering_users_stack(
    client: WebClient, fake: FakeSlack
) -> None:
    trigger_id = fake.issue_trigger_id(ALICE)
    view = client.views_open(trigger_id=trigger_id, view=MODAL)["view"]
    assert view["id"].startswith("V")
    assert view["root_view_id"] == view["id"]
    assert view["state"] == {"values": {}}
    assert [v["id"] for v in fake.open_views(ALICE)] == [view["id"]]
    assert fake.open_views(BOB) == []


def test_a_trigger_id_expires_after_three_seconds(
    client: WebClient, fake: FakeSlack, monotonic: ManualClock
) -> None:
    trigger_id = fake.issue_trigger_id(ALICE)
    monotonic.advance(3.0)
    error = slack_error(client.views_open, trigger_id=trigger_id, view=MODAL)
    assert error["error"] == "expired_trigger_id"


def test_a_trigger_id_just_under_three_seconds_old_still_works(
    client: WebClient, fake: FakeSlack, monotonic: ManualClock
) -> None:
    trigger_id = fake.issue_trigger_id(ALICE)
    monotonic.advance(2.999)
    assert client.views_open(trigger_id=trigger_id, view=MODAL)["ok"]


def test_a_trigger_id_can_be_used_only_once(client: WebClient, fake: FakeSlack) -> None:
    trigger_id = fake.issue_trigger_id(ALICE)
    client.views_open(trigger_id=trigger_id, view=MODAL)
    error = slack_error(client.views_open, trigger_id=trigger_id, view=MODAL)
    assert error["error"] == "exchanged_trigger_id"


def test_a_made_up_trigger_id_is_invalid(client: WebClient) -> None:
    error = slack_error(client.views_open, trigger_id="111.222.valid", view=MODAL)
    assert error["error"] == "invalid_trigger_id"


def test_an_invalid_modal_is_rejected_without_using_up_the_trigger(
    client: WebClient, fake: FakeSlack
) -> None:
    trigger_id = fake.issue_trigger_id(ALICE)
    too_long_title = {
        **MODAL,
        "title": {"type": "plain_text", "text": "A warm introduction, please"},
    }
    error = slack_error(client.views_open, trigger_id=trigger_id, view=too_long_title)
    assert error["error"] == "invalid_arguments"
    assert (
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
        in (error["response_metadata"]["messages"])
    )
    assert client.views_open(trigger_id=trigger_id, view=MODAL)["ok"]


def test_views_update_checks_the_hash_and_keeps_the_view_id(
    client: WebClient, fake: FakeSlack
) -> None:
    view = client.views_open(trigger_id=fake.issue_trigger_id(ALICE), view=MODAL)["view"]
    renamed = {**MODAL, "title": {"type": "plain_text", "text": "Thanks"}}
    updated = client.views_update(view_id=view["id"], hash=view["hash"], view=renamed)["view"]
    stale = slack_error(client.views_update, view_id=view["id"], hash=view["hash"], view=MODAL)
    missing = slack_error(client.views_update, view_id="V0NOPE0001", view=MODAL)
    assert updated["id"] == view["id"]
    assert updated["hash"] != view["hash"]
    assert stale["error"] == "hash_conflict"
    assert missing["error"] == "not_found"


def test_views_push_stops_at_three_stacked_modals(client: WebClient, fake: FakeSlack) -> None:
    root = client.views_open(trigger_id=fake.issue_trigger_id(ALICE), view=MODAL)["view"]
    for _ in range(2):
        client.views_push(trigger_id=fake.issue_trigger_id(ALICE), view=MODAL)
    error = slack_error(client.views_push, trigger_id=fake.issue_trigger_id(ALICE), view=MODAL)
    stack = fake.open_views(ALICE)
    assert error["error"] == "push_limit_reached"
    assert len(stack) == 3
    assert stack[-1]["root_view_id"] == root["id"]
    fake.close_view(stack[1]["id"])
    assert [v["id"] for v in fake.open_views(ALICE)] == [root["id"]]


def test_views_publish_stores_one_home_view_per_user(client: WebClient, fake: FakeSlack) -> None:
    first = client.views_publish(user_id=ALICE, view=HOME)["view"]
    second = client.views_publish(user_id=ALICE, view=HOME, hash=first["hash"])["view"]
    home = fake.home_view(ALICE)
    assert first["type"] == "home"
    assert first["submit"] is None and first["close"] is None
    assert second["id"] == first["id"]
    assert home is not None and home["hash"] == second["hash"]
    assert fake.home_view(BOB) is None


def test_views_publish_fails_when_the_home_tab_is_disabled(fake: FakeSlack) -> None:
    fake.home_tab_enabled = False
    client = WebClient(token=fake.bot_token, base_url=fake.base_url)
    assert slack_error(client.views_publish, user_id=ALICE, view=HOME)["error"] == "not_enabled"


def test_publishing_a_modal_as_home_is_invalid(client: WebClient) -> None:
    assert slack_error(client.views_publish, user_id=ALICE, view=MODAL)["error"] == (
        "invalid_arguments"
    )


# -- other encodings ------------------------------------------------------------------------


def raw_call(fake: FakeSlack, method: str, data: bytes | None, headers: dict[str, str]) -> Any:
    request = urllib.request.Request(fake.base_url + method, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_form_bodies_with_a_token_param_and_json_string_blocks_are_accepted(
    client: WebClient, fake: FakeSlack
) -> None:
    channel = open_dm(client, ALICE)
    blocks = json.dumps([{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}])
    form = f"token={fake.bot_token}&channel={channel}&blocks={urllib.parse.quote(blocks)}"
    body = raw_call(fake, "chat.postMessage", form.encode(), {})
    assert body["ok"] is True
    assert fake.dm_messages(ALICE)[0]["blocks"][0]["text"]["text"] == "*hi*"


def test_get_requests_with_query_params_work(fake: FakeSlack) -> None:
    body = raw_call(fake, f"users.info?user={ALICE}&token={fake.bot_token}", None, {})
    assert body["user"]["name"] == "alice"


def test_malformed_json_is_reported_as_invalid_json(fake: FakeSlack) -> None:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {fake.bot_token}"}
    assert raw_call(fake, "chat.postMessage", b"{nope", headers)["error"] == "invalid_json"


# -- faults ---------------------------------------------------------------------------------


@pytest.fixture
def no_retry_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record slack_sdk's retry back-off instead of sleeping through it."""
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    return slept


def test_a_429_is_retried_by_slack_sdk_after_retry_after(
    client: WebClient, fake: FakeSlack, no_retry_sleep: list[float]
) -> None:
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    channel = open_dm(client, ALICE)
    fake.fail_next("chat.postMessage", status=429, retry_after=7)
    client.chat_postMessage(channel=channel, text="eventually")
    attempts = fake.calls_to("chat.postMessage")
    assert [c.fault for c in attempts] == ["http_429", None]
    assert 7 <= no_retry_sleep[0] < 8
    assert len(fake.dm_messages(ALICE)) == 1


def test_without_a_retry_handler_a_429_surfaces_with_retry_after(
    client: WebClient, fake: FakeSlack
) -> None:
    fake.fail_next("users.info", status=429, retry_after=30)
    with pytest.raises(SlackApiError) as raised:
        client.users_info(user=ALICE)
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "30"
    assert raised.value.response["error"] == "ratelimited"


def test_a_server_error_can_have_an_empty_body_and_changes_nothing(
    client: WebClient, fake: FakeSlack
) -> None:
    channel = open_dm(client, ALICE)
    fake.fail_next("chat.postMessage", status=503, empty_body=True)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=channel, text="lost")
    assert raised.value.response.status_code == 503
    assert fake.dm_messages(ALICE) == []


def test_fail_after_apply_stores_the_message_yet_the_caller_sees_an_error(
    client: WebClient, fake: FakeSlack
) -> None:
    channel = open_dm(client, ALICE)
    fake.fail_after_apply("chat.postMessage")
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=channel, text="did it arrive?")
    assert raised.value.response.status_code == 500
    assert [m["text"] for m in fake.dm_messages(ALICE)] == ["did it arrive?"]
    assert fake.calls_to("chat.postMessage")[0].fault == "http_500_after_apply"


def test_a_dropped_connection_is_retried_once_by_slack_sdks_default_handler(
    client: WebClient, fake: FakeSlack, no_retry_sleep: list[float]
) -> None:
    channel = open_dm(client, ALICE)
    fake.drop_connection_next("chat.postMessage")
    client.chat_postMessage(channel=channel, text="second try")
    assert [c.fault for c in fake.calls_to("chat.postMessage")] == ["dropped", None]
    assert len(fake.dm_messages(ALICE)) == 1


def test_a_delayed_call_answers_late_without_holding_up_other_calls(
    client: WebClient, fake: FakeSlack
) -> None:
    channel = open_dm(client, ALICE)
    fake.delay_next("chat.postMessage", 0.5)
    slow = threading.Thread(
        target=client.chat_postMessage, kwargs={"channel": channel, "text": "late"}
    )
    started = time.perf_counter()
    slow.start()
    client.users_info(user=BOB)
    assert time.perf_counter() - started < 0.4
    slow.join(timeout=5)
    assert time.perf_counter() - started >= 0.5
    assert [m["text"] for m in fake.dm_messages(ALICE)] == ["late"]


def test_a_hung_call_never_lands_and_is_dropped_when_released(fake: FakeSlack) -> None:
    client = WebClient(token=fake.bot_token, base_url=fake.base_url, retry_handlers=[])
    channel = open_dm(client, ALICE)
    fake.hang_next("chat.postMessage")
    failed: list[BaseException] = []

    def post() -> None:
        try:
            client.chat_postMessage(channel=channel, text="never")
        except Exception as error:
            failed.append(error)

    caller = threading.Thread(target=post)
    caller.start()
    fake.wait_for(lambda: fake.calls_to("chat.postMessage"), message="the hung call")
    fake.release_hung()
    caller.join(timeout=5)
    assert not caller.is_alive() and failed
    assert [c.fault for c in fake.calls_to("chat.postMessage")] == ["hung"]
    assert fake.dm_messages(ALICE) == []


def test_a_dropped_answer_after_apply_duplicates_on_retry(
    client: WebClient, fake: FakeSlack, no_retry_sleep: list[float]
) -> None:
    channel = open_dm(client, ALICE)
    fake.drop_connection_next("chat.postMessage", after_apply=True)
    client.chat_postMessage(channel=channel, text="twice")
    assert [m["text"] for m in fake.dm_messages(ALICE)] == ["twice", "twice"]


# -- waiting --------------------------------------------------------------------------------


def test_wait_for_returns_as_soon_as_another_thread_changes_state(
    client: WebClient, fake: FakeSlack
) -> None:
    channel = open_dm(client, ALICE)
    poster = threading.Thread(
        target=client.chat_postMessage, kwargs={"channel": channel, "text": "hi"}
    )
    poster.start()
    messages = fake.wait_for(lambda: fake.dm_messages(ALICE), timeout=5)
    poster.join()
    assert messages[0]["text"] == "hi"


def test_wait_for_times_out_with_the_recent_calls_in_the_message(
    client: WebClient, fake: FakeSlack
) -> None:
    client.users_info(user=ALICE)
    with pytest.raises(AssertionError) as raised:
        fake.wait_for(lambda: fake.dm_messages(BOB), timeout=0.05)
    assert "fake.dm_messages(BOB)" in str(raised.value)
    assert "users.info" in str(raised.value)


def test_a_custom_step_completes_once_and_only_while_it_runs(
    fake: FakeSlack, client: WebClient
) -> None:
    execution = fake.start_execution("request_intro", {"why": "x"})
    stepped = WebClient(token=execution.bot_access_token, base_url=fake.base_url)
    assert stepped.users_info(user=ALICE)["ok"], "the step's token acts for the app meanwhile"

    client.functions_completeSuccess(
        function_execution_id=execution.execution_id, outputs={"intro_id": "i1"}
    )
    done = fake.execution(execution.execution_id)
    assert done is not None and (done.state, done.outputs) == ("completed", {"intro_id": "i1"})
    with pytest.raises(SlackApiError, match="execution_not_in_running_state"):
        client.functions_completeError(function_execution_id=execution.execution_id, error="no")
    with pytest.raises(SlackApiError, match="invalid_auth"):
        stepped.users_info(user=ALICE)
    with pytest.raises(SlackApiError, match="function_execution_not_found"):
        client.functions_completeSuccess(function_execution_id="Fx999999", outputs={})


def test_users_lists_every_member_with_bots_and_deactivated_accounts(fake: FakeSlack) -> None:
    fake.add_user("U0GONE001", name="gone", real_name="Gina Gone", deleted=True)
    users = {user["id"]: user for user in fake.users()}
    assert {fake.bot_user_id, ALICE, BOB, CAROL, "U0GONE001"} == set(users)
    assert users[fake.bot_user_id]["is_bot"] and users["U0GONE001"]["deleted"]


def test_a_watcher_wakes_up_when_the_workspace_changes(fake: FakeSlack, client: WebClient) -> None:
    seen = fake.version
    assert fake.wait_for_change(seen, timeout=0.01) == seen
    woke: list[int] = []
    watcher = threading.Thread(target=lambda: woke.append(fake.wait_for_change(seen, 5.0)))
    watcher.start()
    client.conversations_open(users=ALICE)
    watcher.join(timeout=5)
    assert woke and woke[0] > seen
