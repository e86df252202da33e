"""The method section's invited / opened / response rate: from the invitation records of a
database wave that was sent out, from the register's size for a survey folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.minisurvey import make_minisurvey
from umfrage.reporting.html import render_html
from umfrage.reporting.report import build_report

SENT = datetime(2024, 5, 7, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def _database_wave(tmp_path: Path) -> None:
    from umfrage.store.folder import load_survey_folder
    from umfrage.store.models import Invitation, Organisation, Wave

    load_survey_folder(make_minisurvey(tmp_path / "in"))
    wave = Wave.objects.get(survey__slug="mini", key="2024")
    for org in Organisation.objects.filter(survey__slug="mini"):
        Invitation.objects.create(
            wave=wave, organisation=org, state=Invitation.State.SENT, sent_at=SENT
        )


@pytest.mark.django_db
def test_a_sent_out_database_wave_reports_the_invitation_records(tmp_path: Path) -> None:
    from umfrage.cli.report import report_input

    _database_wave(tmp_path)
    data = report_input("mini", "2024", None, public=False)
    assert data.fieldwork is not None
    # Four invited by e-mail; three opened (every response counts as opened); two complete.
    assert (data.fieldwork.invited, data.fieldwork.opened, data.fieldwork.complete) == (4, 3, 2)
    html = render_html(build_report(data))
    assert "<dt>Eingeladen</dt><dd>4 (per E-Mail mit persönlichem Link" in html
    assert "<dt>Link geöffnet</dt><dd>3</dd>" in html
    assert "<dt>Vollständig geantwortet</dt><dd>2</dd>" in html
    assert "<dt>Rücklaufquote</dt><dd>50,0\u00a0% (vollständige Antworten je eingeladener" in html
    assert "von 4 Eingeladenen" in html


@pytest.mark.django_db
def test_a_database_wave_without_sent_invitations_falls_back_to_the_register(
    tmp_path: Path,
) -> None:
    from umfrage.cli.report import report_input
    from umfrage.store.folder import load_survey_folder

    load_survey_folder(make_minisurvey(tmp_path / "in"))
    data = report_input("mini", "2024", None, public=False)
    assert data.fieldwork is None
    html = render_html(build_report(data))
    assert "<dt>Eingeladen</dt><dd>4 (Zahl der Organisationen im Register" in html
    assert "Link geöffnet" not in html


def test_a_survey_folder_takes_the_register_size_for_invited_and_says_so(
    tmp_path: Path,
) -> None:
    from umfrage.cli.report import report_input

    data = report_input(str(make_minisurvey(tmp_path)), "2024", None, public=False)
    assert data.fieldwork is None
    html = render_html(build_report(data))
    assert "<dt>Eingeladen</dt><dd>4 (Zahl der Organisationen im Register" in html
    assert (
        "<dt>Rücklaufquote</dt><dd>75,0\u00a0% (Teilnehmende je Organisation im Register)" in html
    )
