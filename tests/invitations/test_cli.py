"""`umfrage invite`, `umfrage register import` and `umfrage status` as a user runs them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from umfrage.cli import main
from umfrage.store.models import Invitation, Organisation, Response, Survey

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_invite_sends_and_summarises(smtp_settings: Any, make_wave: Any) -> None:
    make_wave(3)
    result = run("invite", "--wave", "2030")

    assert result.exit_code == 0, result.output
    assert "Welle 2030: 3 Einladung(en) versandt." in result.stdout
    assert "Einladungen" in result.stderr  # the progress bar (only its label off a terminal)
    assert len(smtp_settings.handler.received) == 3


def test_invite_dry_run_lists_recipients_and_shows_the_letter(
    smtp_settings: Any, make_wave: Any
) -> None:
    make_wave(2)
    result = run("invite", "--wave", "2030", "--dry-run", "--limit", "1")

    assert result.exit_code == 0, result.output
    assert "Probelauf für Welle 2030: 1 Einladung(en) würden versandt: b001\n" in result.stdout
    assert "  1 über die Höchstzahl dieses Laufs hinaus: b002\n" in result.stdout
    assert "https://umfrage.example/t/PERSOENLICHER-LINK" in result.stdout
    assert smtp_settings.handler.received == []


def test_invite_lists_refused_addresses_on_stderr(
    smtp_settings: Any, make_wave: Any, kit: Any
) -> None:
    smtp_settings.behaviour.refuse.add(kit.address(1))
    make_wave(2)
    result = run("invite", "--wave", "2030")

    assert result.exit_code == 0
    assert (
        "1 fehlgeschlagen (Adresse prüfen):\n  b001: 550 5.1.1 Postfach unbekannt" in result.stderr
    )


def test_invite_for_an_unknown_wave_fails_in_plain_words(make_wave: Any) -> None:
    make_wave(1)
    result = run("invite", "--wave", "2099")

    assert result.exit_code == 1
    assert "Die Umfrage „testumfrage“ hat keine Welle „2099“." in result.stderr
    assert "Vorhandene Wellen: 2030." in result.stderr
    assert "Traceback" not in result.output


def test_invite_for_a_closed_wave_says_why_it_refuses(smtp_settings: Any, make_wave: Any) -> None:
    make_wave(1, status="draft")
    result = run("invite", "--wave", "2030")

    assert result.exit_code == 1
    assert "nicht zum Antworten geöffnet (Status: Entwurf" in result.stderr


def test_invite_new_link_sends_a_fresh_link(smtp_settings: Any, make_wave: Any, kit: Any) -> None:
    make_wave(2)
    run("invite", "--wave", "2030")
    result = run("invite", "--wave", "2030", "--new-link", "b002")

    assert result.exit_code == 0, result.output
    assert "Alte Links von b002 gesperrt" in result.stdout
    assert "1 Einladung(en) versandt" in result.stdout
    copies = smtp_settings.handler.by_recipient()[kit.address(2)]
    assert len({c.message_id for c in copies}) == 2
    # Withdrawing links from the command line is in the audit log like the page's button.
    from umfrage.governance.models import AuditEntry

    [entry] = AuditEntry.objects.filter(action="invitations.new_link")
    assert (entry.organisation, entry.wave) == ("b002", "2030")
    assert entry.actor_name.endswith("(Befehlszeile)")


def test_invite_new_link_for_an_unknown_organisation_fails(make_wave: Any) -> None:
    make_wave(1)
    result = run("invite", "--wave", "2030", "--new-link", "x9")

    assert result.exit_code == 1
    assert "Die Organisation „x9“ ist nicht im Register der Welle 2030." in result.stderr


def test_invite_new_link_works_for_an_organisation_never_invited(
    smtp_settings: Any, make_wave: Any, kit: Any
) -> None:
    """Before, `--new-link` failed for an organisation of the register without an invitation
    row yet (no run had reached it)."""
    make_wave(3)
    result = run("invite", "--wave", "2030", "--new-link", "b003")

    assert result.exit_code == 0, result.output
    assert "Alte Links von b003 gesperrt" in result.stdout
    assert len(smtp_settings.handler.by_recipient()[kit.address(3)]) == 1


def test_register_import_reports_the_changes(make_wave: Any, tmp_path: Path) -> None:
    make_wave(2)
    path = tmp_path / "neu.csv"
    path.write_text(
        "id,name,bundesland,email\n"
        "b001,Lokales Bündnis für Familie Nr. 1,Bayern,neu@example.org\n"
        "b003,Neues Bündnis,Bremen,b3@example.org\n",
        encoding="utf-8",
    )
    result = run("register", "import", str(path), "--survey", "testumfrage")

    assert result.exit_code == 0, result.output
    assert "1 neu, 1 geändert, 0 unverändert, 0 ausgeschieden" in result.stdout
    assert "1 gelöscht" in result.stdout
    assert (
        "geändert: b001: bundesland: „Berlin“ → „Bayern“; "
        "email: „buendnis001@example.org“ → „neu@example.org“\n"
    ) in result.stdout
    # Columns the file does not have are left as they were.
    assert Organisation.objects.get(key="b001").contact_name == "Kim Muster 1"
    assert Organisation.objects.get(key="b003").name == "Neues Bündnis"


def test_register_import_of_a_broken_file_stores_nothing(make_wave: Any, tmp_path: Path) -> None:
    make_wave(1)
    path = tmp_path / "kaputt.csv"
    path.write_text("id,name,email\nb001,,x\nb002,B,b@example.org\n", encoding="utf-8")
    result = run("register", "import", str(path))

    assert result.exit_code == 1
    assert f"{path}:2: Spalte B („name“): Der Name fehlt." in result.stderr
    assert f"{path}:2: Spalte C („email“): „x“ ist keine gültige E-Mail-Adresse." in result.stderr
    assert not Organisation.objects.filter(key="b002").exists()


def test_register_import_needs_the_survey_when_there_are_several(
    make_wave: Any, tmp_path: Path
) -> None:
    make_wave(1)
    Survey.objects.create(slug="zweite", title="Zweite", config_text="")
    path = tmp_path / "r.csv"
    path.write_text("id,name\nb1,B\n", encoding="utf-8")
    result = run("register", "import", str(path))

    assert result.exit_code == 1
    assert "Geben Sie --survey an (vorhanden: testumfrage, zweite)." in result.stderr


def test_status_shows_the_response_rate_per_land(smtp_settings: Any, make_wave: Any) -> None:
    wave = make_wave(3)
    run("invite", "--wave", "2030")
    Response.objects.create(
        wave=wave, organisation=Organisation.objects.get(key="b001"), status="complete"
    )
    Invitation.objects.filter(organisation__key="b002").update(state="opted_out")
    result = run("status", "--wave", "2030")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Umfrage testumfrage, Welle 2030 (Status: offen, Feldende 30.06.2099)"
    assert lines[2].split() == ["Gesamt", "3", "3", "1", "0", "1", "33,3", "%"]
    assert lines[3].split() == ["Bayern", "1", "1", "0", "0", "0", "0,0", "%"]
    assert lines[4].split() == ["Berlin", "1", "1", "1", "0", "1", "100,0", "%"]
    assert "Versand: 0 fehlgeschlagen, 1 abgemeldet" in result.stdout


def test_invite_ends_with_an_error_when_messages_had_to_be_put_back(
    smtp_settings: Any, make_wave: Any, kit: Any, settings: Any
) -> None:
    settings.UMFRAGE_SMTP_ATTEMPTS = 1
    smtp_settings.behaviour.defer[kit.address(1)] = 1
    make_wave(2)
    result = run("invite", "--wave", "2030")

    assert result.exit_code == 1
    assert "zurückgestellt b001: 451 4.3.2 Bitte später noch einmal" in result.stderr
    assert "1 Nachricht(en) konnten noch nicht übergeben werden." in result.stderr
    again = run("invite", "--wave", "2030")
    assert again.exit_code == 0
    assert "1 angefangene Nachricht(en) aus einem früheren Lauf erneut übergeben" in again.stdout


def test_register_import_reads_excel(make_wave: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook

    make_wave(1)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kennung", "Name", "Land", "E-Mail"])
    sheet.append(["b001", "Lokales Bündnis für Familie Nr. 1", "Berlin", "buendnis001@example.org"])
    sheet.append(["b777", "Bündnis Neu", "Hessen", "neu@example.org"])
    book.save(tmp_path / "register.xlsx")
    result = run("register", "import", str(tmp_path / "register.xlsx"))

    assert result.exit_code == 0, result.output
    assert "1 neu, 0 geändert, 1 unverändert" in result.stdout
    assert Organisation.objects.get(key="b777").bundesland == "Hessen"


def test_invite_reminder_reminds_those_who_have_not_answered(
    smtp_settings: Any, make_wave: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from umfrage.invitations.models import Message

    wave = make_wave(3)
    run("invite", "--wave", "2030")
    Message.objects.update(sent_at=timezone.now() - timedelta(days=4))
    Response.objects.create(
        wave=wave, organisation=Organisation.objects.get(key="b002"), status="complete"
    )
    result = run("invite", "--wave", "2030", "--reminder")

    assert result.exit_code == 0, result.output
    assert "Welle 2030: 2 Erinnerung(en) versandt." in result.stdout
    reminded = [c.recipients[0] for c in smtp_settings.handler.received[3:]]
    assert reminded == ["buendnis001@example.org", "buendnis003@example.org"]


def test_a_dry_run_summarises_hundreds_of_recipients_and_names_the_first(
    smtp_settings: Any, make_wave: Any
) -> None:
    make_wave(25)
    result = run("invite", "--wave", "2030", "--dry-run")

    assert result.exit_code == 0, result.output
    first = ", ".join(f"b{i:03d}" for i in range(1, 11))
    assert f"25 Einladung(en) würden versandt: {first} … und 15 weitere (--show-all)" in (
        result.stdout
    )
    assert "b011" not in result.stdout
    everyone = run("invite", "--wave", "2030", "--dry-run", "--show-all").stdout
    assert ", ".join(f"b{i:03d}" for i in range(1, 26)) + "\n" in everyone


def test_a_reminder_dry_run_says_why_nobody_would_be_reminded(
    smtp_settings: Any, make_wave: Any
) -> None:
    """Each organisation is counted under the first reason that keeps it from a reminder, and
    when the only reason is the gap to the last message, the run says when one is due."""
    wave = make_wave(5)
    assert run("invite", "--wave", "2030", "--limit", "4").exit_code == 0  # b005 not invited
    Invitation.objects.filter(wave=wave, organisation__key="b001").update(
        state=Invitation.State.OPTED_OUT
    )
    Response.objects.create(
        wave=wave,
        organisation=Organisation.objects.get(key="b002"),
        status=Response.Status.COMPLETE,
        answers={},
    )
    Organisation.objects.filter(key="b003").update(email="")
    result = run("invite", "--wave", "2030", "--reminder", "--dry-run")

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Probelauf für Welle 2030: 0 Erinnerung(en) würden versandt.\n" in out
    assert "  1 ohne E-Mail-Adresse: b003\n" in out
    assert "  1 noch nicht eingeladen: b005\n" in out
    assert "  1 hat sich abgemeldet: b001\n" in out
    assert "  1 hat vollständig geantwortet: b002\n" in out
    assert "angeschrieben: b004\n" in out
    assert "Die nächste Erinnerung ist frühestens am " in out
