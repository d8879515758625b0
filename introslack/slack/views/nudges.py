"""The follow-up nudge that asks each party, days later, whether the pair connected."""

from __future__ import annotations

from introslack.domain.intro import Intro, Outcome, Side
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.ids import Action, Block
from introslack.slack.mrkdwn import mention
from introslack.slack.views import people
from introslack.slack.views.blocks import actions, button, context, fallback, section
from introslack.slack.views.labels import OUTCOME_BUTTONS
from introslack.slack.views.message import Message


def follow_up_nudge(intro: Intro, side: Side, *, t: Translator = ENGLISH_TRANSLATOR) -> Message:
    """Ask whether the pair connected, or thank the party once they have said."""
    connector = mention(intro.connector_id)
    other = people.name(intro.party(side.other), t)
    outcome = intro.outcome(side)
    if outcome is None or outcome is Outcome.NOT_YET:
        text = (
            t("👋 Did you and {other} connect since last time?", other=other)
            if outcome is Outcome.NOT_YET
            else t("👋 Did you and {other} connect?", other=other)
        )
        went = t(
            "{connector} introduced you and would love to know how it went.", connector=connector
        )
        return Message(
            text=fallback(text),
            blocks=[
                section(f"{text} {went}"),
                context(t("I'll pass your answer on to {connector} only.", connector=connector)),
                actions(
                    Block.FOLLOW_UP_ACTIONS,
                    *(
                        button(
                            t(label),
                            action_id=f"{Action.FOLLOW_UP}:{choice.value}",
                            value=f"{intro.id}:{choice.value}",
                        )
                        for choice, label in OUTCOME_BUTTONS.items()
                    ),
                ),
            ],
        )
    text = t("Thanks! I've let {connector} know.", connector=connector)
    said = t("You and {other}:", other=other)
    return Message(
        text=fallback(text),
        blocks=[
            section(f"🙏 {text}"),
            context(f"{said} _{t(OUTCOME_BUTTONS[outcome])}_"),
        ],
    )
