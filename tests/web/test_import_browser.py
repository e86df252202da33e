"""A real browser walks the import page: upload, problems, dry run, import; axe-core on each page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import PASSWORD
from umfrage.store.models import Response, Survey

pytestmark = pytest.mark.browser

ROWS = (
    "organisation,submitted_at,status,bundesland,social_media,partner\n"
    "H-1,2024-05-20T10:00:00+02:00,complete,HH,nein,7\n"
)


def test_an_admin_imports_responses_after_seeing_the_dry_run(
    admin_user: Any,
    mini: Survey,
    page: Any,
    check: Callable[[str], None],
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.DATA_DIR = tmp_path / "data"
    base = page.base_url
    page.goto(f"{base}/verwaltung/umfragen/mini/wellen/2024/")
    page.get_by_label("Benutzername").fill("admin")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("link", name="Daten importieren").click()
    page.get_by_role("heading", name="Daten importieren").wait_for()
    check("import-01-formular")

    broken = tmp_path / "kaputt.csv"
    broken.write_text(ROWS.replace(",nein,", ",vielleicht,"), encoding="utf-8")
    page.get_by_label("Datei", exact=True).set_input_files(str(broken))
    page.get_by_role("button", name="Hochladen und Probelauf zeigen").click()
    page.get_by_text("Die Datei kann so nicht importiert werden").wait_for()
    check("import-02-probleme")

    good = tmp_path / "antworten.csv"
    good.write_text(ROWS, encoding="utf-8")
    page.get_by_label("Datei", exact=True).set_input_files(str(good))
    page.get_by_role("button", name="Hochladen und Probelauf zeigen").click()
    page.get_by_text("Noch ist nichts gespeichert.").wait_for()
    check("import-03-probelauf")
    before = Response.objects.filter(wave__survey=mini, wave__key="2024").count()

    page.get_by_role("button", name="Import ausführen").click()
    page.get_by_text("1 neue, 0 geänderte Antworten").wait_for()
    check("import-04-gespeichert")
    assert Response.objects.filter(wave__survey=mini, wave__key="2024").count() == before + 1
