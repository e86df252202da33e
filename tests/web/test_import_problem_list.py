"""A broken import lists its first problems and their count; the rest is a download (item 14).

The issue: a 49 MB CSV produced a 46 MB page listing 196,000 problems.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from umfrage.importers.staging import staging_root
from umfrage.store.models import Response, Survey

IMPORT = reverse("web:import", args=("mini",))
HEADER = "organisation,submitted_at,status,bundesland,social_media,kanaele.insta,kanaele.sonstige,kanaele.other,partner\n"


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def broken_csv(rows: int) -> bytes:
    """``rows`` rows, each with one unknown answer code (synthetic)."""
    return (
        HEADER
        + "".join(
            f",2024-05-21T10:00:00+02:00,complete,BE,vielleicht{n},,,,2\n" for n in range(rows)
        )
    ).encode()


def test_the_page_lists_the_first_100_problems_and_offers_all_as_a_download(
    admin_client: Client, mini: Survey
) -> None:
    before = Response.objects.count()
    response = admin_client.post(
        IMPORT, {"file": SimpleUploadedFile("kaputt.csv", broken_csv(250)), "wave": "2024"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "250 Probleme; gezeigt werden die ersten 100:" in page
    assert page.count("<tr><td>kaputt.csv</td>") == 100
    assert "… und 150 weitere Probleme." in page
    assert "vielleicht99" in page and "vielleicht100" not in page
    assert Response.objects.count() == before
    # The upload itself is gone; only its problem list is kept, for this admin and survey.
    [directory] = list(staging_root().iterdir())
    assert not (directory / "datei").exists()
    link = reverse("web:import_problems", args=("mini", directory.name))
    assert f'href="{link}"' in page

    download = admin_client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="probleme.csv"'
    body = download.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Datei", "Zeile", "Spalte oder Frage", "Problem", "So beheben Sie es"]
    assert len(rows) == 251
    assert {row[0] for row in rows[1:]} == {"kaputt.csv"}
    assert sorted(int(row[1]) for row in rows[1:]) == list(range(2, 252))


def test_the_problem_list_belongs_to_its_admin_and_survey(
    admin_client: Client, mini: Survey, other: Survey
) -> None:
    from django.contrib.auth.models import User

    from umfrage.governance.roles import assign_role

    admin_client.post(
        IMPORT, {"file": SimpleUploadedFile("kaputt.csv", broken_csv(101)), "wave": "2024"}
    )
    [directory] = list(staging_root().iterdir())
    second = User.objects.create_user("zweite", "z@example.org", "x")
    assign_role(second, "admin")
    client = Client()
    client.force_login(second, backend="django.contrib.auth.backends.ModelBackend")
    link = reverse("web:import_problems", args=("mini", directory.name))
    assert client.get(link).status_code == 404
    assert (
        admin_client.get(
            reverse("web:import_problems", args=("andere", directory.name))
        ).status_code
        == 404
    )
    assert admin_client.get(link).status_code == 200


def test_a_few_problems_are_all_shown_and_nothing_is_kept(
    admin_client: Client, mini: Survey
) -> None:
    page = admin_client.post(
        IMPORT, {"file": SimpleUploadedFile("kaputt.csv", broken_csv(3)), "wave": "2024"}
    ).content.decode()
    assert "3 Probleme:" in page
    assert "weitere" not in page
    assert not any(staging_root().iterdir())
