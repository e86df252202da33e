"""The Servicebüro's year in a real browser, against a real installation (see conftest.py).

An admin logs in, creates the 2025 wave from 2024, opens it, sends the invitations (to an SMTP
server on loopback), an alliance answers through the link in the e-mail it received (on a
phone-sized screen), the admin sees the answer counted, closes the wave and tries to publish it (refused: one answer is
below the disclosure threshold), and an anonymous visitor reads the public results of 2024. axe-core checks every page with zero violations
allowed; screenshots go to $UMFRAGE_SCREENSHOT_DIR (or the test's tmp_path) for a person to look at.

The example's register and answers are synthetic; so is everything this walk adds.
"""

from __future__ import annotations

import csv
import re
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.axecheck import axe_violations
from tests.e2e.conftest import ADMIN, ADMIN_PASSWORD, EXAMPLE, Installation
from umfrage.questionnaire.loader import load_questionnaire

pytestmark = pytest.mark.browser

LINK = re.compile(r"(http://127\.0\.0\.1:\d+/t/[A-Za-z0-9_-]+)")
TEXT_ANSWER = "Synthetische Antwort aus dem End-to-End-Test"
FOUNDED = 2025
ANALYST_PASSWORD = "Auswertung-Probe-2025!"  # synthetic account of this test's own database


class Checker:
    """axe-core and a screenshot for every page, at the widths given."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[str] = []
        self.seen: list[str] = []

    def __call__(self, page: Any, name: str, widths: tuple[int, ...] = (1280,)) -> None:
        page.wait_for_load_state("load")
        for width in widths:
            page.set_viewport_size({"width": width, "height": 740 if width < 600 else 900})
            found = axe_violations(page)
            self.problems.extend(f"{name} @{width}px: {v[:400]}" for v in found)
            if width < 600:
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    self.problems.append(f"{name} @{width}px: {scroll}px breit")
            page.screenshot(path=str(self.folder / f"{name}-{width}.png"), full_page=True)
        self.seen.append(name)


def answer_page(page: Any, questions: dict[str, Any]) -> None:
    """Give a valid answer to every question the page shows (drawn from the questionnaire)."""
    for qid in page.eval_on_selector_all(
        'input[name="gezeigt"]', "inputs => inputs.map(i => i.value)"
    ):
        question = questions[qid]
        kind = question.type_name
        if kind in ("single", "multi"):
            code = next(o.code for o in question.options if not o.other and not o.exclusive)
            select = page.locator(f'select[name="q-{qid}"]')
            if select.count():
                select.select_option(code)
            else:
                page.check(f'input[name="q-{qid}"][value="{code}"]')
        elif kind == "matrix":
            for item in question.items:
                page.check(f'input[name="q-{qid}-{item.code}"][value="{question.scale[0].code}"]')
        elif kind == "ranking":
            selects = page.locator(f'select[name^="q-{qid}-"]')
            for rank in range(1, min(question.top, selects.count()) + 1):
                selects.nth(rank - 1).select_option(str(rank))
        elif kind == "number" and qid == "gruendungsjahr":
            page.fill(f'input[name="q-{qid}"]', str(FOUNDED))  # allowed since the edit above
        elif kind == "number":
            low = int(question.min if question.min is not None else 0)
            page.fill(f'input[name="q-{qid}"]', str(max(low, min(12, int(question.max or 12)))))
        else:
            page.fill(f'[name="q-{qid}"]', TEXT_ANSWER)


def wait_for_messages(site: Installation, count: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while len(site.inbox.messages) < count:
        assert time.monotonic() < deadline, (
            f"nach {seconds} s erst {len(site.inbox.messages)} von {count} E-Mails angekommen"
        )
        time.sleep(0.25)


def test_a_year_from_the_new_wave_to_the_public_results(
    installation: Installation, browser: Any, shots: Path, tmp_path: Path
) -> None:
    site = installation
    check = Checker(shots)
    today = timezone.localdate()

    # --- the Servicebüro logs in and starts the 2025 wave from 2024 ---------------------------
    staff = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    admin = staff.new_page()
    admin.set_default_timeout(20_000)
    admin.goto(f"{site.url}/verwaltung/")
    check(admin, "01-anmelden")
    admin.get_by_label("Benutzername").fill(ADMIN)
    admin.get_by_label("Passwort").fill(ADMIN_PASSWORD)
    admin.get_by_role("button", name="Anmelden").click()
    admin.get_by_role("heading", name="Umfragen").wait_for()
    check(admin, "02-umfragen")

    # --- an account for the colleague who does the analysis (role: Auswertung) --------------
    admin.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Konten"
    ).click()
    admin.get_by_role("link", name="Neues Konto anlegen …").click()
    admin.get_by_label("Benutzername").fill("auswertung")
    admin.get_by_label("Vorname").fill("Alex")
    admin.get_by_label("Nachname").fill("Beispiel")
    admin.get_by_label(re.compile("^Auswertung:")).check()
    admin.get_by_label("Passwort", exact=True).fill(ANALYST_PASSWORD)
    admin.get_by_label("Passwort wiederholen").fill(ANALYST_PASSWORD)
    check(admin, "02a-konto-neu")
    admin.get_by_role("button", name="Konto anlegen").click()
    admin.get_by_text("Das Konto „auswertung“ ist angelegt.").wait_for()
    check(admin, "02b-konto-angelegt")
    admin.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Umfragen"
    ).click()
    admin.get_by_role("link", name=re.compile("^Bündnisumfrage der Lokalen Bündnisse")).click()
    check(admin, "03-umfrage")
    admin.get_by_role("link", name="Neue Welle anlegen").click()
    admin.get_by_label("Fragebogen übernehmen aus Welle").select_option(
        label="2024 – Bündnisumfrage 2024"
    )
    admin.get_by_label("Kennung der neuen Welle (z. B. 2025)").fill("2025")
    admin.get_by_label("Titel").fill("Bündnisumfrage 2025")
    admin.get_by_label("Beginn der Feldzeit").fill(today.isoformat())
    admin.get_by_label("Ende der Feldzeit").fill((today + timedelta(days=42)).isoformat())
    check(admin, "04-neue-welle")
    admin.get_by_role("button", name="Welle anlegen").click()
    admin.get_by_text("Keine Probleme gefunden.").wait_for()
    # The founding-year question stopped at 2024, the year of the earlier wave: the new wave
    # moves it to 2025 and the page says so.
    admin.get_by_text(
        "Frage „gruendungsjahr“: Der Höchstwert 2024 (das Jahr der Welle 2024) ist jetzt 2025"
    ).wait_for()
    check(admin, "05-fragebogen-2025")
    # The new wave opens in the builder; the file itself is one link away for experts.
    admin.get_by_role("link", name="Dateiansicht für Expert:innen").click()
    editor = admin.get_by_label("Fragebogen (YAML)")
    assert "max: 2025" in editor.input_value() and "max: 2024" not in editor.input_value()
    admin.get_by_role("button", name="Prüfen und speichern").click()
    admin.get_by_text("Der Fragebogen ist geprüft und gespeichert.").wait_for()
    check(admin, "05b-fragebogen-gespeichert")

    admin.get_by_role("link", name="Übersicht", exact=True).click()
    admin.get_by_role("button", name="Welle öffnen").click()
    admin.get_by_role("heading", name="Was geschieht").wait_for()
    check(admin, "06a-oeffnen-bestaetigen")
    admin.get_by_role("button", name="Ja, Welle öffnen").click()
    admin.get_by_text("Die Welle 2025 ist jetzt „offen“.").wait_for()
    check(admin, "06-welle-offen")

    # --- invitations: dry run, then the background run to the loopback SMTP server -----------
    admin.get_by_role("link", name="Einladungen", exact=True).click()
    admin.get_by_role("button", name="Einladungen senden …").click()
    admin.get_by_text("würden jetzt versandt").wait_for()
    check(admin, "07-einladungen-probelauf")
    admin.get_by_role("button", name=re.compile(r"^Jetzt \d+ Einladungen senden$")).click()
    admin.get_by_text("Der Versand der Einladungen läuft im Hintergrund.").wait_for()
    check(admin, "08-versand-gestartet")
    registered = sum(1 for line in (EXAMPLE / "organisations.csv").open() if "@" in line)
    wait_for_messages(site, registered)
    time.sleep(1)  # nothing more may arrive: every organisation exactly once
    recipients = [to for to, _ in site.inbox.messages]
    assert len(recipients) == registered == len({tuple(to) for to in recipients})

    # --- one alliance answers on its phone, through the link in its e-mail -------------------
    to, message = site.inbox.messages[0]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    found = LINK.search(body.get_content())
    assert found, "kein persönlicher Link in der Einladung"
    # the register is read by its header: it has grown columns (language) after the e-mail
    with (EXAMPLE / "organisations.csv").open(encoding="utf-8", newline="") as register:
        key, organisation_name = next(
            (row["id"], row["name"]) for row in csv.DictReader(register) if row["email"] == to[0]
        )
    phone = browser.new_context(
        locale="de-DE", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    respondent = phone.new_page()
    respondent.set_default_timeout(20_000)
    respondent.goto(found.group(1))
    check(respondent, "10-willkommen", (375, 1280))
    # the loop below reads the next page: wait for it, not for the welcome page
    with respondent.expect_navigation(wait_until="load"):
        respondent.get_by_role("link", name="Umfrage beginnen").click()
    questions = {
        q.id: q
        for q in load_questionnaire(EXAMPLE / "waves" / "2024" / "questionnaire.yaml").questions()
    }
    pages = 0
    while respondent.locator('input[name="gezeigt"]').count():
        pages += 1
        assert pages < 20, "der Fragebogen endet nicht"
        title = respondent.locator("h1").inner_text()
        if pages == 1:
            check(respondent, "11-erste-seite", (375, 1280))
        answer_page(respondent, questions)
        # wait for the next page itself: "load" of the page just left would let the loop
        # read a document in transition on a busy machine (CI run of f24a4c1)
        with respondent.expect_navigation(wait_until="load"):
            respondent.get_by_role("button", name="Speichern und weiter").click()
        errors = respondent.locator(".error-summary")
        assert not errors.count(), f"{title}: {errors.inner_text()}"
    check(respondent, "12-pruefen", (375, 1280))
    respondent.get_by_role("button", name="Antworten absenden").click()
    respondent.get_by_role("heading", name=re.compile("Vielen Dank")).wait_for()
    check(respondent, "13-danke", (375, 1280))
    phone.close()

    # --- back at the Servicebüro: the answer is counted; close and publish ------------------
    admin.get_by_role("link", name="Rücklauf").click()
    check(admin, "20-ruecklauf", (375, 1280))
    facts = {
        admin.locator("dl.facts dt").nth(i).inner_text(): admin.locator("dl.facts dd")
        .nth(i)
        .inner_text()
        for i in range(admin.locator("dl.facts dt").count())
    }
    assert facts["Vollständige Antworten"] == "1", facts
    assert facts["Eingeladen"] == str(registered), facts
    assert admin.get_by_role("link", name=organisation_name).count() == 1  # last responses
    admin.get_by_role("link", name="Einladungen", exact=True).click()
    check(admin, "21-einladungen-stand")
    status = site.cli("status", "--survey", "buendnisumfrage", "--wave", "2025")
    # register, invited, opened, partial, complete
    assert re.search(rf"Gesamt\s+{registered}\s+{registered}\s+1\s+0\s+1\s", status), status
    admin.get_by_role("link", name="Übersicht", exact=True).click()
    admin.get_by_role("button", name="Welle schließen").click()
    # Closing in the middle of the field period: the page says so before anything happens.
    admin.get_by_text(re.compile("Die Feldzeit läuft noch bis")).wait_for()
    check(admin, "21a-schliessen-bestaetigen")
    admin.get_by_role("button", name="Ja, Welle schließen").click()
    admin.get_by_text("Die Welle 2025 ist jetzt „geschlossen“.").wait_for()
    # One answer is far below the survey's threshold: publishing is refused, with the reason.
    admin.get_by_role("button", name="Ergebnisse veröffentlichen").click()
    admin.get_by_text(
        re.compile("hat 1 vollständige Antwort; veröffentlicht wird erst ab 20")
    ).wait_for()
    check(admin, "22-veroeffentlichen-abgelehnt")
    admin.get_by_role("link", name="Abbrechen und zurück").click()
    assert admin.locator('a[href="/ergebnisse/buendnisumfrage/2025/"]').count() == 0
    admin.get_by_role("link", name="Ergebnisse", exact=True).click()
    admin.get_by_role("heading", name=re.compile("Ergebnisse")).first.wait_for()
    check(admin, "23-ergebnisse-2025")

    # --- the public: the published results without login, nothing personal in them ---------
    outside = browser.new_context(locale="de-DE", viewport={"width": 375, "height": 740})
    visitor = outside.new_page()
    visitor.set_default_timeout(60_000)  # the first visit of an example wave builds its report
    visitor.goto(f"{site.url}/ergebnisse/")
    check(visitor, "30-oeffentlich-uebersicht", (375, 1280))
    assert visitor.get_by_role("link", name=re.compile("Bündnisumfrage 2025")).count() == 0
    with visitor.expect_navigation(wait_until="load"):
        visitor.get_by_role("link", name=re.compile("Bündnisumfrage 2024")).click()
    check(visitor, "31-oeffentlich-2024", (375, 1280))
    shown = visitor.content()
    assert "Bündnisumfrage 2024" in shown
    assert TEXT_ANSWER not in shown and organisation_name not in shown
    unpublished = visitor.goto(f"{site.url}/ergebnisse/buendnisumfrage/2025/")
    assert unpublished is not None and unpublished.status == 404
    visitor.goto(f"{site.url}/verwaltung/umfragen/buendnisumfrage/wellen/2025/ergebnisse/")
    assert "/verwaltung/anmelden/" in visitor.url  # the staff's results need a login
    outside.close()

    # --- the analyst: results yes, sending no -----------------------------------------------
    colleague = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    analyst = colleague.new_page()
    analyst.goto(f"{site.url}/verwaltung/umfragen/buendnisumfrage/wellen/2024/ergebnisse/")
    analyst.get_by_label("Benutzername").fill("auswertung")
    analyst.get_by_label("Passwort").fill(ANALYST_PASSWORD)
    analyst.get_by_role("button", name="Anmelden").click()
    analyst.get_by_role("heading", name=re.compile("Ergebnisse")).first.wait_for()
    check(analyst, "40-auswertung-ergebnisse-2024")
    assert analyst.get_by_role("link", name="Einladungen", exact=True).count() == 0
    refused = analyst.goto(
        f"{site.url}/verwaltung/umfragen/buendnisumfrage/wellen/2025/einladungen/"
    )
    assert refused is not None and refused.status == 403
    colleague.close()

    # --- the stored survey agrees with what the browser did ---------------------------------
    dumped = tmp_path / "dump"
    site.cli("dump", "buendnisumfrage", "--out", str(dumped))
    rows = (dumped / "waves" / "2025" / "responses.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and TEXT_ANSWER in rows[1]
    header = rows[0].split(",")
    assert rows[1].split(",")[header.index("gruendungsjahr")] == str(FOUNDED)
    # ... and the answer belongs to the organisation the e-mail went to
    assert f",{key}," in f",{rows[1]}"
    assert "status: published" in (dumped / "survey.yaml").read_text(encoding="utf-8")

    assert not check.problems, "\n".join(check.problems)
