"""The Jinja2 environment of the respondent pages (Django's Jinja2 backend, ``settings.TEMPLATES``).

The respondent pages (``collect/jinja2/``) are rendered by Jinja2 because Django's own template
language cost about a fifth of a page request's CPU; everything else stays on Django templates.
The pages are meant to read exactly as they did as Django templates, so this environment brings
Django's behaviour along:

- Escaping spells entities as Django does (``&quot;``, ``&#x27;``; markupsafe would write ``&#34;``
  and ``&#39;``): every ``{{ … }}`` is escaped by ``escape`` below (``finalize``), as is the
  ``e``/``escape`` filter. Variables of a ``{% trans %}`` block are escaped by Jinja2 itself,
  so a text variable is passed as ``name=value|e``. Numbers are printed as ``str()`` gives them
  (Django's templates would write a float as ``3,5``; these pages print none).
- Texts are marked with ``_("…")`` and ``{% trans %}…{% endtrans %}`` and translated by Django's
  ``gettext``/``ngettext`` (so ``translation.override`` applies). ``makemessages`` does not read
  Jinja2; Babel's Jinja2 extractor (``jinja2.ext.babel_extract``) does, when translations are added.
  Each translation is looked up once per active language and remembered (``_gettext``): Django's
  ``gettext`` and Jinja2's wrapping of it cost about 5 % of a page request, for the same few texts
  every time. The memory is emptied when the settings that decide the catalogues change (tests)
  and when the development server sees a changed ``.mo`` file.
- ``linebreaks`` and ``date`` are Django's filters (``date`` on the local time, as Django's
  templates convert datetimes); the pages write dates with ``long_date`` and ``long_date_time``,
  which call umfrage.formatting (German) and fall back to ``date`` in another language;
  ``static``, ``url`` and ``language`` stand in for the tags.
  ``static`` remembers its addresses: the storage's address for a file does not change while the
  process runs (and is forgotten when the static-file settings change, as in tests).
- An undefined variable is an error, not an empty string (``StrictUndefined``): the base template
  asks ``is defined`` for what not every page has.
"""

from __future__ import annotations

import functools
from datetime import datetime
from html import escape as html_escape
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.template import defaultfilters
from django.templatetags.static import static as django_static
from django.utils import html, timezone
from django.utils.autoreload import file_changed
from django.utils.translation import get_language, gettext, ngettext
from jinja2 import Environment, StrictUndefined, pass_context, pass_eval_context
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from markupsafe import Markup

from umfrage import formatting as fmt
from umfrage import languages as known_languages
from umfrage.collect import addresses


def escape(value: Any) -> Any:
    """Django's ``conditional_escape``: markup (``__html__``) as it is, everything else through
    ``html.escape`` with quotes; without Django's lazy-string wrapper, which cost more than the
    escaping itself (about 30 values a page). A test compares the two on awkward values."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html_escape(str(value)))


@pass_eval_context
def linebreaks(eval_ctx: EvalContext, value: Any) -> Markup:
    """Django's ``|linebreaks``: paragraphs and ``<br>``, the text escaped unless it is markup."""
    autoescape = eval_ctx.autoescape and not hasattr(value, "__html__")
    return Markup(html.linebreaks(value, autoescape))


def _local(value: Any) -> Any:
    """An aware datetime in the current time zone (what Django's templates do before a filter);
    anything else as it is."""
    if isinstance(value, datetime) and settings.USE_TZ and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date(value: Any, format: str) -> str:
    """Django's ``|date:format`` in the active language; datetimes in the current time zone."""
    return defaultfilters.date(_local(value), format)


def _german() -> bool:
    return language().split("-")[0] == "de"


def long_date(value: Any) -> str:
    """``7. Mai 2031`` as umfrage.formatting writes it; in another active language Django's
    ``j. F Y`` with that language's month names."""
    if not _german():
        return date(value, "j. F Y")
    return fmt.german_date(_local(value))


def long_date_time(value: Any) -> str:
    """``7. Mai 2031, 14:05`` (the sentence adds "Uhr"), in the current time zone; in another
    active language Django's ``j. F Y, H:i``."""
    if not _german():
        return date(value, "j. F Y, H:i")
    return fmt.date_time(_local(value), unit=False)


def url(name: str, *args: Any) -> str:
    """Django's ``{% url %}`` (positional arguments), remembered (``collect.addresses``)."""
    return addresses.url(name, *args)


def language() -> str:
    """The active language's code, Django's default if none is active."""
    return get_language() or "de"


def page_lang() -> str:
    """The ``lang`` attribute of a page in the active language (Leichte Sprache is German)."""
    found = known_languages.get(language())
    return found.html_lang if found is not None else language()


def page_dir() -> str:
    """The ``dir`` attribute of a page in the active language (``rtl`` for Arabic)."""
    found = known_languages.get(language())
    return found.direction if found is not None else "ltr"


@functools.lru_cache(maxsize=256)
def static(path: str) -> str:
    """Django's ``{% static %}``, remembered per file (see the module's description)."""
    return django_static(path)


# Translations already looked up: (active language, autoescape, message, …) -> the text as the
# template prints it. A template translates only literal texts, so this stays small; the limit
# only guards against a template that would translate arbitrary values.
_translated: dict[tuple[Any, ...], Any] = {}
_TRANSLATED_LIMIT = 4096


def _remember(key: tuple[Any, ...], value: Any) -> Any:
    if len(_translated) >= _TRANSLATED_LIMIT:
        _translated.clear()
    _translated[key] = value
    return value


@pass_context
def _gettext(context: Context, message: str, /, **variables: Any) -> Any:
    """Jinja2's "new style" ``gettext`` (``jinja2.ext``) on Django's, remembered per language:
    the translation, marked safe under autoescaping and always formatted with ``%`` as
    Jinja2 does; without variables the finished text is remembered."""
    autoescape = context.eval_ctx.autoescape
    key = (get_language(), autoescape, message, bool(variables))
    try:
        text = _translated[key]
    except KeyError:
        text = gettext(message)
        if autoescape:
            text = Markup(text)
        if not variables:
            text = text % variables
        text = _remember(key, text)
    return text % variables if variables else text


@pass_context
def _ngettext(
    context: Context, singular: str, plural: str, number: int, /, **variables: Any
) -> Any:
    """Jinja2's "new style" ``ngettext`` on Django's, the translation remembered per language."""
    variables.setdefault("num", number)
    autoescape = context.eval_ctx.autoescape
    key = (get_language(), autoescape, singular, plural, number)
    try:
        text = _translated[key]
    except KeyError:
        text = ngettext(singular, plural, number)
        if autoescape:
            text = Markup(text)
        text = _remember(key, text)
    return text % variables


# What decides the catalogues (Django's own test signals reset its translations for these) and
# the static files' addresses.
_TRANSLATION_SETTINGS = frozenset({"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"})
_STATIC_SETTINGS = frozenset(
    {"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS", "DEBUG", "INSTALLED_APPS"}
)


def _settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in _TRANSLATION_SETTINGS:
        _translated.clear()
    if setting in _STATIC_SETTINGS:
        static.cache_clear()


def _file_changed(*, file_path: Path, **kwargs: Any) -> None:
    # Django's development server reloads the catalogues when a .mo file changes
    # (django.utils.translation.reloader); forget the remembered translations with them.
    if file_path.suffix == ".mo":
        _translated.clear()


setting_changed.connect(_settings_changed, dispatch_uid="umfrage.collect.jinja.settings")
file_changed.connect(_file_changed, dispatch_uid="umfrage.collect.jinja.file_changed")


def environment(**options: Any) -> Environment:
    """Called by Django's Jinja2 backend with the OPTIONS (and loader) from the settings."""
    options.update(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=escape,
        keep_trailing_newline=True,  # as Django's templates: a file's last newline is output
    )
    extensions = list(options.pop("extensions", []))
    if "jinja2.ext.i18n" not in extensions:
        extensions.append("jinja2.ext.i18n")
    env = Environment(extensions=extensions, **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    # The remembering versions in place of the extension's wrappers; ``_`` directly, not through
    # the extension's alias that looks ``gettext`` up in the context on every call.
    env.globals.update(gettext=_gettext, ngettext=_ngettext, _=_gettext)
    env.filters.update(e=escape, escape=escape, linebreaks=linebreaks, date=date)
    env.filters.update(long_date=long_date, long_date_time=long_date_time)
    env.globals.update(static=static, url=url, language=language)
    env.globals.update(page_lang=page_lang, page_dir=page_dir)
    return env
