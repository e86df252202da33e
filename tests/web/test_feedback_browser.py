"""The new public pages of issue 21 in a real browser: axe-core finds nothing at 375 and 1280 px,
in German and in Arabic (right to left), and the feedback form works without JavaScript; the
staff's list of reports likewise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from tests.web.conftest import PASSWORD
from umfrage.feedback.forms import FeedbackForm
from umfrage.feedback.models import Feedback

pytestmark = pytest.mark.browser
WIDTHS = (1280, 375)


def _both_widths(page: Any, check: Callable[[str], None], name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check(f"{name}-{width}")
        # Nothing scrolls sideways on the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name


def test_the_public_pages_pass_axe_and_the_form_works_without_javascript(
    browser: Any, live_server: Any, settings: Any, check: Callable[[str], None], page: Any
) -> None:
    settings.UMFRAGE_ACCESSIBILITY_CONTACT = "barrierefrei@example.org"
    settings.UMFRAGE_ACCESSIBILITY_DATE = date(2026, 11, 26)
    base = page.base_url
    for name, path in [
        ("leichte-sprache", "/leichte-sprache/"),
        ("barrierefreiheit", "/barrierefreiheit/"),
        ("ergebnisse", "/ergebnisse/"),
        ("barriere-melden", "/barriere-melden/"),
    ]:
        page.goto(base + path)
        _both_widths(page, check, name)
    # Without JavaScript: an empty post shows the error summary, a real one is thanked for.
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(base + "/barriere-melden/")
    plain.get_by_role("button", name="Meldung absenden").click()
    plain.get_by_text("Bitte prüfen Sie Ihre Angaben").wait_for()
    plain.get_by_label("Was hat Sie behindert?").fill("Die Schrift ist zu klein.")
    plain.get_by_role("button", name="Meldung absenden").click()
    plain.get_by_role("heading", name="Vielen Dank für Ihre Meldung").wait_for()
    context.close()
    assert Feedback.objects.get().message == "Die Schrift ist zu klein."
    page.goto(base + "/barriere-melden/")
    page.get_by_role("button", name="Meldung absenden").click()
    page.get_by_text("Bitte prüfen Sie Ihre Angaben").wait_for()
    _both_widths(page, check, "barriere-melden-fehler")
    page.goto(base + "/barriere-melden/gesendet/")
    _both_widths(page, check, "barriere-melden-gesendet")


def test_the_built_in_pages_in_arabic_pass_axe(
    live_server: Any, settings: Any, check: Callable[[str], None], page: Any
) -> None:
    """Rendered under translation.override("ar") (the language switch is another branch's) and
    shown from the live server's origin, so the style sheet is the real one."""
    request = RequestFactory().get("/barriere-melden/")
    bound = FeedbackForm({"message": "", "email": "x"})
    bound.is_valid()
    pages = {
        "collect/accessibility.html": {
            "operator": "",
            "feedback": "barrierefrei@example.org",
            "reviewed": date(2026, 11, 26),
            "address": "",
        },
        "collect/leichte_sprache.html": {"feedback": ""},
        "feedback/form.html": {
            "form": bound,
            "summary": bound.errors_in_order(),
            "alert": False,
        },
    }
    for template, context in pages.items():
        with translation.override("ar"):
            html = render_to_string(template, context, request=request, using="jinja2")
        assert '<html lang="ar" dir="rtl">' in html
        page.goto(page.base_url + "/barrierefreiheit/")
        page.set_content(html)
        _both_widths(page, check, "ar-" + template.split("/")[-1].removesuffix(".html"))


def test_the_staff_list_of_reports_passes_axe(
    admin_user: Any, page: Any, check: Callable[[str], None]
) -> None:
    now = timezone.now()
    Feedback.objects.create(message="Kontrast zu schwach", received_at=now - timedelta(days=45))
    Feedback.objects.create(message="PDF liest sich schlecht", email="leserin@example.org")
    base = page.base_url
    page.goto(f"{base}/verwaltung/meldungen/")
    page.get_by_label("Benutzername").fill("admin")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("heading", name="Barriere-Meldungen").wait_for()
    assert page.get_by_text("(überfällig)").count() == 1
    _both_widths(page, check, "verwaltung-meldungen")
    page.get_by_role("button", name="Als beantwortet markieren").first.click()
    page.get_by_text("als beantwortet markiert").wait_for()
    check("verwaltung-meldungen-beantwortet")
