"""The private opt-in request each party gets, rendered from the intro's current state."""

from __future__ import annotations

from datetime import datetime, timedelta

from introslack.domain.intro import ASK_LATER_WEEKS, Answer, Intro, IntroStatus, Side
from introslack.domain.timing import zone
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.ids import Action, Block
from introslack.slack.mrkdwn import mention
from introslack.slack.views import people
from introslack.slack.views.blocks import actions, button, context, fallback, section
from introslack.slack.views.labels import MET_BEFORE_NOTES, NEXT_STEP_ASKS, RELATIONSHIP_NOTES
from introslack.slack.views.message import JSON, Message
from introslack.slack.views.preference_modal import preference_line
from introslack.slack.views.summary import closed_summary, labelled

# For this long after the second yes, the introduction is still on its way to the group DM
# (it is scheduled a minute ahead, and a retry may take a few more).
ARRIVING = timedelta(minutes=5)


def request_message(
    intro: Intro,
    side: Side,
    *,
    now: datetime,
    reminder: bool = False,
    reask: bool = False,
    t: Translator = ENGLISH_TRANSLATOR,
) -> Message:
    """Ask `side` privately, or show where the intro stands once their buttons are spent.

    `reask` is the one message a party who said "not now" gets when the time they chose comes.
    """
    if intro.status is IntroStatus.PENDING and intro.answer(side).is_open:
        return _live_request(intro, side, now=now, reminder=reminder, reask=reask, t=t)
    status = _closed_line(intro, side, now, t)
    blocks = [section(status), closed_summary(intro, side, t=t)]
    if intro.status is IntroStatus.PENDING and intro.answer(side) is Answer.ACCEPTED:
        blocks += _preference_blocks(intro, side, t)
    return Message(text=fallback(status), blocks=blocks)


def _preference_blocks(intro: Intro, side: Side, t: Translator) -> list[JSON]:
    """The optional "how you'd like to connect", apart from the answer so Accept stays one click."""
    saved = preference_line(intro.preference(side), t=t)
    other = people.name(intro.party(side.other), t)
    said = (
        t("Your preference for {other}: {saved}", other=other, saved=saved)
        if saved
        else t(
            "Optional: tell {other} how you'd like to connect (shown only in the introduction).",
            other=other,
        )
    )
    label = t("Change how you'd like to connect") if saved else t("Add how you'd like to connect")
    return [
        context(said),
        actions(
            Block.PREFERENCE_ACTIONS,
            button(label, action_id=Action.PREFERENCE, value=intro.id),
        ),
    ]


def later_buttons(intro: Intro, t: Translator) -> list[JSON]:
    """ "Not now, ask me later": one button per choice, so Accept stays one click."""
    return [
        button(
            t("Not now, ask me in {weeks} weeks", weeks=weeks),
            action_id=f"{Action.LATER}:{weeks}",
            value=f"{intro.id}:{weeks}",
        )
        for weeks in ASK_LATER_WEEKS
    ]


def ask_again_line(intro: Intro, side: Side, now: datetime, t: Translator) -> str | None:
    """When a party who said "not now" is asked again, in their time; None once it has come."""
    until = intro.ask_again(side)
    if intro.answer(side) is not Answer.LATER or until is None or until <= now:
        return None
    local = until.astimezone(zone(intro.party(side).tz))
    return t(
        "🗓️ Not now, then: I'll ask you again on {day} at {time}. "
        "You can still answer any time before.",
        day=t.day(local),
        time=t.time(local),
    )


def _live_request(
    intro: Intro, side: Side, *, now: datetime, reminder: bool, reask: bool, t: Translator
) -> Message:
    connector = mention(intro.connector_id)
    other = intro.party(side.other)
    profile = people.profile(other, now, about=intro.context.about(side.other), t=t)
    ask = t(
        "{connector} would like to introduce you to {other}.",
        connector=connector,
        other=people.name(other, t),
    )
    nudge = t("A gentle reminder: this intro is still waiting for your answer.") if reminder else ""
    if reask:
        nudge = t("You asked me to come back to this intro later, so here it is again.")
    blocks: list[JSON] = []
    if nudge:
        blocks.append(section(f"⏰ {nudge}"))
    blocks += [
        section(
            t("👋 {connector} would like to introduce you to:", connector=connector)
            + f"\n{profile}"
        ),
        context(
            f"{t(RELATIONSHIP_NOTES[intro.context.relationship])} · "
            f"{t(MET_BEFORE_NOTES[intro.context.met_before])}"
        ),
        labelled(t("Why you two should meet"), intro.context.why),
    ]
    gain = intro.context.gain_for(side)
    if gain:
        blocks.append(labelled(t("What's in it for you"), gain))
    blocks.append(
        section(f"*{t('Suggested next step')}*\n{t(NEXT_STEP_ASKS[intro.context.next_step])}")
    )
    note = intro.context.note_to(side)
    if note:
        blocks.append(
            labelled(t("A note just for you from {connector}", connector=connector), note)
        )
    blocks += [
        context(
            t(
                "🔒 Your answer goes to {connector} only. "
                "Declining is fine and no reason is needed.",
                connector=connector,
            )
        ),
        actions(
            Block.ANSWER_ACTIONS,
            button(t("Accept"), action_id=Action.ACCEPT, value=intro.id, style="primary"),
            button(t("Decline"), action_id=Action.DECLINE, value=intro.id),
            button(
                t("We already know each other"),
                action_id=Action.ALREADY_CONNECTED,
                value=intro.id,
            ),
        ),
    ]
    if intro.answer(side) is Answer.WAITING:
        blocks.append(actions(Block.LATER_ACTIONS, *later_buttons(intro, t)))
    later = ask_again_line(intro, side, now, t)
    if later:
        blocks.append(context(later))
    blocks += _preference_blocks(intro, side, t)
    return Message(text=fallback(f"{nudge} {ask}" if nudge else ask), blocks=blocks)


def _closed_line(intro: Intro, side: Side, now: datetime, t: Translator) -> str:
    connector = mention(intro.connector_id)
    match intro.status:
        case IntroStatus.PENDING:
            if intro.answer(side) is Answer.DECLINED:
                return t("You declined. Only {connector} knows.", connector=connector)
            other = people.name(intro.party(side.other), t)
            return t(
                "✅ You accepted. I'll introduce you as soon as {other} says yes.", other=other
            )
        case IntroStatus.MADE if intro.closed_at is not None and now - intro.closed_at < ARRIVING:
            return t(
                "🎉 You're introduced! The introduction arrives in your group DM in about a minute."
            )
        case IntroStatus.MADE:
            return t("🎉 You're introduced — see the group DM.")
        case IntroStatus.DECLINED:
            if intro.answer(side) is Answer.DECLINED:
                return t("You declined. Only {connector} knows.", connector=connector)
            return t("This intro won't go ahead. No action needed.")
        case (
            IntroStatus.REQUESTED
            | IntroStatus.PASSED
            | IntroStatus.REQUEST_EXPIRED
            | IntroStatus.REQUEST_WITHDRAWN
        ):
            return t("This intro won't go ahead. No action needed.")  # no party is asked
        case IntroStatus.EXPIRED:
            return t("This intro has expired.")
        case IntroStatus.CANCELLED:
            # Neutral: the connector, or a party who deleted their data, called it off.
            return t("This intro was cancelled. No action needed.")
        case IntroStatus.ALREADY_CONNECTED:
            other = people.name(intro.party(side.other), t)
            if intro.answer(side) is Answer.ALREADY_CONNECTED:
                return t(
                    "🤝 Got it: you and {other} already know each other. I've told {connector}.",
                    other=other,
                    connector=connector,
                )
            return t(
                "🤝 Good news: {other} says you two already know each other, so no intro is "
                "needed. No action needed.",
                other=other,
            )
