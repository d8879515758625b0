"""The App Home tab: the user's intros at a glance, a few per section, each seen from their side."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from introslack.domain.control import IntroSettings
from introslack.domain.insights import MonthInsights
from introslack.domain.intro import Answer, Intro, IntroStatus, Side
from introslack.domain.messages import N_
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
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
from introslack.slack.views.my_data import data_section
from introslack.slack.views.requests import ask_again_line, later_buttons
from introslack.store.home import Home, Section, StartedIntro, Tally

HOME_BLOCKS_MAX = 100
WHY_MAX = 200
DECLINE_NOTE_MAX = 300
CONFIRM_TITLE_MAX = 100
CONFIRM_TEXT_MAX = 300
CONFIRM_BUTTON_MAX = 30

TITLES: dict[Section, str] = {
    Section.WAITING: N_("Waiting for your answer"),
    Section.STARTED: N_("Intros you started"),
    Section.ACCEPTED: N_("You said yes"),
    Section.RECENT: N_("Recent"),
}

WELCOME = N_(
    "👋 *Welcome!* I make warm introductions between colleagues who should know each other.\n"
    "Pick two people and say why they should meet. I ask each of them privately, and only "
    "when both say yes do I open a group DM for them. Nobody ever hears a “no”."
)

CLOSED_VERBS: dict[IntroStatus, str] = {
    IntroStatus.PENDING: N_("Started {ago}"),
    IntroStatus.MADE: N_("Introduced {ago}"),
    IntroStatus.DECLINED: N_("Declined {ago}"),
    IntroStatus.EXPIRED: N_("Expired {ago}"),
    IntroStatus.CANCELLED: N_("Cancelled {ago}"),
    IntroStatus.ALREADY_CONNECTED: N_("Already connected {ago}"),
    IntroStatus.REQUESTED: N_("Asked {ago}"),
    IntroStatus.PASSED: N_("Not this time {ago}"),
    IntroStatus.REQUEST_EXPIRED: N_("Expired {ago}"),
    IntroStatus.REQUEST_WITHDRAWN: N_("Withdrawn {ago}"),
}

_UNITS = (
    (N_("{count} year ago"), N_("{count} years ago"), timedelta(days=365)),
    (N_("{count} month ago"), N_("{count} months ago"), timedelta(days=30)),
    (N_("{count} week ago"), N_("{count} weeks ago"), timedelta(weeks=1)),
    (N_("{count} day ago"), N_("{count} days ago"), timedelta(days=1)),
    (N_("{count} hour ago"), N_("{count} hours ago"), timedelta(hours=1)),
    (N_("{count} minute ago"), N_("{count} minutes ago"), timedelta(minutes=1)),
)


def home_view(
    home: Home,
    *,
    now: datetime,
    insights: list[MonthInsights] | None = None,
    settings: IntroSettings | None = None,
    t: Translator = ENGLISH_TRANSLATOR,
) -> JSON:
    """Build the user's Home tab: summary, each non-empty section, settings, admin insights."""
    user_id = home.user_id
    blocks: list[JSON] = [header(t("Your intros"))]
    if home.tally.is_empty:
        blocks.append(section(t(WELCOME)))
    blocks += _summary(home.tally, t)
    blocks.append(
        actions(
            "home:new",
            button(t("New intro"), action_id=Action.NEW_INTRO, value="new", style="primary"),
            button(t("Ask for an intro"), action_id=Action.ASK_INTRO, value="ask"),
        )
    )
    blocks += _requests(home.requests, now, t)
    listed: dict[Section, list[list[JSON]]] = {
        Section.WAITING: [_waiting(intro, user_id, now, t) for intro in home.waiting],
        Section.STARTED: [_started(item, user_id, now, t) for item in home.started],
        Section.ACCEPTED: [_accepted(intro, user_id, now, t) for intro in home.accepted],
        Section.RECENT: [_recent(intro, user_id, now, t) for intro in home.recent],
    }
    for listing, items in listed.items():
        blocks += _listing(listing, home, [block for item in items for block in item], t)
    pages = {listing.value: page for listing, page in home.pages.items() if page}
    extra = insights_blocks(insights, t=t) if insights else []
    yours = [] if settings is None else settings_section(settings, now=now, t=t) + data_section(t=t)
    extra = yours + extra
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


def ago(then: datetime, now: datetime, t: Translator = ENGLISH_TRANSLATOR) -> str:
    """How long ago, in the largest whole unit: `just now`, `5 minutes ago`, `3 days ago`."""
    elapsed = now - then
    for singular, plural, size in _UNITS:
        if elapsed >= size:
            count = elapsed // size
            return t(singular if count == 1 else plural, count=t.number(count))
    return t("just now")


# Sections -----------------------------------------------------------------------------------


def _summary(tally: Tally, t: Translator) -> list[JSON]:
    """How the intros this user started went: made, acceptance rate, share that met.

    A pair who already knew each other counts as a success in the acceptance rate.
    """
    if not tally.started_ever:
        return []
    made = tally.started_made
    parts = [t.plural("*{count}* intro made", "*{count}* intros made", made)]
    if tally.started_already_knew:
        knew = tally.started_already_knew
        parts.append(
            t.plural(
                "*{count}* pair already knew each other",
                "*{count}* pairs already knew each other",
                knew,
            )
        )
    if tally.started_decided:
        happy = made + tally.started_already_knew
        parts.append(t("*{share}* accepted", share=_percent(happy, tally.started_decided, t)))
    if made:
        parts.append(t("*{share}* met", share=_percent(tally.started_met, made, t)))
    if tally.thanks:
        parts.append(
            t.plural("*{count}* thank-you received", "*{count}* thank-yous received", tally.thanks)
        )
    return [context(t("📊 Intros you started:") + " " + " · ".join(parts))]


def _requests(requests: list[Intro], now: datetime, t: Translator) -> list[JSON]:
    """The intros this user asked for and where each stands; the target's answer stays theirs."""
    if not requests:
        return []
    items = [
        block
        for intro in requests
        for block in (
            section(_request_line(intro, t)),
            context(_requested_when(intro, now, t)),
        )
    ]
    return [divider(), header(t("Intros you asked for")), *items]


def _requested_when(intro: Intro, now: datetime, t: Translator) -> str:
    """When it was asked, started (introduced: the intro's own clock) or closed; a close never
    says how, so a decline reads like any other end."""
    when = ago(intro.closed_at or intro.created_at, now, t)
    if intro.status in (IntroStatus.REQUESTED, IntroStatus.PENDING, IntroStatus.MADE):
        return t(CLOSED_VERBS[intro.status], ago=when)
    return t("Closed {ago}", ago=when)


def _request_line(intro: Intro, t: Translator) -> str:
    """For the requester: where their request stands, in words that keep the target's private."""
    connector, target = mention(intro.connector_id), f"*{people.name(intro.party_b, t)}*"
    match intro.status:
        case IntroStatus.REQUESTED:
            return t(
                "⏳ You asked {connector} for an intro to {target}: waiting for {connector}.",
                connector=connector,
                target=target,
            )
        case IntroStatus.PENDING:
            return t(
                "🤝 {connector} is introducing you to {target}: waiting for {target}.",
                connector=connector,
                target=target,
            )
        case IntroStatus.MADE:
            return t(
                "🎉 You and {other} were introduced by {connector}.",
                other=target,
                connector=connector,
            )
        case IntroStatus.ALREADY_CONNECTED:
            return t(
                "🤝 You and {other} already know each other; no intro was needed.", other=target
            )
        case IntroStatus.PASSED:
            return t(
                "{connector} couldn't introduce you to {target} this time.",
                connector=connector,
                target=target,
            )
        case IntroStatus.REQUEST_EXPIRED:
            return t(
                "⌛ Your request to {connector} for an intro to {target} expired.",
                connector=connector,
                target=target,
            )
        case _:
            return t(
                "The intro to {other} from {connector} won't go ahead.",
                other=target,
                connector=connector,
            )


def _listing(listing: Section, home: Home, items: list[JSON], t: Translator) -> list[JSON]:
    count = home.tally.count(listing)
    if not count or not items:
        return []
    return [
        divider(),
        header(f"{t(TITLES[listing])} ({t.number(count)})"),
        *items,
        *_paging(listing, home, count, t),
    ]


def _paging(listing: Section, home: Home, count: int, t: Translator) -> list[JSON]:
    """`Showing 6 to 10 of 42`, with Show more while there is more and a way back to the newest."""
    per_page, page = home.per_page, home.page(listing)
    if count <= per_page:
        return []
    first, last = page * per_page + 1, min((page + 1) * per_page, count)
    where = section(
        t(
            "Showing {first} to {last} of {count}",
            first=t.number(first),
            last=t.number(last),
            count=t.number(count),
        )
    )
    if page:
        where["accessory"] = button(
            t("Back to newest"), action_id=Action.SHOW_MORE, value=f"{listing.value}:0"
        )
    blocks = [where]
    if last < count:
        more = button(
            t("Show more"), action_id=Action.SHOW_MORE, value=f"{listing.value}:{page + 1}"
        )
        blocks.append(actions(f"{listing.value}:more", more))
    return blocks


def _waiting(intro: Intro, user_id: str, now: datetime, t: Translator) -> list[JSON]:
    """A request to this user, answerable right here with the same answers as the DM."""
    side = intro.side_of(user_id)
    if side is None:
        return []
    connector = mention(intro.connector_id)
    other = intro.party(side.other)
    asked = t(
        "Asked {ago} · 🔒 Your answer goes to {connector} only.",
        ago=ago(intro.created_at, now, t),
        connector=connector,
    )
    later = ask_again_line(intro, side, now, t)
    prefer = (
        t("Add how you'd like to connect")
        if intro.preference(side).is_empty
        else t("Change how you'd like to connect")
    )
    return [
        section(
            t(
                "👋 {connector} would like to introduce you to {other}",
                connector=connector,
                other=people.name_and_title(other, t),
            )
            + f"\n_{safe(intro.context.why, WHY_MAX)}_"
        ),
        context(asked, later) if later else context(asked),
        actions(
            f"{Section.WAITING.value}:{intro.id}",
            button(t("Accept"), action_id=Action.ACCEPT, value=intro.id, style="primary"),
            button(t("Decline"), action_id=Action.DECLINE, value=intro.id),
            button(
                t("We already know each other"),
                action_id=Action.ALREADY_CONNECTED,
                value=intro.id,
            ),
            button(prefer, action_id=Action.PREFERENCE, value=intro.id),
            *(later_buttons(intro, t) if intro.answer(side) is Answer.WAITING else []),
        ),
    ]


def _started(item: StartedIntro, user_id: str, now: datetime, t: Translator) -> list[JSON]:
    """A pending intro this user started: where each side stands, with Remind and Cancel."""
    intro = item.intro
    if intro.connector_id != user_id:
        return []
    answers = " · ".join(
        f"{'✅' if intro.answer(side) is Answer.ACCEPTED else '⏳'} "
        + _answer_label(intro.answer(side), people.name(intro.party(side), t), t)
        for side in Side
    )
    when = t("Started {ago}", ago=ago(intro.created_at, now, t))
    if item.reminded_at is not None:
        when += " · " + t("you reminded them {ago}", ago=ago(item.reminded_at, now, t))
    pair = t(
        "*{a}* and *{b}*",
        a=people.name(intro.party_a, t),
        b=people.name(intro.party_b, t),
    )
    return [
        section(f"{pair}\n{answers}"),
        context(f"{when} · _{safe(intro.context.why, WHY_MAX)}_"),
        actions(
            f"{Section.STARTED.value}:{intro.id}",
            button(t("Remind"), action_id=Action.REMIND, value=intro.id),
            {
                **button(t("Cancel"), action_id=Action.CANCEL, value=intro.id),
                **_confirm_cancel(intro, t),
            },
        ),
    ]


def _accepted(intro: Intro, user_id: str, now: datetime, t: Translator) -> list[JSON]:
    """A request this user said yes to; the other side's answer is theirs to give."""
    side = intro.side_of(user_id)
    if side is None:
        return []
    other = intro.party(side.other)
    return [
        section(
            t(
                "✅ You said yes to meeting {other}. "
                "I'll introduce you as soon as {name} says yes too.",
                other=people.name_and_title(other, t),
                name=people.name(other, t),
            )
        ),
        context(
            t("Intro from {connector}", connector=mention(intro.connector_id))
            + f" · {ago(intro.created_at, now, t)}"
        ),
    ]


def _recent(intro: Intro, user_id: str, now: datetime, t: Translator) -> list[JSON]:
    """A closed intro: the connector sees how and why; a party sees only their own part."""
    closed = ago(intro.closed_at or intro.created_at, now, t)
    verb = CLOSED_VERBS[intro.status]
    if intro.connector_id == user_id:
        lines = _closed_for_connector(intro, t)
    else:
        side = intro.side_of(user_id)
        if side is None:
            return []
        lines = _closed_for_party(intro, side, t)
        if intro.status is IntroStatus.DECLINED and intro.answer(side) is not Answer.DECLINED:
            verb = N_("Closed {ago}")  # "declined" would tell them the other person said no
    return [section("\n".join(lines)), context(t(verb, ago=closed))]


# What each person may know about a closed intro ----------------------------------------------


def _closed_for_connector(intro: Intro, t: Translator) -> list[str]:
    a, b = people.name(intro.party_a, t), people.name(intro.party_b, t)
    match intro.status:
        case IntroStatus.MADE:
            lines = [t("🎉 *{a}* and *{b}* were introduced.", a=a, b=b)]
            said = [
                f"{people.name(intro.party(side), t)}: _{t(OUTCOME_BUTTONS[outcome])}_"
                for side in Side
                if (outcome := intro.outcome(side)) is not None
            ]
            if said:
                lines.append(" · ".join(said))
            return lines
        case IntroStatus.DECLINED:
            return _declined_for_connector(intro, t)
        case IntroStatus.ALREADY_CONNECTED:
            who = people.name(intro.party(_knew_side(intro)), t)
            return [
                t(
                    "🤝 *{a}* and *{b}* already knew each other (so said *{who}*).",
                    a=a,
                    b=b,
                    who=who,
                )
            ]
        case IntroStatus.EXPIRED:
            silent = [f"*{people.name(intro.party(side), t)}*" for side in intro.waiting_sides()]
            lines = [t("⌛ Your intro of *{a}* and *{b}* expired.", a=a, b=b)]
            if len(silent) == 2:
                lines.append(t("No answer from {a} and {b}.", a=silent[0], b=silent[1]))
            elif silent:
                lines.append(t("No answer from {a}.", a=silent[0]))
            return lines
        case IntroStatus.PASSED:
            return [t("You said not this time to *{a}*'s request to meet *{b}*.", a=a, b=b)]
        case IntroStatus.REQUEST_EXPIRED:
            return [t("⌛ *{a}*'s request to meet *{b}* expired unanswered.", a=a, b=b)]
        case IntroStatus.REQUEST_WITHDRAWN:
            return [t("*{a}*'s request to meet *{b}* was withdrawn.", a=a, b=b)]
        case _:  # by the connector, or by a party who deleted their data: said neutrally
            return [t("✖️ The intro of *{a}* and *{b}* was cancelled.", a=a, b=b)]


def _declined_for_connector(intro: Intro, t: Translator) -> list[str]:
    decline = intro.decline
    side = decline.side if decline else _first_declined(intro)
    who, other = people.name(intro.party(side), t), people.name(intro.party(side.other), t)
    lines = [t("🙅 *{who}* declined the intro to *{other}*.", who=who, other=other)]
    if decline and decline.reason:
        lines.append(t("*Reason:* {reason}", reason=t(DECLINE_REASONS[decline.reason])))
    if decline and decline.note:
        lines.append(t("*Their note:* {note}", note=safe(decline.note, DECLINE_NOTE_MAX)))
    if decline and (decline.reason or decline.note):
        lines.append(
            t("_Only you see this; {other} was told only that it won't go ahead._", other=other)
        )
    else:
        lines.append(t("No reason given, and that's fine."))
    return lines


def _closed_for_party(intro: Intro, side: Side, t: Translator) -> list[str]:
    connector = mention(intro.connector_id)
    other = f"*{people.name(intro.party(side.other), t)}*"
    match intro.status:
        case IntroStatus.MADE:
            lines = [
                t(
                    "🎉 You and {other} were introduced by {connector}.",
                    other=other,
                    connector=connector,
                )
            ]
            outcome = intro.outcome(side)
            if outcome is not None:
                lines.append(t("You said: _{outcome}_", outcome=t(OUTCOME_BUTTONS[outcome])))
            return lines
        case IntroStatus.DECLINED if intro.answer(side) is Answer.DECLINED:
            return [
                t(
                    "You declined the intro to {other}. Only {connector} knows.",
                    other=other,
                    connector=connector,
                )
            ]
        case IntroStatus.DECLINED:
            return [
                t(
                    "The intro to {other} from {connector} won't go ahead.",
                    other=other,
                    connector=connector,
                )
            ]
        case IntroStatus.EXPIRED:
            return [
                t(
                    "⌛ The intro to {other} from {connector} expired.",
                    other=other,
                    connector=connector,
                )
            ]
        case IntroStatus.ALREADY_CONNECTED:
            return [
                t("🤝 You and {other} already know each other; no intro was needed.", other=other)
            ]
        case IntroStatus.PASSED | IntroStatus.REQUEST_EXPIRED | IntroStatus.REQUEST_WITHDRAWN:
            return [_request_line(intro, t)]
        case _:  # the connector, or the other party deleting their data: said neutrally
            return [t("The intro to {other} was cancelled.", other=other)]


def _knew_side(intro: Intro) -> Side:
    return next((s for s in Side if intro.answer(s) is Answer.ALREADY_CONNECTED), Side.A)


def _first_declined(intro: Intro) -> Side:
    return next((side for side in Side if intro.answer(side) is Answer.DECLINED), Side.A)


def _answer_label(answer: Answer, name: str, t: Translator) -> str:
    if answer is Answer.ACCEPTED:
        return t("{name} accepted", name=name)
    if answer is Answer.LATER:
        return t("{name} asked to be asked again later", name=name)
    return t("{name} waiting", name=name)


def _confirm_cancel(intro: Intro, t: Translator) -> JSON:
    """Slack's own are-you-sure dialog before Cancel: the parties will hear of it."""
    a, b = people.plain_name(intro.party_a, t), people.plain_name(intro.party_b, t)
    return {
        "confirm": {
            "title": plain(t("Cancel this intro?"), CONFIRM_TITLE_MAX),
            "text": plain(
                t(
                    "{a} and {b} will see that you cancelled it, and nobody is introduced.",
                    a=a,
                    b=b,
                ),
                CONFIRM_TEXT_MAX,
            ),
            "confirm": plain(t("Cancel intro"), CONFIRM_BUTTON_MAX),
            "deny": plain(t("Keep it"), CONFIRM_BUTTON_MAX),
            "style": "danger",
        }
    }


def _section_named(name: str) -> Section | None:
    try:
        return Section(name)
    except ValueError:
        return None


def _percent(part: int, whole: int, t: Translator) -> str:
    return t.percent(part / whole)
