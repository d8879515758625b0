"""The one structured message that introduces the pair in their group DM."""

from __future__ import annotations

from datetime import datetime

from introslack.domain.intro import Intro, Side
from introslack.domain.overlap import suggest_slots, working_overlap
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.ids import Action, Block
from introslack.slack.mrkdwn import mention
from introslack.slack.views import people
from introslack.slack.views.blocks import (
    actions,
    button,
    context,
    fallback,
    fields_section,
    header,
    section,
)
from introslack.slack.views.labels import NEXT_STEP_ASKS
from introslack.slack.views.message import JSON, Message
from introslack.slack.views.notices import connector_first_name
from introslack.slack.views.overlap import meeting_time_lines
from introslack.slack.views.preference_modal import preference_line
from introslack.slack.views.summary import labelled


def introduction_message(
    intro: Intro, *, now: datetime, t: Translator = ENGLISH_TRANSLATOR
) -> Message:
    """Introduce both parties to each other, then leave the conversation to them."""
    a, b = intro.party(Side.A), intro.party(Side.B)
    connector = mention(intro.connector_id)
    blocks: list[JSON] = [
        header(t("👋 An introduction")),
        section(
            t(
                "{a}, meet {b}! {connector} thought you two should meet, and you both said yes.",
                a=mention(a.user_id),
                b=mention(b.user_id),
                connector=connector,
            )
        ),
        fields_section(*(_person_field(intro, side, now, t) for side in Side)),
        labelled(t("Why you should meet"), intro.context.why),
    ]
    for side in Side:
        gain = intro.context.gain_for(side)
        if gain:
            who = people.name(intro.party(side), t)
            blocks.append(labelled(t("What's in it for {name}", name=who), gain))
    meeting_times = "\n".join(_meeting_times(intro, now, t))
    blocks += [
        section(f"*{t('Suggested next step')}*\n{t(NEXT_STEP_ASKS[intro.context.next_step])}"),
        section(f"*{t('When you could meet')}*\n{meeting_times}"),
        context(
            t(
                "Introduced by {connector}. I'll step out now — the conversation is yours. 🙌",
                connector=connector,
            )
        ),
        actions(
            Block.THANK_ACTIONS,
            button(
                t("Thank {name} 🙏", name=connector_first_name(intro, t)),
                action_id=Action.THANK_CONNECTOR,
                value=intro.id,
            ),
        ),
    ]
    text = t("An introduction: {a}, meet {b}", a=people.name(a, t), b=people.name(b, t))
    return Message(text=fallback(text), blocks=blocks)


def _person_field(intro: Intro, side: Side, now: datetime, t: Translator) -> str:
    """The person, the connector's line about them, and how they'd like to connect."""
    person = intro.party(side)
    lines = [
        mention(person.user_id),
        people.profile(person, now, about=intro.context.about(side), t=t),
    ]
    preferred = preference_line(intro.preference(side), t=t)
    if preferred:
        lines.append(t("Prefers: {way}", way=preferred))
    return "\n".join(lines)


def _meeting_times(intro: Intro, now: datetime, t: Translator) -> list[str]:
    """Their shared working hours and three slots, or the suggestion to start in writing."""
    a, b = intro.party(Side.A), intro.party(Side.B)
    overlap = working_overlap(a.tz, b.tz, now=now)
    slots = suggest_slots(a.tz, b.tz, now=now) if overlap else []
    return meeting_time_lines(overlap, slots, a=a, b=b, t=t)
