"""Private messages to the connector about their intro, and a small notice modal."""

from __future__ import annotations

from datetime import datetime, timedelta

from introslack.domain.intro import Answer, Intro, IntroStatus, Outcome, Side
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
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


def requests_sent(intro: Intro, *, t: Translator = ENGLISH_TRANSLATOR) -> Message:
    """Confirm to the connector that both parties were asked privately."""
    a, b = _party_mentions(intro)
    text = t(
        "📨 I've asked {a} and {b} privately. I'll let you know when both have answered.",
        a=a,
        b=b,
    )
    return Message(
        text=fallback(text),
        blocks=[section(text), context(t("Neither of them sees the other's answer."))],
    )


def asked_later(
    intro: Intro, side: Side, *, now: datetime, t: Translator = ENGLISH_TRANSLATOR
) -> Message:
    """Tell the connector, and only them, that a party would rather be asked again later."""
    until = intro.ask_again(side) or now
    weeks = max(1, round((until - now) / timedelta(weeks=1)))
    who = mention(intro.party(side).user_id)
    text = t.plural(
        "🗓️ {who} would rather be asked again in {count} week.",
        "🗓️ {who} would rather be asked again in {count} weeks.",
        weeks,
        who=who,
    )
    return Message(text=fallback(text), blocks=[section(text)])


def intro_closed(intro: Intro, *, t: Translator = ENGLISH_TRANSLATOR) -> Message:
    """Tell the connector how the intro ended; the only place a decline reason is shown."""
    a, b = _party_mentions(intro)
    match intro.status:
        case IntroStatus.MADE:
            text = t(
                "🎉 {a} and {b} both said yes! Their introduction arrives in a group DM "
                "in about a minute, and I step out. Thanks for making the connection.",
                a=a,
                b=b,
            )
            return Message(text=fallback(text), blocks=[section(text)])
        case IntroStatus.DECLINED:
            return _declined(intro, t)
        case IntroStatus.EXPIRED:
            return _expired(intro, t)
        case IntroStatus.ALREADY_CONNECTED:
            side = next(s for s in Side if intro.answer(s) is Answer.ALREADY_CONNECTED)
            who, other = (
                mention(intro.party(side).user_id),
                mention(intro.party(side.other).user_id),
            )
            text = t(
                "🤝 {who} says they already know {other}, so no intro was needed. "
                "I've closed it as a connection made. Thanks for thinking of them!",
                who=who,
                other=other,
            )
            return Message(text=fallback(text), blocks=[section(text)])
        case IntroStatus.CANCELLED:
            text = t("You cancelled the intro of {a} and {b}. I've let them both know.", a=a, b=b)
            return Message(text=fallback(text), blocks=[section(text)])
        case IntroStatus.PENDING | IntroStatus.REQUESTED:
            text = t("Your intro of {a} and {b} is still waiting for answers.", a=a, b=b)
            return Message(text=fallback(text), blocks=[section(text)])
        case IntroStatus.PASSED | IntroStatus.REQUEST_EXPIRED | IntroStatus.REQUEST_WITHDRAWN:
            text = t("The request to introduce {a} to {b} is closed.", a=a, b=b)
            return Message(text=fallback(text), blocks=[section(text)])


def outcome_reported(intro: Intro, side: Side, *, t: Translator = ENGLISH_TRANSLATOR) -> Message:
    """Pass on what one party said when asked whether the pair connected."""
    party = mention(intro.party(side).user_id)
    other = mention(intro.party(side.other).user_id)
    match intro.outcome(side):
        case Outcome.MET:
            text = t(
                "🎉 {party} says they met {other} — thanks for the intro!", party=party, other=other
            )
        case Outcome.SCHEDULED:
            text = t(
                "📅 {party} says a meeting with {other} is scheduled.", party=party, other=other
            )
        case Outcome.NOT_YET:
            text = t(
                "⏳ {party} says they haven't met {other} yet. I'll tell you if that changes.",
                party=party,
                other=other,
            )
        case Outcome.NOT_HAPPENING:
            text = t(
                "{party} says a meeting with {other} isn't going to happen. "
                "Thanks for trying — not every intro clicks.",
                party=party,
                other=other,
            )
        case None:
            text = t("{party} hasn't said yet whether they met {other}.", party=party, other=other)
    return Message(text=fallback(text), blocks=[section(text)])


def thanked_connector(intro: Intro, side: Side, *, t: Translator = ENGLISH_TRANSLATOR) -> Message:
    """Pass a party's thank-you on to the connector, privately."""
    party = mention(intro.party(side).user_id)
    other = mention(intro.party(side.other).user_id)
    text = t("🙏 {party} says thank you for the intro to {other}!", party=party, other=other)
    return Message(text=fallback(text), blocks=[section(text)])


def thank_you_sent(intro: Intro, *, t: Translator = ENGLISH_TRANSLATOR) -> str:
    """What the party who said thanks is told (plain text: `tell` escapes it)."""
    return t("🙏 I've passed your thanks on to {name}.", name=connector_first_name(intro, t))


def connector_first_name(intro: Intro, t: Translator = ENGLISH_TRANSLATOR) -> str:
    """The connector's first name, unescaped, for plain text; a neutral word if unknown."""
    words = intro.connector_name.split()
    return clip(words[0], NAME_MAX) if words else t("the connector")


def notice_message(text: str) -> Message:
    """A short note in the app's DM; `text` is shown exactly as written."""
    shown = safe(text, SECTION_TEXT_MAX)
    return Message(text=fallback(shown), blocks=[section(shown)])


def notice_modal(title: str, text: str, *, t: Translator = ENGLISH_TRANSLATOR) -> JSON:
    """A small modal that tells the user something; `text` is shown exactly as written."""
    return modal(
        callback_id=Callback.NOTICE_MODAL,
        title=title,
        close=t("OK"),
        blocks=[section(safe(text, SECTION_TEXT_MAX))],
    )


def _declined(intro: Intro, t: Translator) -> Message:
    decline = intro.decline
    side = decline.side if decline else _first_declined_side(intro)
    who = mention(intro.party(side).user_id)
    other = mention(intro.party(side.other).user_id)
    text = t("{who} declined the intro to {other}.", who=who, other=other)
    blocks = [section(text)]
    if decline and decline.reason:
        reason = t(DECLINE_REASONS[decline.reason])
        blocks.append(section(t("*Reason:* {reason}", reason=reason)))
    if decline and decline.note:
        blocks.append(labelled(t("Their note"), decline.note))
    if not (decline and (decline.reason or decline.note)):
        blocks.append(section(t("No reason given, and that's fine.")))
    blocks.append(
        context(
            t(
                "{other} was told only that this intro won't go ahead. The reason stays with you.",
                other=other,
            )
        )
    )
    return Message(text=fallback(text), blocks=blocks)


def _expired(intro: Intro, t: Translator) -> Message:
    a, b = _party_mentions(intro)
    silent = [mention(intro.party(side).user_id) for side in intro.waiting_sides()]
    if len(silent) == 2:
        text = t(
            "⌛ Your intro of {a} and {b} expired: neither of them answered in time.", a=a, b=b
        )
        told = t("Both were told neutrally that it expired.")
    elif silent:
        answered = mention(intro.party(intro.waiting_sides()[0].other).user_id)
        text = t(
            "⌛ Your intro of {a} and {b} expired: {silent} didn't answer in time.",
            a=a,
            b=b,
            silent=silent[0],
        )
        told = t("{answered} was told neutrally that it expired.", answered=answered)
    else:
        text = t("⌛ Your intro of {a} and {b} expired.", a=a, b=b)
        told = t("Both were told neutrally that it expired.")
    return Message(text=fallback(text), blocks=[section(text), context(told)])


def _first_declined_side(intro: Intro) -> Side:
    return next((side for side in Side if intro.answer(side) is Answer.DECLINED), Side.A)


def _party_mentions(intro: Intro) -> tuple[str, str]:
    return mention(intro.party_a.user_id), mention(intro.party_b.user_id)
