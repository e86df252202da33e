"""The report's trend lines: a line chart with its table for every question with three or
more comparable waves, the reason where a series stops, and the public copy's gaps."""

from __future__ import annotations

import re
from pathlib import Path

from tests.seriessurvey import make_series_survey
from umfrage.reporting.assemble import assemble, folder_source
from umfrage.reporting.html import render_html
from umfrage.reporting.report import Report, build_report


def report_of(folder: Path, *, public: bool = False, wave: str = "2024") -> Report:
    return build_report(assemble(folder_source(folder, wave, None), wave, None, public=public))


def section(html: str, qid: str) -> str:
    found = re.search(
        rf'<section class="series" aria-labelledby="frage-{qid}-reihe">.*?</section>', html, re.S
    )
    assert found, f"no series for {qid}"
    return found.group(0)


def rows(part: str) -> list[list[str]]:
    body = part.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [
            re.sub(r"<[^>]+>", "", c).replace("\xa0", " ").strip()
            for c in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", r)
        ]
        for r in re.findall(r"<tr>.*?</tr>", body, re.S)
    ]


def test_a_question_of_four_waves_gets_a_line_chart_with_its_table(tmp_path: Path) -> None:
    html = render_html(report_of(make_series_survey(tmp_path)))
    part = section(html, "social_media")
    assert "Zeitreihe 2019, 2021, 2023, 2024" in part
    assert re.search(r'<svg role="img" aria-label="Liniendiagramm zu „Eigener', part)
    # Every wave on the chart's axis.
    for wave in ("2019", "2021", "2023", "2024"):
        assert f">{wave}</text>" in part
    assert rows(part)[:4] == [
        ["Ja", "2019", "20", "5", "25,0 %", "11,2–46,9 %"],
        ["Ja", "2021", "10", "2", "20,0 %", "5,7–51,0 %"],
        ["Ja", "2023", "12", "6", "50,0 %", "25,4–74,6 %"],
        ["Ja", "2024", "16", "8", "50,0 %", "28,0–72,0 %"],
    ]
    assert "„In Planung“ und „Nein“ zusammen gezählt als „Nein“" in part
    kanal = section(html, "kanal")
    assert "Zeitreihe 2021, 2023, 2024" in kanal
    assert "Vor 2021 keine Zeitreihe: In Welle 2019 nicht gefragt." in kanal


def test_where_a_series_stops_before_three_waves_the_report_says_why(tmp_path: Path) -> None:
    html = render_html(report_of(make_series_survey(tmp_path)))
    assert 'aria-labelledby="frage-thema-reihe"' not in html
    article = html.split('id="frage-thema"', 1)[1].split("</article>", 1)[0]
    assert "Die Antwort „C“ (Welle 2024) hat in Welle 2023 keine Entsprechung." in article


def test_the_public_report_leaves_the_protected_points_out(tmp_path: Path) -> None:
    html = render_html(report_of(make_series_survey(tmp_path), public=True))
    part = section(html, "social_media")
    assert ["Ja", "2021", "10", "–", "–", "–"] in rows(part)
    assert ["Nein", "2021", "10", "–", "–", "–"] in rows(part)
    assert "Zu kleine Zellen sind ausgeblendet und fehlen im Diagramm." in part
    assert "in der Tabelle ihrer Welle geschützt" in part


def test_the_pdf_version_has_the_series_too(tmp_path: Path) -> None:
    from umfrage.reporting.pdf import pdf_from_source, pdf_source

    source = pdf_source(report_of(make_series_survey(tmp_path)))
    assert '#heading(level: 3, "Zeitreihe 2019, 2021, 2023, 2024")' in source
    assert pdf_from_source(source).startswith(b"%PDF")


def test_two_waves_draw_no_series(tmp_path: Path) -> None:
    report = report_of(make_series_survey(tmp_path), wave="2021")
    assert all(b.result.series is None for s in report.sections for b in s.questions)
    assert 'class="series"' not in render_html(report)


def test_a_weighted_report_says_that_its_series_are_unweighted(tmp_path: Path) -> None:
    weighted = (
        "population:\n  total: 100\n  margins:\n    social_media: {ja: 40, planung: 10, nein: 50}\n"
    )
    from tests.seriessurvey import SURVEY_YAML

    folder = make_series_survey(tmp_path, {"survey.yaml": SURVEY_YAML + weighted})
    source = folder_source(folder, "2024", None)
    report = build_report(assemble(source, "2024", None, public=False, weighted=True))
    part = section(render_html(report), "kanal")
    assert "Die Zeitreihe ist ungewichtet" in part
    plain = section(render_html(report_of(folder)), "kanal")
    assert "ungewichtet" not in plain
