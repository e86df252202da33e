"""The admin import page through its real URLs: dry run first, then exactly that plan, once."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from umfrage.governance.models import AuditEntry
from umfrage.importers.staging import MAX_AGE, staging_root, sweep
from umfrage.store.models import Response, ResponseHistory, Survey, Wave

IMPORT = reverse("web:import", args=("mini",))
LSS = Path(__file__).resolve().parents[1] / "importers" / "fixtures" / "ls6_all_types.lss"
BROKEN_LSS = Path(__file__).resolve().parents[1] / "importers" / "fixtures" / "broken_truncated.lss"

HEADER = "organisation,submitted_at,status,bundesland,social_media,kanaele.insta,kanaele.sonstige,kanaele.other,partner\n"
NEW_ROWS = HEADER + (
    "H-1,2024-05-20T10:00:00+02:00,complete,HH,nein,,,,7\n"
    ",2024-05-21T10:00:00+02:00,complete,BE,ja,1,,,2\n"
)


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def upload(client: Client, name: str, data: bytes, **fields: Any) -> Any:
    payload: dict[str, Any] = {"file": SimpleUploadedFile(name, data), "wave": "2024"}
    payload.update(fields)
    return client.post(IMPORT, payload)


def token_of(response: Any) -> str:
    assert response.status_code == 302, response.content.decode()[:3000]
    match = re.search(r"/import/([A-Za-z0-9_-]{43})/$", response["Location"])
    assert match, response["Location"]
    return match.group(1)


def plan_page(client: Client, token: str) -> str:
    response = client.get(reverse("web:import_plan", args=("mini", token)))
    assert response.status_code == 200
    return response.content.decode()


def fingerprint_in(page: str) -> str:
    match = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', page)
    assert match, page
    return match.group(1)


def run(client: Client, token: str, fingerprint: str) -> Any:
    return client.post(
        reverse("web:import_run", args=("mini", token)), {"fingerprint": fingerprint}
    )


def count_2024() -> int:
    return Response.objects.filter(wave__survey__slug="mini", wave__key="2024").count()


def test_the_dry_run_shows_the_plan_and_stores_nothing(admin_client: Client, mini: Survey) -> None:
    before = count_2024()
    token = token_of(upload(admin_client, "antworten.csv", NEW_ROWS.encode()))
    page = plan_page(admin_client, token)
    assert "Noch ist nichts gespeichert." in page
    assert "Antworten: 2 neu, 0 geändert, 0 schon vorhanden (unverändert)." in page
    assert "antworten.csv (responses.csv)" in page
    assert '<button type="submit">Import ausführen</button>' in page
    assert count_2024() == before
    assert not AuditEntry.objects.filter(action="import.applied").exists()
    # The file waits on the server under the token, nowhere reachable from the web.
    assert (staging_root() / token / "datei" / "antworten.csv").read_bytes() == NEW_ROWS.encode()


def test_import_ausfuehren_stores_the_responses_once_and_writes_the_audit_log(
    admin_client: Client, mini: Survey
) -> None:
    before = count_2024()
    token = token_of(upload(admin_client, "antworten.csv", NEW_ROWS.encode()))
    response = run(admin_client, token, fingerprint_in(plan_page(admin_client, token)))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:wave", args=("mini", "2024"))
    assert count_2024() == before + 2
    h1 = Response.objects.get(wave__survey=mini, wave__key="2024", organisation__key="H-1")
    assert (h1.status, h1.answers["partner"]) == ("complete", 7)
    assert ResponseHistory.objects.get(response=h1).changed_by == "admin"
    entry = AuditEntry.objects.get(action="import.applied")
    assert entry.actor_name == "admin" and (entry.survey, entry.wave) == ("mini", "2024")
    assert entry.details["new"] == 2 and entry.details["file"] == "antworten.csv"
    assert (
        "2 neue, 0 geänderte Antworten" in admin_client.get(response["Location"]).content.decode()
    )
    # The staged file is gone, and the same token cannot store anything a second time.
    assert not (staging_root() / token).exists()
    assert run(admin_client, token, "0" * 64).status_code == 404
    assert count_2024() == before + 2


def test_a_second_import_of_the_same_file_adds_nothing(admin_client: Client, mini: Survey) -> None:
    first = token_of(upload(admin_client, "antworten.csv", NEW_ROWS.encode()))
    run(admin_client, first, fingerprint_in(plan_page(admin_client, first)))
    after_first = count_2024()
    second = token_of(upload(admin_client, "antworten.csv", NEW_ROWS.encode()))
    page = plan_page(admin_client, second)
    assert "Antworten: 0 neu, 0 geändert, 2 schon vorhanden (unverändert)." in page
    assert "Nichts zu tun" in page and "Import ausführen</button>" not in page
    assert count_2024() == after_first


def test_a_plan_that_changed_since_the_dry_run_is_shown_again_not_stored(
    admin_client: Client, mini: Survey
) -> None:
    token = token_of(upload(admin_client, "antworten.csv", NEW_ROWS.encode()))
    shown = fingerprint_in(plan_page(admin_client, token))
    # Someone else imports H-1's answers in between: the shown plan is no longer what would happen.
    other = token_of(
        upload(admin_client, "h1.csv", (HEADER + NEW_ROWS.splitlines()[1] + "\n").encode())
    )
    run(admin_client, other, fingerprint_in(plan_page(admin_client, other)))
    before = count_2024()
    response = run(admin_client, token, shown)
    assert response["Location"] == reverse("web:import_plan", args=("mini", token))
    assert count_2024() == before
    page = admin_client.get(response["Location"]).content.decode()
    assert "Seit dem Probelauf hat sich etwas geändert" in page
    assert "Antworten: 1 neu, 0 geändert, 1 schon vorhanden (unverändert)." in page


def test_a_forged_fingerprint_stores_nothing(admin_client: Client, mini: Survey) -> None:
    before = count_2024()
    token = token_of(upload(admin_client, "antworten.csv", NEW_ROWS.encode()))
    run(admin_client, token, "f" * 64)
    assert count_2024() == before


def test_a_broken_file_shows_its_problems_with_line_and_column(
    admin_client: Client, mini: Survey
) -> None:
    broken = (
        HEADER + "H-1,2024-05-20T10:00:00+02:00,complete,HH,vielleicht,,,,7\nX-9,,partial,BE,,,,,\n"
    )
    before = count_2024()
    response = upload(admin_client, "kaputt.csv", broken.encode())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Datei kann so nicht importiert werden; es wurde nichts gespeichert." in page
    assert '<td>kaputt.csv</td><td class="num">2</td>' in page
    assert "vielleicht" in page and "X-9" in page
    assert str(staging_root()) not in page
    assert count_2024() == before
    assert not any(staging_root().iterdir())


def test_a_truncated_limesurvey_file_names_its_problem_and_creates_no_wave(
    admin_client: Client, mini: Survey
) -> None:
    response = upload(admin_client, "alt.lss", BROKEN_LSS.read_bytes(), wave="", new_wave="2019")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Datei kann so nicht importiert werden" in page and "alt.lss" in page
    assert not Wave.objects.filter(survey=mini, key="2019").exists()


def test_a_limesurvey_structure_creates_a_new_wave_after_its_dry_run(
    admin_client: Client, mini: Survey
) -> None:
    token = token_of(upload(admin_client, "2019.lss", LSS.read_bytes(), wave="", new_wave="2019"))
    page = plan_page(admin_client, token)
    assert "Neue Welle „2019“ wird mit dem Fragebogen angelegt." in page
    assert "Nicht übernommen" in page
    assert not Wave.objects.filter(survey=mini, key="2019").exists()
    run(admin_client, token, fingerprint_in(page))
    wave = Wave.objects.get(survey=mini, key="2019")
    assert wave.questionnaire().questions()
    assert list(mini.waves.order_by("position").values_list("key", flat=True)) == [
        "2019",
        "2023",
        "2024",
    ]
    assert AuditEntry.objects.get(action="import.applied").details["wave_created"] is True
    # The LimeSurvey response export then goes into the new wave, in a second upload.
    export = b"id,submitdate,Bundesland,Gruendung\n1,2019-05-13 10:00:00,BW,2001\n"
    second = token_of(upload(admin_client, "results-survey.csv", export, wave="2019"))
    page = plan_page(admin_client, second)
    assert "Antworten: 1 neu, 0 geändert, 0 schon vorhanden (unverändert)." in page
    run(admin_client, second, fingerprint_in(page))
    stored = Response.objects.get(wave=wave)
    assert stored.answers == {"bundesland": "BW", "gruendung": 2001}


def test_a_mapping_file_maps_other_column_names(admin_client: Client, mini: Survey) -> None:
    data = "Kennung;Datum;Land;Social;Anzahl\nH-1;20.05.2024 10:00;HH;nein;7\n"
    mapping = (
        "columns: {Land: bundesland, Social: social_media, Anzahl: partner}\n"
        "organisation_column: Kennung\nsubmitted_at_column: Datum\n"
    )
    token = token_of(
        upload(
            admin_client,
            "alt.csv",
            data.encode("cp1252"),
            mapping=SimpleUploadedFile("zuordnung.yaml", mapping.encode()),
        )
    )
    page = plan_page(admin_client, token)
    assert "<td>Anzahl</td><td>partner</td>" in page
    run(admin_client, token, fingerprint_in(page))
    h1 = Response.objects.get(wave__survey=mini, wave__key="2024", organisation__key="H-1")
    assert h1.answers["partner"] == 7


def test_an_oversized_file_is_refused_with_a_clear_message(
    admin_client: Client, mini: Survey, settings: Any
) -> None:
    settings.UMFRAGE_IMPORT_MAX_BYTES = 1024 * 1024
    response = upload(admin_client, "gross.csv", NEW_ROWS.encode() + b"x" * (1024 * 1024))
    page = response.content.decode()
    assert response.status_code == 200
    assert "ist 1 MB groß; erlaubt sind höchstens 1 MB" in page
    assert not staging_root().exists() or not any(staging_root().iterdir())


def test_an_unknown_format_and_a_new_wave_for_responses_are_refused(
    admin_client: Client, mini: Survey
) -> None:
    page = upload(admin_client, "daten.pdf", b"%PDF").content.decode()
    assert "hat keine bekannte Endung" in page
    page = upload(
        admin_client, "a.csv", NEW_ROWS.encode(), wave="", new_wave="2025"
    ).content.decode()
    assert "Antworten gehören zu einer vorhandenen Welle" in page
    page = upload(admin_client, "a.lss", LSS.read_bytes(), wave="").content.decode()
    assert "Eine .lss-Datei legt eine neue Welle an" in page
    mapping = SimpleUploadedFile("z.yaml", b"columns: {}\n")
    page = upload(
        admin_client, "a.lss", LSS.read_bytes(), wave="", new_wave="2019", mapping=mapping
    ).content.decode()
    assert "Eine Zuordnungsdatei gilt nur für Antwortdateien" in page
    assert not staging_root().exists()


def test_another_admin_cannot_use_someone_elses_staged_upload(
    admin_client: Client, mini: Survey, other: Survey
) -> None:
    from django.contrib.auth.models import User

    from umfrage.governance.roles import assign_role

    token = token_of(upload(admin_client, "antworten.csv", NEW_ROWS.encode()))
    second = User.objects.create_user("zweite", "z@example.org", "x")
    assign_role(second, "admin")
    client = Client()
    client.force_login(second, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("web:import_plan", args=("mini", token))).status_code == 404
    # Nor can the token be used under another survey's URL.
    assert admin_client.get(reverse("web:import_plan", args=("andere", token))).status_code == 404
    assert (
        admin_client.get(reverse("web:import_plan", args=("mini", "..%2F..%2Fx"))).status_code
        == 404
    )


def test_verwerfen_deletes_the_staged_file(admin_client: Client, mini: Survey) -> None:
    token = token_of(upload(admin_client, "antworten.csv", NEW_ROWS.encode()))
    response = admin_client.post(reverse("web:import_discard", args=("mini", token)))
    assert response["Location"] == IMPORT
    assert not (staging_root() / token).exists()
    assert admin_client.get(reverse("web:import_plan", args=("mini", token))).status_code == 404


def test_stale_staged_uploads_are_swept(admin_client: Client, mini: Survey) -> None:
    token = token_of(upload(admin_client, "antworten.csv", NEW_ROWS.encode()))
    assert sweep(timezone.now()) == 0
    assert sweep(timezone.now() + MAX_AGE + timedelta(minutes=1)) == 1
    assert not (staging_root() / token).exists()


def test_the_wave_tab_preselects_its_wave(admin_client: Client, mini: Survey) -> None:
    wave_page = admin_client.get(reverse("web:wave", args=("mini", "2023"))).content.decode()
    url = reverse("web:wave_import", args=("mini", "2023"))
    assert f'href="{url}"' in wave_page
    page = admin_client.get(url).content.decode()
    assert '<option value="2023" selected>' in page
    assert admin_client.get(reverse("web:wave_import", args=("mini", "1999"))).status_code == 404


IMPORT_URLS = [
    ("web:import", ("mini",)),
    ("web:wave_import", ("mini", "2024")),
]


@pytest.mark.parametrize(("name", "args"), IMPORT_URLS)
def test_only_admins_reach_the_import_page(
    admin_client: Client,
    analyst_client: Client,
    outsider_client: Client,
    anonymous_client: Client,
    mini: Survey,
    name: str,
    args: tuple[str, ...],
) -> None:
    url = reverse(name, args=args)
    assert admin_client.get(url).status_code == 200
    assert analyst_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 403
    assert anonymous_client.get(url)["Location"].startswith(reverse("web:login"))


def test_analysts_and_outsiders_cannot_upload_run_or_discard(
    admin_client: Client,
    analyst_client: Client,
    outsider_client: Client,
    anonymous_client: Client,
    mini: Survey,
) -> None:
    before = count_2024()
    token = token_of(upload(admin_client, "antworten.csv", NEW_ROWS.encode()))
    shown = fingerprint_in(plan_page(admin_client, token))
    for client in (analyst_client, outsider_client):
        assert upload(client, "antworten.csv", NEW_ROWS.encode()).status_code == 403
        assert client.get(reverse("web:import_plan", args=("mini", token))).status_code == 403
        assert run(client, token, shown).status_code == 403
        discard = client.post(reverse("web:import_discard", args=("mini", token)))
        assert discard.status_code == 403
    assert run(anonymous_client, token, shown).status_code == 302
    assert count_2024() == before
    assert (staging_root() / token).exists()
    assert len(list(staging_root().iterdir())) == 1


def test_the_plan_page_needs_no_inline_script_or_style_and_labels_its_tables(
    admin_client: Client, mini: Survey
) -> None:
    token = token_of(upload(admin_client, "2019.lss", LSS.read_bytes(), wave="", new_wave="2019"))
    page = plan_page(admin_client, token)
    assert "<script" not in page
    assert not re.search(r"\sstyle=", page) and not re.search(r"\son[a-z]+=", page)
    assert page.count("<h1") == 1
    assert page.count("<table>") == page.count("<caption>") >= 2
    assert "2019.lss (LimeSurvey" in page


@pytest.mark.parametrize("name", ["alt.xlsx", "alt.sav", "alt.dta"])
def test_a_binary_file_that_is_not_what_its_name_says_shows_a_problem(
    admin_client: Client, mini: Survey, name: str
) -> None:
    before = count_2024()
    response = upload(admin_client, name, b"this is no spreadsheet at all\n" * 10)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Die Datei kann so nicht importiert werden" in page and f"<td>{name}</td>" in page
    assert "Traceback" not in page and str(staging_root()) not in page
    assert count_2024() == before


def test_a_reader_crash_shows_a_german_message_and_no_traceback(
    admin_client: Client, mini: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    from umfrage.web.views import imports as views

    def crash(staged: Any) -> Any:
        raise RuntimeError("reader bug")

    monkeypatch.setattr(views, "build", crash)
    response = upload(admin_client, "antworten.csv", NEW_ROWS.encode())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Die Datei konnte nicht gelesen werden." in page
    assert "reader bug" not in page and "Traceback" not in page
    assert not any(staging_root().iterdir())
