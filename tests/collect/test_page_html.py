"""Every respondent page type renders byte for byte as recorded, and as Django's plain callables
would render it: the environment remembers translations and static addresses
(umfrage.collect.jinja), which must never change a page.

The recorded pages (``tests/collect/pages/``) were written before the remembering was added. After
an intended change of a template, write them again and review the difference:
``UMFRAGE_WRITE_PAGES=1 .venv/bin/python -m pytest tests/collect/test_page_html.py``.
"""

from __future__ import annotations

import json
import os
import struct
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.template import engines
from django.templatetags.static import static as django_static
from django.utils import translation
from django.utils.translation import gettext, ngettext
from jinja2 import Environment
from markupsafe import Markup
from pytest_django.fixtures import Settings

from umfrage.collect import jinja
from umfrage.collect.views import MESSAGES

PAGES = Path(__file__).resolve().parent / "pages"
CSRF = Markup('<input type="hidden" name="csrfmiddlewaretoken" value="fest">')
AWKWARD = 'Bündnis "Mitte" & O\'Neil <b>'


def _questionnaire(**overrides: Any) -> SimpleNamespace:
    values: dict[str, Any] = {
        "title": f"Umfrage {AWKWARD}",
        "intro": "Erster Absatz & mehr\n\nZweiter <i>Absatz</i>",
        "privacy": "Wir speichern nur, was nötig ist.\nZeile zwei",
        "estimated_minutes": 1,
        "anonymous": False,
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def _rows() -> list[dict[str, Any]]:
    question = SimpleNamespace(text=f"Frage {AWKWARD}?")
    other = SimpleNamespace(text="Wie viele?")
    return [
        {
            "section": SimpleNamespace(id="A", title="Teil A – Grundlagen"),
            "url": "/fragebogen/seite/A/",
            "rows": [
                {
                    "question": question,
                    "lines": ["Ja", f"Sonstiges: {AWKWARD}"],
                    "url": "/fragebogen/seite/A/#frage-q1",
                },
                {"question": other, "lines": [], "url": "/fragebogen/seite/A/#frage-q2"},
            ],
        },
        {"section": SimpleNamespace(id="B", title="Teil B"), "url": "/x/", "rows": []},
        {
            "section": SimpleNamespace(id="C", title="Teil C"),
            "url": "/fragebogen/seite/C/",
            "rows": [{"question": other, "lines": ["12"], "url": "/fragebogen/seite/C/#n"}],
        },
    ]


SUMMARY = [("#frage-q1", f"Frage {AWKWARD}: Bitte geben Sie eine Antwort.")]
OPENS = date(2031, 3, 1)
CLOSES = date(2031, 12, 31)
SUBMITTED = datetime(2031, 5, 6, 22, 7, tzinfo=UTC)  # 00:07 the next day in Berlin
PAGE: dict[str, Any] = {
    "questionnaire": _questionnaire(),
    "section": SimpleNamespace(id="A", title="Teil A – Grundlagen", intro="Zuerst & vor allem"),
    "questions": [Markup('<fieldset id="q1">eins</fieldset>'), Markup("<div>zwei</div>")],
    "shown": ["q1", "q2"],
    "version": 3,
    "summary": [],
    "alert": False,
    "notice": None,
    "page_number": 2,
    "page_count": 5,
    "contact": f"Servicebüro {AWKWARD}",
    "csrf_input": CSRF,
}
REVIEW: dict[str, Any] = {
    "questionnaire": _questionnaire(),
    "sections": _rows(),
    "version": 7,
    "submitted": False,
    "summary": [],
    "alert": False,
    "notice": None,
    "contact": "Servicebüro",
    "csrf_input": CSRF,
}
THANKS: dict[str, Any] = {
    "questionnaire": _questionnaire(),
    "wave": SimpleNamespace(closes=CLOSES),
    "submitted_at": SUBMITTED,
    "can_change": True,
    "contact": "Servicebüro",
}
CLOSED: dict[str, Any] = {
    "wave": SimpleNamespace(opens=OPENS),
    "title": f"Umfrage {AWKWARD}",
    "not_yet": True,
    "contact": "Servicebüro, umfrage@example.org",
}

CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "welcome": (
        "collect/welcome.html",
        {
            "questionnaire": _questionnaire(),
            "organisation": SimpleNamespace(name=AWKWARD),
            "wave": SimpleNamespace(closes=CLOSES),
            "started": False,
            "start_url": "/fragebogen/seite/A/",
            "contact": "Servicebüro",
        },
    ),
    "welcome-anonymous-resumed": (
        "collect/welcome.html",
        {
            "questionnaire": _questionnaire(
                intro="", privacy="", estimated_minutes=12, anonymous=True
            ),
            "organisation": None,
            "wave": SimpleNamespace(closes=None),
            "started": True,
            "start_url": "/fragebogen/pruefen/",
            "contact": "",
        },
    ),
    "page": ("collect/page.html", PAGE),
    "page-errors-stale": (
        "collect/page.html",
        {**PAGE, "summary": SUMMARY, "alert": True, "notice": "stale", "contact": ""},
    ),
    "page-more": ("collect/page.html", {**PAGE, "notice": "more", "section": PAGE["section"]}),
    "review": ("collect/review.html", REVIEW),
    "review-problems": (
        "collect/review.html",
        {**REVIEW, "summary": SUMMARY, "alert": True, "notice": "stale"},
    ),
    "review-submitted": ("collect/review.html", {**REVIEW, "submitted": True}),
    "thanks": ("collect/thanks.html", THANKS),
    "thanks-open-end": ("collect/thanks.html", {**THANKS, "wave": SimpleNamespace(closes=None)}),
    "thanks-anonymous": (
        "collect/thanks.html",
        {**THANKS, "submitted_at": None, "can_change": False},
    ),
    "message-expired": ("collect/message.html", {**MESSAGES["expired"], "contact": ""}),
    "message-broken": ("collect/message.html", {**MESSAGES["broken"], "contact": "Servicebüro"}),
    "closed-not-yet": ("collect/closed.html", CLOSED),
    "closed-not-yet-undated": (
        "collect/closed.html",
        {**CLOSED, "wave": SimpleNamespace(opens=None), "contact": ""},
    ),
    "closed": ("collect/closed.html", {**CLOSED, "not_yet": False}),
    "csrf-refused": ("403_csrf.html", {}),
}
LANGUAGES = ["de", "en"]


def render(name: str, language: str) -> str:
    template, context = CASES[name]
    with translation.override(language):
        return engines["jinja2"].get_template(template).render(context)  # type: ignore[no-any-return]


def plain_environment() -> Environment:
    """The environment with Jinja2's own wrappers of Django's gettext and Django's ``static``,
    nothing remembered (as before the remembering was added)."""
    ours = engines["jinja2"].env  # type: ignore[attr-defined]
    env = Environment(
        loader=ours.loader,
        autoescape=True,
        undefined=ours.undefined,
        finalize=jinja.escape,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        e=jinja.escape, escape=jinja.escape, linebreaks=jinja.linebreaks, date=jinja.date
    )
    env.filters.update(long_date=jinja.long_date, long_date_time=jinja.long_date_time)
    env.globals.update(static=django_static, url=jinja.url, language=jinja.language)
    env.globals.update(page_lang=jinja.page_lang, page_dir=jinja.page_dir)
    return env


@pytest.mark.skipif(not os.environ.get("UMFRAGE_WRITE_PAGES"), reason="writes the recordings")
def test_write_the_recorded_pages() -> None:
    PAGES.mkdir(exist_ok=True)
    for name in CASES:
        for language in LANGUAGES:
            (PAGES / f"{name}.{language}.html").write_text(render(name, language), encoding="utf-8")


@pytest.mark.parametrize("name", list(CASES))
def test_every_page_type_renders_as_recorded(name: str) -> None:
    for language in [*LANGUAGES, *LANGUAGES]:  # and again, from what was remembered
        recorded = (PAGES / f"{name}.{language}.html").read_text(encoding="utf-8")
        assert render(name, language) == recorded, (name, language)


def test_the_recordings_cover_every_page_and_both_languages() -> None:
    templates = {template for template, _ in CASES.values()}
    assert templates == {
        "collect/welcome.html",
        "collect/page.html",
        "collect/review.html",
        "collect/thanks.html",
        "collect/message.html",
        "collect/closed.html",
        "403_csrf.html",
    }
    assert "1. March 2031" in render("closed-not-yet", "en")
    assert "1.\u00a0März 2031" in render("closed-not-yet", "de")
    assert '<html lang="en" dir="ltr">' in render("page", "en")


def test_pages_are_those_of_djangos_plain_callables_whatever_language_came_before() -> None:
    plain = plain_environment()
    for language in ["de", "en", "de", "en"]:
        for name, (template, context) in CASES.items():
            with translation.override(language):
                ours = engines["jinja2"].get_template(template).render(context)
                theirs = plain.get_template(template).render(context)
            assert ours == theirs, (name, language)
    with translation.override(None):  # no language active: gettext leaves texts alone
        ours = engines["jinja2"].get_template("collect/page.html").render(PAGE)
        assert ours == plain.get_template("collect/page.html").render(PAGE)


def _write_catalogue(folder: Path, language: str, messages: dict[str, str]) -> None:
    """A compiled gettext catalogue (.mo) with these translations (GNU format, no hash table)."""
    header_entry = (
        "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    )
    entries = sorted({"": header_entry, **messages}.items())
    ids = [key.encode() for key, _ in entries]
    texts = [value.encode() for _, value in entries]
    start = 7 * 4 + 16 * len(entries)
    table_ids, table_texts, data = [], [], b""
    for encoded in ids:
        table_ids.append((len(encoded), start + len(data)))
        data += encoded + b"\0"
    for encoded in texts:
        table_texts.append((len(encoded), start + len(data)))
        data += encoded + b"\0"
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(entries), 28, 28 + 8 * len(entries), 0, 0)
    tables = b"".join(struct.pack("ii", *pair) for pair in table_ids + table_texts)
    target = folder / language / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.mo").write_bytes(header + tables + data)


def test_translations_follow_the_active_language_and_the_catalogues(
    tmp_path: Path, settings: Settings
) -> None:
    template = engines["jinja2"].from_string(  # type: ignore[attr-defined]
        '{{ _("Zurück") }}|{{ _("Forbidden") }}|{% trans n=2 %}{{ n }} Seite{% pluralize %}'
        "{{ n }} Seiten{% endtrans %}"
    )
    for language, expected in [
        ("de", "Zurück|Verboten|2 Seiten"),
        ("en", "Zurück|Forbidden|2 Seiten"),
    ]:
        with translation.override(language):
            assert template.render() == expected
    # An English catalogue for the German texts: the remembered German must not stay.
    _write_catalogue(
        tmp_path, "en", {"Zurück": "Back", "%(n)s Seite\0%(n)s Seiten": "%(n)s page\0%(n)s pages"}
    )
    _write_catalogue(tmp_path, "de", {})
    settings.LOCALE_PATHS = [tmp_path]
    with translation.override("en"):
        assert template.render() == "Back|Forbidden|2 pages"
    with translation.override("de"):
        assert template.render() == "Zurück|Verboten|2 Seiten"
    with translation.override("en"):
        assert template.render() == "Back|Forbidden|2 pages"


def test_static_addresses_follow_the_static_settings(tmp_path: Path, settings: Settings) -> None:
    css = "collect/collect.css"
    assert jinja.static(css) == django_static(css) == "/static/collect/collect.css"
    settings.STATIC_URL = "/dateien/"
    assert jinja.static(css) == django_static(css) == "/dateien/collect/collect.css"
    # A manifest storage (hashed names), and the unhashed names it gives under DEBUG.
    settings.STATIC_ROOT = tmp_path
    manifest = {"paths": {css: "collect/collect.0123abcd.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest), encoding="utf-8")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    assert jinja.static(css) == django_static(css) == "/dateien/collect/collect.0123abcd.css"
    settings.DEBUG = True
    assert jinja.static(css) == django_static(css) == "/dateien/collect/collect.css"
