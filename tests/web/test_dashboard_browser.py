"""A real browser on the "Rücklauf" tab and the account pages, at phone and desktop width;
axe-core must find no accessibility violation (fixtures in tests/web/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.web.conftest import PASSWORD
from tests.web.test_dashboard import _field_wave, _register, at
from umfrage.invitations.models import Message
from umfrage.store.models import Invitation, Organisation, Response, Survey

pytestmark = pytest.mark.browser

WIDTHS = {"schmal": 375, "breit": 1280}


def _login(page: Any, address: str) -> None:
    page.goto(f"{page.base_url}{address}")
    page.get_by_label("Benutzername").fill("admin")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def _both_widths(page: Any, check: Callable[[str], None], name: str) -> None:
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        check(f"{name}-{label}")
        # Nothing sticks out sideways (WCAG 1.4.10): only tables scroll, inside their region.
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                && !e.closest('.scroll'))
              .map(e => e.tagName + ': ' + (e.textContent || '').trim().slice(0, 40))"""
        )
        assert wide == [], f"{name}-{label}: {wide[:5]}"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_dashboard_reads_well_and_passes_axe(
    admin_user: User,
    mini: Survey,
    shots: Path,
    page: Any,
    check: Callable[[str], None],
) -> None:
    wave = _field_wave(mini)
    _register(mini, 80, wave)
    second = Invitation.objects.get(wave=wave, organisation__key="X-3")
    Message.objects.create(
        invitation=second,
        kind="reminder",
        number=1,
        message_id="<r2@test>",
        token_hash="b" * 64,
        recipient="x3@example.org",
        state="sent",
        sent_at=Message.objects.get(message_id="<r1@test>").sent_at.replace(day=8),
    )
    # X-2 answered partially, and most recently.
    Response.objects.filter(wave=wave, organisation__key="X-2").update(updated_at=at(9, 18))
    Organisation.objects.filter(key="X-2").update(name="<script>alert('x')</script> Bündnis")
    _login(page, "/verwaltung/umfragen/mini/wellen/2030/")
    page.get_by_text("Rücklauf im Einzelnen").wait_for()
    _both_widths(page, check, "30-welle-kurz")

    page.get_by_role("link", name="Rücklauf", exact=True).click()
    page.get_by_role("heading", name="Rücklauf").wait_for()
    assert page.locator("svg[role=img] title").text_content().startswith("Rücklauf je Tag")
    assert page.get_by_role("img", name="Rücklauf je Tag, Welle 2030").count() == 1
    assert page.get_by_role("table", name="Verlauf je Tag").count() == 1
    # The markup in an organisation's name is shown as text, and no script ran.
    assert page.get_by_text("<script>alert('x')</script> Bündnis").count() >= 1
    _both_widths(page, check, "31-ruecklauf")
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("figure.chart").screenshot(path=str(shots / f"31-diagramm-{label}.png"))

    page.get_by_role("link", name="Rücklaufquote", exact=True).click()
    page.get_by_text("Sortierung:").wait_for()
    assert page.url.endswith("?sortierung=quote#laender")
    page.get_by_role("link", name="Stand aktualisieren").click()
    assert "sortierung=quote" in page.url

    page.goto(f"{page.base_url}/verwaltung/umfragen/mini/wellen/2024/ruecklauf/")
    page.get_by_text("keine Einladungen über Umfrage versandt").wait_for()
    _both_widths(page, check, "32-ruecklauf-importiert")


def test_an_admin_manages_accounts_in_the_browser(
    admin_user: User,
    analyst_user: User,
    page: Any,
    check: Callable[[str], None],
) -> None:
    _login(page, "/verwaltung/konten/")
    page.get_by_role("heading", name="Konten").wait_for()
    _both_widths(page, check, "40-konten")

    page.get_by_role("link", name="Neues Konto anlegen …").click()
    page.get_by_label("Benutzername").fill("m.muster")
    page.get_by_label("Vorname").fill("Maria")
    page.get_by_label("Nachname").fill("Muster")
    page.get_by_label("E-Mail-Adresse").fill("maria@example.org")
    page.get_by_label("Auswertung: Umfragen, Wellen und Ergebnisse ansehen, nichts ändern").check()
    page.get_by_label("Passwort", exact=True).fill("kurz")
    page.get_by_label("Passwort wiederholen").fill("kurz")
    page.get_by_role("button", name="Konto anlegen").click()
    # Named in the summary at the top (linked to the field) and at the field itself.
    page.locator("p.error", has_text="Dieses Passwort ist zu kurz.").wait_for()
    summary = page.get_by_role("alert")
    assert summary.get_by_role("link", name="Passwort").count() >= 1
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    _both_widths(page, check, "41-konto-neu-fehler")
    page.get_by_label("Passwort", exact=True).fill("Sommerwiese-Fahrrad-73")
    page.get_by_label("Passwort wiederholen").fill("Sommerwiese-Fahrrad-73")
    page.get_by_role("button", name="Konto anlegen").click()
    page.get_by_text("Das Konto „m.muster“ ist angelegt.").wait_for()
    _both_widths(page, check, "42-konto")

    page.get_by_label("Administration: alles, auch Versand, Register, Konten und Protokoll").check()
    page.get_by_role("button", name="Rolle speichern").click()
    page.get_by_text("m.muster hat jetzt die Rolle Administration.").wait_for()
    page.get_by_role("button", name="Konto deaktivieren").click()
    page.get_by_text("Das Konto „m.muster“ ist deaktiviert").wait_for()
    _both_widths(page, check, "43-konto-deaktiviert")
    page.get_by_role("button", name="Konto wieder aktivieren").click()
    page.get_by_text("ist wieder aktiv").wait_for()
    page.get_by_label("Neues Passwort", exact=True).fill("Herbstlaub-Kanu-Regen-8")
    page.get_by_label("Neues Passwort wiederholen").fill("Herbstlaub-Kanu-Regen-8")
    page.get_by_role("button", name="Passwort neu setzen").click()
    page.get_by_text("Das Passwort von „m.muster“ ist neu gesetzt").wait_for()

    page.get_by_role("link", name="Konten").first.click()
    page.get_by_role("link", name="admin", exact=True).click()
    page.get_by_text("Das ist Ihr eigenes Konto.").wait_for()
    _both_widths(page, check, "44-eigenes-konto")
    user = User.objects.get(username="m.muster")
    assert user.is_active and user.check_password("Herbstlaub-Kanu-Regen-8")
