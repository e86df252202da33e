"""Uploading the register, its list and download, through the real URLs."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from umfrage.governance.models import AuditEntry
from umfrage.store.models import Organisation, Survey
from umfrage.web.register import formula_safe

UPLOAD = reverse("web:register_upload", args=("mini",))
REGISTER = reverse("web:register", args=("mini",))


def upload(client: Client, text: str, encoding: str = "utf-8", name: str = "organisations.csv"):  # type: ignore[no-untyped-def]
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, text.encode(encoding))})


def test_the_register_lists_every_organisation(admin_client: Client, mini: Survey) -> None:
    page = admin_client.get(REGISTER).content.decode()
    assert "Organisationen (4)" in page
    assert "Bündnis Nord, Hamburg" in page
    assert (
        '<th scope="row"><a href="/verwaltung/umfragen/mini/organisationen/B-1/">B-1</a></th>'
        in page
    )
    # Labels where staff read, the code beside them for analysts; unnamed values as they are.
    assert '<td>Berlin <span class="code">(Code BE)</span></td><td>ge100k</td>' in page
    organisation = admin_client.get(reverse("web:organisation", args=("mini", "H-1")))
    assert '<dd>Hamburg <span class="code">(Code HH)</span></dd>' in organisation.content.decode()


def test_an_upload_updates_adds_and_removes_by_key(admin_client: Client, mini: Survey) -> None:
    text = (
        "id;name;bundesland;email;telefon\n"
        "B-1;Bündnis Mitte (neu);BE;neu@example.org;030 1\n"
        "B-2;Bündnis Pankow;BE;;\n"
        "S-1;Bündnis Süd;BY;sued@example.org;\n"
    )
    response = upload(admin_client, text, "cp1252")
    assert response.status_code == 302
    page = admin_client.get(REGISTER).content.decode()
    assert "1 neu, 2 geändert, 0 unverändert, 0 entfernt" in page
    # H-1 and H-2 have answers in 2023/2024, so they stay, but are not invited again.
    assert (
        "behalten, weil Antworten oder Einladungen dazu gehören (werden nicht mehr "
        "eingeladen): H-1, H-2" in page
    )
    assert not Organisation.objects.get(survey=mini, key="H-1").active
    keys = list(Organisation.objects.filter(survey=mini).values_list("key", flat=True))
    assert keys == ["B-1", "B-2", "S-1", "H-1", "H-2"]
    b1 = Organisation.objects.get(survey=mini, key="B-1")
    assert (b1.name, b1.email, b1.extra) == (
        "Bündnis Mitte (neu)",
        "neu@example.org",
        {"telefon": "030 1"},
    )
    mini.refresh_from_db()
    # Columns the file does not have keep their values; new ones are added.
    assert mini.register_columns[-1] == "telefon" and "contact_name" in mini.register_columns
    entry = AuditEntry.objects.get(action="register.uploaded")
    assert entry.details["added"] == 1 and entry.details["kept"] == ["H-1", "H-2"]


def test_an_organisation_without_answers_is_removed(admin_client: Client, mini: Survey) -> None:
    text = "id,name\nB-1,A\nB-2,B\nH-1,C\nH-2,D\nX-1,E\n"
    assert upload(admin_client, text).status_code == 302
    assert upload(admin_client, "id,name\nB-1,A\nB-2,B\nH-1,C\nH-2,D\n").status_code == 302
    assert not Organisation.objects.filter(survey=mini, key="X-1").exists()


def test_errors_name_line_and_column_and_nothing_changes(
    admin_client: Client, mini: Survey
) -> None:
    text = "id,name,email\nB-1,Bündnis Mitte,kaputt\nB-1,Doppelt,\nX-2,,\n"
    response = upload(admin_client, text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Datei wurde nicht übernommen; 3 Probleme" in page
    assert "Zeile 2: Spalte C („email“): „kaputt“ ist keine gültige E-Mail-Adresse." in page
    assert "Zeile 3: Spalte A („id“): Die Kennung „B-1“ steht schon in Zeile 2." in page
    assert "Zeile 4: Spalte B („name“): Der Name fehlt." in page
    assert Organisation.objects.get(survey=mini, key="B-1").email == "mitte@example.org"
    assert not AuditEntry.objects.filter(action="register.uploaded").exists()


def test_a_file_without_the_id_column_is_refused(admin_client: Client, mini: Survey) -> None:
    page = upload(admin_client, "name,email\nA,a@example.org\n").content.decode()
    assert "nicht übernommen" in page
    assert "id" in page
    assert Organisation.objects.filter(survey=mini).count() == 4


def test_a_binary_file_is_refused_in_plain_words(admin_client: Client, mini: Survey) -> None:
    response = admin_client.post(
        UPLOAD, {"file": SimpleUploadedFile("register.xlsx", b"PK\x03\x04\x00\x00binary")}
    )
    assert (
        "Die Excel-Datei ist nicht lesbar. → Öffnen Sie sie in Excel und speichern Sie sie "
        "erneut als .xlsx (oder als CSV)." in response.content.decode()
    )
    other = admin_client.post(
        UPLOAD, {"file": SimpleUploadedFile("register.csv", b"\x00\x01\x02binary\x00")}
    )
    assert "Die Datei wurde nicht übernommen" in other.content.decode()


def test_an_upload_without_a_file_says_so(admin_client: Client, mini: Survey) -> None:
    page = admin_client.post(UPLOAD, {}).content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in page


def test_script_in_organisation_names_renders_inert(admin_client: Client, mini: Survey) -> None:
    text = 'id,name\nB-1,"<script>alert(1)</script>"\nB-2,<b onmouseover=alert(2)>x</b>\nH-1,C\nH-2,D\n'
    assert upload(admin_client, text).status_code == 302
    for url in (REGISTER, reverse("web:organisation", args=("mini", "B-1"))):
        page = admin_client.get(url).content.decode()
        assert "<script>alert(1)" not in page
        assert "<b onmouseover" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_register_download_is_formula_safe(admin_client: Client, mini: Survey) -> None:
    text = 'id,name,email\nB-1,=HYPERLINK("http://x"),a@example.org\nB-2,+1,\nH-1,@SUM(A1),\nH-2,-2+3,\n'
    assert upload(admin_client, text).status_code == 302
    response = admin_client.get(reverse("web:register_download", args=("mini",)))
    assert response["Content-Disposition"] == 'attachment; filename="mini-register.csv"'
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    column = rows[0].index("name")
    names = [row[column] for row in rows[1:]]
    assert names == ['\'=HYPERLINK("http://x")', "'+1", "'@SUM(A1)", "'-2+3"]
    assert AuditEntry.objects.filter(action="register.downloaded").exists()


def test_formula_safe_leaves_ordinary_text_alone() -> None:
    assert formula_safe("Bündnis Mitte") == "Bündnis Mitte"
    assert formula_safe("=1+1") == "'=1+1"
    assert formula_safe("\t=1") == "'\t=1"
    assert formula_safe("") == ""


def test_an_excel_register_with_german_column_names_is_read(
    admin_client: Client, mini: Survey
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kennung", "Name", "Land", "E-Mail"])
    for row in (
        ("B-1", "Bündnis Mitte", "BE", "mitte@example.org"),
        ("B-2", "Bündnis Pankow", "BE", ""),
        ("H-1", "Bündnis Nord", "HH", ""),
        ("H-2", "Bündnis Altona", "HH", ""),
        ("N-1", "Bündnis Neu", "NI", "neu@example.org"),
    ):
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    response = admin_client.post(
        UPLOAD, {"file": SimpleUploadedFile("Register 2025.xlsx", data.getvalue())}
    )
    assert response.status_code == 302
    assert Organisation.objects.get(survey=mini, key="N-1").email == "neu@example.org"
    assert Organisation.objects.get(survey=mini, key="B-2").name == "Bündnis Pankow"


def test_an_upload_with_a_line_break_in_a_contact_name_is_refused_and_nothing_changes(
    admin_client: Client, mini: Survey
) -> None:
    before = list(Organisation.objects.filter(survey=mini).values_list("key", "contact_name"))
    text = 'id,name,contact_name,email\nB-1,Bündnis Mitte,"Kim\nMuster",mitte@example.org\n'
    response = upload(admin_client, text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Datei wurde nicht übernommen" in page
    assert (
        "Zeile 3: Spalte C („contact_name“): Der Eintrag enthält einen Zeilenumbruch (U+000A)."
        in page
    )
    after = list(Organisation.objects.filter(survey=mini).values_list("key", "contact_name"))
    assert after == before
    assert not AuditEntry.objects.filter(action="register.uploaded").exists()


def test_the_organisation_form_sets_the_register_language(
    admin_client: Client, mini: Survey
) -> None:
    """Issue 21: staff set an organisation's language on its page; it is audited and shown."""
    org = Organisation.objects.filter(survey=mini).order_by("position").first()
    assert org is not None
    url = reverse("web:organisation", args=("mini", org.key))
    page = admin_client.get(url).content.decode()
    assert "Sprache der Einladungen und des Fragebogens" in page
    assert '<option value="en">Englisch (en)</option>' in page
    assert admin_client.post(url, {"sprache-language": "en"}).status_code == 302
    org.refresh_from_db()
    assert org.language == "en"
    assert AuditEntry.objects.filter(action="organisation.language").exists()
    assert "<dd>Englisch</dd>" in admin_client.get(url).content.decode()
    refused = admin_client.post(url, {"sprache-language": "klingonisch"})
    assert refused.status_code == 200
    org.refresh_from_db()
    assert org.language == "en"
