"""In which languages answers were given (issue 21): an additive field of the analysis JSON and a
line of the report's method section; data and results are otherwise the same."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

pytestmark = pytest.mark.django_db


def _languages(slug: str, wave: str, languages: dict[str, int]) -> None:
    from umfrage.store.models import Response

    ids = list(
        Response.objects.filter(wave__survey__slug=slug, wave__key=wave)
        .order_by("id")
        .values_list("id", flat=True)
    )
    start = 0
    for code, count in languages.items():
        Response.objects.filter(id__in=ids[start : start + count]).update(language=code)
        start += count


def test_counts_per_language_in_json_and_report(make_survey: Callable[..., Path]) -> None:
    from umfrage.analysis.engine import analyse
    from umfrage.analysis.render import to_json
    from umfrage.cli import main
    from umfrage.loaders.frames import load_wave
    from umfrage.store.folder import load_survey_folder
    from umfrage.store.models import Wave

    folder = make_survey(60, 40)
    load_survey_folder(folder)
    before = json.loads(
        CliRunner().invoke(main, ["analyze", "mini", "--wave", "2024", "--format", "json"]).stdout
    )
    _languages("mini", "2024", {"ar": 2, "en": 7, "de-x-ls": 5})
    result = CliRunner().invoke(main, ["analyze", "mini", "--wave", "2024", "--format", "json"])
    assert result.exit_code == 0, result.output
    after = json.loads(result.stdout)
    n = after["n"]
    assert after["languages"] == {"de": n - 14, "de-x-ls": 5, "en": 7, "ar": 2}
    assert list(after["languages"]) == ["de", "de-x-ls", "en", "ar"]  # German first
    after.pop("languages"), before.pop("languages")
    assert after == before  # the answers are the same data in every language

    frame = load_wave(Wave.objects.get(survey__slug="mini", key="2024"))
    published = to_json(analyse(frame, publish=True, min_cell=5))
    assert published["languages"] == {"de": n - 14, "de-x-ls": 5, "en": 7, "ar": None}

    out = folder / "bericht.html"
    report = CliRunner().invoke(main, ["report", "mini", "--wave", "2024", "--out", str(out)])
    assert report.exit_code == 0, report.output
    html = out.read_text(encoding="utf-8")
    assert "<dt>Sprachen der Antworten</dt>" in html
    assert f"Deutsch {n - 14}, Leichte Sprache 5, Englisch 7, Arabisch 2" in html


def test_a_survey_folder_does_not_say_and_the_json_has_no_field(
    make_survey: Callable[..., Path],
) -> None:
    from umfrage.cli import main

    folder = make_survey(30, 20)
    result = CliRunner().invoke(
        main, ["analyze", str(folder), "--wave", "2024", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert "languages" not in json.loads(result.stdout)
