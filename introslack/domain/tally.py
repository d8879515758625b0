"""How each move changes the people's running counters, so no one's history is ever counted."""

from __future__ import annotations

from dataclasses import dataclass, fields

from introslack.domain.intro import Intro, IntroStatus, Outcome, Side

# Intros that reached an answer: the denominator of the connector's acceptance rate.
DECIDED = frozenset(
    {
        IntroStatus.MADE,
        IntroStatus.DECLINED,
        IntroStatus.EXPIRED,
        IntroStatus.ALREADY_CONNECTED,
    }
)


@dataclass(frozen=True)
class TallyChange:
    """Amounts to add to one person's counters."""

    closed: int = 0
    started: int = 0
    made: int = 0
    decided: int = 0
    met: int = 0
    # Intros closed because the pair knew each other already: a success, without a group DM.
    already_knew: int = 0
    # Thank-yous the person received as connector.
    thanks: int = 0
    # Open intros by the person's part in them: asked and not yet answered, said yes and
    # waiting on the other side, or started as connector. They move as intros do.
    waiting: int = 0
    accepted_open: int = 0
    started_open: int = 0

    def __add__(self, other: TallyChange) -> TallyChange:
        return TallyChange(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    @property
    def is_nothing(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def tally_changes(before: Intro | None, after: Intro) -> dict[str, TallyChange]:
    """Per person, what the move from `before` (None: just created) to `after` adds."""
    changes: dict[str, TallyChange] = {}

    def add(user_id: str, change: TallyChange) -> None:
        changes[user_id] = changes.get(user_id, TallyChange()) + change

    if not after.status.before_target and (before is None or before.status.before_target):
        add(after.connector_id, TallyChange(started=1))  # a request counts once introduced
    was_closed = before is not None and before.status.is_closed
    if after.status.is_closed and not was_closed:
        for user_id in _people_told(after):
            add(user_id, TallyChange(closed=1))
        add(
            after.connector_id,
            TallyChange(
                made=int(after.status is IntroStatus.MADE),
                decided=int(after.status in DECIDED),
                already_knew=int(after.status is IntroStatus.ALREADY_CONNECTED),
            ),
        )
    thanked = sum(int(after.thanked(s) and not (before and before.thanked(s))) for s in Side)
    if thanked:
        add(after.connector_id, TallyChange(thanks=thanked))
    if _met(after) and not (before is not None and _met(before)):
        add(after.connector_id, TallyChange(met=1))
    for user_id in (after.connector_id, after.party_a.user_id, after.party_b.user_id):
        was = _open_part(before, user_id) if before is not None else None
        now = _open_part(after, user_id)
        if was != now:
            add(user_id, _part(was, -1) + _part(now, 1))
    return {user_id: change for user_id, change in changes.items() if not change.is_nothing}


def _people_told(intro: Intro) -> tuple[str, ...]:
    """Who the intro is known to: a request that ended before its target leaves them out."""
    if intro.status.before_target:
        return (intro.connector_id, intro.party_a.user_id)
    return (intro.connector_id, intro.party_a.user_id, intro.party_b.user_id)


def _open_part(intro: Intro, user_id: str) -> str | None:
    """The Home tab section an open intro sits in for this person; None once it is closed."""
    if intro.status is not IntroStatus.PENDING:
        return None
    if user_id == intro.connector_id:
        return "started_open"
    side = intro.side_of(user_id)
    if side is None:
        return None
    return "waiting" if intro.answer(side).is_open else "accepted_open"


def _part(name: str | None, amount: int) -> TallyChange:
    return TallyChange(**{name: amount}) if name else TallyChange()


def _met(intro: Intro) -> bool:
    return intro.status is IntroStatus.MADE and any(
        intro.outcome(side) is Outcome.MET for side in Side
    )
