"""User-facing English the Slack layer translates: the domain marks it, and stays gettext-free."""

from __future__ import annotations

from datetime import date, datetime, time


class Text(str):
    """English text that keeps its message id and values, so it can be said in another language.

    It is a `str` (the English, filled in), so code and tests that read it as text still work.
    """

    message: str
    values: dict[str, object]

    def __new__(cls, message: str, values: dict[str, object]) -> Text:
        english = {name: _english(value) for name, value in values.items()}
        text = super().__new__(cls, message.format(**english) if english else message)
        text.message = message
        text.values = values
        return text


def _english(value: object) -> object:
    """Dates and times in the English the domain always wrote: `Monday 30 November`, `14:05`."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return f"{value.strftime('%A')} {value.day} {value.strftime('%B')}"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value


def N_(message: str, /, **values: object) -> Text:
    """Mark `message` for the catalog (`pybabel extract` collects it); values fill `{name}`s."""
    return Text(message, values)
