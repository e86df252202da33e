"""`umfrage demo`: the example loaded, a report written, a working respondent link and admin login."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client

from umfrage.cli import main
from umfrage.store.models import Response, Wave

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_prints_a_link_that_opens_the_questionnaire_and_a_login_that_works(
    settings: object, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    result = CliRunner().invoke(main, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "SYNTHETISCH" in result.output
    assert "Welle 2024: 22 Fragen, 80 Antworten" in result.output
    assert (tmp_path / "bericht-2024.html").is_file()
    assert Wave.objects.get(survey__slug="buendnisumfrage", key="2025").status == "open"
    assert Response.objects.filter(wave__key="2024").count() == 80

    link = re.search(r"http://127\.0\.0\.1:8000(/t/\S+)", result.output)
    assert link is not None
    respondent = Client()
    assert respondent.get(link.group(1))["Location"] == "/fragebogen/"
    assert (
        "Sie antworten für: Lokales Bündnis für Familie"
        in respondent.get("/fragebogen/").content.decode()
    )

    password = re.search(r"Benutzername admin, Passwort (\S+)", result.output)
    assert password is not None
    staff = Client()
    assert staff.login(username="admin", password=password.group(1))
    page = staff.get("/verwaltung/", follow=True)
    assert page.status_code == 200
    assert "Bündnisumfrage" in page.content.decode()

    public = re.search(
        r"Öffentliche Ergebnisse \(ohne Anmeldung\): http://127\.0\.0\.1:8000(\S+)", result.output
    )
    assert public is not None
    listing = Client().get(public.group(1)).content.decode()
    assert "Bündnisumfrage 2024" in listing and "(synthetische Daten)" in listing
