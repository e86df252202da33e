"""The results browser and the public results page in a real browser, at phone and desktop
width: axe-core must find no accessibility violation, the strict policy no inline style.

Screenshots go to UMFRAGE_SCREENSHOT_DIR (or tmp_path) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def _watch_console(browser_page: Any) -> list[str]:
    """Every console error (a blocked inline style or script would show up here)."""
    errors: list[str] = []

    def seen(message: Any) -> None:
        # Failed loads (the favicon, the deliberate 400) are not what this watches for.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    browser_page.on("console", seen)
    return errors


def test_the_analyst_browses_the_results_at_both_widths(
    analyst_user: Any,
    loaded_example: Any,
    page: Any,
    check: Callable[[str], None],
) -> None:
    errors = _watch_console(page)
    base = page.base_url
    page.goto(f"{base}/verwaltung/umfragen/buendnisumfrage/wellen/2024/ergebnisse/")
    page.get_by_label("Benutzername").fill("analyst")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("heading", name="Ergebnisse", exact=True).wait_for()
    page.get_by_text("verglichen mit Bündnisumfrage 2023").wait_for()
    check("30-ergebnisse-1280")
    page.set_viewport_size(PHONE)
    check("31-ergebnisse-375")
    page.set_viewport_size(DESKTOP)

    page.get_by_label("Aufschlüsseln nach").select_option("gemeindegroesse")
    page.get_by_label("gewichtet", exact=True).check()
    page.get_by_role("button", name="Anzeigen").click()
    page.get_by_text("aufgeschlüsselt nach").first.wait_for()
    assert "nach=gemeindegroesse" in page.url and "gewichtung=ja" in page.url
    assert page.get_by_text("Cramérs V").count() > 0
    check("32-ergebnisse-aufgeschluesselt-gewichtet")
    page.set_viewport_size(PHONE)
    check("33-ergebnisse-aufgeschluesselt-375")
    page.set_viewport_size(DESKTOP)

    page.goto(f"{base}/verwaltung/umfragen/buendnisumfrage/wellen/2024/ergebnisse/?nach=<b>x</b>")
    page.get_by_text("Nicht alle Angaben in der Adresse passen.").wait_for()
    check("34-ergebnisse-falsche-angabe")
    assert errors == []


def test_anyone_reads_the_published_results_at_both_widths(
    loaded_example: Any,
    page: Any,
    check: Callable[[str], None],
) -> None:
    errors = _watch_console(page)
    base = page.base_url
    page.goto(f"{base}/ergebnisse/")
    page.get_by_role("heading", name="Veröffentlichte Ergebnisse").wait_for()
    check("40-oeffentlich-index-1280")
    page.set_viewport_size(PHONE)
    check("41-oeffentlich-index-375")
    page.get_by_role(
        "link", name="Bündnisumfrage der Lokalen Bündnisse für Familie – Bündnisumfrage 2024"
    ).click()
    page.get_by_role("link", name="Bericht als PDF herunterladen").wait_for()
    check("42-oeffentlich-bericht-375")
    page.set_viewport_size(DESKTOP)
    check("43-oeffentlich-bericht-1280")
    # the first download builds the PDF (seconds on a quiet machine, more under a loaded suite)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("link", name="Bericht als PDF herunterladen").click()
    assert download.value.suggested_filename == "buendnisumfrage-2024-ergebnisbericht.pdf"
    assert errors == []


def test_the_open_data_links_are_accessible_and_download(
    loaded_example: Any,
    page: Any,
    check: Callable[[str], None],
) -> None:
    from umfrage.publication.models import OpenData

    OpenData.objects.create(
        survey=loaded_example, enabled=True, publisher="Servicebüro", contact_email="a@b.de"
    )
    errors = _watch_console(page)
    base = page.base_url
    page.goto(f"{base}/ergebnisse/")
    page.get_by_role("heading", name="Offene Daten").wait_for()
    check("44-oeffentlich-index-offene-daten-1280")
    page.goto(f"{base}/ergebnisse/buendnisumfrage/2024/")
    link = page.get_by_role("link", name="Tabellen als offene Daten (CSV-Datei, UTF-8)")
    link.wait_for()
    page.set_viewport_size(PHONE)
    check("45-oeffentlich-bericht-offene-daten-375")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "buendnisumfrage-2024-tabellen.csv"
    assert errors == []
