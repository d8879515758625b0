"""The Home tab's Insights section for admins: monthly aggregates, never a name."""

from __future__ import annotations

from datetime import datetime, timedelta

from introslack.domain.insights import ANSWER_BUCKETS, SMALLEST, Figure, MonthInsights
from introslack.slack.i18n import ENGLISH_TRANSLATOR, Translator
from introslack.slack.views.blocks import context, divider, header, section
from introslack.slack.views.message import JSON


def insights_blocks(
    months: list[MonthInsights], *, t: Translator = ENGLISH_TRANSLATOR
) -> list[JSON]:
    """A header, a line of explanation, then one section of figures per month."""
    explained = t(
        "Intros asked for in each month, for the whole workspace. Any figure drawn from fewer "
        "than {smallest} intros is withheld, so no one's answer can be read off it.",
        smallest=t.number(SMALLEST),
    )
    blocks: list[JSON] = [divider(), header(t("Insights for admins")), context(explained)]
    for month in months:
        label = month_label(month.month, t)
        blocks.append(section(f"*{label}*  ·  " + " · ".join(figures(month, t))))
    return blocks


def figures(month: MonthInsights, t: Translator = ENGLISH_TRANSLATOR) -> list[str]:
    """The month's figures in words: counts, shares and the median wait for a second answer."""
    return [
        t("{count} started", count=count(month.started, t)),
        t("{count} made", count=count(month.made, t)),
        t("{count} declined", count=count(month.declined, t)),
        t("{count} expired", count=count(month.expired, t)),
        t("{share} accepted", share=share(month.acceptance, t)),
        t("{share} of those made met", share=share(month.met_share, t)),
        t("second answer {wait}", wait=wait(month.median_answer_bucket, t)),
    ]


def fewer(t: Translator = ENGLISH_TRANSLATOR) -> str:
    return t("fewer than {smallest}", smallest=t.number(SMALLEST))


def count(figure: Figure, t: Translator = ENGLISH_TRANSLATOR) -> str:
    return fewer(t) if figure.value is None else t.number(int(figure.value))


def share(figure: Figure, t: Translator = ENGLISH_TRANSLATOR) -> str:
    return fewer(t) if figure.value is None else t.percent(figure.value)


def wait(bucket: int | None, t: Translator = ENGLISH_TRANSLATOR) -> str:
    """The median delay in words: 'within 1 day', 'after more than 30 days'."""
    if bucket is None:
        return fewer(t)
    if bucket >= len(ANSWER_BUCKETS):
        return t("after more than {span}", span=_span(ANSWER_BUCKETS[-1], t))
    return t("within {span}", span=_span(ANSWER_BUCKETS[bucket], t))


def month_label(month: str, t: Translator = ENGLISH_TRANSLATOR) -> str:
    return t.month(datetime.strptime(month, "%Y-%m"))


def _span(span: timedelta, t: Translator) -> str:
    if span < timedelta(days=1):
        hours = int(span / timedelta(hours=1))
        return t.plural("{count} hour", "{count} hours", hours)
    return t.plural("{count} day", "{count} days", span.days)
