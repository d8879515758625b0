"""The playground's page, drawn from a snapshot: pure functions that return escaped HTML.

The page has four regions the script swaps in as the workspace changes: the sidebar, the main
pane (the app's Home or Messages tab, a group DM, #general), the open modal and the clock.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from introslack.playground.render import People, blocks_html, escape, message_html, modal_html
from introslack.playground.session import APP_PANES, TRAVELS, Place, Post, Snapshot

AVATAR_COLOURS = 8
TRAVEL_LABELS = {"1h": "+1 hour", "1d": "+1 day", "1w": "+1 week"}


@dataclass(frozen=True)
class View:
    """One member's page: the regions and what the script needs to keep them current."""

    regions: dict[str, str]
    pane: str
    composer: str | None
    latest: dict[str, float]


def resolve_pane(snapshot: Snapshot, pane: str) -> str:
    """The pane asked for if this member can see it, else the app's Messages tab."""
    if pane in APP_PANES or any(place.id == pane for place in snapshot.places):
        return pane
    return "messages"


def view(snapshot: Snapshot, pane: str) -> View:
    pane = resolve_pane(snapshot, pane)
    people = directory(snapshot)
    return View(
        regions={
            "sidebar": sidebar(snapshot, pane),
            "main": main(snapshot, pane, people),
            "modal": modal(snapshot, people),
            "clock": clock(snapshot),
        },
        pane=pane,
        composer=composer_hint(snapshot, pane),
        latest={
            "messages": snapshot.app_dm.latest if snapshot.app_dm else 0.0,
            **{place.id: place.latest for place in snapshot.places},
        },
    )


def directory(snapshot: Snapshot) -> People:
    """Names for mentions; the user picker lists everyone but the app, flagged as Slack would."""
    names = {m["id"]: _name(m) for m in snapshot.members}
    choices = [
        (m["id"], _name(m) + _flag(m)) for m in snapshot.members if m["id"] != snapshot.bot_user_id
    ]
    return People(names=names, choices=choices)


# Regions ------------------------------------------------------------------------------------


def sidebar(snapshot: Snapshot, pane: str) -> str:
    channels = [p for p in snapshot.places if p.kind == "channel"]
    group_dms = [p for p in snapshot.places if p.kind == "mpim"]
    dms = (
        "".join(_side_item(p.id, "👥 " + p.title, pane, p.latest) for p in group_dms)
        or '<p class="side-empty">Group DMs the app opens show up here.</p>'
    )
    app_latest = snapshot.app_dm.latest if snapshot.app_dm else 0.0
    app_active = pane in APP_PANES
    return (
        '<div class="side-team">Playground <span class="side-tag">simulated</span></div>'
        '<h4 class="side-heading">Channels</h4>'
        + "".join(_side_item(p.id, "# " + p.title, pane, p.latest) for p in channels)
        + '<h4 class="side-heading">Direct messages</h4>'
        + dms
        + '<h4 class="side-heading">Apps</h4>'
        + f'<a href="#" class="side-item{" active" if app_active else ""}" data-pane="messages"'
        f' data-latest="{app_latest}"><span class="app-icon">🤝</span> introslack</a>'
    )


def main(snapshot: Snapshot, pane: str, people: People) -> str:
    if pane in APP_PANES:
        return _app(snapshot, pane, people)
    place = snapshot.place(pane)
    if place is None:
        return ""
    icon = "#" if place.kind == "channel" else "👥"
    return (
        f'<header class="pane-header"><h1>{icon} {escape(place.title)}</h1></header>'
        f"{_posts(snapshot, place, people)}"
    )


def modal(snapshot: Snapshot, people: People) -> str:
    if snapshot.modal is None:
        return ""
    return f'<div class="overlay">{modal_html(snapshot.modal, people, snapshot.modal_errors)}</div>'


def clock(snapshot: Snapshot) -> str:
    member = snapshot.member(snapshot.user_id)
    zone = str(member.get("tz") or "UTC")
    local = _local(snapshot.now, zone)
    ahead = (
        f' <span class="clock-ahead">{escape(_duration(snapshot.ahead))} ahead</span>'
        if snapshot.ahead
        else ""
    )
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    title = f"{_first_name(member)}'s time ({zone}); {snapshot.now.isoformat(timespec='minutes')}"
    return (
        f'<span class="clock-now" title="{escape(title)}">'
        f"🕒 {escape(local.strftime('%a %-d %b, %-I:%M %p'))}</span>"
        f' <span class="clock-zone">{escape(city)}</span>{ahead}'
    )


def composer_hint(snapshot: Snapshot, pane: str) -> str | None:
    """The message box's placeholder, or None where there is no message box (the Home tab)."""
    if pane == "home":
        return None
    if pane == "messages":
        return "Message introslack: try /intro, or /intro @maya @kenji"
    place = snapshot.place(pane)
    if place is None:
        return None
    return f"Message {'#' if place.kind == 'channel' else ''}{place.title}"


# The whole page -----------------------------------------------------------------------------


def document(snapshot: Snapshot, shown: View, *, script: str, stylesheet: str) -> str:
    """The page at `/`, drawn with its regions so it shows at once, before the script runs."""
    member = snapshot.user_id
    options = "".join(
        f'<option value="{escape(m["id"])}"{" selected" if m["id"] == member else ""}'
        f' title="{escape(_title(m))}">{escape(_name(m))}</option>'
        for m in snapshot.members
        if not m.get("is_bot") and not m.get("deleted")
    )
    travels = "".join(
        f'<button type="button" class="travel" data-travel="{escape(key)}">'
        f"{escape(TRAVEL_LABELS[key])}</button>"
        for key in TRAVELS
    )
    regions = shown.regions
    composer_hidden = " hidden" if shown.composer is None else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>introslack playground</title>
<link rel="stylesheet" href="{escape(stylesheet)}">
</head>
<body data-as="{escape(member)}" data-pane="{escape(shown.pane)}"
 data-generation="{snapshot.generation}" data-version="{snapshot.version}"
 data-now="{snapshot.now.timestamp()}">
<header class="topbar">
  <div class="brand">introslack <span class="brand-tag">playground</span></div>
  <label class="switcher">You are
    <select id="as" aria-label="Act as">{options}</select>
  </label>
  <div class="clock"><span id="clock">{regions["clock"]}</span>
    <span class="travels" role="group" aria-label="Move time forward">{travels}</span>
  </div>
  <button type="button" id="reset" class="reset">Reset</button>
</header>
<p class="notice">A simulated Slack workspace on this computer: nothing is sent to Slack.
 Switch people above to answer as each of them. To use a real workspace, see the README.</p>
<div class="workspace">
  <nav id="sidebar" class="sidebar">{regions["sidebar"]}</nav>
  <main class="pane">
    <div id="main" class="pane-content">{regions["main"]}</div>
    <form id="composer" class="composer"{composer_hidden}>
      <input id="message" name="message" autocomplete="off" aria-label="Message"
       placeholder="{escape(shown.composer or "")}">
      <button type="submit" class="send" aria-label="Send">Send</button>
      <div id="note" class="note" role="status"></div>
    </form>
  </main>
  <div id="modal">{regions["modal"]}</div>
</div>
<div id="confirm"></div>
<div id="toast" class="toast" role="alert" hidden></div>
<script src="{escape(script)}"></script>
</body>
</html>
"""


# Pieces -------------------------------------------------------------------------------------


def _app(snapshot: Snapshot, pane: str, people: People) -> str:
    tabs = "".join(
        f'<a href="#" class="tab{" active" if tab == pane else ""}" data-pane="{tab}">'
        f"{tab.title()}</a>"
        for tab in APP_PANES
    )
    header = (
        '<header class="pane-header"><h1><span class="app-icon">🤝</span> introslack '
        f'<span class="badge">APP</span></h1><nav class="tabs">{tabs}</nav></header>'
    )
    if pane == "home":
        home = snapshot.home
        if home is None:
            body = '<p class="empty">Opening your Home tab…</p>'
        else:
            body = (
                f'<div class="home" data-view-id="{escape(home.get("id", ""))}">'
                f"{blocks_html(home.get('blocks'), people)}</div>"
            )
        return header + body
    if snapshot.app_dm is None or not snapshot.app_dm.posts:
        return header + (
            '<p class="empty">This is the start of your messages with introslack. '
            "Type <code>/intro</code> below to introduce two colleagues.</p>"
        )
    return header + _posts(snapshot, snapshot.app_dm, people)


def _posts(snapshot: Snapshot, place: Place, people: People) -> str:
    if not place.posts:
        return '<div class="messages"><p class="empty">No messages yet.</p></div>'
    zone = str(snapshot.member(snapshot.user_id).get("tz") or "UTC")
    today = _local(snapshot.now, zone).date()
    shown = "".join(_post(snapshot, place, post, people, zone, today) for post in place.posts)
    return f'<div class="messages" data-channel="{escape(place.id)}">{shown}</div>'


def _post(
    snapshot: Snapshot, place: Place, post: Post, people: People, zone: str, today: date
) -> str:
    message = post.message
    author_id = str(message.get("user") or "")
    is_app = bool(message.get("bot_id")) or author_id == snapshot.bot_user_id
    author = snapshot.member(author_id)
    name = "introslack" if is_app else _name(author) or author_id
    when = _local(datetime.fromtimestamp(post.ts, snapshot.now.tzinfo), zone)
    stamp = (
        when.strftime("%-I:%M %p")
        if when.date() == today
        else when.strftime("%a %-d %b, %-I:%M %p")
    )
    avatar = (
        '<div class="avatar avatar-app" aria-hidden="true">🤝</div>'
        if is_app
        else f'<div class="avatar avatar-{_colour(author_id)}" aria-hidden="true">'
        f"{escape(_initials(name))}</div>"
    )
    where = (
        ' data-ephemeral="true"'
        if post.ephemeral
        else f' data-channel="{escape(place.id)}" data-ts="{escape(message.get("ts", ""))}"'
    )
    badge = '<span class="badge">APP</span>' if is_app else ""
    only_you = '<span class="only-you">Only visible to you</span>' if post.ephemeral else ""
    edited = '<span class="edited">(edited)</span>' if message.get("edited") else ""
    return (
        f'<article class="message{" ephemeral" if post.ephemeral else ""}"{where}>'
        f'{avatar}<div class="message-body"><div class="message-meta">'
        f'<span class="author">{escape(name)}</span>{badge}'
        f'<time datetime="{escape(when.isoformat(timespec="seconds"))}">{escape(stamp)}</time>'
        f"{only_you}</div>"
        f'<div class="message-content">{message_html(message, people)}</div>{edited}</div>'
        "</article>"
    )


def _side_item(pane_id: str, label: str, pane: str, latest: float) -> str:
    active = " active" if pane_id == pane else ""
    return (
        f'<a href="#" class="side-item{active}" data-pane="{escape(pane_id)}"'
        f' data-latest="{latest}">{escape(label)}</a>'
    )


def _local(moment: datetime, zone: str) -> datetime:
    try:
        return moment.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return moment


def _duration(delta: timedelta) -> str:
    days, hours = delta.days, delta.seconds // 3600
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    return " ".join(parts) or "a little"


def _name(member: Mapping[str, Any]) -> str:
    return str(member.get("real_name") or member.get("name") or "")


def _flag(member: Mapping[str, Any]) -> str:
    if member.get("deleted"):
        return " (deactivated)"
    return " (bot)" if member.get("is_bot") else ""


def _title(member: Mapping[str, Any]) -> str:
    return str((member.get("profile") or {}).get("title") or "")


def _first_name(member: Mapping[str, Any]) -> str:
    return _name(member).split(" ")[0] or "you"


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split()[:2]).upper() or "?"


def _colour(user_id: str) -> int:
    return zlib.crc32(user_id.encode()) % AVATAR_COLOURS
