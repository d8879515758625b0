"""User-facing English the Slack layer translates: the domain marks it, and stays gettext-free."""

from __future__ import annotations


class Text(str):
    """English text that keeps its message id and values, so it can be said in another language.

    It is a `str` (the English, filled in), so code and tests that read it as text still work.
    """

    message: str
    values: dict[str, object]

    def __new__(cls, message: str, values: dict[str, object]) -> Text:
        text = super().__new__(cls, message.format(**values) if values else message)
        text.message = message
        text.values = values
        return text


def N_(message: str, /, **values: object) -> Text:
    """Mark `message` for the catalog (`pybabel extract` collects it); values fill `{name}`s."""
    return Text(message, values)
