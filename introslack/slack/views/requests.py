"""The private opt-in request each party gets, rendered from the intro's current state."""

from __future__ import annotations

from datetime import datetime

from introslack.domain.intro import Answer, Intro, IntroStatus, Side
from introslack.slack.ids import Action, Block
from introslack.slack.mrkdwn import mention
from introslack.slack.views import people
from introslack.slack.views.blocks import actions, button, context, fallback, section
from introslack.slack.views.labels import MET_BEFORE_NOTES, NEXT_STEP_ASKS, RELATIONSHIP_NOTES
from introslack.slack.views.message import JSON, Message
from introslack.slack.views.preference_modal import preference_line
from introslack.slack.views.summary import closed_summary, labelled


def request_message(intro: Intro, side: Side, *, now: datetime, reminder: bool = False) -> Message:
    """Ask `side` privately, or show where the intro stands once their buttons are spent."""
    if intro.status is IntroStatus.PENDING and intro.answer(side) is Answer.WAITING:
        return _live_request(intro, side, now=now, reminder=reminder)
    status = _closed_line(intro, side)
    blocks = [section(status), closed_summary(intro, side)]
    if intro.status is IntroStatus.PENDING and intro.answer(side) is Answer.ACCEPTED:
        blocks += _preference_blocks(intro, side)
    return Message(text=fallback(status), blocks=blocks)


def _preference_blocks(intro: Intro, side: Side) -> list[JSON]:
    """The optional "how you'd like to connect", apart from the answer so Accept stays one click."""
    saved = preference_line(intro.preference(side))
    other = people.name(intro.party(side.other))
    said = (
        f"Your preference for {other}: {saved}"
        if saved
        else f"Optional: tell {other} how you'd like to connect (shown only in the introduction)."
    )
    label = "Change how you'd like to connect" if saved else "Add how you'd like to connect"
    return [
        context(said),
        actions(
            Block.PREFERENCE_ACTIONS,
            button(label, action_id=Action.PREFERENCE, value=intro.id),
        ),
    ]


def _live_request(intro: Intro, side: Side, *, now: datetime, reminder: bool) -> Message:
    connector = mention(intro.connector_id)
    other = intro.party(side.other)
    profile = people.profile(other, now, about=intro.context.about(side.other))
    ask = f"{connector} would like to introduce you to {people.name(other)}."
    nudge = "A gentle reminder: this intro is still waiting for your answer. " if reminder else ""
    blocks: list[JSON] = []
    if reminder:
        blocks.append(section(f"⏰ {nudge.strip()}"))
    blocks += [
        section(f"👋 {connector} would like to introduce you to:\n{profile}"),
        context(
            f"{RELATIONSHIP_NOTES[intro.context.relationship]} · "
            f"{MET_BEFORE_NOTES[intro.context.met_before]}"
        ),
        labelled("Why you two should meet", intro.context.why),
    ]
    gain = intro.context.gain_for(side)
    if gain:
        blocks.append(labelled("What's in it for you", gain))
    blocks.append(section(f"*Suggested next step*\n{NEXT_STEP_ASKS[intro.context.next_step]}"))
    note = intro.context.note_to(side)
    if note:
        blocks.append(labelled(f"A note just for you from {connector}", note))
    blocks += [
        context(
            f"🔒 Your answer goes to {connector} only. Declining is fine and no reason is needed."
        ),
        actions(
            Block.ANSWER_ACTIONS,
            button("Accept", action_id=Action.ACCEPT, value=intro.id, style="primary"),
            button("Decline", action_id=Action.DECLINE, value=intro.id),
            button(
                "We already know each other", action_id=Action.ALREADY_CONNECTED, value=intro.id
            ),
        ),
        *_preference_blocks(intro, side),
    ]
    return Message(text=fallback(nudge + ask), blocks=blocks)


def _closed_line(intro: Intro, side: Side) -> str:
    connector = mention(intro.connector_id)
    match intro.status:
        case IntroStatus.PENDING:
            if intro.answer(side) is Answer.DECLINED:
                return f"You declined. Only {connector} knows."
            other = people.name(intro.party(side.other))
            return f"✅ You accepted. I'll introduce you as soon as {other} says yes."
        case IntroStatus.MADE:
            return "🎉 You're introduced — see the group DM."
        case IntroStatus.DECLINED:
            if intro.answer(side) is Answer.DECLINED:
                return f"You declined. Only {connector} knows."
            return "This intro won't go ahead. No action needed."
        case IntroStatus.EXPIRED:
            return "This intro has expired."
        case IntroStatus.CANCELLED:
            return f"{connector} cancelled this intro. No action needed."
        case IntroStatus.ALREADY_CONNECTED:
            other = people.name(intro.party(side.other))
            if intro.answer(side) is Answer.ALREADY_CONNECTED:
                return f"🤝 Got it: you and {other} already know each other. I've told {connector}."
            return (
                f"🤝 Good news: {other} says you two already know each other, so no intro is "
                "needed. No action needed."
            )
