"""The questionnaire in several languages in Debian's Chromium (issue 21): answered in English at
375 px with a switch to German and back in the middle, answered in Arabic (right to left), axe
on every page in every language, and the stored answers equal to those of a German run."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.axecheck import axe_violations
from tests.collect.helpers import Respondent, invite
from tests.collect.multilingual import QUESTIONNAIRE
from umfrage.store.models import Response, Survey, Wave

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

EXPECTED = {
    "koordination": "sonstiges",
    "koordination.other": "Nachbarschaftshilfe",
    "anzahl_partner": 12,
    "themen": ["kita", "pflege"],
    "zufriedenheit": {"raeume": "2"},
    "anmerkungen": "Danke",
}


@pytest.fixture
def site(transactional_db: None, live_server: Any, settings: Settings) -> Any:
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return live_server


@pytest.fixture
def wave(site: Any) -> Wave:
    survey = Survey.objects.create(
        slug="testumfrage",
        title="Testumfrage",
        owner="Servicebüro Test, umfrage@example.org",
        synthetic=True,
        config_text="id: testumfrage\ntitle: Testumfrage\nwaves:\n  - {id: '2030'}\n",
    )
    return Wave.objects.create(
        survey=survey,
        key="2030",
        title="Testumfrage 2030",
        status=Wave.Status.OPEN,
        closes=timezone.localdate() + timedelta(days=30),
        questionnaire_text=QUESTIONNAIRE,
    )


def _check(page: Any, name: str, shots: Path, problems: list[str], lang: str, dir_: str) -> None:
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (lang, dir_), name
    problems.extend(f"{name}: {v}" for v in axe_violations(page))
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > 375:
        problems.append(f"{name}: {scroll}px breit, seitliches Scrollen nötig")
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def _next(page: Any) -> None:
    with page.expect_navigation(wait_until="load"):
        page.click("button[value=weiter]")


def _switch(page: Any, code: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.click(f"button[name=sprache][value='{code}']")


def _german_run(wave: Wave) -> dict[str, Any]:
    invitation, token = invite(wave, "B-DE", "Bündnis Deutsch")
    person = Respondent(Client(), token, invitation)
    person.open_link()
    person.post_page(
        "A",
        {
            "q-koordination": "sonstiges",
            "q-koordination-other": "Nachbarschaftshilfe",
            "q-anzahl_partner": "12",
        },
    )
    person.post_page(
        "B",
        {"q-themen": ["kita", "pflege"], "q-zufriedenheit-raeume": "2", "q-anmerkungen": "Danke"},
    )
    person.submit()
    response = Response.objects.get(organisation=invitation.organisation)
    assert response.language == "de"
    return dict(response.answers)


def _answer(page: Any, name: str, shots: Path, problems: list[str], lang: str, dir_: str) -> None:
    """Page A, then page B with a switch to German and back (``lang``) halfway through."""
    page.check("#q-koordination-sonstiges")
    page.fill("#q-koordination-other", "Nachbarschaftshilfe")
    page.fill("#q-anzahl_partner", "12")
    _check(page, f"{name}-02-seite-a", shots, problems, lang, dir_)
    _next(page)
    page.check("#q-themen-kita")
    page.check("#q-themen-pflege")
    page.fill("#q-anmerkungen", "Danke")
    _switch(page, "de")  # typed, not yet saved: the switch saves it
    _check(page, f"{name}-03-seite-b-deutsch", shots, problems, "de", "ltr")
    assert page.is_checked("#q-themen-kita") and page.is_checked("#q-themen-pflege")
    assert page.input_value("#q-anmerkungen") == "Danke"
    assert "Welche Themen bearbeiten Sie?" in page.content()
    page.check("#q-zufriedenheit-raeume-2")
    _switch(page, {"en": "en", "ar": "ar"}[lang])
    _check(page, f"{name}-04-seite-b", shots, problems, lang, dir_)
    assert page.is_checked("#q-zufriedenheit-raeume-2")
    _next(page)
    _check(page, f"{name}-05-pruefen", shots, problems, lang, dir_)
    with page.expect_navigation(wait_until="load"):
        page.click("form.form button.button")
    _check(page, f"{name}-06-danke", shots, problems, lang, dir_)


def test_english_run_at_phone_width_with_a_switch_in_the_middle(
    browser: Any, wave: Wave, site: Any, shots: Path
) -> None:
    invitation, token = invite(wave, "B-EN", "Alliance English")
    invitation.organisation.language = "en"  # from the register: opens in English
    invitation.organisation.save()
    context = browser.new_context(bypass_csp=True, viewport={"width": 375, "height": 740})
    page = context.new_page()
    problems: list[str] = []
    page.goto(f"{site.url}/t/{token}")
    _check(page, "en-01-welcome", shots, problems, "en", "ltr")
    assert "Test survey 2030" in page.content()
    # The switch is reachable by keyboard from the top of the page (skip link) and named.
    assert page.locator("nav#sprachen").get_attribute("aria-labelledby") == "sprachen-titel"
    with page.expect_navigation(wait_until="load"):
        page.click("a.button--start")
    _answer(page, "en", shots, problems, "en", "ltr")
    assert problems == []
    response = Response.objects.get(organisation=invitation.organisation)
    assert response.status == Response.Status.COMPLETE and response.language == "en"
    assert dict(response.answers) == EXPECTED == _german_run(wave)


def test_arabic_run_right_to_left(browser: Any, wave: Wave, site: Any, shots: Path) -> None:
    invitation, token = invite(wave, "B-AR", "Bündnis Arabisch")
    context = browser.new_context(bypass_csp=True, viewport={"width": 375, "height": 740})
    page = context.new_page()
    problems: list[str] = []
    page.goto(f"{site.url}/t/{token}")
    _check(page, "ar-00-willkommen-deutsch", shots, problems, "de", "ltr")
    page.focus("button[name=sprache][value=ar]")  # by keyboard: focus and Enter
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _check(page, "ar-01-welcome", shots, problems, "ar", "rtl")
    assert "استطلاع تجريبي 2030" in page.content()
    with page.expect_navigation(wait_until="load"):
        page.click("a.button--start")
    _answer(page, "ar", shots, problems, "ar", "rtl")
    assert problems == []
    response = Response.objects.get(organisation=invitation.organisation)
    assert response.language == "ar"
    assert dict(response.answers) == EXPECTED == _german_run(wave)
