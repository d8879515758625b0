"""Private messages to the connector about their intro, and a small notice modal."""

from __future__ import annotations

from introslack.domain.intro import Answer, Intro, IntroStatus, Outcome, Side
from introslack.slack.ids import Callback
from introslack.slack.mrkdwn import mention
from introslack.slack.views.blocks import (
    NAME_MAX,
    SECTION_TEXT_MAX,
    clip,
    context,
    fallback,
    modal,
    safe,
    section,
)
from introslack.slack.views.labels import DECLINE_REASONS
from introslack.slack.views.message import JSON, Message
from introslack.slack.views.summary import labelled


def requests_sent(intro: Intro) -> Message:
    """Confirm to the connector that both parties were asked privately."""
    a, b = _party_mentions(intro)
    text = f"📨 I've asked {a} and {b} privately. I'll let you know when both have answered."
    return Message(
        text=fallback(text),
        blocks=[section(text), context("Neither of them sees the other's answer.")],
    )


def intro_closed(intro: Intro) -> Message:
    """Tell the connector how the intro ended; the only place a decline reason is shown."""
    a, b = _party_mentions(intro)
    match intro.status:
        case IntroStatus.MADE:
            text = (
                f"🎉 {a} and {b} both said yes! I've introduced them in a group DM "
                "and stepped out. Thanks for making the connection."
            )
            return Message(text=fallback(text), blocks=[section(text)])
        case IntroStatus.DECLINED:
            return _declined(intro)
        case IntroStatus.EXPIRED:
            return _expired(intro)
        case IntroStatus.ALREADY_CONNECTED:
            side = next(s for s in Side if intro.answer(s) is Answer.ALREADY_CONNECTED)
            who, other = (
                mention(intro.party(side).user_id),
                mention(intro.party(side.other).user_id),
            )
            text = (
                f"🤝 {who} says they already know {other}, so no intro was needed. "
                "I've closed it as a connection made. Thanks for thinking of them!"
            )
            return Message(text=fallback(text), blocks=[section(text)])
        case IntroStatus.CANCELLED:
            text = f"You cancelled the intro of {a} and {b}. I've let them both know."
            return Message(text=fallback(text), blocks=[section(text)])
        case IntroStatus.PENDING:
            text = f"Your intro of {a} and {b} is still waiting for answers."
            return Message(text=fallback(text), blocks=[section(text)])


def outcome_reported(intro: Intro, side: Side) -> Message:
    """Pass on what one party said when asked whether the pair connected."""
    party = mention(intro.party(side).user_id)
    other = mention(intro.party(side.other).user_id)
    match intro.outcome(side):
        case Outcome.MET:
            text = f"🎉 {party} says they met {other} — thanks for the intro!"
        case Outcome.SCHEDULED:
            text = f"📅 {party} says a meeting with {other} is scheduled."
        case Outcome.NOT_YET:
            text = f"⏳ {party} says they haven't met {other} yet. I'll tell you if that changes."
        case Outcome.NOT_HAPPENING:
            text = (
                f"{party} says a meeting with {other} isn't going to happen. "
                "Thanks for trying — not every intro clicks."
            )
        case None:
            text = f"{party} hasn't said yet whether they met {other}."
    return Message(text=fallback(text), blocks=[section(text)])


def thanked_connector(intro: Intro, side: Side) -> Message:
    """Pass a party's thank-you on to the connector, privately."""
    party = mention(intro.party(side).user_id)
    other = mention(intro.party(side.other).user_id)
    text = f"🙏 {party} says thank you for the intro to {other}!"
    return Message(text=fallback(text), blocks=[section(text)])


def thank_you_sent(intro: Intro) -> str:
    """What the party who said thanks is told (plain text: `tell` escapes it)."""
    return f"🙏 I've passed your thanks on to {connector_first_name(intro)}."


def connector_first_name(intro: Intro) -> str:
    """The connector's first name, unescaped, for plain text; a neutral word if unknown."""
    words = intro.connector_name.split()
    return clip(words[0], NAME_MAX) if words else "the connector"


def notice_message(text: str) -> Message:
    """A short note in the app's DM; `text` is shown exactly as written."""
    shown = safe(text, SECTION_TEXT_MAX)
    return Message(text=fallback(shown), blocks=[section(shown)])


def notice_modal(title: str, text: str) -> JSON:
    """A small modal that tells the user something; `text` is shown exactly as written."""
    return modal(
        callback_id=Callback.NOTICE_MODAL,
        title=title,
        close="OK",
        blocks=[section(safe(text, SECTION_TEXT_MAX))],
    )


def _declined(intro: Intro) -> Message:
    decline = intro.decline
    side = decline.side if decline else _first_declined_side(intro)
    who = mention(intro.party(side).user_id)
    other = mention(intro.party(side.other).user_id)
    text = f"{who} declined the intro to {other}."
    blocks = [section(text)]
    if decline and decline.reason:
        blocks.append(section(f"*Reason:* {DECLINE_REASONS[decline.reason]}"))
    if decline and decline.note:
        blocks.append(labelled("Their note", decline.note))
    if not (decline and (decline.reason or decline.note)):
        blocks.append(section("No reason given, and that's fine."))
    blocks.append(
        context(f"{other} was told only that this intro won't go ahead. The reason stays with you.")
    )
    return Message(text=fallback(text), blocks=blocks)


def _expired(intro: Intro) -> Message:
    a, b = _party_mentions(intro)
    silent = [mention(intro.party(side).user_id) for side in intro.waiting_sides()]
    if len(silent) == 2:
        text = f"⌛ Your intro of {a} and {b} expired: neither of them answered in time."
        told = "Both were told neutrally that it expired."
    elif silent:
        answered = mention(intro.party(intro.waiting_sides()[0].other).user_id)
        text = f"⌛ Your intro of {a} and {b} expired: {silent[0]} didn't answer in time."
        told = f"{answered} was told neutrally that it expired."
    else:
        text = f"⌛ Your intro of {a} and {b} expired."
        told = "Both were told neutrally that it expired."
    return Message(text=fallback(text), blocks=[section(text), context(told)])


def _first_declined_side(intro: Intro) -> Side:
    return next((side for side in Side if intro.answer(side) is Answer.DECLINED), Side.A)


def _party_mentions(intro: Intro) -> tuple[str, str]:
    return mention(intro.party_a.user_id), mention(intro.party_b.user_id)
