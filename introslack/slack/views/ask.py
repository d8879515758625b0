"""Asking a connector for an intro: the requester's form, the connector's request and replies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from introslack.domain.intro import Context, Intro, IntroStatus, NextStep
from introslack.slack import ids
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.ids import Action, Block, Callback
from introslack.slack.mrkdwn import mention
from introslack.slack.views import people
from introslack.slack.views.blocks import (
    actions,
    button,
    context,
    fallback,
    input_block,
    modal,
    option,
    safe,
    section,
)
from introslack.slack.views.intro_modal import (
    GAIN_MAX,
    NOTE_MAX,
    WHY_MAX,
    parse_next_step,
    text_input,
    user_select,
)
from introslack.slack.views.labels import NEXT_STEP_ASKS, NEXT_STEP_OPTIONS
from introslack.slack.views.message import JSON, Message
from introslack.slack.views.state import selected_user, text_value

# What the requester wrote, as the connector sees it: short enough for one section each.
SHOWN_MAX = 1000


@dataclass(frozen=True)
class AskForm:
    """What the requester submitted; the people are Slack user ids, not yet profiles."""

    target_id: str | None
    connector_id: str | None
    context: Context


def ask_modal(
    *, target: str | None = None, connector: str | None = None, t: Translator = ENGLISH_TRANSLATOR
) -> JSON:
    """Build the form in which someone asks a colleague to introduce them to someone."""
    blocks = [
        context(
            t(
                "🔒 Only the person you ask sees this request. "
                "The person you'd like to meet hears nothing unless they introduce you."
            )
        ),
        input_block(Block.TARGET, t("Whom you'd like to meet"), user_select(target, t)),
        input_block(
            Block.CONNECTOR, t("Whom you're asking to introduce you"), user_select(connector, t)
        ),
        input_block(
            Block.WHY,
            t("Why you'd like to meet them"),
            _text(t("e.g. We're both rebuilding onboarding"), WHY_MAX, multiline=True),
        ),
        input_block(
            Block.HOPE,
            t("What you hope for"),
            _text(t("e.g. Half an hour of advice on hiring"), GAIN_MAX),
            optional=True,
        ),
        input_block(
            Block.NEXT_STEP,
            t("Suggested next step"),
            {
                "type": "static_select",
                "action_id": ids.INPUT,
                "options": [
                    option(t(text), step.value) for step, text in NEXT_STEP_OPTIONS.items()
                ],
                "initial_option": option(t(NEXT_STEP_OPTIONS[NextStep.COFFEE]), NextStep.COFFEE),
            },
        ),
    ]
    return modal(
        callback_id=Callback.ASK_MODAL,
        title=t("Ask for an intro"),
        submit=t("Ask"),
        close=t("Cancel"),
        blocks=blocks,
    )


def parse_ask(values: dict[str, Any]) -> AskForm:
    """Read the submitted request leniently: anything missing counts as empty or the default."""
    return AskForm(
        target_id=selected_user(values, Block.TARGET),
        connector_id=selected_user(values, Block.CONNECTOR),
        context=Context(
            why=text_value(values, Block.WHY),
            gain_for_a=text_value(values, Block.HOPE),
            next_step=parse_next_step(values),
        ),
    )


def connector_request(intro: Intro, *, t: Translator = ENGLISH_TRANSLATOR) -> Message:
    """The connector's private request, with its two buttons while it waits for them."""
    requester, target = mention(intro.party_a.user_id), people.name_and_title(intro.party_b, t)
    ask = t(
        "👋 {requester} would like to meet {target} and asks whether you'd introduce them.",
        requester=requester,
        target=target,
    )
    blocks = [section(ask), section(_what_was_asked(intro, t))]
    if intro.status is IntroStatus.REQUESTED:
        blocks += [
            context(
                t(
                    "{target} knows nothing of this. If you introduce them, only {target} is "
                    "asked; if not, I'll tell {requester} kindly.",
                    target=people.name(intro.party_b, t),
                    requester=requester,
                )
            ),
            actions(
                Block.REQUEST_ACTIONS,
                button(t("Introduce"), action_id=Action.INTRODUCE, value=intro.id, style="primary"),
                button(t("Not this time"), action_id=Action.PASS, value=intro.id),
            ),
        ]
    else:
        blocks.append(section(_answered(intro, t)))
    return Message(text=fallback(ask), blocks=blocks)


def _answered(intro: Intro, t: Translator) -> str:
    """Where the request stands once the connector's buttons are spent."""
    requester, target = mention(intro.party_a.user_id), people.name(intro.party_b, t)
    match intro.status:
        case IntroStatus.PASSED:
            return t("You said not this time. I've told {requester} kindly.", requester=requester)
        case IntroStatus.REQUEST_EXPIRED:
            return t(
                "⌛ This request expired without an answer. I've told {requester} kindly.",
                requester=requester,
            )
        case IntroStatus.REQUEST_WITHDRAWN:
            return t("This request was withdrawn. No action needed.")
        case _:
            return t("✅ You're introducing them: I've asked {target} privately.", target=target)


def pass_modal(intro: Intro, *, private_metadata: str, t: Translator = ENGLISH_TRANSLATOR) -> JSON:
    """Build the small "Not this time" form: an optional note only the requester reads."""
    requester = people.name(intro.party_a, t)
    blocks = [
        section(
            t(
                "No problem. I'll tell {requester} kindly that you can't introduce them this "
                "time. {target} never hears of this request.",
                requester=requester,
                target=people.name(intro.party_b, t),
            )
        ),
        input_block(
            Block.PASS_NOTE,
            t("A note to {requester} (optional)", requester=people.plain_name(intro.party_a, t)),
            _text(t("e.g. I don't know them well enough, sorry!"), NOTE_MAX, multiline=True),
            optional=True,
            hint=t("Without a note, {requester} hears no reason.", requester=requester),
        ),
    ]
    return modal(
        callback_id=Callback.PASS_MODAL,
        title=t("Not this time"),
        submit=t("Send"),
        close=t("Back"),
        blocks=blocks,
        private_metadata=private_metadata,
    )


def parse_pass(values: dict[str, Any]) -> str:
    return text_value(values, Block.PASS_NOTE)


def request_sent(intro: Intro, *, t: Translator = ENGLISH_TRANSLATOR) -> Message:
    """Confirm to the requester whom was asked and what, and that the target hears nothing yet
    (their consent record keeps this message, the words they agreed to share)."""
    text = t(
        "📨 I've asked {connector} privately whether they'd introduce you to {target}. "
        "{target} hears nothing unless {connector} does.",
        connector=mention(intro.connector_id),
        target=people.name(intro.party_b, t),
    )
    return Message(text=fallback(text), blocks=[section(text), section(_what_was_asked(intro, t))])


def _what_was_asked(intro: Intro, t: Translator) -> str:
    """The request in the requester's words, as the connector reads it."""
    asked = intro.context
    lines = [t("*Why:* {why}", why=safe(asked.why, SHOWN_MAX))]
    if asked.gain_for_a.strip():
        lines.append(t("*Hoping for:* {hope}", hope=safe(asked.gain_for_a, SHOWN_MAX)))
    lines.append(t("*Suggested next step:* {step}", step=t(NEXT_STEP_ASKS[asked.next_step])))
    return "\n".join(lines)


def requester_closed(intro: Intro, *, t: Translator = ENGLISH_TRANSLATOR) -> Message:
    """Tell the requester, kindly, that their request won't go ahead; never the other's reason."""
    connector, target = mention(intro.connector_id), people.name(intro.party_b, t)
    blocks: list[JSON]
    match intro.status:
        case IntroStatus.PASSED:
            text = t(
                "{connector} can't introduce you to {target} this time, and that's okay.",
                connector=connector,
                target=target,
            )
            blocks = [section(text)]
            if intro.context.note_to_a.strip():
                note = safe(intro.context.note_to_a, NOTE_MAX)
                blocks.append(section(t("*Their note to you:* {note}", note=note)))
        case IntroStatus.REQUEST_EXPIRED:
            text = t(
                "⌛ Your request to {connector} for an intro to {target} expired without an "
                "answer. People get busy; feel free to ask someone else.",
                connector=connector,
                target=target,
            )
            blocks = [section(text)]
        case IntroStatus.ALREADY_CONNECTED:
            text = t("🤝 {target} says you two already know each other.", target=target)
            blocks = [section(text)]
        case _:
            text = t(
                "The intro to {target} from {connector} won't go ahead. No action needed.",
                target=target,
                connector=connector,
            )
            blocks = [section(text)]
    return Message(text=fallback(text), blocks=blocks)


def _text(placeholder: str, max_length: int, *, multiline: bool = False) -> JSON:
    return text_input(placeholder, max_length, multiline=multiline)
