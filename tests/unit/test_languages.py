"""Languages: the catalog matches the code, Spanish is complete, and every view is translated."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from introslack.slack.i18n import LOCALE_DIR, common, translator_for
from tests.blocks import text_objects
from tests.gallery import USER_TEXT, renders

ROOT = Path(__file__).resolve().parents[2]
SPANISH_PO = LOCALE_DIR / "es" / "LC_MESSAGES" / "messages.po"
# Words spelt the same in both languages, so an identical text is still a translation.
SAME_IN_BOTH = {"No", "Personal"}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale="es" if "es" in path.parts else None)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def _extracted(tmp_path: Path) -> Catalog:
    """Extract from the code now, exactly as scripts/i18n does."""
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            *(str(pybabel), "-q", "extract", "-F", "babel.cfg", "-k", "t", "-k", "plural:1,2"),
            *("--no-location", "--omit-header", "-o", str(pot), "introslack"),
        ],
        cwd=ROOT,
        check=True,
    )
    return _read(pot)


def test_the_catalogs_hold_exactly_the_strings_in_the_code(tmp_path: Path) -> None:
    in_code = _ids(_extracted(tmp_path))
    assert len(in_code) > 100
    for committed in (LOCALE_DIR / "messages.pot", SPANISH_PO):
        have = _ids(_read(committed))
        assert not in_code - have, f"{committed.name} lacks these: run scripts/i18n"
        assert not have - in_code, f"{committed.name} has strings no longer in the code"


def test_every_spanish_entry_is_translated_with_the_same_placeholders() -> None:
    for message in _read(SPANISH_PO):
        if not message.id:
            continue
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), f"untranslated: {message.id!r}"
        wanted = set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, f"placeholders of {message.id!r}"


def _texts(shown: Any) -> list[str]:
    if isinstance(shown, str):
        return [shown]
    texts = [text["text"] for text in text_objects(shown)]
    if isinstance(shown, dict) and isinstance(shown.get("text"), str):
        texts.append(shown["text"])
    return texts


def _still_english(text: str) -> bool:
    """Whether some words remain once names, user text, mentions and shared words are gone."""
    residue = re.sub(r"<[@#!][^>]*>", " ", text)
    for said in sorted(USER_TEXT, key=len, reverse=True):
        if said:
            residue = residue.replace(said, " ")
    words = re.findall(r"[^\W\d_]+", residue)
    return any(word not in SAME_IN_BOTH for word in words)


def test_every_view_reads_spanish_for_a_spanish_reader_with_no_english_left() -> None:
    english, spanish = renders(translator_for("en-US")), renders(translator_for("es-ES"))
    assert english.keys() == spanish.keys()
    untranslated = [
        (name, text)
        for name, shown in spanish.items()
        for text in _texts(shown)
        if text in set(_texts(english[name])) and _still_english(text)
    ]
    assert not untranslated, untranslated[:10]


@pytest.mark.parametrize(
    ("slack_locale", "language"),
    [("es-ES", "es"), ("es-LA", "es"), ("en-US", "en"), ("fr-FR", "en"), (None, "en"), ("", "en")],
)
def test_a_slack_locale_maps_to_one_of_our_languages_with_english_as_fallback(
    slack_locale: str | None, language: str
) -> None:
    assert translator_for(slack_locale).language == language


def test_a_pair_reads_their_common_language_else_english() -> None:
    assert common("es-ES", "es-LA").language == "es"
    assert common("es-ES", "en-GB").language == "en"
    assert common("fr-FR", "de-DE").language == "en"


def test_dates_times_and_numbers_follow_the_locale() -> None:
    from datetime import datetime

    moment = datetime(2026, 12, 1, 15, 5)
    en, es = translator_for("en-US"), translator_for("es-ES")
    assert (en.time(moment), es.time(moment)) == ("3:05 PM", "15:05")
    assert (en.day(moment), es.day(moment)) == ("Tue 1 Dec", "mar 1 dic")
    assert (en.number(12345), es.number(12345)) == ("12,345", "12.345")
