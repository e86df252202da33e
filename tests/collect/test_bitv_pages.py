"""What BITV 2.0 asks of the public pages (issue 21): the explanation in Leichte Sprache
(§ 4 BITV 2.0), the accessibility statement's elements (§ 12b BGG, BITV 2.0 § 7) and a link to
the feedback form on every public and respondent page; and one language per request
(umfrage.collect.locale)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.fixtures import Settings

from tests.collect.helpers import Respondent
from umfrage.collect import locale
from umfrage.invitations import messages
from umfrage.store.models import Wave

pytestmark = pytest.mark.django_db


def test_the_explanation_in_leichte_sprache_covers_what_bitv_asks() -> None:
    page = Client().get(reverse("easy_language"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="de" dir="ltr">' in html
    for heading in (
        "Was steht auf diesen Seiten?",  # what the pages contain
        "So benutzen Sie die Seiten",  # how to move around them
        "Barrierefreiheit",  # the essentials of the statement
        "Mehr Leichte Sprache",  # where more Leichte Sprache is
    ):
        assert f'<h2 class="heading-m">{heading}</h2>' in html
    assert 'href="/barriere-melden/"' in html and 'href="/barrierefreiheit/"' in html
    assert "Schlichtungsstelle" in html
    # Leichte Sprache: short sentences. No sentence of the explanation has more than 12 words.
    text = re.sub(r"<[^>]+>", " ", html.split('<div class="prose easy">')[1].split("</div>")[0])
    for sentence in re.split(r"(?<=[.?!:])\s+", " ".join(text.split())):
        assert len(sentence.split()) <= 12, sentence


def test_the_welcome_page_and_the_results_link_to_it_prominently(
    wave: Wave, respondent: Respondent
) -> None:
    welcome = respondent.client.get(reverse("collect:welcome")).content.decode()
    _head, _sep, rest = welcome.partition("</h1>")
    assert '<p class="easy-link" lang="de"><a href="/leichte-sprache/">' in rest.split("<ul")[0]
    results = Client().get(reverse("publication:index")).content.decode()
    intro = results.split("</h1>")[1].split("</p>")[0]
    assert 'href="/leichte-sprache/"' in intro


def test_the_statement_has_every_element_of_section_12b_bgg(settings: Settings) -> None:
    settings.UMFRAGE_ACCESSIBILITY_CONTACT = "barrierefrei@example.org"
    settings.UMFRAGE_ACCESSIBILITY_DATE = date(2026, 11, 26)
    settings.UMFRAGE_ACCESSIBILITY_ADDRESS = "Servicebüro, Musterstraße 1, 10115 Berlin"
    html = Client().get(reverse("accessibility")).content.decode()
    for element in (
        "Stand der Vereinbarkeit mit den Anforderungen",
        "teilweise mit den Anforderungen der BITV 2.0",
        "Nicht barrierefreie Inhalte",
        "Grund:",
        "Alternative:",
        "Erstellung dieser Erklärung",
        "am 26.\u00a0November 2026 erstellt",
        "So wurde geprüft (Selbstbewertung):",
        "Barrieren melden: Kontakt",
        "Wir antworten innerhalb eines Monats.",
        'href="/barriere-melden/"',
        "Kontakt: barrierefrei@example.org",
        "Postanschrift: Servicebüro, Musterstraße 1, 10115 Berlin",
        "Schlichtungsverfahren",
        "Schlichtungsstelle nach § 16 BGG",
        'href="https://www.schlichtungsstelle-bgg.de"',
        'href="/leichte-sprache/"',
    ):
        assert element in html, element


@pytest.mark.parametrize(
    "path",
    ["/", "/ergebnisse/", "/barrierefreiheit/", "/leichte-sprache/", "/gibt-es-nicht/"],
)
def test_every_public_page_links_to_the_feedback_form(path: str) -> None:
    html = Client().get(path).content.decode()
    assert re.search(r'href="/barriere-melden/[^"]*">Barriere melden</a>', html), path
    assert 'href="/leichte-sprache/"' in html


def test_every_respondent_page_links_to_the_form_with_the_page_but_never_a_token(
    wave: Wave, respondent: Respondent
) -> None:
    html = respondent.client.get(reverse("collect:welcome")).content.decode()
    assert 'href="/barriere-melden/?seite=%2Ffragebogen%2F"' in html
    wrong = Client().get("/t/geheimes-token").content.decode()
    assert 'href="/barriere-melden/"' in wrong
    assert "geheimes" not in wrong


def test_activate_switches_texts_dates_lang_and_content_language(
    wave: Wave, respondent: Respondent
) -> None:
    request = HttpRequest()
    try:
        chosen = locale.activate(request, "ar")
        assert (chosen.code, request.LANGUAGE_CODE) == ("ar", "ar")  # type: ignore[attr-defined]
        assert (locale.html_lang(), locale.direction()) == ("ar", "rtl")
        locale.activate(request, "de-x-ls")
        assert (locale.html_lang(), locale.content_language()) == ("de", "de-x-ls")
        with pytest.raises(locale.UnknownLanguage, match="Unbekannte Sprache „xx“"):
            locale.activate(request, "xx")
    finally:
        translation.activate("de")
    # The next request starts German again, whatever the previous one activated.
    translation.activate("ar")
    page = respondent.client.get(reverse("collect:welcome"))
    assert page["Content-Language"] == "de"
    assert '<html lang="de" dir="ltr">' in page.content.decode()


def test_the_built_in_pages_render_in_each_language(settings: Settings) -> None:
    settings.UMFRAGE_ACCESSIBILITY_DATE = date(2031, 5, 7)
    from django.template.loader import render_to_string

    context = {"operator": "", "feedback": "", "reviewed": date(2031, 5, 7), "address": ""}
    with translation.override("ar"):
        arabic = render_to_string("collect/accessibility.html", context, using="jinja2")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "بيان إمكانية الوصول" in arabic
    assert "مايو" in arabic or "أيار" in arabic  # the month in Arabic, like the text
    with translation.override("en"):
        english = render_to_string("collect/accessibility.html", context, using="jinja2")
    assert "May 7, 2031" in english and "Accessibility statement" in english


def test_the_invitation_in_another_language_comes_from_the_catalogue() -> None:
    context = {
        "ansprechperson": "Anna Beispiel",
        "welle": "Bündnisumfrage 2031",
        "organisation": "Bündnis Mitte",
        "minuten": 15,
        "link": "https://umfrage.example.org/t/abc",
        "frist": "7. Mai 2031",
        "absender": "Servicebüro",
        "abmelden": "https://umfrage.example.org/abmelden/abc",
    }
    german = messages.render("einladung.txt", context, html=False)
    assert german.startswith("Guten Tag Anna Beispiel,\n\nwir laden Sie und Ihre Partner:innen")
    assert "Die Beantwortung dauert etwa 15 Minuten." in german
    english = messages.render("einladung.txt", context, html=False, language="en")
    assert english.startswith("Dear Anna Beispiel,\n\nwe warmly invite you")
    assert "Kind regards\nServicebüro" in english
    html = messages.render("erinnerung.html", context, html=True, language="ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert "إلى الاستبيان" in html  # "Zum Fragebogen"
    subject = messages.render("erinnerung_betreff.txt", context, html=False, language="uk")
    assert subject.strip() == "Нагадування: Bündnisumfrage 2031 – участь можлива до 7. Mai 2031"
