"""A person's own data: their consent records, their export in the DM, and deleting it all."""

from __future__ import annotations

import json

from introslack.domain.intro import Answer
from introslack.domain.messages import N_
from introslack.domain.privacy import ConsentRecord, ConsentRole
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.ids import Action, Callback
from introslack.slack.mrkdwn import escape
from introslack.slack.views.blocks import (
    ELLIPSIS,
    actions,
    button,
    context,
    divider,
    modal,
    section,
)
from introslack.slack.views.message import JSON, Message

# Each part of the export stays far below the 40,000 characters Slack keeps of a message.
PART_MAX = 12_000
# How much of a request a consent record shows; the export holds all of it.
SHOWN_MAX = 600
# Consent records listed in the modal, newest first (each takes two blocks, of 100).
CONSENTS_LISTED = 40
FENCE = "```"

ANSWERS: dict[Answer, str] = {
    Answer.ACCEPTED: N_("✅ You accepted on {day} at {time} (UTC)."),
    Answer.DECLINED: N_("You declined on {day} at {time} (UTC)."),
    Answer.ALREADY_CONNECTED: N_(
        "🤝 You said you already knew each other on {day} at {time} (UTC)."
    ),
    Answer.WAITING: N_("Not answered."),
}
ASKED_FOR = N_("🙋 You asked for this intro on {day} at {time} (UTC).")


def data_section(*, t: Translator = ENGLISH_TRANSLATOR) -> list[JSON]:
    """The Home tab's "Your data": what you agreed to, a copy of your data, deleting it."""
    return [
        divider(),
        section(t("*Your data*: what you agreed to, and everything I keep about you.")),
        actions(
            "home:data",
            button(t("What you agreed to"), action_id=Action.CONSENTS, value="consents"),
            button(t("Send me my data"), action_id=Action.MY_DATA, value="my_data"),
            button(
                t("Delete my data"),
                action_id=Action.DELETE_MY_DATA,
                value="delete_my_data",
                style="danger",
            ),
        ),
    ]


def consents_modal(records: list[ConsentRecord], *, t: Translator = ENGLISH_TRANSLATOR) -> JSON:
    """The viewer's own consent records: what each request showed them, when, and their answer."""
    blocks: list[JSON] = [
        context(t("Only you see this: each intro request I sent you or you made, and your answer."))
    ]
    if not records:
        blocks.append(section(t("No intro requests have reached you yet.")))
    for record in records[:CONSENTS_LISTED]:
        blocks += [section(_shown(record, t)), context(_answer(record, t))]
    return modal(
        callback_id=Callback.CONSENTS_MODAL,
        title=t("What you agreed to"),
        blocks=blocks,
        close=t("Close"),
    )


def _shown(record: ConsentRecord, t: Translator) -> str:
    if record.shown_text is None or record.shown_at is None:
        return t("_You answered before the request reached your DM._")
    if not record.shown_text:
        return t(
            "_Sent to you on {day}; its words have since been erased with the intro's._",
            day=t.date(record.shown_at),
        )
    shown = _abridged(record.shown_text, SHOWN_MAX)
    when = t(
        "*Shown to you on {day} at {time} (UTC):*",
        day=t.date(record.shown_at),
        time=t.clock(record.shown_at),
    )
    return f"{when}\n{shown}"


def _answer(record: ConsentRecord, t: Translator) -> str:
    if record.role is ConsentRole.REQUESTER and record.answered_at is not None:
        at = record.answered_at
        return t(ASKED_FOR, day=t.date(at), time=t.clock(at))
    if record.answer is None or record.answered_at is None:
        return t(ANSWERS[Answer.WAITING])
    at = record.answered_at
    return t(ANSWERS[record.answer], day=t.date(at), time=t.clock(at))


def _abridged(text: str, limit: int) -> str:
    """Cut at a line or word end, so no mention or entity is split in two."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind("\n"), cut.rfind(" "))
    return (cut[:end] if end > 0 else cut).rstrip() + ELLIPSIS


def my_data_messages(
    document: dict[str, object], *, t: Translator = ENGLISH_TRANSLATOR
) -> list[Message]:
    """The export as pretty JSON in code blocks, in parts that, put end to end, are all of it."""
    parts = split_lines(json.dumps(document, indent=2, ensure_ascii=False), PART_MAX)
    messages = []
    for number, part in enumerate(parts, start=1):
        title = t(
            "📦 Everything I keep about you, as JSON (part {number} of {count}).",
            number=number,
            count=len(parts),
        )
        messages.append(Message(text=f"{title}\n{FENCE}\n{escape(part)}{FENCE}", blocks=[]))
    return messages


def split_lines(text: str, limit: int) -> list[str]:
    """Pieces of `text`, each at most `limit` once escaped for mrkdwn, that concatenate to it.

    Each piece ends at a line end (kept in the piece); only a line longer than a whole piece,
    which pretty JSON makes of nothing but a very long string, is cut inside it.
    """
    parts: list[str] = []
    current, size = "", 0
    for line in text.splitlines(keepends=True):
        for piece in _pieces(line, limit):
            cost = len(escape(piece))
            if current and size + cost > limit:
                parts.append(current)
                current, size = "", 0
            current, size = current + piece, size + cost
    return [*parts, current]


def _pieces(line: str, limit: int) -> list[str]:
    """A line as it is, or cut into runs that each fit once escaped."""
    if len(escape(line)) <= limit:
        return [line]
    step = max(limit // 5, 1)  # "&amp;" is five characters: the most one character can grow
    return [line[start : start + step] for start in range(0, len(line), step)]


def delete_modal(*, t: Translator = ENGLISH_TRANSLATOR) -> JSON:
    """Say exactly what deleting does, before anything is deleted."""
    lines = [
        t("*This can't be undone.* When you press Delete, I will:"),
        t(
            "• cancel every intro of yours still waiting for answers (the others just read "
            "that it was cancelled);"
        ),
        t("• cancel anything I was about to send you;"),
        t(
            "• erase what you wrote: decline and preference notes, and as a connector why, "
            "what each gains, your notes and the lines about each person;"
        ),
        t("• erase your intro settings and your private list;"),
        t("• delete your consent records;"),
        t("• show you as “a former colleague” in other people's intros, which they keep."),
    ]
    return modal(
        callback_id=Callback.DELETE_MY_DATA_MODAL,
        title=t("Delete my data"),
        blocks=[section("\n".join(lines))],
        close=t("Keep my data"),
        submit=t("Delete"),
    )


def data_deleted(*, t: Translator = ENGLISH_TRANSLATOR) -> str:
    return t(
        "Done: your data is deleted. Intros still waiting for answers are cancelled, and you "
        "show as “a former colleague” in other people's intros."
    )


def data_on_its_way(*, t: Translator = ENGLISH_TRANSLATOR) -> str:
    return t("📦 Your data is on its way: look in your DM with me in a moment.")
