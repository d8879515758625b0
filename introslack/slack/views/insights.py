"""The Home tab's Insights section for admins: monthly aggregates, never a name."""

from __future__ import annotations

from datetime import datetime, timedelta

from introslack.domain.insights import ANSWER_BUCKETS, SMALLEST, Figure, MonthInsights
from introslack.slack.views.blocks import context, divider, header, section
from introslack.slack.views.message import JSON

FEWER = f"fewer than {SMALLEST}"
INSIGHTS_TITLE = "Insights for admins"
EXPLAINED = (
    f"Intros asked for in each month, for the whole workspace. Any figure drawn from fewer "
    f"than {SMALLEST} intros is withheld, so no one's answer can be read off it."
)


def insights_blocks(months: list[MonthInsights]) -> list[JSON]:
    """A header, a line of explanation, then one section of figures per month."""
    blocks: list[JSON] = [divider(), header(INSIGHTS_TITLE), context(EXPLAINED)]
    for month in months:
        blocks.append(section(f"*{month_label(month.month)}*  ·  " + " · ".join(figures(month))))
    return blocks


def figures(month: MonthInsights) -> list[str]:
    """The month's figures in words: counts, shares and the median wait for a second answer."""
    return [
        f"{count(month.started)} started",
        f"{count(month.made)} made",
        f"{count(month.declined)} declined",
        f"{count(month.expired)} expired",
        f"{share(month.acceptance)} accepted",
        f"{share(month.met_share)} of those made met",
        f"second answer {wait(month.median_answer_bucket)}",
    ]


def count(figure: Figure) -> str:
    return FEWER if figure.value is None else f"{int(figure.value):,}"


def share(figure: Figure) -> str:
    return FEWER if figure.value is None else f"{round(figure.value * 100)}%"


def wait(bucket: int | None) -> str:
    """The median delay in words: 'within 1 day', 'after more than 30 days'."""
    if bucket is None:
        return FEWER
    if bucket >= len(ANSWER_BUCKETS):
        return f"after more than {_span(ANSWER_BUCKETS[-1])}"
    return f"within {_span(ANSWER_BUCKETS[bucket])}"


def month_label(month: str) -> str:
    return datetime.strptime(month, "%Y-%m").strftime("%B %Y")


def _span(span: timedelta) -> str:
    if span < timedelta(days=1):
        hours = int(span / timedelta(hours=1))
        return f"{hours} hour{'s' if hours != 1 else ''}"
    days = span.days
    return f"{days} day{'s' if days != 1 else ''}"
