"""Who works in the simulated workspace: people on several continents, a bot, a leaver."""

from __future__ import annotations

from dataclasses import dataclass

from introslack.fakeslack.server import FakeSlack


@dataclass(frozen=True)
class Member:
    user_id: str
    name: str
    real_name: str
    title: str
    tz: str
    is_bot: bool = False
    deleted: bool = False


MEMBERS = (
    Member("U0PRIYA001", "priya", "Priya Raman", "Head of Partnerships", "Asia/Kolkata"),
    Member("U0MAYA0001", "maya", "Maya Okafor", "Staff Engineer, Payments", "Africa/Lagos"),
    Member("U0KENJI001", "kenji", "Kenji Watanabe", "Design Lead", "Asia/Tokyo"),
    Member("U0SOFIA001", "sofia", "Sofía Martínez", "Product Manager", "America/Mexico_City"),
    Member("U0LIAM0001", "liam", "Liam O'Brien", "Data Scientist", "Europe/Dublin"),
    Member("U0AROHA001", "aroha", "Aroha Ngata", "Customer Success Lead", "Pacific/Auckland"),
    Member("U0BUILDBOT", "buildbot", "Build Bot", "", "America/Los_Angeles", is_bot=True),
    Member(
        "U0ERIK0001",
        "erik",
        "Erik Lindqvist",
        "Sales Director (left)",
        "Europe/Stockholm",
        deleted=True,
    ),
)
# Who the page acts as first: the person who makes the intros.
FIRST = MEMBERS[0].user_id


def seed(slack: FakeSlack) -> None:
    """Add every member to the fake workspace (humans join #general)."""
    for member in MEMBERS:
        slack.add_user(
            member.user_id,
            name=member.name,
            real_name=member.real_name,
            title=member.title,
            tz=member.tz,
            is_bot=member.is_bot,
            deleted=member.deleted,
        )
