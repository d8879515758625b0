"""Each reader's language: gettext catalogs for words, Babel for dates, times and numbers."""

from __future__ import annotations

import datetime as dt
import gettext
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

from introslack.domain.messages import Text

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
ENGLISH = "en"
# Languages with a complete catalog; any other Slack locale reads English.
LANGUAGES = (ENGLISH, "es")
NARROW_SPACE = "\u202f"
LONG_DAY = {ENGLISH: "EEEE d MMMM", "es": "EEEE, d 'de' MMMM"}


class Translator:
    """Words and formats for one language; English is the source text and the fallback."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else ENGLISH
        self.locale = Locale.parse(self.language)
        self._catalog: gettext.NullTranslations = gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[self.language], fallback=True
        )

    def __call__(self, message: str, **values: object) -> str:
        """The message in this language, with `{name}` placeholders filled from `values`.

        A domain `Text` brings its own message id and values."""
        if isinstance(message, Text):
            values = {**message.values, **values}
            message = message.message
        translated = self._catalog.gettext(message)
        if not values:
            return translated
        return translated.format(**{name: self._format(value) for name, value in values.items()})

    def _format(self, value: object) -> object:
        """Dates, times and numbers a message carries, written the way this language writes them."""
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return self.long_day(value)
        if isinstance(value, dt.time):
            return self.clock(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return self.number(value)
        return value

    def long_day(self, day: dt.date) -> str:
        """`Monday 30 November` in English, `lunes, 30 de noviembre` in Spanish."""
        return format_date(day, LONG_DAY.get(self.language, "EEEE d MMMM"), locale=self.locale)

    def error(self, error: BaseException) -> str:
        """A refusal's explanation (a domain error's message) in this language."""
        said = error.args[0] if error.args else ""
        return self(said) if isinstance(said, str) else str(error)

    def plural(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The singular or plural form for `count`; `{count}` is the number, formatted."""
        translated = self._catalog.ngettext(singular, plural, count)
        return translated.format(count=self.number(count), **values)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def percent(self, share: float) -> str:
        """A whole percentage: `50%` in English, `50 %` in Spanish."""
        return format_percent(share, locale=self.locale)

    def month(self, moment: dt.date | dt.datetime) -> str:
        """A month and year: `March 2026`, `marzo de 2026`."""
        return format_date(moment, "LLLL y", locale=self.locale)

    def time(self, moment: dt.time | dt.datetime) -> str:
        """A short local clock time: `3:05 PM` in English, `15:05` in Spanish."""
        return format_time(moment, "short", locale=self.locale).replace(NARROW_SPACE, " ")

    def clock(self, moment: dt.time | dt.datetime) -> str:
        """A 24-hour clock time, used where two zones are compared side by side."""
        return format_time(moment, "HH:mm", locale=self.locale)

    def day(self, moment: dt.date | dt.datetime) -> str:
        """A short day: `Tue 3 Dec` in English, `mar 3 dic` in Spanish."""
        return format_date(moment, "EEE d MMM", locale=self.locale).replace(".", "")

    def date(self, moment: dt.date | dt.datetime) -> str:
        """A medium date, e.g. `3 Dec 2026` / `3 dic 2026`."""
        return format_date(moment, "d MMM y", locale=self.locale).replace(".", "")


@cache
def translator(language: str) -> Translator:
    return Translator(language)


def language_of(slack_locale: str | None) -> str:
    """Slack's locale (`es-ES`, `es-LA`, `en-US`, ...) to one of our languages."""
    if not slack_locale:
        return ENGLISH
    language = slack_locale.replace("_", "-").split("-")[0].lower()
    return language if language in LANGUAGES else ENGLISH


def translator_for(slack_locale: str | None) -> Translator:
    return translator(language_of(slack_locale))


def common(locale_a: str | None, locale_b: str | None) -> Translator:
    """For a message both read: their shared language, else English."""
    a, b = language_of(locale_a), language_of(locale_b)
    return translator(a if a == b else ENGLISH)


ENGLISH_TRANSLATOR = translator(ENGLISH)
