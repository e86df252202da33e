"""The languages Umfrage speaks (issue 21): one list for questionnaires, the register and gettext.

Codes are BCP 47 tags as written in questionnaire files (``languages: [de, en]``, text mappings
``{de: …, en: …}``), in the register's language column and in URLs. German comes first and is the
language of data, reports and analysis; the others are translations of the respondent's side.

Leichte Sprache (easy-to-read German, § 4 BITV 2.0) is a variety of German, not a language of its
own: it has the private-use tag ``de-x-ls`` and is marked up as ``lang="de"``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    """BCP 47 tag used in questionnaire files, the register, URLs and the gettext catalogue."""
    name_de: str
    """The language's name in German (staff pages, reports)."""
    native: str
    """The language's name in itself (the respondent's language switch)."""
    html_lang: str
    """The value of the ``lang`` attribute on a page or part in this language."""
    direction: str = "ltr"
    """``ltr`` or ``rtl`` (the ``dir`` attribute)."""


GERMAN = "de"
EASY_GERMAN = "de-x-ls"

LANGUAGES: tuple[Language, ...] = (
    Language(GERMAN, "Deutsch", "Deutsch", "de"),
    Language(EASY_GERMAN, "Leichte Sprache", "Leichte Sprache", "de"),
    Language("en", "Englisch", "English", "en"),
    Language("tr", "Türkisch", "Türkçe", "tr"),
    Language("ar", "Arabisch", "العربية", "ar", "rtl"),
    Language("uk", "Ukrainisch", "Українська", "uk"),
    Language("ru", "Russisch", "Русский", "ru"),
)

_BY_CODE = {language.code: language for language in LANGUAGES}


def get(code: str) -> Language | None:
    """The language with this tag (case-insensitive), or None for a tag Umfrage does not know."""
    return _BY_CODE.get(code.strip().lower()) if isinstance(code, str) else None


def codes() -> tuple[str, ...]:
    return tuple(_BY_CODE)


def django_languages() -> list[tuple[str, str]]:
    """``settings.LANGUAGES``: every language, named in itself."""
    return [(language.code, language.native) for language in LANGUAGES]


def extend_django_lang_info() -> None:
    """Teach Django's language table (``django.conf.locale.LANG_INFO``) the codes it lacks.

    Called once from the settings. Django knows de, en, tr, ar, uk and ru; ``de-x-ls`` would fall
    back to German's entry (name "German"), so it gets its own, with German's direction.
    """
    from django.conf.locale import LANG_INFO

    for language in LANGUAGES:
        LANG_INFO.setdefault(
            language.code,
            {
                "bidi": language.direction == "rtl",
                "code": language.code,
                "name": language.name_de,
                "name_local": language.native,
            },
        )
