"""A real browser walks the admin flows; axe-core must find no accessibility violation.

The browser is the shared ``browser`` fixture (tests/conftest.py): Debian's chromium, skipped
locally without it, a failure under CI=true; axe-playwright-python is a dev dependency.
Screenshots of every page go to tmp_path, or to the folder in UMFRAGE_SCREENSHOT_DIR for a
person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.web.conftest import PASSWORD
from umfrage.store.models import Invitation, Organisation, Survey, Wave

pytestmark = pytest.mark.browser


def test_an_admin_runs_a_wave_from_creation_to_publication(
    admin_user: Any, mini: Survey, page: Any, check: Callable[[str], None], tmp_path: Path
) -> None:
    base = page.base_url
    # The root page leads to the three places: the questionnaire, the results and the admin.
    page.goto(f"{base}/")
    check("00-startseite")
    page.get_by_role("link", name="Verwaltung").click()
    assert page.url.startswith(f"{base}/verwaltung/anmelden/")
    page.goto(f"{base}/verwaltung/umfragen/")
    assert page.url.startswith(f"{base}/verwaltung/anmelden/")
    check("01-anmelden")
    page.get_by_label("Benutzername").fill("admin")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("heading", name="Umfragen").wait_for()
    check("02-umfragen")

    page.get_by_role("link", name="Mini-Umfrage (synthetische Testdaten)").click()
    check("03-umfrage")
    page.get_by_role("link", name="Neue Welle anlegen").click()
    check("04-neue-welle")
    page.get_by_label("Kennung der neuen Welle (z. B. 2025)").fill("2025")
    page.get_by_label("Titel").fill("Mini 2025")
    page.get_by_label("Beginn der Feldzeit").fill("2025-05-05")
    page.get_by_label("Ende der Feldzeit").fill("2025-06-30")
    page.get_by_role("button", name="Welle anlegen").click()
    page.get_by_text("Keine Probleme gefunden.").wait_for()
    check("05-fragebogen")

    # The new wave opens in the builder; the file is one link away for experts.
    page.get_by_role("link", name="Dateiansicht für Expert:innen").click()
    editor = page.get_by_label("Fragebogen (YAML)")
    good = editor.input_value()
    editor.fill(good.replace("type: number", "type: nummer"))
    page.get_by_role("button", name="Prüfen und speichern").click()
    page.get_by_text("Unbekannter Fragetyp „nummer“.").wait_for()
    check("06-fragebogen-fehler")
    page.get_by_label("Fragebogen (YAML)").fill(good.replace("Mini 2025", "Mini 2025 (geprüft)"))
    page.get_by_role("button", name="Prüfen und speichern").click()
    page.get_by_text("Der Fragebogen ist geprüft und gespeichert.").wait_for()

    page.get_by_role("link", name="Vorschau").click()
    page.get_by_text("Wie viele Partner:innen?").wait_for()
    check("07-vorschau")
    page.get_by_role("link", name="Datenschutzhinweis").click()
    page.get_by_label("Datenschutzhinweis").fill("Verantwortlich ist das Servicebüro.")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Der Datenschutzhinweis wurde gespeichert.").wait_for()
    check("08-datenschutzhinweis")

    page.get_by_role("link", name="Übersicht", exact=True).click()
    # Every status change says what will happen and asks first.
    for button, status in (("Welle öffnen", "offen"), ("Welle schließen", "geschlossen")):
        page.get_by_role("button", name=button).click()
        page.get_by_role("heading", name="Was geschieht").wait_for()
        check(f"09-{status}-bestaetigen")
        page.get_by_role("button", name=f"Ja, {button}").click()
        page.get_by_text(f"Die Welle 2025 ist jetzt „{status}“.").wait_for()
    # A wave without answers has nothing to publish: refused with the reason, still closed.
    page.get_by_role("button", name="Ergebnisse veröffentlichen").click()
    page.get_by_text(
        re.compile("hat 0 vollständige Antworten; veröffentlicht wird erst ab")
    ).wait_for()
    assert page.get_by_role("button", name="Ja, Ergebnisse veröffentlichen").count() == 0
    check("09-veroeffentlichen-abgelehnt")
    page.get_by_role("link", name="Abbrechen und zurück").click()
    assert Wave.objects.get(survey=mini, key="2025").status == "closed"

    page.get_by_role("link", name="Mini-Umfrage (synthetische Testdaten)").click()
    page.get_by_role("link", name="Register der Organisationen").click()
    register = tmp_path / "organisations.csv"
    register.write_text("id,name,email\nB-1,Bündnis Mitte,kaputt\n", encoding="utf-8")
    page.get_by_label(
        "Register als CSV oder Excel-Datei (organisations.csv, .xlsx)"
    ).set_input_files(str(register))
    page.get_by_role("button", name="Hochladen und prüfen").click()
    page.get_by_text("Die Datei wurde nicht übernommen").wait_for()
    check("10-register-fehler")
    page.get_by_role("link", name="B-1").click()
    check("11-organisation")
    page.get_by_role("link", name="Personenbezogene Daten löschen …").click()
    check("12-loeschen")

    for link, name in (("Konten", "13-konten"), ("Protokoll", "14-protokoll")):
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name=link
        ).click()
        check(name)
    page.get_by_role("link", name="Mein Konto").click()
    page.get_by_role("link", name="Zwei-Faktor-Anmeldung einrichten").click()
    check("15-zwei-faktor")
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_text("Sie sind abgemeldet.").wait_for()


def test_the_keyboard_reaches_the_content_through_the_skip_link(admin_user: Any, page: Any) -> None:
    page.goto(f"{page.base_url}/verwaltung/anmelden/")
    # The login page puts the cursor into the user name field (Django's autofocus).
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type("admin")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Umfragen").wait_for()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"


def test_an_admin_previews_and_starts_the_invitations_and_renews_a_link(
    admin_user: Any,
    mini: Survey,
    page: Any,
    check: Callable[[str], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from umfrage.invitations.models import SendJob

    Wave.objects.filter(survey=mini, key="2024").update(status="open", closes=date(2099, 6, 30))
    Invitation.objects.create(
        wave=Wave.objects.get(survey=mini, key="2024"),
        organisation=Organisation.objects.get(survey=mini, key="B-1"),
        state=Invitation.State.SENT,
        sent_at=timezone.now(),
    )
    base = page.base_url
    page.goto(f"{base}/verwaltung/umfragen/mini/wellen/2024/")
    page.get_by_label("Benutzername").fill("admin")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("link", name="Einladungen", exact=True).click()
    page.get_by_text("Zurzeit läuft kein Versand.").wait_for()
    check("20-einladungen")
    page.get_by_role("button", name="Einladungen senden …").click()
    page.get_by_text("würden jetzt versandt").wait_for()
    check("21-einladungen-probelauf")
    page.get_by_role("button", name="Jetzt 2 Einladungen senden").click()
    page.get_by_text("Der Versand der Einladungen läuft im Hintergrund.").wait_for()
    check("22-einladungen-gestartet")
    # The timed reload is the person's choice (axe's meta-refresh rule would flag any).
    page.get_by_role("link", name="Automatisch alle 5 Sekunden aktualisieren").click()
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    page.get_by_role("link", name="Automatische Aktualisierung beenden").click()
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    # Queued for a worker (none runs in this test), with who asked for it.
    [job] = SendJob.objects.all()
    assert (job.wave.key, job.kind, job.state, job.started_by) == (
        "2024",
        "invitation",
        "queued",
        "admin",
    )
    page.get_by_role("link", name="Link ausgeben … für B-1").click()
    check("23-link-ausgeben")
    page.get_by_role(
        "button", name="Neuen Link ausstellen und mit dem nächsten Versand senden"
    ).click()
    page.get_by_text("Die bisherigen Links von B-1 sind gesperrt.").wait_for()
    check("24-neuer-link")
    # A link for an alliance on the phone, never invited: shown once, with a QR code; it opens
    # the questionnaire in another browser.
    page.get_by_role("link", name="Link ausgeben … für H-1").click()
    page.get_by_role("button", name="Link jetzt anzeigen").click()
    page.get_by_text("Dieser Link wird nur jetzt angezeigt.").wait_for()
    check("25-link-angezeigt")
    link = page.get_by_label("Link (zum Kopieren markieren)").input_value()
    assert link.startswith(f"{base}/t/")
    assert page.locator("figure.qr svg").count() == 1
    respondent = page.context.browser.new_context().new_page()
    respondent.goto(link)
    respondent.get_by_text("Sie antworten für: Bündnis Altona").wait_for()
    respondent.context.close()
    # Optionally also by e-mail, now, without JavaScript (a plain form).
    page.get_by_role("button", name="Jetzt per E-Mail an altona@example.org senden").click()
    page.get_by_text(
        "Die E-Mail mit einem persönlichen Link ist an altona@example.org versandt."
    ).wait_for()
    check("26-link-per-e-mail")
