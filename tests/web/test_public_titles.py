"""Public titles name the survey once (issue 21): a wave titled like its survey plus a year was
shown as „Umfrage – Umfrage 2025 (Demo)“."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from tests.minisurvey import R2024_PUBLISHABLE, SURVEY_YAML
from umfrage import titles
from umfrage.store.models import Survey

SURVEY = "Bündnisumfrage der Lokalen Bündnisse für Familie"


def test_the_survey_name_is_left_out_when_the_wave_title_contains_it() -> None:
    assert titles.wave_title(SURVEY, f"{SURVEY} 2025 (Demo)") == f"{SURVEY} 2025 (Demo)"
    assert titles.wave_title(SURVEY, "bündnisumfrage der lokalen  Bündnisse für familie 2025") == (
        "bündnisumfrage der lokalen  Bündnisse für familie 2025"
    )
    assert titles.wave_title(SURVEY, "Bündnisumfrage 2024") == f"{SURVEY} – Bündnisumfrage 2024"
    assert titles.wave_title(SURVEY, "") == SURVEY


def test_published_pages_name_the_survey_once(
    admin_client: Client,
    anonymous_client: Client,
    load_mini: Callable[..., Survey],
    empty_cache: None,
) -> None:
    name = "Mini-Umfrage (synthetische Testdaten)"
    config = SURVEY_YAML.replace("title: Mini 2024,", f'title: "{name} 2024",')
    assert config != SURVEY_YAML
    # R2024_PUBLISHABLE: a 2024 wave that leaves a figure on the public page (publishing the
    # plain mini 2024 is refused, every cell would be hidden).
    load_mini("mini", {"survey.yaml": config, "waves/2024/responses.csv": R2024_PUBLISHABLE})
    response = admin_client.post(
        reverse("web:wave_status", args=("mini", "2024")), {"target": "published", "confirm": "1"}
    )
    assert response.status_code == 302
    index = anonymous_client.get(reverse("publication:index")).content.decode()
    assert f"{name} 2024" in index.replace("&nbsp;", " ")
    assert f"{name} – {name}" not in index
    report = anonymous_client.get("/ergebnisse/mini/2024/").content.decode()
    assert f"<title>{name} 2024: Ergebnisbericht</title>" in report
    assert report.count(name) == report.count(f"{name} 2024")
