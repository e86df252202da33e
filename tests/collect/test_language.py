"""The browser's language decides nothing: every page is German unless a view chooses another.

A browser that asks for English must get German pages with German dates everywhere: on the
respondent's pages, in the admin interface and on the public pages. With "en" among
``LANGUAGES`` and Django's Accept-Language negotiation, the public pages came out as German text
with English month names ("am 7. May 2031"). Now every language of umfrage.languages is offered
(with catalogues, tests/i18n) and only ``umfrage.collect.locale.activate`` switches a request.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.collect.helpers import Respondent
from umfrage.store.models import Invitation, Wave

ENGLISH = "en-GB,en-US;q=0.9,en;q=0.8"
ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|May|June|July|October|December|Jan|Feb|Mar|Oct|Dec)\b"
)
ENGLISH_DAYS = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(day)?\b")


def _german(page: object) -> str:
    assert page.status_code == 200, page  # type: ignore[attr-defined]
    assert page["Content-Language"] == "de"  # type: ignore[index]
    text = page.content.decode()  # type: ignore[attr-defined]
    assert '<html lang="de"' in text
    assert not ENGLISH_MONTHS.search(text), ENGLISH_MONTHS.search(text)
    assert not ENGLISH_DAYS.search(text), ENGLISH_DAYS.search(text)
    return text


def test_the_languages_offered_are_those_of_umfrage_languages() -> None:
    from django.conf import settings

    from umfrage import languages

    assert [code for code, _name in settings.LANGUAGES] == list(languages.codes())
    assert settings.LANGUAGE_CODE == "de"


def test_an_english_browser_gets_german_dates_on_the_public_pages(
    db: None, settings: Settings
) -> None:
    settings.UMFRAGE_ACCESSIBILITY_DATE = date(2031, 5, 7)
    page = _german(Client(HTTP_ACCEPT_LANGUAGE=ENGLISH).get(reverse("accessibility")))
    assert "am 7.\u00a0Mai 2031 erstellt" in page


def test_an_english_browser_gets_german_dates_on_the_respondents_pages(
    wave: Wave, respondent: Respondent
) -> None:
    wave.closes = date(2031, 5, 7)
    wave.save()
    respondent.client.defaults["HTTP_ACCEPT_LANGUAGE"] = ENGLISH
    page = _german(respondent.client.get(reverse("collect:welcome")))
    assert "Die Umfrage läuft bis zum 7.\u00a0Mai 2031." in page


def test_an_english_browser_gets_german_dates_in_the_admin(
    wave: Wave, respondent: Respondent, settings: Settings
) -> None:
    from umfrage.governance.roles import assign_role

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A day of the field period in the dashboard's table of days ("Mi, 07.05.2031").
    Invitation.objects.filter(pk=respondent.invitation.pk).update(
        sent_at=datetime(2031, 5, 7, 12, tzinfo=ZoneInfo("Europe/Berlin"))
    )
    admin = User.objects.create_user("admin", "admin@example.org", "Ein-langes-Testpasswort-42")
    assign_role(admin, "admin")
    client = Client(HTTP_ACCEPT_LANGUAGE=ENGLISH)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    page = _german(client.get(reverse("web:dashboard", args=(wave.survey.slug, wave.key))))
    assert "Mi, 07.05.2031" in page
