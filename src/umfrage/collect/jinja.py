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
- ``linebreaks`` and ``date`` are Django's filters (``date`` on the local time, as Django's
  templates convert datetimes); ``static``, ``url`` and ``language`` stand in for the tags.
- An undefined variable is an error, not an empty string (``StrictUndefined``): the base template
  asks ``is defined`` for what not every page has.
"""

from __future__ import annotations

from datetime import datetime
from html import escape as html_escape
from typing import Any

from django.conf import settings
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import html, timezone
from django.utils.translation import get_language, gettext, ngettext
from jinja2 import Environment, StrictUndefined, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup


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


def date(value: Any, format: str) -> str:
    """Django's ``|date:format`` in the active language; datetimes in the current time zone."""
    if isinstance(value, datetime) and settings.USE_TZ and timezone.is_aware(value):
        value = timezone.localtime(value)  # what Django's templates do before the filter
    return defaultfilters.date(value, format)


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """Django's ``{% url %}``."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def language() -> str:
    """The active language's code, Django's default if none is active."""
    return get_language() or "de"


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
    env.filters.update(e=escape, escape=escape, linebreaks=linebreaks, date=date)
    env.globals.update(static=static, url=url, language=language)
    return env
