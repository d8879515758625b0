"""The App Home tab: the user's intros at a glance, a few per section, each seen from their side."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from introslack.domain.control import IntroSettings
from introslack.domain.insights import MonthInsights
from introslack.domain.intro import Answer, Intro, IntroStatus, Side
from introslack.slack.ids import Action
from introslack.slack.mrkdwn import mention
from introslack.slack.views import people
from introslack.slack.views.blocks import (
    actions,
    button,
    context,
    divider,
    header,
    plain,
    safe,
    section,
)
from introslack.slack.views.insights import insights_blocks
from introslack.slack.views.intro_settings import settings_section
from introslack.slack.views.labels import DECLINE_REASONS, OUTCOME_BUTTONS
from introslack.slack.views.message import JSON
from introslack.store.home import Home, Section, StartedIntro, Tally

HOME_BLOCKS_MAX = 100
WHY_MAX = 200
DECLINE_NOTE_MAX = 300
CONFIRM_TITLE_MAX = 100
CONFIRM_TEXT_MAX = 300
CONFIRM_BUTTON_MAX = 30

TITLES: dict[Section, str] = {
    Section.WAITING: "Waiting for your answer",
    Section.STARTED: "Intros you started",
    Section.ACCEPTED: "You said yes",
    Section.RECENT: "Recent",
}

WELCOME = (
    "👋 *Welcome!* I make warm introductions between colleagues who should know each other.\n"
    "Pick two people and say why they should meet. I ask each of them privately, and only "
    "when both say yes do I open a group DM for them. Nobody ever hears a “no”."
)

CLOSED_VERBS: dict[IntroStatus, str] = {
    IntroStatus.PENDING: "Started",
    IntroStatus.MADE: "Introduced",
    IntroStatus.DECLINED: "Declined",
    IntroStatus.EXPIRED: "Expired",
    IntroStatus.CANCELLED: "Cancelled",
    IntroStatus.ALREADY_CONNECTED: "Already connected",
}

_UNITS = (
    ("year", timedelta(days=365)),
    ("month", timedelta(days=30)),
    ("week", timedelta(weeks=1)),
    ("day", timedelta(days=1)),
    ("hour", timedelta(hours=1)),
    ("minute", timedelta(minutes=1)),
)


def home_view(
    home: Home,
    *,
    now: datetime,
    insights: list[MonthInsights] | None = None,
    settings: IntroSettings | None = None,
) -> JSON:
    """Build the user's Home tab: summary, each non-empty section, settings, admin insights."""
    user_id = home.user_id
    blocks: list[JSON] = [header("Your intros")]
    if home.tally.is_empty:
        blocks.append(section(WELCOME))
    blocks += _summary(home.tally)
    blocks.append(
        actions(
            "home:new",
            button("New intro", action_id=Action.NEW_INTRO, value="new", style="primary"),
        )
    )
    listed: dict[Section, list[list[JSON]]] = {
        Section.WAITING: [_waiting(intro, user_id, now) for intro in home.waiting],
        Section.STARTED: [_started(item, user_id, now) for item in home.started],
        Section.ACCEPTED: [_accepted(intro, user_id, now) for intro in home.accepted],
        Section.RECENT: [_recent(intro, user_id, now) for intro in home.recent],
    }
    for listing, items in listed.items():
        blocks += _listing(listing, home, [block for item in items for block in item])
    pages = {listing.value: page for listing, page in home.pages.items() if page}
    extra = insights_blocks(insights) if insights else []
    extra = ([] if settings is None else settings_section(settings, now=now)) + extra
    return {
        "type": "home",
        "blocks": blocks[: HOME_BLOCKS_MAX - len(extra)] + extra,
        "private_metadata": json.dumps(pages),
    }


def parse_show_more(value: str) -> tuple[Section, int] | None:
    """Read a Show more button's `<section>:<page>`; None for anything else."""
    name, _, page = value.partition(":")
    try:
        return Section(name), max(int(page), 0)
    except ValueError:
        return None


def parse_pages(private_metadata: str | None) -> dict[Section, int]:
    """The page of each section the user was looking at, kept in the view; lenient."""
    try:
        stored = json.loads(private_metadata or "{}")
    except ValueError:
        return {}
    if not isinstance(stored, dict):
        return {}
    pages: dict[Section, int] = {}
    for name, page in stored.items():
        listing = _section_named(name)
        if listing is not None and isinstance(page, int) and page > 0:
            pages[listing] = page
    return pages


def ago(then: datetime, now: datetime) -> str:
    """How long ago, in the largest whole unit: `just now`, `5 minutes ago`, `3 days ago`."""
    elapsed = now - then
    for unit, size in _UNITS:
        if elapsed >= size:
            count = elapsed // size
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


# Sections -----------------------------------------------------------------------------------


def _summary(tally: Tally) -> list[JSON]:
    """How the intros this user started went: made, acceptance rate, share that met.

    A pair who already knew each other counts as a success in the acceptance rate.
    """
    if not tally.started_ever:
        return []
    made = tally.started_made
    parts = [f"*{made:,}* intro{'' if made == 1 else 's'} made"]
    if tally.started_already_knew:
        knew = tally.started_already_knew
        parts.append(f"*{knew:,}* pair{'' if knew == 1 else 's'} already knew each other")
    if tally.started_decided:
        happy = made + tally.started_already_knew
        parts.append(f"*{_percent(happy, tally.started_decided)}* accepted")
    if made:
        parts.append(f"*{_percent(tally.started_met, made)}* met")
    if tally.thanks:
        parts.append(f"*{tally.thanks:,}* thank-you{'' if tally.thanks == 1 else 's'} received")
    return [context("📊 Intros you started: " + " · ".join(parts))]


def _listing(listing: Section, home: Home, items: list[JSON]) -> list[JSON]:
    count = home.tally.count(listing)
    if not count or not items:
        return []
    return [
        divider(),
        header(f"{TITLES[listing]} ({count:,})"),
        *items,
        *_paging(listing, home, count),
    ]


def _paging(listing: Section, home: Home, count: int) -> list[JSON]:
    """`Showing 6 to 10 of 42`, with Show more while there is more and a way back to the newest."""
    per_page, page = home.per_page, home.page(listing)
    if count <= per_page:
        return []
    first, last = page * per_page + 1, min((page + 1) * per_page, count)
    where = section(f"Showing {first:,} to {last:,} of {count:,}")
    if page:
        where["accessory"] = button(
            "Back to newest", action_id=Action.SHOW_MORE, value=f"{listing.value}:0"
        )
    blocks = [where]
    if last < count:
        more = button("Show more", action_id=Action.SHOW_MORE, value=f"{listing.value}:{page + 1}")
        blocks.append(actions(f"{listing.value}:more", more))
    return blocks


def _waiting(intro: Intro, user_id: str, now: datetime) -> list[JSON]:
    """A request to this user, answerable right here with the same buttons as the DM."""
    side = intro.side_of(user_id)
    if side is None:
        return []
    connector = mention(intro.connector_id)
    other = intro.party(side.other)
    return [
        section(
            f"👋 {connector} would like to introduce you to {people.name_and_title(other)}\n"
            f"_{safe(intro.context.why, WHY_MAX)}_"
        ),
        context(f"Asked {ago(intro.created_at, now)} · 🔒 Your answer goes to {connector} only."),
        actions(
            f"{Section.WAITING.value}:{intro.id}",
            button("Accept", action_id=Action.ACCEPT, value=intro.id, style="primary"),
            button("Decline", action_id=Action.DECLINE, value=intro.id),
        ),
    ]


def _started(item: StartedIntro, user_id: str, now: datetime) -> list[JSON]:
    """A pending intro this user started: where each side stands, with Remind and Cancel."""
    intro = item.intro
    if intro.connector_id != user_id:
        return []
    answers = " · ".join(
        f"{'✅' if intro.answer(side) is Answer.ACCEPTED else '⏳'} "
        f"{people.name(intro.party(side))} {_answer_label(intro.answer(side))}"
        for side in Side
    )
    when = f"Started {ago(intro.created_at, now)}"
    if item.reminded_at is not None:
        when += f" · you reminded them {ago(item.reminded_at, now)}"
    return [
        section(f"*{people.name(intro.party_a)}* and *{people.name(intro.party_b)}*\n{answers}"),
        context(f"{when} · _{safe(intro.context.why, WHY_MAX)}_"),
        actions(
            f"{Section.STARTED.value}:{intro.id}",
            button("Remind", action_id=Action.REMIND, value=intro.id),
            {**button("Cancel", action_id=Action.CANCEL, value=intro.id), **_confirm_cancel(intro)},
        ),
    ]


def _accepted(intro: Intro, user_id: str, now: datetime) -> list[JSON]:
    """A request this user said yes to; the other side's answer is theirs to give."""
    side = intro.side_of(user_id)
    if side is None:
        return []
    other = intro.party(side.other)
    return [
        section(
            f"✅ You said yes to meeting {people.name_and_title(other)}. "
            f"I'll introduce you as soon as {people.name(other)} says yes too."
        ),
        context(f"Intro from {mention(intro.connector_id)} · {ago(intro.created_at, now)}"),
    ]


def _recent(intro: Intro, user_id: str, now: datetime) -> list[JSON]:
    """A closed intro: the connector sees how and why; a party sees only their own part."""
    closed = ago(intro.closed_at or intro.created_at, now)
    verb = CLOSED_VERBS[intro.status]
    if intro.connector_id == user_id:
        lines = _closed_for_connector(intro)
    else:
        side = intro.side_of(user_id)
        if side is None:
            return []
        lines = _closed_for_party(intro, side)
        if intro.status is IntroStatus.DECLINED and intro.answer(side) is not Answer.DECLINED:
            verb = "Closed"  # "declined" would tell them the other person said no
    return [section("\n".join(lines)), context(f"{verb} {closed}")]


# What each person may know about a closed intro ----------------------------------------------


def _closed_for_connector(intro: Intro) -> list[str]:
    a, b = people.name(intro.party_a), people.name(intro.party_b)
    match intro.status:
        case IntroStatus.MADE:
            lines = [f"🎉 *{a}* and *{b}* were introduced."]
            said = [
                f"{people.name(intro.party(side))}: _{OUTCOME_BUTTONS[outcome]}_"
                for side in Side
                if (outcome := intro.outcome(side)) is not None
            ]
            if said:
                lines.append(" · ".join(said))
            return lines
        case IntroStatus.DECLINED:
            return _declined_for_connector(intro)
        case IntroStatus.ALREADY_CONNECTED:
            who = people.name(intro.party(_knew_side(intro)))
            return [f"🤝 *{a}* and *{b}* already knew each other (so said *{who}*)."]
        case IntroStatus.EXPIRED:
            silent = [f"*{people.name(intro.party(side))}*" for side in intro.waiting_sides()]
            lines = [f"⌛ Your intro of *{a}* and *{b}* expired."]
            if silent:
                lines.append("No answer from " + " and ".join(silent) + ".")
            return lines
        case _:
            return [f"✖️ You cancelled the intro of *{a}* and *{b}*."]


def _declined_for_connector(intro: Intro) -> list[str]:
    decline = intro.decline
    side = decline.side if decline else _first_declined(intro)
    who, other = people.name(intro.party(side)), people.name(intro.party(side.other))
    lines = [f"🙅 *{who}* declined the intro to *{other}*."]
    if decline and decline.reason:
        lines.append(f"*Reason:* {DECLINE_REASONS[decline.reason]}")
    if decline and decline.note:
        lines.append(f"*Their note:* {safe(decline.note, DECLINE_NOTE_MAX)}")
    if decline and (decline.reason or decline.note):
        lines.append(f"_Only you see this; {other} was told only that it won't go ahead._")
    else:
        lines.append("No reason given, and that's fine.")
    return lines


def _closed_for_party(intro: Intro, side: Side) -> list[str]:
    connector = mention(intro.connector_id)
    other = f"*{people.name(intro.party(side.other))}*"
    match intro.status:
        case IntroStatus.MADE:
            lines = [f"🎉 You and {other} were introduced by {connector}."]
            outcome = intro.outcome(side)
            if outcome is not None:
                lines.append(f"You said: _{OUTCOME_BUTTONS[outcome]}_")
            return lines
        case IntroStatus.DECLINED if intro.answer(side) is Answer.DECLINED:
            return [f"You declined the intro to {other}. Only {connector} knows."]
        case IntroStatus.DECLINED:
            return [f"The intro to {other} from {connector} won't go ahead."]
        case IntroStatus.EXPIRED:
            return [f"⌛ The intro to {other} from {connector} expired."]
        case IntroStatus.ALREADY_CONNECTED:
            return [f"🤝 You and {other} already know each other; no intro was needed."]
        case _:
            return [f"{connector} cancelled the intro to {other}."]


def _knew_side(intro: Intro) -> Side:
    return next((s for s in Side if intro.answer(s) is Answer.ALREADY_CONNECTED), Side.A)


def _first_declined(intro: Intro) -> Side:
    return next((side for side in Side if intro.answer(side) is Answer.DECLINED), Side.A)


def _answer_label(answer: Answer) -> str:
    return "accepted" if answer is Answer.ACCEPTED else "waiting"


def _confirm_cancel(intro: Intro) -> JSON:
    """Slack's own are-you-sure dialog before Cancel: the parties will hear of it."""
    a, b = people.plain_name(intro.party_a), people.plain_name(intro.party_b)
    return {
        "confirm": {
            "title": plain("Cancel this intro?", CONFIRM_TITLE_MAX),
            "text": plain(
                f"{a} and {b} will see that you cancelled it, and nobody is introduced.",
                CONFIRM_TEXT_MAX,
            ),
            "confirm": plain("Cancel intro", CONFIRM_BUTTON_MAX),
            "deny": plain("Keep it", CONFIRM_BUTTON_MAX),
            "style": "danger",
        }
    }


def _section_named(name: str) -> Section | None:
    try:
        return Section(name)
    except ValueError:
        return None


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%"
