"""The 2025 questionnaire built in the browser, without YAML, and the wave run with it.

A staff member creates 2025 from 2024 and changes it only in the questionnaire builder: adds a
question with a condition, renames an option and sets its recode to 2024, moves a question; looks
at the preview; opens the wave after the confirmation page; issues a link for one alliance, which
answers through it on a phone; tries to publish with one answer and is stopped; reopens, a second
alliance answers; closes and publishes. axe-core checks every builder page at 1280 and 375 px.

The example's survey folder is copied with ``publish_min_responses: 2`` and ``min_cell: 2`` so
that two answers suffice to publish; register and answers are synthetic. Its 2024 questionnaire is
used as it is, in German, English and Leichte Sprache: the builder shows every text in each
language side by side, the staff member writes the new question and its options in all three,
looks at the translations overview and the preview in English; the respondents answer in German.
"""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.e2e.conftest import ADMIN, ADMIN_PASSWORD, EXAMPLE, Installation
from tests.e2e.test_year_walk import Checker, answer_page
from umfrage.questionnaire.loader import load_questionnaire

pytestmark = pytest.mark.browser

BOTH = (1280, 375)
NEW_QUESTION = "Planen Sie einen weiteren Kanal?"
NEW_QUESTION_EN = "Are you planning another channel?"
NEW_QUESTION_LS = "Wollen Sie noch einen Kanal machen?"


@pytest.fixture
def survey_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "buendnisumfrage"
    shutil.copytree(EXAMPLE, folder)
    config = folder / "survey.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "synthetic: true\n", "synthetic: true\npublish_min_responses: 2\nmin_cell: 2\n"
        ),
        encoding="utf-8",
    )
    assert load_questionnaire(
        folder / "waves" / "2024" / "questionnaire.yaml"
    ).respondent_languages() == (
        "de",
        "en",
        "de-x-ls",
    )
    return folder


def answer_through(
    browser: Any, link: str, questions: dict[str, Any], check: Checker, n: int
) -> None:
    phone = browser.new_context(
        locale="de-DE", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    respondent = phone.new_page()
    respondent.set_default_timeout(20_000)
    respondent.goto(link)
    # the loop below reads the next page: wait for it, not for the welcome page
    with respondent.expect_navigation(wait_until="load"):
        respondent.get_by_role("link", name="Umfrage beginnen").click()
    pages = 0
    while respondent.locator('input[name="gezeigt"]').count():
        pages += 1
        assert pages < 20, "der Fragebogen endet nicht"
        answer_page(respondent, questions)
        # wait for the next page itself: "load" of the page just left would let the loop
        # read a document in transition on a busy machine (CI run of f24a4c1)
        with respondent.expect_navigation(wait_until="load"):
            respondent.get_by_role("button", name="Speichern und weiter").click()
        errors = respondent.locator(".error-summary")
        assert not errors.count(), errors.inner_text()
    # social_media was answered "ja": the new question's condition showed it, and the review
    # page lists it with its answer
    try:
        respondent.get_by_text(NEW_QUESTION).first.wait_for()
    except Exception:
        raise AssertionError(
            respondent.url + "\n" + respondent.locator("main").inner_text()[:3000]
        ) from None
    respondent.get_by_role("button", name="Antworten absenden").click()
    respondent.get_by_role("heading", name=re.compile("Vielen Dank")).wait_for()
    if n == 1:
        check(respondent, "b30-danke", BOTH)
    phone.close()


def issue_link(admin: Any, org: str, check: Checker | None) -> str:
    admin.get_by_role("link", name="Einladungen", exact=True).click()
    admin.get_by_role("link", name=f"Link ausgeben … für {org}").click()
    admin.get_by_role("button", name="Link jetzt anzeigen").click()
    field = admin.locator("#persoenlicher-link")
    field.wait_for()
    if check is not None:
        check(admin, "b20-link")
    return str(field.input_value())


def change_status(admin: Any, button: str, done: str, timeout: float = 20_000) -> None:
    admin.get_by_role("link", name="Übersicht", exact=True).click()
    admin.get_by_role("button", name=button).click()
    admin.get_by_role("heading", name="Was geschieht").wait_for()
    admin.get_by_role("button", name=f"Ja, {button}").click(timeout=timeout)
    try:
        admin.get_by_text(done).wait_for(timeout=timeout)
    except Exception:
        raise AssertionError(admin.locator("main").inner_text()[:1500]) from None


def test_staff_build_the_2025_questionnaire_in_the_builder_and_run_the_wave(
    installation: Installation, browser: Any, shots: Path, tmp_path: Path
) -> None:
    site = installation
    check = Checker(shots)
    today = timezone.localdate()
    staff = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    admin = staff.new_page()
    admin.set_default_timeout(20_000)
    admin.goto(f"{site.url}/verwaltung/")
    admin.get_by_label("Benutzername").fill(ADMIN)
    admin.get_by_label("Passwort").fill(ADMIN_PASSWORD)
    admin.get_by_role("button", name="Anmelden").click()
    admin.get_by_role("link", name=re.compile("^Bündnisumfrage der Lokalen Bündnisse")).click()
    admin.get_by_role("link", name="Neue Welle anlegen").click()
    admin.get_by_label("Fragebogen übernehmen aus Welle").select_option(
        label="2024 – Bündnisumfrage 2024"
    )
    admin.get_by_label("Kennung der neuen Welle (z. B. 2025)").fill("2025")
    admin.get_by_label("Titel").fill("Bündnisumfrage 2025")
    admin.get_by_label("Beginn der Feldzeit").fill(today.isoformat())
    admin.get_by_label("Ende der Feldzeit").fill((today + timedelta(days=42)).isoformat())
    admin.get_by_role("button", name="Welle anlegen").click()

    # --- the builder's overview: the new wave lands here -------------------------------------
    admin.get_by_role("heading", name="Fragebogen bearbeiten").wait_for()
    admin.get_by_text("Keine Probleme gefunden.").wait_for()
    check(admin, "b01-uebersicht", BOTH)

    # --- a new question, shown only if social_media is "ja" ----------------------------------
    admin.get_by_label("Neue Frage in „Digitalisierung“, Art der Frage").select_option(
        label="Eine Antwort (Einfachauswahl)"
    )
    admin.get_by_role("button", name="Frage hinzufügen in Digitalisierung").click()
    # every text side by side in German, English and Leichte Sprache
    admin.get_by_label("Fragetext (Deutsch)").fill(NEW_QUESTION)
    admin.get_by_label("Fragetext (Englisch)").fill(NEW_QUESTION_EN)
    admin.get_by_label("Fragetext (Leichte Sprache)").fill(NEW_QUESTION_LS)
    assert admin.get_by_label("Fragetext (Englisch)").get_attribute("lang") == "en"
    admin.get_by_label("Beschriftung Antwort 1 (Deutsch)").fill("Ja, in diesem Jahr")
    admin.get_by_label("Beschriftung Antwort 1 (Englisch)").fill("Yes, this year")
    admin.get_by_label("Beschriftung Antwort 2 (Deutsch)").fill("Nein")
    admin.get_by_label("Beschriftung Antwort 2 (Englisch)").fill("No")
    admin.get_by_label("Beschriftung Antwort 2 (Leichte Sprache)").fill("Nein")
    admin.get_by_label("Frage (nur frühere Fragen)").select_option("social_media")
    admin.get_by_label("Vergleich", exact=True).select_option("equals")
    admin.get_by_label("Antwort", exact=True).select_option("social_media:ja")
    check(admin, "b02-neue-frage", BOTH)
    # saving with an empty text is refused: summary with a link, message at the field
    # ... and a missing translation (Antwort 1 in Leichte Sprache) is refused at its field
    admin.get_by_label("Fragetext (Deutsch)").fill("")
    admin.get_by_role("button", name="Prüfen und speichern").click()
    summary = admin.locator("#fehler")
    summary.wait_for()
    assert summary.evaluate("e => e === document.activeElement")
    assert admin.locator("#f-text-fehler").inner_text() == "Bitte geben Sie den Fragetext ein."
    assert (
        "Der Text „label“ hat keine Fassung in Leichte Sprache (de-x-ls)." in summary.inner_text()
    )
    assert admin.locator('[id="f-options-0-label@de-x-ls-fehlt"]').inner_text() == "fehlt"
    check(admin, "b03-fehler", BOTH)
    admin.get_by_label("Fragetext (Deutsch)").fill(NEW_QUESTION)
    admin.get_by_label("Beschriftung Antwort 1 (Leichte Sprache)").fill("Ja, in diesem Jahr")
    admin.get_by_role("button", name="Vorschau zeigen").click()
    admin.get_by_role("heading", name="Vorschau (noch nicht gespeichert)").wait_for()
    check(admin, "b04-frage-vorschau", BOTH)
    admin.get_by_role("button", name="Prüfen und speichern").click()
    admin.get_by_text("ist gespeichert.").wait_for()

    # --- rename an option and recode it to 2024 ----------------------------------------------
    admin.locator('a[href$="/frage/social_media/"]').click()
    admin.get_by_label("Beschriftung Antwort 4 (Deutsch)").fill("Nein, bewusst nicht")
    admin.get_by_label("Entspricht in Welle 2024 (Antwort 2)").select_option("nein")
    check(admin, "b05-frage-bearbeiten", BOTH)
    admin.get_by_role("button", name="Prüfen und speichern").click()
    admin.get_by_text("Die Frage „social_media“ ist gespeichert.").wait_for()

    # --- move a question ---------------------------------------------------------------------
    admin.locator("li", has=admin.locator('a[href$="/frage/anzahl_partner/"]')).get_by_role(
        "button", name=re.compile("^Nach unten")
    ).click()
    admin.get_by_text("Gespeichert: Frage „anzahl_partner“ nach unten verschoben.").wait_for()
    check(admin, "b06-verschoben", BOTH)

    # --- every text in every language: nothing is missing -----------------------------------
    admin.get_by_role("link", name=re.compile(r"^Übersetzungen \(de, en, de-x-ls\)")).click()
    admin.get_by_role("heading", name="Übersetzungen des Fragebogens").wait_for()
    admin.get_by_text("Keine: Jeder Text steht in Englisch und Leichte Sprache da.").wait_for()
    admin.get_by_role("cell", name=NEW_QUESTION_EN).wait_for()
    check(admin, "b065-uebersetzungen", BOTH)

    # --- the whole questionnaire in the preview, in German and in English ---------------------
    admin.get_by_role("link", name="Vorschau", exact=True).click()
    admin.get_by_text(NEW_QUESTION).wait_for()
    check(admin, "b07-vorschau", BOTH)
    admin.get_by_label("Sprache der Vorschau").select_option("en")
    admin.get_by_role("button", name="Vorschau zeigen").click()
    admin.get_by_text(NEW_QUESTION_EN).wait_for()
    check(admin, "b075-vorschau-englisch", BOTH)
    dumped = tmp_path / "dump"
    site.cli("dump", "buendnisumfrage", "--out", str(dumped))
    built = load_questionnaire(dumped / "waves" / "2025" / "questionnaire.yaml")
    order = [q.id for q in built.questions()]
    assert order.index("anzahl_partner") == order.index("koordination") + 1
    social = built.question("social_media")
    assert social.options[3].label == "Nein, bewusst nicht"
    assert social.comparison_with("2024").recode == {"planung": "nein"}
    new = next(q for q in built.questions() if q.text == NEW_QUESTION)
    assert (new.text.text_in("en"), new.text.text_in("de-x-ls")) == (
        NEW_QUESTION_EN,
        NEW_QUESTION_LS,
    )
    assert [o.label.text_in("en") for o in new.options] == ["Yes, this year", "No"]
    assert social.options[3].label.text_in("en") != "Nein, bewusst nicht"  # kept its English
    assert (new.condition.question, new.condition.equals) == ("social_media", "ja")
    questions = {q.id: q for q in built.questions()}

    # --- open, a link for one alliance, its answer --------------------------------------------
    change_status(admin, "Welle öffnen", "Die Welle 2025 ist jetzt „offen“.")
    link = issue_link(admin, "LB-0001", check)
    answer_through(browser, link, questions, check, 1)

    # --- closing and publishing too early is stopped ------------------------------------------
    change_status(admin, "Welle schließen", "Die Welle 2025 ist jetzt „geschlossen“.")
    admin.get_by_role("button", name="Ergebnisse veröffentlichen").click()
    admin.get_by_text(
        re.compile("hat 1 vollständige Antwort; veröffentlicht wird erst ab 2")
    ).wait_for()
    check(admin, "b40-zu-frueh")
    admin.get_by_role("link", name="Abbrechen und zurück").click()

    # --- a second alliance answers; then close and publish ------------------------------------
    change_status(admin, "Welle wieder öffnen", "Die Welle 2025 ist jetzt „offen“.")
    answer_through(browser, issue_link(admin, "LB-0002", None), questions, check, 2)
    change_status(admin, "Welle schließen", "Die Welle 2025 ist jetzt „geschlossen“.")
    change_status(admin, "Ergebnisse veröffentlichen", "Die Welle 2025 ist jetzt „veröffentlicht“.")
    check(admin, "b50-veroeffentlicht")
    staff.close()
    assert not check.problems, "\n".join(check.problems)
