"""The translation function every user-visible string goes through.

Source strings are Vietnamese (the product's default language). Another language is a gettext
catalogue in `resources/locale/<lang>/LC_MESSAGES/ward_office.mo`, chosen by `install(lang)`.
This module has no Qt dependency, so services can translate their error messages too.
"""

from __future__ import annotations

import gettext
from pathlib import Path

_DOMAIN = "ward_office"
_LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"
_translations: gettext.NullTranslations = gettext.NullTranslations()


def install(lang: str | None) -> None:
    """Switch the catalogue; `None` or "vi" keeps the Vietnamese source strings."""
    global _translations
    if not lang or lang == "vi":
        _translations = gettext.NullTranslations()
        return
    _translations = gettext.translation(_DOMAIN, _LOCALE_DIR, languages=[lang], fallback=True)


def tr(text: str) -> str:
    """Translate a Vietnamese source string."""
    return _translations.gettext(text)


def N_(text: str) -> str:  # noqa: N802 — the gettext convention
    """Mark a string for translation where it is defined (a table of labels); `tr` it when shown."""
    return text
