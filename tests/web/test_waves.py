"""Surveys and waves in the browser: lists, new wave, status, questionnaire edit and preview."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.minisurvey import Q2024, R2024
from umfrage.governance.models import AuditEntry
from umfrage.publication.models import PublishedReport
from umfrage.store.models import Survey, Wave
from umfrage.surveyfolder.survey import parse_survey_config


def url(name: str, *args: str) -> str:
    return reverse(name, args=args)


def test_the_survey_list_shows_each_survey_with_its_counts(
    analyst_client: Client, mini: Survey
) -> None:
    page = analyst_client.get(url("web:surveys")).content.decode()
    assert "Mini-Umfrage (synthetische Testdaten)" in page
    assert '<th scope="col">Titel</th>' in page
    assert '<td class="num">2</td><td class="num">4</td>' in page


def test_the_survey_page_lists_waves_with_status_and_answers(
    analyst_client: Client, mini: Survey
) -> None:
    page = analyst_client.get(url("web:survey", "mini")).content.decode()
    assert "veröffentlicht" in page
    assert "geschlossen" in page
    assert "06.05.2024 – 28.06.2024" in page
    # 2024 has two complete and one partial response.
    assert '<td class="num">2</td><td class="num">1</td>' in page
    assert "Neue Welle anlegen" not in page  # the analyst cannot


def test_a_new_wave_copies_the_previous_questionnaire(admin_client: Client, mini: Survey) -> None:
    previous = mini.waves.get(key="2024")
    response = admin_client.post(
        url("web:wave_new", "mini"),
        {
            "previous": previous.pk,
            "key": "2025",
            "title": "Mini 2025",
            "opens": "2025-05-05",
            "closes": "2025-06-30",
        },
    )
    assert response["Location"] == url("web:questionnaire_builder", "mini", "2025")
    wave = Wave.objects.get(survey=mini, key="2025")
    assert wave.status == "draft"
    assert wave.position > previous.position
    questionnaire = wave.questionnaire()
    assert questionnaire.wave == "2025"
    assert [q.id for q in questionnaire.questions()] == [
        q.id for q in previous.questionnaire().questions()
    ]
    assert all(q.comparison_with("2024") is not None for q in questionnaire.questions())
    mini.refresh_from_db()
    config = parse_survey_config(mini.config_text, "survey.yaml")
    assert config.wave("2025").status == "draft"
    assert str(config.wave("2025").opens) == "2025-05-05"
    entry = AuditEntry.objects.get(action="wave.created")
    assert (entry.survey, entry.wave, entry.actor_name) == ("mini", "2025", "admin")
    page = admin_client.get(response["Location"]).content.decode()
    assert "Keine Probleme gefunden." in page


def test_a_new_wave_needs_a_fresh_valid_id(admin_client: Client, mini: Survey) -> None:
    previous = mini.waves.get(key="2024")
    taken = admin_client.post(
        url("web:wave_new", "mini"), {"previous": previous.pk, "key": "2024", "title": "x"}
    )
    assert "Die Welle „2024“ gibt es schon." in taken.content.decode()
    bad = admin_client.post(
        url("web:wave_new", "mini"), {"previous": previous.pk, "key": "20 25", "title": "x"}
    )
    assert "ist als Kennung nicht möglich" in bad.content.decode()
    backwards = admin_client.post(
        url("web:wave_new", "mini"),
        {
            "previous": previous.pk,
            "key": "2025",
            "title": "x",
            "opens": "2025-06-01",
            "closes": "2025-05-01",
        },
    )
    assert "Das Ende der Feldzeit liegt vor ihrem Beginn." in backwards.content.decode()
    assert mini.waves.count() == 2


def test_a_wave_of_another_survey_cannot_be_the_template(
    admin_client: Client, mini: Survey, other: Survey
) -> None:
    foreign = other.waves.get(key="2024")
    response = admin_client.post(
        url("web:wave_new", "mini"), {"previous": foreign.pk, "key": "2025", "title": "x"}
    )
    assert response.status_code == 200
    assert "Auswahl" in response.content.decode()  # Django's "select a valid choice"
    assert not Wave.objects.filter(key="2025").exists()


def _draft(mini: Survey) -> Wave:
    return mini.waves.get(key="2024").start_next("2025", title="Mini 2025")


def post_status(client: Client, wave: Wave, target: str) -> str:
    response = client.post(
        url("web:wave_status", wave.survey.slug, wave.key),
        {"target": target, "confirm": "1"},
        follow=True,
    )
    return str(response.content.decode())


def test_a_wave_goes_from_draft_to_published_step_by_step(
    admin_client: Client, publishable: Survey
) -> None:
    mini = publishable
    wave = _draft(mini)
    assert "ist jetzt „offen“" in post_status(admin_client, wave, "open")
    wave.refresh_from_db()
    assert wave.status == "open" and wave.opened_at is not None
    post_status(admin_client, wave, "closed")
    # The new wave has no answers: the disclosure step leaves nothing to publish, so publishing
    # is refused with the reason and the wave stays closed.
    refused = post_status(admin_client, wave, "published")
    assert "Die Welle 2025 hat 0 vollständige Antworten; veröffentlicht wird erst ab 2" in refused
    wave.refresh_from_db()
    assert wave.status == "closed" and wave.closed_at is not None and wave.published_at is None
    # The closed 2024 wave (three answers sharing a cell of min_cell 3) is published.
    answered = mini.waves.get(key="2024")
    post_status(admin_client, answered, "published")
    answered.refresh_from_db()
    assert answered.status == "published" and answered.published_at is not None
    mini.refresh_from_db()
    config = parse_survey_config(mini.config_text, "survey.yaml")
    assert config.wave("2025").status == "closed"
    assert config.wave("2024").status == "published"
    statuses = [e.details["status"] for e in AuditEntry.objects.filter(action="wave.status")]
    assert sorted(statuses) == ["closed", "open", "published"]


def test_a_status_cannot_be_skipped(admin_client: Client, mini: Survey) -> None:
    wave = _draft(mini)
    page = post_status(admin_client, wave, "published")
    assert "Eine Welle im Status „Entwurf“ kann nicht „veröffentlicht“ werden." in page
    assert "Dieser Statuswechsel ist nicht möglich." in post_status(admin_client, wave, "draft")
    assert "Dieser Statuswechsel ist nicht möglich." in post_status(admin_client, wave, "<x>")
    wave.refresh_from_db()
    assert wave.status == "draft"
    assert not AuditEntry.objects.filter(action="wave.status").exists()


def test_the_wave_page_offers_only_the_allowed_next_steps(
    admin_client: Client, mini: Survey
) -> None:
    page = admin_client.get(url("web:wave", "mini", "2024")).content.decode()
    assert "Ergebnisse veröffentlichen" in page
    assert "Welle wieder öffnen" in page
    assert "Welle schließen" not in page


def test_the_model_refuses_a_wrong_transition() -> None:
    wave = Wave(status="draft")
    assert wave.can_become("open")
    assert not wave.can_become("published")
    assert not Wave(status="published").can_become("open")


def test_a_questionnaire_with_problems_is_shown_with_lines_and_not_saved(
    admin_client: Client, mini: Survey
) -> None:
    wave = _draft(mini)
    before = wave.questionnaire_text
    broken = before.replace("type: number", "type: nummer")
    page = admin_client.post(
        url("web:questionnaire_edit", "mini", "2025"), {"text": broken}
    ).content.decode()
    assert "Nicht gespeichert: 1 Problem gefunden." in page
    assert "Unbekannter Fragetyp „nummer“." in page
    # The loader points at the start of the question whose type it cannot read.
    line = broken.splitlines().index("      - id: partner") + 1
    assert f"Zeile {line}, Frage „partner“:" in page
    assert "<pre><code>- id: partner</code></pre>" in page
    assert "type: nummer" in page.split("<textarea")[1]  # the text stays for fixing
    wave.refresh_from_db()
    assert wave.questionnaire_text == before


def test_the_check_against_earlier_waves_is_shown_too(admin_client: Client, mini: Survey) -> None:
    _draft(mini)
    text = Wave.objects.get(key="2025", survey=mini).questionnaire_text.replace(
        "{code: insta, label: Instagram}",
        "{code: insta, label: Instagram}, {code: tiktok, label: TikTok}",
    )
    page = admin_client.post(
        url("web:questionnaire_edit", "mini", "2025"), {"text": text}
    ).content.decode()
    assert "Den Code „tiktok“ gibt es in Welle „2024“ nicht" in page


def test_a_valid_questionnaire_is_saved_and_logged(admin_client: Client, mini: Survey) -> None:
    wave = _draft(mini)
    text = wave.questionnaire_text.replace(
        "title: Mini 2025", "title: Mini 2025\nintro: Willkommen zur Umfrage."
    )
    response = admin_client.post(url("web:questionnaire_edit", "mini", "2025"), {"text": text})
    assert response.status_code == 302
    wave.refresh_from_db()
    assert wave.questionnaire().intro == "Willkommen zur Umfrage."
    assert AuditEntry.objects.filter(action="wave.questionnaire", wave="2025").exists()


def test_an_uploaded_file_replaces_the_text(admin_client: Client, mini: Survey) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    wave = _draft(mini)
    text = wave.questionnaire_text.replace("title: Mini 2025", "title: Mini 2025 (hochgeladen)")
    upload = SimpleUploadedFile("questionnaire.yaml", b"\xef\xbb\xbf" + text.encode("utf-8"))
    response = admin_client.post(
        url("web:questionnaire_edit", "mini", "2025"), {"text": "", "upload": upload}
    )
    assert response.status_code == 302
    wave.refresh_from_db()
    assert wave.questionnaire().title == "Mini 2025 (hochgeladen)"


def test_a_wording_correction_after_answers_needs_no_note_and_is_shown_as_a_hint(
    admin_client: Client, mini: Survey
) -> None:
    # Issue 20: "a pure wording change was refused with 'Ergänzen Sie compare: ... note'".
    wave = mini.waves.get(key="2024")
    assert wave.has_answers()
    text = Q2024.replace("text: Bundesland?", "text: In welchem Bundesland arbeitet Ihr Bündnis?")
    response = admin_client.post(url("web:questionnaire_edit", "mini", "2024"), {"text": text})
    assert response.status_code == 302
    wave.refresh_from_db()
    assert wave.questionnaire().question("bundesland").text.startswith("In welchem Bundesland")
    page = admin_client.get(response["Location"]).content.decode()
    assert "Keine Probleme gefunden." in page
    assert "1 Hinweis; sie hindern das Speichern nicht." in page
    assert "Der Fragetext weicht von Welle „2023“ ab." in page
    assert "Fragetext 2024 gegenüber 2023 geändert (2023: „Bundesland?“)." in page
    # A structural change in the same post is still refused, with the reason.
    structural = text.replace("max: 999", "max: 99")
    refused = admin_client.post(
        url("web:questionnaire_edit", "mini", "2024"), {"text": structural}
    ).content.decode()
    assert "Nicht gespeichert" in refused
    assert "Bei der Frage „partner“ wurde mehr als der Wortlaut geändert (max)." in refused


def test_with_answers_only_wording_may_change(admin_client: Client, mini: Survey) -> None:
    wave = mini.waves.get(key="2024")
    wording = Q2024.replace("Welche Kanäle?", "Welche Kanäle betreiben Sie?")
    ok = admin_client.post(url("web:questionnaire_edit", "mini", "2024"), {"text": wording})
    assert ok.status_code == 302
    structural = wording.replace(
        "{code: insta, label: Instagram}", "{code: insta, label: Instagram}, {code: x, label: X}"
    )
    page = admin_client.post(
        url("web:questionnaire_edit", "mini", "2024"), {"text": structural}
    ).content.decode()
    assert "Die Frage „kanaele“ hat andere Antwortcodes" in page
    assert "Es gibt schon Antworten" in page
    wave.refresh_from_db()
    assert "Welche Kanäle betreiben Sie?" in wave.questionnaire_text
    assert "code: x" not in wave.questionnaire_text


def test_the_wave_id_in_the_questionnaire_must_match(admin_client: Client, mini: Survey) -> None:
    _draft(mini)
    page = admin_client.post(
        url("web:questionnaire_edit", "mini", "2025"), {"text": Q2024}
    ).content.decode()
    assert "gehört zur Welle „2024“, nicht zu „2025“" in page


def test_the_preview_shows_every_section_and_question(analyst_client: Client, mini: Survey) -> None:
    page = analyst_client.get(url("web:questionnaire_preview", "mini", "2024")).content.decode()
    for text in ("Teil A", "Bundesland?", "Eigener Social-Media-Kanal?", "Welche Kanäle?"):
        assert text in page
    assert "Wie viele Partner:innen?" in page
    assert "Nur wenn: „social_media“ ist „ja“" in page
    assert "In Planung" in page
    assert "Zahl ab 0 bis 999." in page


def test_script_in_questionnaire_texts_renders_inert(admin_client: Client, mini: Survey) -> None:
    wave = _draft(mini)
    evil = wave.questionnaire_text.replace(
        "title: Teil A", 'title: "<script>alert(1)</script> Teil A"'
    ).replace("label: Berlin", 'label: "<img src=x onerror=alert(2)>"')
    assert (
        admin_client.post(url("web:questionnaire_edit", "mini", "2025"), {"text": evil}).status_code
        == 302
    )
    for name in ("web:questionnaire_preview", "web:questionnaire_edit"):
        page = admin_client.get(url(name, "mini", "2025")).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_privacy_notice_is_edited_per_wave(admin_client: Client, mini: Survey) -> None:
    response = admin_client.post(
        url("web:privacy_notice", "mini", "2024"),
        {"privacy_notice": "Verantwortlich ist das Servicebüro.\nIhre Daten …"},
    )
    assert response.status_code == 302
    wave = mini.waves.get(key="2024")
    assert wave.privacy_text() == "Verantwortlich ist das Servicebüro.\nIhre Daten …\n"
    assert "privacy: |\n  Verantwortlich ist das Servicebüro.\n" in wave.questionnaire_text
    assert mini.waves.get(key="2023").privacy_text() == ""
    form = admin_client.get(url("web:privacy_notice", "mini", "2024")).content.decode()
    assert "Verantwortlich ist das Servicebüro." in form.split("<textarea")[1]
    assert AuditEntry.objects.filter(action="wave.privacy", wave="2024").exists()
    preview = admin_client.get(url("web:questionnaire_preview", "mini", "2024")).content.decode()
    assert "Verantwortlich ist das Servicebüro." in preview


def test_the_survey_settings_set_retention_and_erasure(admin_client: Client, mini: Survey) -> None:
    response = admin_client.post(
        url("web:survey_settings", "mini"), {"retention_months": "6", "erasure": "delete"}
    )
    assert response.status_code == 302
    mini.refresh_from_db()
    assert (mini.retention_months, mini.erasure) == (6, "delete")
    bad = admin_client.post(
        url("web:survey_settings", "mini"), {"retention_months": "-1", "erasure": "weg"}
    ).content.decode()
    assert "weg ist keine gültige Auswahl" in bad
    assert "größer oder gleich 0" in bad
    mini.refresh_from_db()
    assert (mini.retention_months, mini.erasure) == (6, "delete")


def test_a_wave_with_a_broken_questionnaire_cannot_be_opened(
    admin_client: Client, mini: Survey
) -> None:
    wave = _draft(mini)
    # Text that never went through the checks (e.g. written into the database by hand).
    Wave.objects.filter(pk=wave.pk).update(
        questionnaire_text=wave.questionnaire_text.replace("type: number", "type: nummer")
    )
    page = post_status(admin_client, wave, "open")
    assert "Der Fragebogen hat Probleme" in page
    assert "Unbekannter Fragetyp „nummer“." in page
    wave.refresh_from_db()
    assert wave.status == "draft"


def test_a_publication_can_be_withdrawn(admin_client: Client, mini: Survey) -> None:
    wave = mini.waves.get(key="2023")
    page = post_status(admin_client, wave, "closed")
    assert "ist jetzt „geschlossen“" in page
    wave.refresh_from_db()
    assert wave.status == "closed" and wave.published_at is None


def test_a_stale_copy_of_a_wave_cannot_repeat_a_status_change(mini: Survey) -> None:
    from django.utils import timezone

    from umfrage.store.models import WaveStatusError

    first = _draft(mini)
    second = Wave.objects.get(pk=first.pk)
    first.open(timezone.now())
    with pytest.raises(WaveStatusError, match="„offen“ kann nicht „offen“ werden"):
        second.open(timezone.now())
    second.close(timezone.now())
    assert Wave.objects.get(pk=first.pk).status == "closed"


def test_the_model_refuses_a_second_wave_with_the_same_id(mini: Survey) -> None:
    from umfrage.questionnaire.problems import ProblemsError

    with pytest.raises(ProblemsError, match="Die Welle „2023“ gibt es schon"):
        mini.waves.get(key="2024").start_next("2023", title="x")
    assert mini.waves.count() == 2


def test_a_dump_after_the_lifecycle_reads_back_as_a_valid_folder(
    mini: Survey, tmp_path: Path
) -> None:
    from django.utils import timezone

    from umfrage.store.folder import dump_survey_folder
    from umfrage.surveyfolder.survey import read_survey_folder

    wave = _draft(mini)
    wave.open(timezone.now())
    mini.refresh_from_db()
    dump_survey_folder(mini, tmp_path / "out")
    folder = read_survey_folder(tmp_path / "out")
    assert folder.config.wave_ids() == ["2023", "2024", "2025"]
    assert folder.config.wave("2025").status == "open"
    assert folder.waves["2025"].questionnaire.wave == "2025"


def test_the_questionnaire_downloads_as_it_is_stored(analyst_client: Client, mini: Survey) -> None:
    response = analyst_client.get(url("web:questionnaire_download", "mini", "2024"))
    assert response["Content-Disposition"] == 'attachment; filename="mini-2024-questionnaire.yaml"'
    assert response.content.decode("utf-8") == mini.waves.get(key="2024").questionnaire_text


def confirm_page(client: Client, wave: Wave, target: str) -> str:
    response = client.post(url("web:wave_status", wave.survey.slug, wave.key), {"target": target})
    assert response.status_code == 200
    return str(response.content.decode())


def test_every_status_change_first_says_what_happens_and_asks(
    admin_client: Client, mini: Survey
) -> None:
    wave = _draft(mini)
    page = confirm_page(admin_client, wave, "open")
    assert "Welle öffnen?" in page and "Was geschieht" in page
    assert '<input type="hidden" name="confirm" value="1">' in page
    assert "Ja, Welle öffnen" in page
    wave.refresh_from_db()
    assert wave.status == "draft"
    assert not AuditEntry.objects.filter(action="wave.status").exists()


def test_opening_warns_of_a_passed_field_period_and_another_open_wave(
    admin_client: Client, mini: Survey
) -> None:
    wave = _draft(mini)
    Wave.objects.filter(pk=wave.pk).update(closes=date(2020, 6, 30))
    Wave.objects.filter(survey=mini, key="2024").update(status="open")
    wave.refresh_from_db()
    page = confirm_page(admin_client, wave, "open")
    assert "Das Feldende (30.06.2020) ist schon vorbei" in page
    assert "Welle 2024 dieser Umfrage ist noch geöffnet" in page


def test_closing_early_warns_and_counts_unfinished_answers(
    admin_client: Client, mini: Survey
) -> None:
    wave = mini.waves.get(key="2024")
    Wave.objects.filter(pk=wave.pk).update(status="open", closes=date(2099, 6, 30))
    wave.refresh_from_db()
    page = confirm_page(admin_client, wave, "closed")
    assert "Die Feldzeit läuft noch bis 30.06.2099." in page
    partial = wave.responses.filter(status="partial").count()
    assert partial and f"{partial} Antwort" in page and "nicht abgeschickt" in page


def test_publishing_shows_the_public_preview_and_refuses_too_few_answers(
    admin_client: Client, publishable: Survey
) -> None:
    mini = publishable
    wave = mini.waves.get(key="2024")
    page = confirm_page(admin_client, wave, "published")
    assert "/ergebnisse/mini/2024/" in page
    assert 'href="/verwaltung/umfragen/mini/wellen/2024/ergebnisse/?fassung=oeffentlich"' in page
    # The survey asks for more complete answers than the wave has: refused, no button.
    config = mini.config_text.replace("publish_min_responses: 2", "publish_min_responses: 50")
    Survey.objects.filter(pk=mini.pk).update(config_text=config)
    wave.refresh_from_db()
    refused = confirm_page(admin_client, wave, "published")
    assert "veröffentlicht wird erst ab 50" in refused
    assert 'name="confirm"' not in refused
    forced = post_status(admin_client, wave, "published")  # posted past the page: refused too
    assert "veröffentlicht wird erst ab 50" in forced
    wave.refresh_from_db()
    assert wave.status == "closed"


def test_admin_forms_summarise_their_errors_in_german_and_leave_checking_to_the_server(
    admin_client: Client, mini: Survey
) -> None:
    """No browser bubble ("Please fill out this field."): the form is posted (novalidate) and
    the page names every problem at the top, each linked to its field, and at the field."""
    form = admin_client.get(url("web:wave_new", "mini")).content.decode()
    assert re.search(r'<form method="post"[^>]*novalidate>', form)
    page = admin_client.post(url("web:wave_new", "mini"), {"key": "", "title": ""}).content.decode()
    summary = page[page.index('class="errors" role="alert"') :]
    summary = summary[: summary.index("</div>")]
    assert "Bitte prüfen Sie Ihre Eingaben (3 Stellen):" in summary
    for field in ("previous", "key", "title"):
        assert f'<a href="#id_{field}">' in summary
    assert "Dieses Feld ist zwingend erforderlich." in summary
    assert 'id="id_key_error"' in page and 'aria-invalid="true"' in page
    assert 'tabindex="-1" autofocus>' in page  # the summary takes the focus, no script needed


def test_publishing_is_refused_when_suppression_would_leave_no_figure(
    admin_client: Client, load_mini: Any, empty_cache: None
) -> None:
    """Issue 20: 2025 was published with every cell "–". Enough complete answers for the
    survey's threshold, but each answer alone in its cell: nothing would be left to show."""
    lonely = R2024.replace(",12\n", ",\n").replace(",3\n", ",\n")
    lonely = lonely.replace(
        "H-2,,partial,HH,,,,,", "H-2,2024-05-13T09:00:00+02:00,complete,HH,nein,,,,"
    )
    mini = load_mini("mini", {"waves/2024/responses.csv": lonely})
    wave = mini.waves.get(key="2024")
    page = confirm_page(admin_client, wave, "published")
    assert "keine einzige Zahl übrig" in page
    assert 'name="confirm"' not in page
    forced = post_status(admin_client, wave, "published")
    assert "keine einzige Zahl übrig" in forced
    wave.refresh_from_db()
    assert wave.status == "closed"


def test_a_wave_with_a_figure_left_may_be_published(
    admin_client: Client, publishable: Survey, empty_cache: None
) -> None:
    # Three answers in one cell (min_cell 3) leave that figure visible.
    wave = publishable.waves.get(key="2024")
    assert 'name="confirm"' in confirm_page(admin_client, wave, "published")
    post_status(admin_client, wave, "published")
    wave.refresh_from_db()
    assert wave.status == "published"


def test_the_publish_confirmation_shows_what_the_public_will_see(
    admin_client: Client, publishable: Survey, empty_cache: None
) -> None:
    """Issue 20: the Kurzfassung and the first tables inline, from the same protected report
    that publishing stores, so staff see the public page before confirming."""
    wave = publishable.waves.get(key="2024")
    page = confirm_page(admin_client, wave, "published")
    start = page.index('<section class="public-preview"')
    preview = page[start : page.index("</section>", start)]
    assert '<h3 id="vorschau-titel">So sieht die öffentliche Seite aus (Auszug)</h3>' in preview
    assert "<h4>Kurzfassung</h4>" in preview and "<h4>Die ersten Tabellen</h4>" in preview
    assert "Synthetische Daten" in preview
    findings = re.findall(r'<p class="kf-[a-z]+">.*?</p>', preview)
    captions = re.findall(r"<caption[^>]*>(.*?)</caption>", preview)
    assert findings and 1 <= len(captions) <= 3
    # No second landmark of the page's own kind, no id twice, headings in order (h2 > h3 > …).
    assert "<main" not in preview and "<nav" not in preview and "<h2" not in preview
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert 'href="/verwaltung/umfragen/mini/wellen/2024/ergebnisse/?fassung=oeffentlich"' in preview
    # What was shown is what the public page then shows.
    post_status(admin_client, wave, "published")
    public = PublishedReport.objects.get(wave=wave).page_html
    for finding in findings:
        assert finding in public
    for caption in captions:
        assert caption in public


def test_a_refused_publication_shows_no_preview(admin_client: Client, publishable: Survey) -> None:
    config = publishable.config_text.replace(
        "publish_min_responses: 2", "publish_min_responses: 50"
    )
    Survey.objects.filter(pk=publishable.pk).update(config_text=config)
    page = confirm_page(admin_client, publishable.waves.get(key="2024"), "published")
    assert "veröffentlicht wird erst ab 50" in page
    assert "public-preview" not in page and "Kurzfassung" not in page
