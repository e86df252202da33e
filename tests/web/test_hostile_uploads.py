"""Register uploads in the browser: hostile Excel files are bounded (issue 16, item 11)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.hostile.guards import bounded
from tests.hostile.xlsxfiles import lying_dimension, zip_bomb
from umfrage.store.models import Organisation, Survey

UPLOAD = reverse("web:register_upload", args=("mini",))
REGISTER = reverse("web:register", args=("mini",))
ROWS: list[list[Any]] = [
    ["id", "name"],
    ["B-1", "Bündnis Mitte"],
    ["B-2", "Bündnis Pankow"],
    ["H-1", "Bündnis Nord"],
    ["H-2", "Bündnis Altona"],
    ["X-9", "Bündnis Neu (synthetisch)"],
]


def post(client: Client, data: bytes) -> Any:
    """The upload within 60 s and 300 MB more address space (MemoryError beyond)."""
    with bounded(seconds=60, extra_megabytes=300):
        return client.post(UPLOAD, {"file": SimpleUploadedFile("register.xlsx", data)})


def test_an_excel_register_claiming_every_cell_is_read_by_its_real_rows(
    admin_client: Client, mini: Survey
) -> None:
    response = post(admin_client, lying_dimension(ROWS))
    assert response.status_code == 302
    page = admin_client.get(REGISTER).content.decode()
    assert "Das Register ist gespeichert: 1 neu" in page, page[page.find("<main") :][:2000]
    assert Organisation.objects.get(survey=mini, key="X-9").name == "Bündnis Neu (synthetisch)"


def test_an_excel_zip_bomb_is_refused_with_the_limit_and_nothing_is_stored(
    admin_client: Client, mini: Survey
) -> None:
    before = list(Organisation.objects.filter(survey=mini).values_list("key", "name"))
    response = post(admin_client, zip_bomb(ROWS))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Excel-Datei ist entpackt 40 MB groß; gelesen werden höchstens 30 MB" in page
    assert "Teilen Sie die Datei in mehrere Dateien mit höchstens 49.999 Zeilen" in page
    assert list(Organisation.objects.filter(survey=mini).values_list("key", "name")) == before
