"""The accessibility statement (BITV 2.0 § 7) at /barrierefreiheit/."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.collect.helpers import invite
from umfrage.store.models import Wave

pytestmark = pytest.mark.django_db


def test_the_statement_names_operator_contact_date_and_the_arbitration_body(
    client: Client, settings: Settings
) -> None:
    settings.UMFRAGE_OPERATOR = "Servicebüro <Lokale Bündnisse>"
    settings.UMFRAGE_ACCESSIBILITY_CONTACT = "barrierefrei@example.org"
    settings.UMFRAGE_ACCESSIBILITY_DATE = date(2026, 11, 26)
    response = client.get("/barrierefreiheit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="heading-l">Erklärung zur Barrierefreiheit</h1>' in html
    assert "Servicebüro &lt;Lokale Bündnisse&gt; ist bemüht" in html  # escaped
    assert "Kontakt: barrierefrei@example.org" in html
    assert "am 26.\u00a0November 2026 erstellt" in html
    assert 'href="https://www.schlichtungsstelle-bgg.de"' in html
    assert "Content-Security-Policy" in response.headers
    assert client.head("/barrierefreiheit/").status_code == 200
    assert client.post("/barrierefreiheit/").status_code == 405


def test_without_settings_it_still_says_whom_to_ask(client: Client, settings: Settings) -> None:
    settings.UMFRAGE_OPERATOR = ""
    settings.UMFRAGE_ACCESSIBILITY_CONTACT = ""
    settings.UMFRAGE_ACCESSIBILITY_DATE = None
    html = client.get("/barrierefreiheit/").content.decode()
    assert "Die Betreiberin dieser Umfrage ist bemüht" in html
    assert "an die Stelle, die Sie zur Umfrage eingeladen hat" in html
    assert "erstellt beziehungsweise" not in html


def test_check_deploy_asks_for_contact_and_date(settings: Settings) -> None:
    settings.UMFRAGE_ACCESSIBILITY_CONTACT = ""
    settings.UMFRAGE_ACCESSIBILITY_DATE = None
    found = [m for m in run_checks(include_deployment_checks=True) if m.id == "umfrage.W005"]
    assert len(found) == 2
    assert "UMFRAGE_ACCESSIBILITY_CONTACT" in str(found[0].hint)
    assert "UMFRAGE_ACCESSIBILITY_DATE" in str(found[1].hint)
    settings.UMFRAGE_ACCESSIBILITY_CONTACT = "barrierefrei@example.org"
    settings.UMFRAGE_ACCESSIBILITY_DATE = date(2026, 11, 26)
    assert not [m for m in run_checks(include_deployment_checks=True) if m.id == "umfrage.W005"]


def test_a_date_that_is_not_one_is_named_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    from umfrage import envconf

    monkeypatch.setattr(envconf, "INVALID", {})
    monkeypatch.setenv("UMFRAGE_ACCESSIBILITY_DATE", "26.11.2026")
    assert envconf.env_date("UMFRAGE_ACCESSIBILITY_DATE") is None
    assert envconf.INVALID["UMFRAGE_ACCESSIBILITY_DATE"] == (
        "„26.11.2026“ ist kein Datum; erwartet wird JJJJ-MM-TT, z. B. 2026-11-26."
    )
    monkeypatch.setenv("UMFRAGE_ACCESSIBILITY_DATE", " 2026-11-26 ")
    assert envconf.env_date("UMFRAGE_ACCESSIBILITY_DATE") == date(2026, 11, 26)


def test_every_respondent_page_links_to_it(client: Client, wave: Wave) -> None:
    _, token = invite(wave)
    address = reverse("accessibility")
    response = client.get(f"/t/{token}", follow=True)
    assert f'<a href="{address}">Barrierefreiheit</a>' in response.content.decode()
    assert f'<a href="{address}">' in client.get("/t/unbekannt").content.decode()
    assert f'<a href="{address}">' in client.get("/ergebnisse/").content.decode()
