"""Who may be introduced or asked: the checks on a request, before anyone is asked."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from introslack.domain.intro import Person, Side
from introslack.domain.messages import N_


@dataclass(frozen=True)
class Candidate:
    """A person proposed as a party, with what Slack says about their account."""

    person: Person
    is_bot: bool = False
    deactivated: bool = False


def proposal_problems(
    connector_id: str, party_a: Candidate | None, party_b: Candidate | None
) -> dict[Side, str]:
    """Explain, per side, why these two cannot be asked; empty when they can."""
    problems: dict[Side, str] = {}
    for side, candidate in ((Side.A, party_a), (Side.B, party_b)):
        problem = _problem_with(connector_id, candidate)
        if problem:
            problems[side] = problem
    if party_a and party_b and party_a.person.user_id == party_b.person.user_id:
        problems.setdefault(Side.B, N_("Pick two different people."))
    return problems


def _problem_with(connector_id: str, candidate: Candidate | None) -> str | None:
    if candidate is None:
        return N_("Pick someone to introduce.")
    if candidate.person.user_id == connector_id:
        return N_("You're the connector: pick two other people.")
    if candidate.is_bot:
        return N_("{name} is a bot or an app; intros are for people.", name=candidate.person.name)
    if candidate.deactivated:
        return N_("{name}'s account is deactivated.", name=candidate.person.name)
    return None


class Asked(StrEnum):
    """The two people a requester names: whom they'd like to meet, and whom they ask."""

    TARGET = "target"
    CONNECTOR = "connector"


def request_problems(
    requester_id: str, target: Candidate | None, connector: Candidate | None
) -> dict[Asked, str]:
    """Explain, per person named, why this request for an intro cannot be sent; empty if it can."""
    problems: dict[Asked, str] = {}
    for asked, candidate, missing in (
        (Asked.TARGET, target, N_("Pick the person you'd like to meet.")),
        (Asked.CONNECTOR, connector, N_("Pick the person you'd like to introduce you.")),
    ):
        problem = missing if candidate is None else _problem_with_asked(requester_id, candidate)
        if problem:
            problems[asked] = problem
    if target and connector and target.person.user_id == connector.person.user_id:
        problems.setdefault(
            Asked.CONNECTOR, N_("Ask someone else: nobody can introduce you to themselves.")
        )
    return problems


def _problem_with_asked(requester_id: str, candidate: Candidate) -> str | None:
    if candidate.person.user_id == requester_id:
        return N_("Pick someone other than yourself.")
    return _problem_with("", candidate)
