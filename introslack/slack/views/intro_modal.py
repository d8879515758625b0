"""The `/intro` form: who, why, what each gains, the ask, and a private note to each side."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from introslack.domain.intro import Context, MetBefore, NextStep, Relationship
from introslack.domain.messages import N_
from introslack.slack import ids
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.ids import Block, Callback
from introslack.slack.mrkdwn import mention
from introslack.slack.views.blocks import context, input_block, modal, option, plain, section
from introslack.slack.views.intro_settings import topics_hint
from introslack.slack.views.labels import (
    MET_BEFORE_OPTIONS,
    NEXT_STEP_OPTIONS,
    RELATIONSHIP_OPTIONS,
)
from introslack.slack.views.message import JSON
from introslack.slack.views.state import selected_choice, selected_user, text_value

WHY_MAX = 1000
GAIN_MAX = 500
NOTE_MAX = 500
ABOUT_MAX = 150
ABOUT_HINT = N_("The other person sees this in their request; both see it in the introduction.")

DOUBLE_OPT_IN = N_("🔒 Each person is asked privately first. Nothing is shared until both say yes.")

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class IntroForm:
    """What the connector submitted; the parties are Slack user ids, not yet profiles."""

    party_a_id: str | None
    party_b_id: str | None
    context: Context


def intro_modal(
    *,
    party_a: str | None = None,
    party_b: str | None = None,
    about_a: str = "",
    about_b: str = "",
    private_metadata: str = "",
    topics: dict[str, tuple[str, ...]] | None = None,
    request: Context | None = None,
    t: Translator = ENGLISH_TRANSLATOR,
) -> JSON:
    """Build the modal a connector fills in, in about a minute, to ask for an intro.

    `about_a`/`about_b` prefill the line about each person (their Slack title, when known);
    `topics`: what the people already picked said they're open to, shown as a hint;
    `request`: what a requester wrote when asking for this intro, whose two people are fixed.
    """
    hints = [
        topics_hint(user_id, found, t=t)
        for user_id in dict.fromkeys(p for p in (party_a, party_b) if p)
        if (found := (topics or {}).get(user_id))
    ]
    asked = request or Context(why="")
    blocks = [
        context(t(DOUBLE_OPT_IN)),
        _person(Block.PARTY_A, t("First person"), party_a, fixed=request is not None, t=t),
        input_block(
            Block.ABOUT_A,
            t("A line about the first person"),
            text_input(t("e.g. Runs our design system"), ABOUT_MAX, initial=about_a),
            optional=True,
            hint=t(ABOUT_HINT),
        ),
        _person(Block.PARTY_B, t("Second person"), party_b, fixed=request is not None, t=t),
        *hints,
        input_block(
            Block.ABOUT_B,
            t("A line about the second person"),
            text_input(t("e.g. Just shipped onboarding v2"), ABOUT_MAX, initial=about_b),
            optional=True,
            hint=t(ABOUT_HINT),
        ),
        input_block(
            Block.WHY,
            t("Why should they meet?"),
            text_input(
                t("e.g. You're both rebuilding onboarding this quarter"),
                WHY_MAX,
                multiline=True,
                initial=asked.why,
            ),
            hint=t("Both people see this."),
        ),
        input_block(
            Block.GAIN_A,
            t("What's in it for the first person"),
            text_input(
                t("e.g. A second opinion on their hiring plan"), GAIN_MAX, initial=asked.gain_for_a
            ),
            optional=True,
        ),
        input_block(
            Block.GAIN_B,
            t("What's in it for the second person"),
            text_input(t("e.g. An intro to a team that ships weekly"), GAIN_MAX),
            optional=True,
        ),
        input_block(
            Block.NEXT_STEP,
            t("Suggested next step"),
            _static_select(NEXT_STEP_OPTIONS, asked.next_step, t),
        ),
        input_block(
            Block.RELATIONSHIP,
            t("Business or personal?"),
            _radio_buttons(RELATIONSHIP_OPTIONS, Relationship.BUSINESS, t),
        ),
        input_block(
            Block.MET_BEFORE,
            t("Have they met before?"),
            _radio_buttons(MET_BEFORE_OPTIONS, MetBefore.NO, t),
        ),
        input_block(
            Block.NOTE_A,
            t("A private note to the first person (only they see it)"),
            text_input(t("e.g. She's great, and she owes me one"), NOTE_MAX, multiline=True),
            optional=True,
        ),
        input_block(
            Block.NOTE_B,
            t("A private note to the second person (only they see it)"),
            text_input(t("e.g. No pressure if now's a busy time"), NOTE_MAX, multiline=True),
            optional=True,
        ),
    ]
    return modal(
        callback_id=Callback.INTRO_MODAL if request is None else Callback.INTRODUCE_MODAL,
        title=t("New intro"),
        submit=t("Ask both") if request is None else t("Ask them"),
        close=t("Cancel"),
        blocks=blocks,
        private_metadata=private_metadata,
    )


def parse_intro_submission(values: dict[str, Any]) -> IntroForm:
    """Read the submitted form leniently: anything missing counts as empty or the default."""
    return IntroForm(
        party_a_id=selected_user(values, Block.PARTY_A),
        party_b_id=selected_user(values, Block.PARTY_B),
        context=Context(
            why=text_value(values, Block.WHY),
            gain_for_a=text_value(values, Block.GAIN_A),
            gain_for_b=text_value(values, Block.GAIN_B),
            next_step=parse_next_step(values),
            relationship=selected_choice(values, Block.RELATIONSHIP, Relationship)
            or Relationship.BUSINESS,
            met_before=selected_choice(values, Block.MET_BEFORE, MetBefore) or MetBefore.NO,
            note_to_a=text_value(values, Block.NOTE_A),
            note_to_b=text_value(values, Block.NOTE_B),
            about_a=text_value(values, Block.ABOUT_A),
            about_b=text_value(values, Block.ABOUT_B),
        ),
    )


def parse_next_step(values: dict[str, Any]) -> NextStep:
    return selected_choice(values, Block.NEXT_STEP, NextStep) or NextStep.COFFEE


def _person(block: Block, label: str, user_id: str | None, *, fixed: bool, t: Translator) -> JSON:
    """A person to pick, or, for a request, the one already named (with a line to edit below)."""
    if fixed and user_id:
        return section(f"*{label}:* {mention(user_id)}")
    return input_block(block, label, user_select(user_id, t))


def user_select(initial_user: str | None, t: Translator) -> JSON:
    element: JSON = {
        "type": "users_select",
        "action_id": ids.INPUT,
        "placeholder": plain(t("Pick someone")),
    }
    if initial_user:
        element["initial_user"] = initial_user
    return element


def text_input(
    placeholder: str, max_length: int, *, multiline: bool = False, initial: str = ""
) -> JSON:
    element: JSON = {
        "type": "plain_text_input",
        "action_id": ids.INPUT,
        "multiline": multiline,
        "max_length": max_length,
        "placeholder": plain(placeholder),
    }
    if initial.strip():
        element["initial_value"] = initial.strip()[:max_length]
    return element


def _options(labels: dict[E, str], t: Translator) -> list[JSON]:
    return [option(t(text), choice.value) for choice, text in labels.items()]


def _static_select(labels: dict[E, str], initial: E, t: Translator) -> JSON:
    return {
        "type": "static_select",
        "action_id": ids.INPUT,
        "options": _options(labels, t),
        "initial_option": option(t(labels[initial]), initial.value),
    }


def _radio_buttons(labels: dict[E, str], initial: E, t: Translator) -> JSON:
    return {
        "type": "radio_buttons",
        "action_id": ids.INPUT,
        "options": _options(labels, t),
        "initial_option": option(t(labels[initial]), initial.value),
    }
