"""A coding session in the browser with the keyboard only; axe-core finds no violation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.reporting.coded_texts import ORGANISATIONS, Q2024_CODED, R2024_CODED
from tests.web.test_dashboard_browser import _both_widths, _login
from umfrage.store.models import Response, Survey

pytestmark = pytest.mark.browser

ADDRESS = "/verwaltung/umfragen/mini/wellen/2024/codieren/hindernisse/"


def _tab_to(page: Any, predicate: str, limit: int = 60) -> None:
    """Press Tab until the focused element satisfies ``predicate`` (a JS expression on ``e``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return {predicate}; }}"):
            return
    raise AssertionError(f"Tab never reached {predicate}")


def test_texts_are_coded_with_the_keyboard_only(
    admin_user: User,
    load_mini: Callable[..., Survey],
    shots: Path,
    page: Any,
    check: Callable[[str], None],
) -> None:
    load_mini(
        overrides={
            "waves/2024/questionnaire.yaml": Q2024_CODED,
            "waves/2024/responses.csv": R2024_CODED,
            "organisations.csv": ORGANISATIONS,
        }
    )
    _login(page, ADDRESS)
    page.get_by_role(
        "heading", name="Freitexte codieren: „Was erschwert die digitale Umsetzung?“"
    ).wait_for()
    _both_widths(page, check, "60-codieren")
    target = Response.objects.get(wave__key="2024", organisation__key="H-3")
    # Tab to the text's "Sonstiges" box, tick it with the space bar, Tab on to "Speichern", Enter.
    _tab_to(page, f"e.id === 'c-{target.pk}-sonstiges'")
    page.keyboard.press("Space")
    _tab_to(page, "e.tagName === 'BUTTON' && e.textContent.trim() === 'Speichern'")
    page.keyboard.press("Enter")
    page.get_by_text("1 Texte gespeichert.").wait_for()
    target.refresh_from_db()
    assert target.answers["hindernisse.codes"] == ["sonstiges"]
    # The uncoded filter now has nothing left.
    page.get_by_text("Keine Texte in dieser Auswahl.").wait_for()
    _both_widths(page, check, "61-codieren-fertig")


def test_categories_are_merged_and_split_with_the_keyboard_only(
    admin_user: User,
    load_mini: Callable[..., Survey],
    shots: Path,
    page: Any,
    check: Callable[[str], None],
) -> None:
    load_mini(
        overrides={
            "waves/2024/questionnaire.yaml": Q2024_CODED,
            "waves/2024/responses.csv": R2024_CODED,
            "organisations.csv": ORGANISATIONS,
        }
    )
    _login(page, ADDRESS + "zusammenlegen/")
    page.get_by_role(
        "heading", name="Kategorien zusammenlegen: „Was erschwert die digitale Umsetzung?“"
    ).wait_for()
    _both_widths(page, check, "62-zusammenlegen")
    for box in ("k-technik", "k-sonstiges"):
        _tab_to(page, f"e.id === '{box}'")
        page.keyboard.press("Space")
    # A radio group is one Tab stop: Tab reaches the first target, the arrow key picks the next.
    _tab_to(page, "e.id === 'z-zeit'")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.getElementById('z-technik').checked")
    _tab_to(page, "e.tagName === 'BUTTON' && e.textContent.trim() === 'Prüfen'")
    page.keyboard.press("Enter")
    page.get_by_text("werden verschoben").wait_for()
    _both_widths(page, check, "63-zusammenlegen-bestaetigen")
    _tab_to(page, "e.tagName === 'BUTTON' && e.textContent.trim() === 'Zusammenlegen'")
    page.keyboard.press("Enter")
    page.get_by_text("Kategorien zusammengelegt: 1 Texte jetzt in „technik“.").wait_for()
    assert Response.objects.get(wave__key="2024", organisation__key="H-2").answers[
        "hindernisse.codes"
    ] == ["zeit", "technik"]
    page.goto(page.url.split("/verwaltung/")[0] + ADDRESS + "aufteilen/")
    _tab_to(page, "e.id === 'bezeichnung'")
    page.keyboard.type("Zu wenig Personal")
    _tab_to(page, "e.tagName === 'BUTTON' && e.textContent.trim() === 'Neue Kategorie anlegen'")
    page.keyboard.press("Enter")
    page.get_by_role(
        "heading", name="Texte aus „Fehlende Zeit“ nach „Zu wenig Personal“ verschieben"
    ).wait_for()
    _both_widths(page, check, "64-verschieben")
    moved = Response.objects.get(wave__key="2024", organisation__key="H-1")
    _tab_to(page, f"e.id === 'v-{moved.pk}'")
    page.keyboard.press("Space")
    _tab_to(page, "e.tagName === 'BUTTON' && e.textContent.trim() === 'Verschieben'")
    page.keyboard.press("Enter")
    page.get_by_text("1 Texte nach „Zu wenig Personal“ verschoben.").wait_for()
    moved.refresh_from_db()
    assert moved.answers["hindernisse.codes"] == ["zu_wenig_personal"]


def test_quotes_are_chosen_and_released_with_the_keyboard_only(
    admin_user: User,
    load_mini: Callable[..., Survey],
    shots: Path,
    page: Any,
    check: Callable[[str], None],
) -> None:
    from umfrage.store.models import Quote

    load_mini(
        overrides={
            "waves/2024/questionnaire.yaml": Q2024_CODED,
            "waves/2024/responses.csv": R2024_CODED,
            "organisations.csv": ORGANISATIONS,
        }
    )
    _login(page, ADDRESS + "?zeige=alle")
    page.get_by_role("heading", name="Zitate für den Bericht").wait_for()
    # The first choice offered is text 1's first stored category; Tab to the list, then to
    # "Als Zitat wählen", Enter.
    _tab_to(page, "e.id === 'zitat-waehlen'", limit=120)
    _tab_to(page, "e.tagName === 'BUTTON' && e.textContent.trim() === 'Als Zitat wählen'")
    page.keyboard.press("Enter")
    page.get_by_text("Der Text ist als Zitat gewählt (nur im internen Bericht).").wait_for()
    quote = Quote.objects.get()
    assert not quote.released
    _both_widths(page, check, "62-zitat-gewaehlt")
    _tab_to(
        page,
        "e.tagName === 'BUTTON' && e.textContent.trim() === 'Für die Veröffentlichung freigeben'",
        limit=160,
    )
    page.keyboard.press("Enter")
    page.get_by_text(
        "Das Zitat ist für die öffentliche Fassung des Berichts freigegeben."
    ).wait_for()
    quote.refresh_from_db()
    assert quote.released
    _both_widths(page, check, "63-zitat-freigegeben")
