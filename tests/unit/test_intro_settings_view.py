"""My intro settings as views: the Home section, the modal within Slack's limits, its parsing."""

from __future__ import annotations

from datetime import date

from introslack.domain.control import IntroSettings
from introslack.slack import ids
from introslack.slack.ids import Block
from introslack.slack.views.intro_modal import intro_modal
from introslack.slack.views.intro_settings import parse_settings, settings_modal, settings_section
from tests.blocks import readable
from tests.factories import T0
from tests.unit.test_views import assert_valid_modal, assert_within_limits

MINE = IntroSettings(
    paused_until=date(2026, 12, 10),
    monthly_limit=5,
    topics=("design", "<!here> & co"),
    blocked=frozenset({"U0BOB0001", "U0DAVE001"}),
)


def state(**values: dict[str, object]) -> dict[str, object]:
    return {block: {ids.INPUT: value} for block, value in values.items()}


def test_the_settings_modal_is_within_slacks_limits_and_shows_what_is_saved() -> None:
    modal = settings_modal(MINE, now=T0)
    assert_valid_modal(modal)
    assert_valid_modal(settings_modal(IntroSettings(), now=T0))
    inputs = {b["block_id"]: b["element"] for b in modal["blocks"] if b["type"] == "input"}
    assert inputs[Block.TOPICS]["initial_value"] == "design, <!here> & co"
    assert inputs[Block.BLOCKED]["initial_users"] == ["U0BOB0001", "U0DAVE001"]


def test_the_home_section_escapes_topics_and_only_counts_the_private_list() -> None:
    blocks = settings_section(MINE, now=T0)
    assert_within_limits(blocks)
    shown = readable(blocks)
    assert "&lt;!here&gt; &amp; co" in shown and "<!here>" not in shown
    assert "2 people you'd rather not" in shown and "U0BOB0001" not in shown


def test_a_submission_becomes_settings_without_the_person_on_their_own_list() -> None:
    values = state(
        **{
            Block.PAUSE_UNTIL.value: {"selected_date": "2026-12-10"},
            Block.MONTHLY_LIMIT.value: {"value": "5"},
            Block.TOPICS.value: {"value": "design, <!here> & co"},
            Block.BLOCKED.value: {"selected_users": ["U0BOB0001", "U0DAVE001", "U0ALICE01"]},
        }
    )
    form = parse_settings(values, user_id="U0ALICE01", now=T0)
    assert form.errors == {}
    assert form.settings == MINE


def test_an_empty_submission_clears_everything() -> None:
    form = parse_settings({}, user_id="U0ALICE01", now=T0)
    assert form.errors == {} and form.settings == IntroSettings()


def test_a_limit_that_is_not_a_whole_number_is_explained_on_its_block() -> None:
    values = state(**{Block.MONTHLY_LIMIT.value: {"value": "2.5"}})
    errors = parse_settings(values, user_id="U0ALICE01", now=T0).errors
    assert "whole number" in errors[Block.MONTHLY_LIMIT.value]


def test_the_intro_modal_hints_at_the_topics_of_people_already_picked() -> None:
    modal = intro_modal(party_a="U0ALICE01", topics={"U0ALICE01": ("<b>design</b>",)})
    assert_valid_modal(modal)
    assert "<@U0ALICE01> is open to: &lt;b&gt;design&lt;/b&gt;" in readable(modal["blocks"])
