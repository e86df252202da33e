"""The language of a request (issue 21; docs/languages.md, "Which language a page is in").

Every page is German (``settings.LANGUAGE_CODE``) unless a view chooses another language for its
request with ``activate``: the site-wide middleware (umfrage.web.middleware.SiteLocaleMiddleware)
activates German before each view, whatever the browser's Accept-Language says, and announces
the request's language in ``Content-Language`` afterwards. So the texts (gettext catalogues),
Django's dates and numbers and the page's ``lang``/``dir`` always agree.

The respondent's language switch (and the register's language of an invitation) calls
``activate(request, code)`` once it knows the language; templates take ``lang``/``dir`` from
``html_lang()``/``direction()`` (the Jinja2 globals ``page_lang``/``page_dir``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from umfrage import languages


class UnknownLanguage(ValueError):
    def __init__(self, code: str) -> None:
        known = ", ".join(languages.codes())
        super().__init__(f"Unbekannte Sprache „{code}“; bekannt sind: {known}.")


def activate(request: HttpRequest, code: str) -> languages.Language:
    """Make ``code`` the language of this request: texts, dates, numbers, ``Content-Language``.

    Raises ``UnknownLanguage`` for a code not in umfrage.languages."""
    language = languages.get(code)
    if language is None:
        raise UnknownLanguage(code)
    translation.activate(language.code)
    request.LANGUAGE_CODE = language.code
    return language


def activate_default(request: HttpRequest) -> None:
    """German (``settings.LANGUAGE_CODE``), what every request starts with."""
    translation.activate(settings.LANGUAGE_CODE)
    request.LANGUAGE_CODE = settings.LANGUAGE_CODE


def current() -> languages.Language:
    """The active language (German when none is active or the active one is unknown)."""
    found = languages.get(translation.get_language() or "")
    if found is None:
        found = languages.get(settings.LANGUAGE_CODE)
    assert found is not None
    return found


def html_lang() -> str:
    """The ``lang`` attribute of a page in the active language (Leichte Sprache is ``de``)."""
    return current().html_lang


def direction() -> str:
    """``ltr`` or ``rtl``, the ``dir`` attribute of a page in the active language."""
    return current().direction


def content_language() -> str:
    """The ``Content-Language`` header: the language's BCP 47 tag (``de-x-ls`` stays itself)."""
    return current().code
