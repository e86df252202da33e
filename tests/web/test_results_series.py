"""The results browser shows a question's series across the waves (tests/seriessurvey.py), and
the public snapshot reaches back only through published waves."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.seriessurvey import SURVEY_YAML, make_series_survey
from umfrage.store.models import Survey


@pytest.fixture(autouse=True)
def _empty_cache(empty_cache: None) -> None:
    """Every test here starts without cached results."""


def stored(tmp_path: Path, survey_yaml: str = SURVEY_YAML) -> Survey:
    from umfrage.store.folder import load_survey_folder

    load_survey_folder(make_series_survey(tmp_path, {"survey.yaml": survey_yaml}))
    return Survey.objects.get(slug="reihe")


def page(client: Client, query: str = "") -> str:
    response = client.get(reverse("web:results", args=("reihe", "2024")) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_results_page_draws_the_trend_with_its_table(
    analyst_client: Client, tmp_path: Path
) -> None:
    stored(tmp_path)
    html = page(analyst_client)
    part = html.split('aria-labelledby="frage-social_media-reihe"', 1)[1].split("</section>")[0]
    assert "Zeitreihe 2019, 2021, 2023, 2024" in part
    assert '<svg role="img" aria-label="Liniendiagramm zu' in part
    assert "Zeitreihe: Eigener Social-Media-Kanal? (2019, 2021, 2023, 2024)" in part
    assert '<td class="num">20,0\xa0%</td>' in part  # 2021: 2 of 10
    assert "Die Antwort „C“ (Welle 2024) hat in Welle 2023 keine Entsprechung." in html


def test_the_public_version_hides_the_small_2021_point(
    analyst_client: Client, tmp_path: Path
) -> None:
    stored(tmp_path)
    html = page(analyst_client, "?fassung=oeffentlich")
    part = html.split('aria-labelledby="frage-social_media-reihe"', 1)[1].split("</section>")[0]
    assert "20,0\xa0%" not in part and "80,0\xa0%" not in part
    assert "25,0\xa0%" in part  # 2019 is shown
    assert "Zu kleine Zellen sind ausgeblendet" in part


def test_a_change_in_an_earlier_wave_renews_the_cached_series(
    analyst_client: Client, tmp_path: Path
) -> None:
    from umfrage.store.models import Response

    survey = stored(tmp_path)
    assert "25,0\xa0%" in page(analyst_client)
    first = Response.objects.filter(wave__survey=survey, wave__key="2019").order_by("pk")[0]
    assert first.answers["social_media"] == "ja"
    first.record(
        {**first.answers, "social_media": "nein"}, status="complete", by="test", source="test"
    )
    html = page(analyst_client)
    part = html.split('aria-labelledby="frage-social_media-reihe"', 1)[1].split("</section>")[0]
    assert "20,0\xa0%" in part and "25,0\xa0%" not in part  # 2019: now 4 of 20


@pytest.mark.django_db
def test_the_public_snapshot_chains_only_through_published_waves(tmp_path: Path) -> None:
    from umfrage.publication.snapshots import render_snapshot

    published = (
        SURVEY_YAML.replace("title: Reihe 2021}", "title: Reihe 2021, status: published}")
        .replace("title: Reihe 2023}", "title: Reihe 2023, status: published}")
        .replace("title: Reihe 2024}", "title: Reihe 2024, status: published}")
    )
    survey = stored(tmp_path, published)
    snapshot = render_snapshot(survey.waves.get(key="2024"), "test")
    assert "Zeitreihe 2021, 2023, 2024" in snapshot.html
    assert "Vor 2021 keine Zeitreihe: Die Welle 2019 ist nicht veröffentlicht." in snapshot.html
    assert "Zeitreihe 2019" not in snapshot.html
