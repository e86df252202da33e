"""Register import: CSV and Excel as spreadsheets save them, broken rows, updates by id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from umfrage.invitations.models import RegisterImport
from umfrage.invitations.register import import_register, read_register_file
from umfrage.invitations.sending import ensure_invitations
from umfrage.questionnaire.problems import ProblemsError
from umfrage.store.models import Invitation, Organisation, Response, Survey, Wave

pytestmark = pytest.mark.django_db

GERMAN_HEADER = "Kennung;Name;Land;Gemeinde;Ansprechperson;E-Mail\n"


@pytest.fixture
def survey() -> Survey:
    return Survey.objects.create(slug="register", title="Registertest", config_text="")


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "r.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def csv_rows(*rows: str) -> str:
    return "id,name,bundesland,email\n" + "".join(f"{r}\n" for r in rows)


def test_it_reads_a_latin1_semicolon_file_with_german_column_names(
    tmp_path: Path, survey: Survey
) -> None:
    path = write(
        tmp_path,
        GERMAN_HEADER + "b1;Bündnis Görlitz;Sachsen;Görlitz;Jörg Weiß;info@goerlitz.example\n",
        encoding="cp1252",
    )
    changes = import_register(survey, read_register_file(path))

    organisation = Organisation.objects.get(survey=survey, key="b1")
    assert changes.created == ["b1"]
    assert (organisation.name, organisation.bundesland, organisation.municipality) == (
        "Bündnis Görlitz",
        "Sachsen",
        "Görlitz",
    )
    assert (organisation.contact_name, organisation.email) == ("Jörg Weiß", "info@goerlitz.example")


def test_it_reads_a_utf8_file_with_byte_order_mark(tmp_path: Path, survey: Survey) -> None:
    path = write(
        tmp_path, "\ufeff" + csv_rows("b1,Bündnis Köln,Nordrhein-Westfalen,k@koeln.example")
    )
    import_register(survey, read_register_file(path))

    assert Organisation.objects.get(key="b1").name == "Bündnis Köln"


def test_it_reads_an_excel_register(tmp_path: Path, survey: Survey) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Name", "Bundesland", "E-Mail", "Gründungsjahr"])
    sheet.append([17, "Bündnis Jena", "Thüringen", "jena@example.org", 2005])
    sheet.append([None, None, None, None, None])
    sheet.append(["b18", "Bündnis Gera", "Thüringen", None, 2011])
    book.save(tmp_path / "register.xlsx")
    changes = import_register(survey, read_register_file(tmp_path / "register.xlsx"))

    assert changes.created == ["17", "b18"]
    jena = Organisation.objects.get(key="17")
    assert (jena.bundesland, jena.email, jena.extra) == (
        "Thüringen",
        "jena@example.org",
        {"Gründungsjahr": "2005"},
    )


def test_an_excel_file_that_cannot_be_read_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "kein Excel", name="register.xlsx")
    with pytest.raises(ProblemsError, match="Excel-Datei ist nicht lesbar"):
        read_register_file(path)


def test_broken_rows_are_all_reported_with_line_and_column_and_nothing_is_stored(
    tmp_path: Path, survey: Survey
) -> None:
    path = write(
        tmp_path,
        csv_rows(
            "b1,Bündnis A,Bayern,a@example.org",
            "b1,Bündnis B,Bayern,b@example.org",
            "b3,,Berlin,c@example.org",
            "b4,Bündnis D,Berlin,d-at-example.org",
            "b 5,Bündnis E,Berlin,e@example.org",
        ),
    )
    with pytest.raises(ProblemsError) as caught:
        import_register(survey, read_register_file(path))

    found = [(p.line, p.message) for p in caught.value.problems]
    assert found == [
        (3, "Spalte A („id“): Die Kennung „b1“ steht schon in Zeile 2."),
        (4, "Spalte B („name“): Der Name fehlt."),
        (5, "Spalte D („email“): „d-at-example.org“ ist keine gültige E-Mail-Adresse."),
        (6, "Spalte A („id“): „b 5“ ist keine gültige Kennung."),
    ]
    assert not Organisation.objects.exists()


def test_rows_that_do_not_fit_the_header_are_reported_by_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, csv_rows("b1,A,Bayern,a@example.org", "b2,B,Bayern", 'b3,"C,Bayern,c@x.de')
    )
    with pytest.raises(ProblemsError) as caught:
        read_register_file(path)

    assert next((p.line, p.message) for p in caught.value.problems) == (
        3,
        "Die Zeile hat 3 Felder, die Kopfzeile 4.",
    )


def test_an_overlong_value_is_reported_before_the_database_sees_it(tmp_path: Path) -> None:
    path = write(tmp_path, csv_rows(f"b1,Bündnis,{'X' * 41},a@example.org"))
    with pytest.raises(ProblemsError, match=r"Spalte C .* 41 Zeichen lang, erlaubt sind 40"):
        read_register_file(path)


def test_two_columns_meaning_the_same_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,Land,Bundesland\nb1,A,Bayern,Bayern\n")
    with pytest.raises(ProblemsError, match="„Land“ und „Bundesland“ meinen beide"):
        read_register_file(path)


def test_a_shared_address_is_a_warning_not_an_error(tmp_path: Path, survey: Survey) -> None:
    path = write(tmp_path, csv_rows("b1,A,Bayern,same@example.org", "b2,B,Bayern,Same@example.org"))
    changes = import_register(survey, read_register_file(path))

    assert changes.created == ["b1", "b2"]
    assert changes.warnings == [
        f"{path}:3: Spalte D: Die Adresse Same@example.org steht schon in Zeile 2; "
        "beide Organisationen erhalten je eine eigene Einladung."
    ]


def test_an_update_by_id_keeps_everything_with_history_and_reports_what_changed(
    tmp_path: Path, survey: Survey
) -> None:
    first = write(
        tmp_path,
        csv_rows(
            "b1,Bündnis A,Bayern,a@example.org",
            "b2,Bündnis B,Berlin,b@example.org",
            "b3,Bündnis C,Berlin,c@example.org",
            "b4,Bündnis D,Berlin,d@example.org",
        ),
        name="first.csv",
    )
    import_register(survey, read_register_file(first))
    wave = Wave.objects.create(survey=survey, key="2030", questionnaire_text="", status="open")
    invited = Invitation.objects.create(
        wave=wave, organisation=Organisation.objects.get(key="b2"), state="sent"
    )
    answered = Response.objects.create(wave=wave, organisation=Organisation.objects.get(key="b4"))
    second = write(
        tmp_path,
        csv_rows("b1,Bündnis A,Bayern,neu@example.org", "b5,Bündnis E,Sachsen,e@example.org"),
        name="second.csv",
    )
    changes = import_register(survey, read_register_file(second))

    assert changes.created == ["b5"]
    assert changes.updated == {"b1": {"email": ("a@example.org", "neu@example.org")}}
    assert changes.deactivated == ["b2", "b4"]
    assert changes.deleted == ["b3"]
    assert dict(Organisation.objects.values_list("key", "active")) == {
        "b1": True,
        "b2": False,
        "b4": False,
        "b5": True,
    }
    invited.refresh_from_db()
    answered.refresh_from_db()
    assert invited.organisation.key == "b2" and answered.organisation is not None
    ensure_invitations(wave)
    assert set(Invitation.objects.values_list("organisation__key", flat=True)) == {"b1", "b2", "b5"}
    record = RegisterImport.objects.get(file_name=str(second))
    assert record.updated == {"b1": {"email": ["a@example.org", "neu@example.org"]}}
    assert record.deleted == ["b3"]


def test_an_organisation_that_returns_is_invited_again(tmp_path: Path, survey: Survey) -> None:
    both = write(tmp_path, csv_rows("b1,A,Bayern,a@example.org", "b2,B,Bayern,b@example.org"))
    import_register(survey, read_register_file(both))
    wave = Wave.objects.create(survey=survey, key="2030", questionnaire_text="")
    ensure_invitations(wave)
    only_one = write(tmp_path, csv_rows("b1,A,Bayern,a@example.org"), name="one.csv")
    import_register(survey, read_register_file(only_one))
    changes = import_register(survey, read_register_file(both))

    assert changes.reactivated == ["b2"]
    assert Organisation.objects.get(key="b2").active


def test_a_dry_run_reports_but_changes_nothing(tmp_path: Path, survey: Survey) -> None:
    path = write(tmp_path, csv_rows("b1,A,Bayern,a@example.org"))
    changes = import_register(survey, read_register_file(path), dry_run=True)

    assert changes.created == ["b1"]
    assert not Organisation.objects.exists() and not RegisterImport.objects.exists()


def test_reimporting_the_same_file_changes_nothing(tmp_path: Path, survey: Survey) -> None:
    path = write(tmp_path, csv_rows("b1,A,Bayern,a@example.org"))
    import_register(survey, read_register_file(path))
    again = import_register(survey, read_register_file(path))

    assert not again.changed() and again.unchanged == 1


def test_the_importer_accepts_any_survey_folder_register(tmp_path: Path, kit: Any) -> None:
    rows = kit.register_rows(3)
    text = ",".join(rows[0]) + "\n" + "".join(",".join(r.values()) + "\n" for r in rows)
    read = read_register_file(write(tmp_path, text))

    assert [o.id for o in read.register.organisations] == ["b001", "b002", "b003"]


def test_broken_excel_rows_are_reported_by_sheet_row(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name", "E-Mail"])
    sheet.append(["b1", "A", "a@example.org"])
    sheet.append(["b2", "B", "b@example.org", "übrig"])
    sheet.append(["b3", None, "kaputt"])
    book.save(tmp_path / "r.xlsx")
    with pytest.raises(ProblemsError) as caught:
        read_register_file(tmp_path / "r.xlsx")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (3, "Die Zeile hat Werte in Spalten ohne Überschrift (ab Spalte D).")
    ]
    sheet.delete_rows(3)
    book.save(tmp_path / "r.xlsx")
    with pytest.raises(ProblemsError) as caught:
        read_register_file(tmp_path / "r.xlsx")

    assert [(p.line, p.message) for p in caught.value.problems] == [
        (3, "Spalte B („name“): Der Name fehlt."),
        (3, "Spalte C („email“): „kaputt“ ist keine gültige E-Mail-Adresse."),
    ]


def test_the_active_column_takes_an_organisation_out_of_the_register_and_back(
    tmp_path: Path, survey: Survey
) -> None:
    both = write(tmp_path, csv_rows("b1,A,Bayern,a@example.org", "b2,B,Bayern,b@example.org"))
    import_register(survey, read_register_file(both))
    header = "Kennung;Name;Land;E-Mail;Aktiv\n"
    out = write(tmp_path, header + "b1;A;Bayern;a@example.org;1\nb2;B;Bayern;b@example.org;0\n")
    changes = import_register(survey, read_register_file(out))
    assert changes.deactivated == ["b2"] and not changes.reactivated
    assert not Organisation.objects.get(key="b2").active
    assert Organisation.objects.get(key="b1").active
    assert "Aktiv" not in Organisation.objects.get(key="b2").extra

    back = write(tmp_path, header + "b1;A;Bayern;a@example.org;\nb2;B;Bayern;b@example.org;ja\n")
    changes = import_register(survey, read_register_file(back))
    assert changes.reactivated == ["b2"] and not changes.deactivated
    assert Organisation.objects.get(key="b2").active


def test_a_value_the_active_column_does_not_know_is_reported_with_line_and_column(
    tmp_path: Path, survey: Survey
) -> None:
    path = write(tmp_path, "id,name,active\nb1,A,1\nb2,B,vielleicht\n")
    with pytest.raises(ProblemsError) as raised:
        read_register_file(path)
    [problem] = raised.value.problems
    assert problem.line == 3
    assert problem.message == "Spalte C („active“): „vielleicht“ ist kein gültiger Wert."
    assert not Organisation.objects.exists()


def test_a_line_break_in_a_field_that_reaches_a_mail_header_is_refused_with_line_and_column(
    tmp_path: Path, survey: Survey
) -> None:
    path = write(
        tmp_path,
        "id,name,contact_name,email\n"
        'b1,Bündnis A,"Kim\nMuster",a@example.org\n'
        'b2,"Bündnis\rB",,b@example.org\n'
        "b3,Bündnis C,Kim\x0bMuster,c@example.org\n"
        "b4,Bündnis D,Kim Muster,d@example.org\n",
    )
    with pytest.raises(ProblemsError) as caught:
        import_register(survey, read_register_file(path))

    # The line is where the record ends (csv's line count): a quoted line break spans two.
    found = [(p.file, p.line, p.message) for p in caught.value.problems]
    assert found == [
        (
            str(path),
            3,
            "Spalte C („contact_name“): Der Eintrag enthält einen Zeilenumbruch (U+000A).",
        ),
        (str(path), 5, "Spalte B („name“): Der Eintrag enthält einen Zeilenumbruch (U+000D)."),
        (
            str(path),
            6,
            "Spalte C („contact_name“): Der Eintrag enthält ein Steuerzeichen (U+000B).",
        ),
    ]
    assert not Organisation.objects.exists()
