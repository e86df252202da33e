"""The questionnaire in Debian's Chromium: axe-core, keyboard only, no JavaScript, screenshots.

The browser is the shared ``browser`` fixture (tests/conftest.py): Debian's chromium and axe-core
in node_modules (``make install``); skipped locally without them, a failure under CI=true.
Screenshots go to $UMFRAGE_SCREENSHOT_DIR (default: the test's tmp_path) for a person to look at.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.axecheck import axe_violations
from tests.collect.helpers import invite
from tests.collect.survey import QUESTIONNAIRE, SURVEY
from umfrage.store.models import Response, Survey, Wave

pytestmark = [
    pytest.mark.browser,
    # The live server's handler is built before a test can point STATIC_ROOT at tmp_path.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def site(transactional_db: None, live_server: Any, settings: Settings) -> Any:
    # The live server speaks plain http; production keeps the secure cookie flags.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return live_server


@pytest.fixture
def open_wave(site: Any) -> Wave:
    survey = Survey.objects.create(
        slug="testumfrage",
        title="Testumfrage",
        owner="Servicebüro Test, umfrage@example.org",
        synthetic=True,
        config_text=SURVEY,
    )
    return Wave.objects.create(
        survey=survey,
        key="2030",
        title="Testumfrage 2030",
        status=Wave.Status.OPEN,
        closes=timezone.localdate() + timedelta(days=30),
        questionnaire_text=QUESTIONNAIRE,
    )


def check_page(page: Any, name: str, shots: Path, problems: list[str]) -> None:
    """axe at phone and desktop width, no sideways scrolling on the phone, screenshots of both."""
    for width, height in ((375, 740), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        problems.extend(f"{name} @{width}px: {v}" for v in axe_violations(page))
        if width == 375:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{name} @375px: {scroll}px breit, seitliches Scrollen nötig")
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)


def fill_page_a(page: Any) -> None:
    page.select_option("#q-bundesland", "BE")
    page.check("#q-koordination-sonstiges")
    page.fill("#q-koordination-other", "Kirchengemeinde")
    page.fill("#q-gruendungsjahr", "2005")
    page.fill("#q-anzahl_partner", "12")


def next_page(page: Any) -> None:
    with page.expect_navigation(wait_until="load"):
        page.click("button[value=weiter]")


def test_every_page_type_passes_axe_at_phone_and_desktop_width(
    browser: Any, open_wave: Wave, site: Any, shots: Path
) -> None:
    _, token = invite(open_wave)
    context = browser.new_context(bypass_csp=True)  # lets axe be injected; the app sends CSP
    page = context.new_page()
    problems: list[str] = []
    page.goto(f"{site.url}/t/{token}")
    check_page(page, "01-willkommen", shots, problems)
    page.click("text=Umfrage beginnen")
    next_page(page)  # nothing filled in: the error summary
    # The summary takes the focus once the page has loaded; wait for that rather than racing it.
    page.wait_for_function(
        "document.activeElement && document.activeElement.className === 'error-summary'",
        timeout=10_000,
    )
    check_page(page, "02-fehler", shots, problems)
    fill_page_a(page)
    check_page(page, "03-seite-a", shots, problems)
    next_page(page)
    page.check("#q-social_media-ja")
    page.check("#q-unterstuetzung-schulungen")
    next_page(page)  # the channels appear
    page.check("#q-kanaele-instagram")
    check_page(page, "04-seite-b", shots, problems)
    next_page(page)
    page.check("#q-partner-verwaltung")
    page.check("#q-partner-vereine")
    next_page(page)  # the ranking appears
    page.select_option("#q-partner_wichtigste", "1")
    page.select_option("#q-partner_wichtigste-vereine", "2")
    check_page(page, "05-seite-c-rangfolge", shots, problems)
    next_page(page)
    page.check("#q-zufriedenheit-newsletter-1")
    page.check("#q-zufriedenheit-beratung-9")
    page.fill("#q-wunsch", "Mehr Austausch")
    check_page(page, "06-seite-d-matrix", shots, problems)
    next_page(page)
    check_page(page, "07-pruefen", shots, problems)
    page.click("text=Antworten absenden")
    check_page(page, "08-danke", shots, problems)
    page.goto(f"{site.url}/t/ungueltig")
    check_page(page, "09-ungueltiger-link", shots, problems)
    Wave.objects.filter(pk=open_wave.pk).update(status=Wave.Status.CLOSED)
    page.goto(f"{site.url}/t/{token}")
    check_page(page, "10-beendet", shots, problems)
    page.goto(f"{site.url}/barrierefreiheit/")
    check_page(page, "11-barrierefreiheit", shots, problems)
    context.close()
    assert problems == []


def tab_to(page: Any, element_id: str, limit: int = 60) -> None:
    """Press Tab until the element has the focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            outline = page.evaluate(
                "(() => { const s = getComputedStyle(document.activeElement);"
                " return s.outlineStyle + ' ' + s.boxShadow; })()"
            )
            assert outline != "none none", f"#{element_id} zeigt keinen Fokus"
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} ist mit der Tabulatortaste nicht erreichbar")


def press_button(page: Any, label: str) -> None:
    for _ in range(80):
        if page.evaluate("document.activeElement.textContent.trim()") == label:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Knopf „{label}“ ist mit der Tabulatortaste nicht erreichbar")


def test_a_keyboard_alone_completes_the_questionnaire(
    browser: Any, open_wave: Wave, site: Any
) -> None:
    invitation, token = invite(open_wave)
    page = browser.new_context().new_page()
    page.goto(f"{site.url}/t/{token}")
    press_button(page, "Umfrage beginnen")
    tab_to(page, "q-bundesland")
    page.keyboard.press("ArrowDown")  # Berlin
    tab_to(page, "q-koordination-kommune")
    page.keyboard.press("Space")
    tab_to(page, "q-gruendungsjahr")
    page.keyboard.type("2005")
    tab_to(page, "q-anzahl_partner")
    page.keyboard.type("3")
    press_button(page, "Speichern und weiter")
    tab_to(page, "q-social_media-ja")
    page.keyboard.press("ArrowDown")  # moves the choice to "Nein"
    tab_to(page, "q-unterstuetzung-keine")
    page.keyboard.press("Space")
    press_button(page, "Speichern und weiter")
    tab_to(page, "q-partner-verwaltung")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Vereine
    press_button(page, "Speichern und weiter")
    tab_to(page, "q-partner_wichtigste")
    page.keyboard.press("ArrowDown")  # Rang 1
    tab_to(page, "q-partner_wichtigste-vereine")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Rang 2
    press_button(page, "Speichern und weiter")
    tab_to(page, "q-zufriedenheit-newsletter-1")
    page.keyboard.press("Space")
    tab_to(page, "q-wunsch")
    page.keyboard.type("Alles per Tastatur")
    press_button(page, "Speichern und weiter")
    press_button(page, "Antworten absenden")
    assert "Vielen Dank" in page.inner_text("h1")
    response = Response.objects.get(organisation=invitation.organisation)
    assert response.status == Response.Status.COMPLETE
    assert response.answers == {
        "bundesland": "BE",
        "koordination": "kommune",
        "gruendungsjahr": 2005,
        "anzahl_partner": 3,
        "social_media": "nein",
        "unterstuetzung": ["keine"],
        "partner": ["verwaltung", "vereine"],
        "partner_wichtigste": {"verwaltung": 1, "vereine": 2},
        "zufriedenheit": {"newsletter": "1"},
        "wunsch": "Alles per Tastatur",
    }


def test_the_questionnaire_works_without_javascript(
    browser: Any, open_wave: Wave, site: Any
) -> None:
    invitation, token = invite(open_wave)
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(f"{site.url}/t/{token}")
    page.click("text=Umfrage beginnen")
    fill_page_a(page)
    next_page(page)
    page.check("#q-social_media-nein")
    # Without JavaScript the server enforces the exclusive option.
    page.check("#q-unterstuetzung-schulungen")
    page.check("#q-unterstuetzung-keine")
    next_page(page)
    assert "kann nicht zusammen mit anderen Antworten gewählt werden" in page.inner_text(
        ".error-summary"
    )
    page.uncheck("#q-unterstuetzung-schulungen")
    next_page(page)
    page.check("#q-partner-unternehmen")
    next_page(page)
    page.select_option("#q-partner_wichtigste", "1")
    next_page(page)
    page.check("#q-zufriedenheit-beratung-2")
    page.click("button[value=zurueck]")  # back and forth keeps answers
    assert page.is_checked("#q-partner-unternehmen")
    next_page(page)
    assert page.is_checked("#q-zufriedenheit-beratung-2")
    next_page(page)
    page.click("text=Antworten absenden")
    assert "Vielen Dank" in page.inner_text("h1")
    response = Response.objects.get(organisation=invitation.organisation)
    assert response.status == Response.Status.COMPLETE
    assert response.answers["koordination.other"] == "Kirchengemeinde"
    assert response.answers["partner_wichtigste"] == {"unternehmen": 1}
    assert response.answers["zufriedenheit"] == {"beratung": "2"}


def _answer_page_a_with_a_wrong_number(page: Any) -> None:
    page.select_option("#q-bundesland", "BE")
    page.fill("#q-gruendungsjahr", "neunzehnhundert")
    page.fill("#q-anzahl_partner", "12")
    next_page(page)


def _in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.evaluate("window.innerHeight")
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("javascript", [True, False])
def test_an_error_link_shows_the_question_and_its_message(
    browser: Any, open_wave: Wave, site: Any, javascript: bool
) -> None:
    """Issue 21: the link scrolled the input to the top edge, hiding its label and message."""
    _, token = invite(open_wave)
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 375, "height": 560}
    )
    page = context.new_page()
    page.goto(f"{site.url}/t/{token}")
    page.click("text=Umfrage beginnen")
    _answer_page_a_with_a_wrong_number(page)
    page.click(".error-summary a")
    page.wait_for_timeout(300)
    assert _in_view(page, "label[for=q-gruendungsjahr]")
    assert _in_view(page, "#q-gruendungsjahr-error")
    assert _in_view(page, "#q-gruendungsjahr")
    if javascript:
        assert page.evaluate("document.activeElement.id") == "q-gruendungsjahr"
    context.close()


def test_follow_up_questions_are_announced_and_take_the_focus(
    browser: Any, open_wave: Wave, site: Any
) -> None:
    """Issue 21: after a save that brings new questions the focus stayed on the page body."""
    _, token = invite(open_wave)
    context = browser.new_context(bypass_csp=True, viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{site.url}/t/{token}")
    page.click("text=Umfrage beginnen")
    fill_page_a(page)
    next_page(page)
    page.check("#q-social_media-ja")
    next_page(page)  # the channels appear on the same page
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'neue-fragen'", timeout=10_000
    )
    assert "Neue Fragen wurden ergänzt" in page.inner_text("#neue-fragen")
    assert page.locator("#q-kanaele-instagram").count() == 1
    assert axe_violations(page) == []
    context.close()
