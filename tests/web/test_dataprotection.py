"""DSGVO: access export, erasure per organisation, and the retention period."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse

from umfrage.cli import main
from umfrage.governance.dataprotection import add_months, apply_retention, erase_organisation
from umfrage.governance.models import AuditEntry
from umfrage.store.models import Invitation, Organisation, Response, ResponseHistory, Survey

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _invite(survey: Survey, key: str, wave: str, token: str) -> Invitation:
    return Invitation.objects.create(
        wave=survey.waves.get(key=wave),
        organisation=Organisation.objects.get(survey=survey, key=key),
        token_hash=Invitation.hash_token(token),
        message_id=f"<{key}-{wave}@example.org>",  # a Message-ID never holds the token
        state="sent",
    )


def test_the_export_holds_everything_stored_about_the_organisation(
    admin_client: Client, mini: Survey
) -> None:
    _invite(mini, "B-1", "2024", "geheim")
    response = admin_client.get(reverse("web:organisation_export", args=("mini", "B-1")))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="auskunft-mini-B-1.json"'
    data = json.loads(response.content)
    assert data["organisation"]["email"] == "mitte@example.org"
    assert data["organisation"]["ansprechperson"] == "Anna Beispiel"
    assert data["organisation"]["weitere_angaben"] == {"telefon": "030 123"}
    assert [a["welle"] for a in data["antworten"]] == ["2023", "2024"]
    answers_2024 = data["antworten"][1]["antworten"]
    assert answers_2024["kanaele.other"] == "Threads, Bluesky"
    assert data["antworten"][1]["verlauf"][0]["quelle"] == "import"
    assert data["einladungen"][0]["persoenlicher_link_vorhanden"] is True
    # Words beside the codes: the person asking reads labels, an analyst finds the stored values.
    assert data["organisation"]["bundesland_text"] == "Berlin"
    assert data["organisation"]["gemeindegroesse_text"] == "ge100k"  # no question names it
    assert (data["antworten"][1]["status"], data["antworten"][1]["status_text"]) == (
        "complete",
        "vollständig",
    )
    assert data["einladungen"][0]["status_text"] == "versandt"
    readable = {a["frage"]: a for a in data["antworten"][1]["antworten_lesbar"]}
    assert readable["bundesland"]["fragetext"] == "Bundesland?"
    assert readable["bundesland"]["antwort"] == ["Berlin"]
    assert "geheim" not in response.content.decode()
    # The export itself is logged first, so it names itself.
    assert [e["beschreibung"] for e in data["protokoll"]] == ["Auskunft über B-1 erstellt."]


def test_erasure_needs_the_key_typed_as_confirmation(admin_client: Client, mini: Survey) -> None:
    url = reverse("web:organisation_erase", args=("mini", "B-1"))
    page = admin_client.post(url, {"confirm": "B-2"}).content.decode()
    assert "stimmt nicht mit der Kennung „B-1“ überein" in page
    assert Organisation.objects.get(survey=mini, key="B-1").email == "mitte@example.org"


def test_erasure_anonymises_answers_by_default(admin_client: Client, mini: Survey) -> None:
    invitation = _invite(mini, "B-1", "2024", "geheim")
    before = Response.objects.filter(wave__survey=mini).count()
    response = admin_client.post(
        reverse("web:organisation_erase", args=("mini", "B-1")), {"confirm": "B-1"}
    )
    assert response.status_code == 302
    org = Organisation.objects.get(survey=mini, key="B-1")
    assert (org.contact_name, org.email, org.extra) == ("", "", {})
    assert org.erased_at is not None
    # The name identifies the alliance and goes too (issue 16); structure stays for statistics.
    assert org.name == "[gelöscht]" and org.municipality == ""
    assert org.bundesland == "BE" and org.gemeindegroesse == "ge100k"
    invitation.refresh_from_db()
    assert invitation.token_hash is None and invitation.message_id == ""
    assert invitation.state == "opted_out"
    assert not Response.objects.filter(organisation=org).exists()
    assert Response.objects.filter(wave__survey=mini).count() == before
    anonymous = Response.objects.get(wave__key="2024", wave__survey=mini, position=0)
    assert anonymous.organisation is None
    assert anonymous.answers == {
        "bundesland": "BE",
        "social_media": "ja",
        "kanaele": ["insta", "sonstige"],
        "partner": 12,
    }
    # No history entry anywhere still holds the free text.
    assert not any(
        "kanaele.other" in h.answers
        for h in ResponseHistory.objects.filter(response__wave__survey=mini)
    )
    entry = AuditEntry.objects.get(action="organisation.erased")
    assert entry.organisation == "B-1"
    assert "mitte@example.org" not in entry.summary


def test_erasure_deletes_answers_when_the_survey_says_so(mini: Survey) -> None:
    mini.erasure = "delete"
    mini.save()
    org = Organisation.objects.get(survey=mini, key="B-1")
    result = erase_organisation(org, NOW)
    assert result.responses_deleted == 2
    assert not Response.objects.filter(organisation=org).exists()
    assert Response.objects.filter(wave__survey=mini).count() == 4


def test_an_old_register_file_does_not_bring_erased_contacts_back(
    admin_client: Client, mini: Survey
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    erase_organisation(Organisation.objects.get(survey=mini, key="B-1"), NOW)
    text = "id,name,email\nB-1,Bündnis Mitte,mitte@example.org\nB-2,B,\nH-1,C,\nH-2,D,\n"
    admin_client.post(
        reverse("web:register_upload", args=("mini",)),
        {"file": SimpleUploadedFile("o.csv", text.encode())},
    )
    assert Organisation.objects.get(survey=mini, key="B-1").email == ""
    page = admin_client.get(reverse("web:register", args=("mini",))).content.decode()
    assert "nicht übernommen: B-1" in page


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 6, 28), 12, date(2025, 6, 28)),
        (date(2024, 11, 15), 3, date(2025, 2, 15)),
        (date(2024, 5, 1), 0, date(2024, 5, 1)),
    ],
)
def test_add_months_keeps_the_day_where_the_month_has_it(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def _closed_survey(mini: Survey, months: int) -> None:
    mini.retention_months = months
    mini.save()
    # 2023 ended 2023-06-30, 2024 ended 2024-06-28 (from survey.yaml; no closing time stored).
    _invite(mini, "B-1", "2023", "t2023")
    _invite(mini, "B-1", "2024", "t2024")


def test_retention_clears_tokens_of_waves_past_their_period_only(mini: Survey) -> None:
    _closed_survey(mini, 24)
    result = apply_retention(datetime(2025, 12, 1, tzinfo=UTC))
    assert result.waves == ["mini 2023"]
    assert result.invitations == 1
    assert result.organisations == 0
    assert Invitation.objects.get(wave__key="2023").token_hash is None
    assert Invitation.objects.get(wave__key="2024").token_hash is not None
    assert Organisation.objects.get(survey=mini, key="B-1").email == "mitte@example.org"


def test_retention_blanks_the_sent_messages_of_waves_past_their_period(mini: Survey) -> None:
    from umfrage.invitations.models import Message

    _closed_survey(mini, 24)
    for invitation in Invitation.objects.filter(organisation__key="B-1"):
        Message.objects.create(
            invitation=invitation,
            kind="invitation",
            number=0,
            message_id=f"<m-{invitation.wave.key}@example.org>",
            token_hash=Invitation.hash_token(f"m{invitation.wave.key}"),
            recipient="mitte@example.org",
            state="sent",
            last_error="451 mitte@example.org: später",
        )
    result = apply_retention(datetime(2025, 12, 1, tzinfo=UTC))
    assert result.messages == 1
    old = Message.objects.get(invitation__wave__key="2023")
    assert (old.recipient, old.last_error, old.token_revoked) == ("", "", True)
    assert "m-2023" not in old.message_id
    assert old.token_hash != Invitation.hash_token("m2023")
    assert old.state == "sent"  # kept for the statistics
    assert Message.objects.get(invitation__wave__key="2024").recipient == "mitte@example.org"


def test_retention_clears_register_contacts_once_every_wave_is_past(mini: Survey) -> None:
    _closed_survey(mini, 12)
    result = apply_retention(NOW)
    assert result.waves == ["mini 2023", "mini 2024"]
    assert result.organisations == 3  # H-2 had no contact data
    assert not Organisation.objects.filter(survey=mini).exclude(email="").exists()
    assert Organisation.objects.get(survey=mini, key="B-1").extra == {}
    # Running again finds nothing new.
    again = apply_retention(NOW)
    assert (again.waves, again.invitations, again.organisations) == ([], 0, 0)


def test_an_open_wave_keeps_the_register(mini: Survey) -> None:
    _closed_survey(mini, 1)
    mini.waves.get(key="2024").start_next("2025", title="x").open(NOW)
    result = apply_retention(NOW)
    assert result.organisations == 0
    assert result.waves == ["mini 2023", "mini 2024"]


def test_no_retention_setting_keeps_everything(mini: Survey) -> None:
    _closed_survey(mini, 1)
    mini.retention_months = None
    mini.save()
    assert apply_retention(NOW).waves == []


def test_a_dry_run_counts_without_deleting(mini: Survey) -> None:
    _closed_survey(mini, 12)
    result = apply_retention(NOW, dry_run=True)
    assert (result.invitations, result.organisations) == (2, 3)
    assert Invitation.objects.exclude(token_hash=None).count() == 2


def test_the_retention_command_reports_and_logs(mini: Survey) -> None:
    _closed_survey(mini, 12)
    result = CliRunner().invoke(main, ["retention"])
    assert result.exit_code == 0, result.output
    assert "Wellen mit abgelaufener Frist: mini 2023, mini 2024" in result.output
    assert "Einladungen ohne persönlichen Link: 2 gelöscht" in result.output
    assert "Organisationen ohne Kontaktdaten: 3 gelöscht" in result.output
    entry = AuditEntry.objects.get(action="retention.applied")
    assert entry.actor_name == "System"


def test_script_in_answers_stays_inert_in_the_export(admin_client: Client, mini: Survey) -> None:
    response = Response.objects.get(wave__key="2024", organisation__key="B-1")
    response.record(
        {**response.answers, "kanaele.other": "<script>alert(1)</script>"},
        status="complete",
        by="test",
        source="web",
    )
    download = admin_client.get(reverse("web:organisation_export", args=("mini", "B-1")))
    assert download["Content-Type"].startswith("application/json")
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert json.loads(download.content)["antworten"][1]["antworten"]["kanaele.other"] == (
        "<script>alert(1)</script>"
    )
    page = admin_client.get(reverse("web:organisation", args=("mini", "B-1"))).content.decode()
    assert "<script>" not in page


def test_the_register_command_does_not_bring_erased_contacts_back_either(
    mini: Survey, tmp_path: Path
) -> None:
    from umfrage.invitations.register import import_register, read_register_file

    erase_organisation(Organisation.objects.get(survey=mini, key="B-1"), NOW)
    path = tmp_path / "alt.csv"
    path.write_text(
        "id,name,contact_name,email,telefon\nB-1,Bündnis Mitte,Eva Muster,mitte@example.org,030 1\n"
        "B-2,B,,,\nH-1,C,,,\nH-2,D,,,\n",
        encoding="utf-8",
    )
    changes = import_register(mini, read_register_file(path))
    org = Organisation.objects.get(survey=mini, key="B-1")
    assert (org.contact_name, org.email, org.extra) == ("", "", {})
    assert changes.erased == ["B-1"]
    assert "B-1" not in changes.updated  # nothing to report: the file's contacts were left out


def test_an_organisation_is_found_by_whole_words_in_any_case_and_spacing(mini: Survey) -> None:
    from umfrage.governance.dataprotection import identifying_terms, term_pattern

    pattern = term_pattern(identifying_terms(Organisation.objects.get(survey=mini, key="B-1")))
    assert pattern is not None
    assert pattern.search("Grüße an das BÜNDNIS \n  mitte!")
    assert pattern.search("Schreiben Sie an Mitte@Example.org.")
    assert pattern.search("Telefon 030  123")
    assert not pattern.search("Bündnis Mittelfranken")  # not a whole word
    assert not pattern.search("Das Bündnis aus der Mitte Berlins")  # other words: the limit
    assert not pattern.search("BE ge100k")  # structure is no identifying term
