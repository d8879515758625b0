"""Acks never wait behind effects: a backlog of slow Slack posts does not slow down an answer."""

from __future__ import annotations

from introslack.domain.intro import Answer
from introslack.slack.ids import Action
from tests.e2e.conftest import ALICE, CAROL, Harness

# Slack answers each post this late while the burst is under way.
SLOW_POST_SECONDS = 3.0
FAST_ACK_SECONDS = 0.5
BURST = 12


def test_a_command_and_a_click_are_acked_at_once_while_slow_posts_are_backed_up(
    harness: Harness,
) -> None:
    intro_id = harness.make_pending_intro()
    others = [f"U0PAIR{n:03d}" for n in range(2 * BURST)]
    for user_id in others:
        harness.slack.add_user(user_id, name=user_id.lower(), real_name=f"Person {user_id}")
    harness.slack.delay_next("chat.postMessage", SLOW_POST_SECONDS, times=4 * BURST)
    pairs = list(zip(others[::2], others[1::2], strict=True))
    try:
        acks = [harness.submit_intro(CAROL, a, b) for a, b in pairs]
        assert not harness.app.worker.wait_idle(0), "the posts should still be backed up"

        acks.append(harness.driver.slash_command(CAROL, "/intro"))
        acks.append(harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value))

        assert not harness.app.worker.wait_idle(0), "the posts should still be backed up"
        assert [ack.status for ack in acks] == [200] * len(acks)
        slowest = max(ack.elapsed for ack in acks)
        assert slowest < FAST_ACK_SECONDS, f"an ack took {slowest:.2f}s"
    finally:
        harness.slack.release_hung()
    harness.settle()
    assert harness.slack.open_views(CAROL)
    assert harness.app.intros.find(harness.app_workspace, intro_id).answer_a is Answer.ACCEPTED
    assert all(harness.slack.dm_messages(user_id) for user_id in others)
