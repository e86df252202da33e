"""The results browser (wave tab "Ergebnisse") and its downloads, through real URLs."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.minisurvey import Q2024, R2024, SURVEY_YAML
from tests.web.conftest import ORG_MARKER, TEXT_MARKER
from umfrage.governance.models import AuditEntry
from umfrage.store.models import Response, Survey, Wave
from umfrage.web import results

PAGE = "web:results"


@pytest.fixture(autouse=True)
def _empty_cache(empty_cache: None) -> None:
    """Every test here starts without cached results."""


def url(*args: str, query: str = "") -> str:
    return reverse(PAGE, args=args) + (f"?{query}" if query else "")


def download_url(name: str, query: str = "", survey: str = "mini", wave: str = "2024") -> str:
    return reverse("web:results_download", args=(survey, wave, name)) + (
        f"?{query}" if query else ""
    )


def test_the_analyst_sees_every_question_with_base_intervals_and_the_comparison(
    analyst_client: Client, marked: Survey
) -> None:
    response = analyst_client.get(url("mini", "2024"))
    assert response.status_code == 200
    page = response.content.decode()
    # The tab is in the wave's navigation for the analyst.
    assert f'href="{url("mini", "2024")}" aria-current="page">Ergebnisse' in page
    for qid in ("bundesland", "social_media", "kanaele", "partner"):
        assert f'id="frage-{qid}"' in page
        assert f'href="#frage-{qid}"' in page  # the section navigation
    assert page.count('<svg role="img"') == 4
    assert "95-%-Konfidenzintervall" in page
    # Compared with the previous wave by default, with test and p.
    assert "verglichen mit Mini 2023" in page
    assert "Vergleich 2024 (Basis 3) mit 2023 (Basis 2)" in page
    assert "Fisher (exakt)" in page
    # the unadjusted p, the Benjamini-Hochberg p and the verdict that uses it (issue 19)
    assert '>p</th><th scope="col" class="num">p korrigiert</th>' in page
    assert '<th scope="col" class="num">gesichert</th>' in page
    assert "Benjamini-Hochberg" in page
    assert "ungewichtet" in page and "interne Fassung" in page
    assert "Kleine Basis (" in page
    assert "Synthetische Daten" in page
    # Free texts are internal: the analyst sees them, escaped.
    assert TEXT_MARKER in page
    assert ORG_MARKER not in page


def test_cross_tab_weighting_and_no_comparison_come_from_the_query(
    analyst_client: Client, marked: Survey
) -> None:
    page = analyst_client.get(
        url("mini", "2024", query="nach=bundesland&vergleich=keine&gewichtung=ja")
    ).content.decode()
    assert "ohne Vergleich" in page
    assert "Vergleich 2024" not in page
    assert "<strong>gewichtet</strong>" in page
    assert "„Eigener Social-Media-Kanal?“ nach „Bundesland?“ (Spaltenanteile)" in page
    assert "Cramérs V" in page
    assert "Hamburg (Basis" in page
    # The form shows what is selected, so the URL can be shared and changed.
    assert '<option value="bundesland" selected>' in page
    assert 'id="gewichtung-ja" name="gewichtung" value="ja" checked' in page


def test_the_public_version_hides_small_cells_and_free_texts(
    analyst_client: Client, marked: Survey
) -> None:
    page = analyst_client.get(url("mini", "2024", query="fassung=oeffentlich")).content.decode()
    assert "öffentliche Fassung" in page
    assert TEXT_MARKER not in page
    assert "ausgeblendet" in page  # the suppression note of the analysis


def test_weighting_is_offered_only_where_margins_are_configured(
    analyst_client: Client, load_mini: Callable[..., Survey]
) -> None:
    from tests.minisurvey import SURVEY_YAML

    without = SURVEY_YAML.split("population:")[0]
    load_mini("mini", {"survey.yaml": without})
    page = analyst_client.get(url("mini", "2024")).content.decode()
    assert "Gewichtung" not in page.split("<form")[1].split("</form>")[0]
    response = analyst_client.get(url("mini", "2024", query="gewichtung=ja"))
    assert response.status_code == 400
    assert "keine Gewichtung eingerichtet" in response.content.decode()
    assert "<strong>ungewichtet</strong>" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("nach=gibts_nicht", "„gibts_nicht“ ist keine Einfachauswahl-Frage dieser Welle"),
        ("nach=partner", "„partner“ ist keine Einfachauswahl-Frage dieser Welle"),
        ("vergleich=1999", "„1999“ ist keine frühere Welle dieser Umfrage (möglich: 2023)"),
        (
            "vergleich=2024",
            "Die Welle 2024 kann nicht mit sich selbst verglichen werden. "
            "Verglichen wird mit Welle 2023.",
        ),
        ("gewichtung=vielleicht", "„vielleicht“ ist bei der Gewichtung nicht möglich"),
        ("fassung=geheim", "„geheim“ ist keine Fassung"),
        ("nach=%00%ff&vergleich=%E2%80%AE", "ist keine Einfachauswahl-Frage"),
    ],
)
def test_bad_query_values_get_a_german_message_and_the_default_view(
    analyst_client: Client, mini: Survey, query: str, message: str
) -> None:
    response = analyst_client.get(url("mini", "2024", query=query))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nicht alle Angaben in der Adresse passen." in page
    assert message in page
    assert 'id="frage-social_media"' in page  # the results are still shown, for the defaults


def test_a_wave_of_another_survey_is_no_comparison(
    analyst_client: Client, mini: Survey, other: Survey
) -> None:
    other.waves.get(key="2024").start_next("2025", title="Andere 2025")
    response = analyst_client.get(url("mini", "2024", query="vergleich=2025"))
    assert response.status_code == 400
    assert "„2025“ ist keine frühere Welle dieser Umfrage" in response.content.decode()
    # …and the wave itself is not found under the other survey's address.
    assert analyst_client.get(url("mini", "2025")).status_code == 404
    assert analyst_client.get(download_url("antworten.csv", wave="2025")).status_code == 404


def test_ids_in_the_url_reach_only_that_surveys_answers(
    analyst_client: Client, marked: Survey, other: Survey
) -> None:
    page = analyst_client.get(url("andere", "2024")).content.decode()
    assert TEXT_MARKER not in page
    assert "Threads, Bluesky" in page
    body = analyst_client.get(download_url("antworten.csv", survey="andere")).content.decode()
    assert TEXT_MARKER not in body


def test_scripts_in_questionnaire_texts_and_answers_stay_inert(
    analyst_client: Client, load_mini: Callable[..., Survey]
) -> None:
    attack = "<script>alert(1)</script>"
    load_mini(
        "mini",
        {
            "waves/2024/questionnaire.yaml": Q2024.replace(
                "text: Welche Kanäle?", f'text: "Welche {attack} Kanäle?"'
            ).replace("label: Instagram", 'label: "<img src=x onerror=alert(2)>"'),
            "waves/2024/responses.csv": R2024.replace("Threads, Bluesky", attack),
        },
    )
    for address in (
        url("mini", "2024"),
        url("mini", "2024", query="nach=bundesland"),
        url("mini", "2024", query=f"nach={attack}"),
        download_url("bericht-intern.html"),
    ):
        body = analyst_client.get(address).content.decode()
        assert "<script" not in body, address
        assert "<img" not in body, address
        assert "&lt;script&gt;" in body, address


def test_the_analysis_is_cached_until_the_answers_change(
    analyst_client: Client, mini: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[Any] = []
    original = results.build

    def counting(wave: Wave, query: results.Query) -> Any:
        built.append(query)
        return original(wave, query)

    monkeypatch.setattr(results, "build", counting)
    for _ in range(3):
        assert analyst_client.get(url("mini", "2024")).status_code == 200
    assert len(built) == 1
    analyst_client.get(url("mini", "2024", query="vergleich=keine"))
    assert len(built) == 2
    answer = Response.objects.get(wave__survey=mini, wave__key="2024", organisation__key="B-2")
    answer.record({**answer.answers, "partner": 40}, status="complete", by="test", source="web")
    page = analyst_client.get(url("mini", "2024")).content.decode()
    assert len(built) == 3
    assert "Mittelwert" in page and "26,0" in page  # (12 + 40) / 2


def test_a_wave_without_answers_says_so(analyst_client: Client, mini: Survey) -> None:
    mini.waves.get(key="2024").start_next("2025", title="Mini 2025")
    page = analyst_client.get(url("mini", "2025")).content.decode()
    assert "Für diese Welle liegen noch keine Antworten vor." in page


EXPECTED = {
    "bericht-intern.html": ("text/html; charset=utf-8", "mini-2024-bericht-intern.html"),
    "bericht-oeffentlich.html": ("text/html; charset=utf-8", "mini-2024-bericht-oeffentlich.html"),
    "antworten.csv": ("text/csv; charset=utf-8", "mini-2024-antworten.csv"),
    "antworten-excel.csv": ("text/csv; charset=utf-8", "mini-2024-antworten-excel.csv"),
    "codebuch.csv": ("text/csv; charset=utf-8", "mini-2024-codebuch.csv"),
    "antworten.xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "mini-2024-antworten.xlsx",
    ),
    "antworten.sav": ("application/x-spss-sav", "mini-2024-antworten.sav"),
    "antworten.dta": ("application/x-stata-dta", "mini-2024-antworten.dta"),
    "antworten.json": ("application/json; charset=utf-8", "mini-2024-antworten.json"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_download_has_its_type_name_and_audit_entry(
    analyst_client: Client, marked: Survey, name: str
) -> None:
    response = analyst_client.get(download_url(name, "vergleich=keine"))
    assert response.status_code == 200
    content_type, filename = EXPECTED[name]
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    entry = AuditEntry.objects.get(action="results.downloaded")
    assert (entry.actor_name, entry.survey, entry.wave) == ("analyst", "mini", "2024")
    assert entry.details["file"] == filename
    assert ORG_MARKER not in response.content.decode("utf-8", errors="replace")


def test_the_report_downloads_are_standalone_and_only_the_internal_has_free_texts(
    analyst_client: Client, marked: Survey
) -> None:
    internal = analyst_client.get(download_url("bericht-intern.html"))
    public = analyst_client.get(download_url("bericht-oeffentlich.html"))
    for response in (internal, public):
        html = response.content.decode()
        assert "<style>" in html
        assert not re.search(r'(src|href)="(https?:)?//', html)
        assert '<link rel="stylesheet"' not in html
        assert "Bericht als PDF herunterladen" not in html
        # Shown inline its policy allows exactly its own style element.
        policy = response["Content-Security-Policy"]
        assert policy.startswith("default-src 'none'; style-src 'sha256-")
        assert policy.count("sha256-") == 1
        assert "unsafe" not in policy and "script-src" not in policy
    assert TEXT_MARKER in internal.content.decode()
    assert TEXT_MARKER not in public.content.decode()
    assert "Mini 2023" in internal.content.decode()  # the page's default comparison


def test_the_public_pdf_is_a_pdf_without_free_texts(analyst_client: Client, marked: Survey) -> None:
    import shutil
    import subprocess

    response = analyst_client.get(download_url("bericht-oeffentlich.pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert "öffentliche Fassung" in text
        assert TEXT_MARKER not in text


def test_csv_and_excel_downloads_run_no_formulas(analyst_client: Client, marked: Survey) -> None:
    from openpyxl import load_workbook

    body = analyst_client.get(download_url("antworten.csv")).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    cells = [c for row in rows for c in row]
    assert '\'=HYPERLINK("http://x.invalid")' in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert "12" in cells  # numbers stay numbers
    book = load_workbook(io.BytesIO(analyst_client.get(download_url("antworten.xlsx")).content))
    values = [c.value for row in book["Daten"].iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x.invalid")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_the_excel_csv_opens_in_german_excel_with_labels_and_a_codebook(
    analyst_client: Client, marked: Survey
) -> None:
    """Semicolons, a byte order mark, German headers, labels instead of codes; the codebook
    names every header with its variable and codes; no cell runs as a formula."""
    raw = analyst_client.get(download_url("antworten-excel.csv")).content
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, data = rows[0], rows[1:]
    assert header[:3] == [
        "Organisation [organisation] – SYNTHETISCHE DATEN (erfunden)",
        "Abgegeben am [submitted_at]",
        "Status [status]",
    ]
    assert len(data) == 3 and all(len(row) == len(header) for row in data)
    assert {row[2] for row in data} <= {"vollständig", "unvollständig"}
    assert all(re.fullmatch(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d", row[1]) for row in data if row[1])
    cells = [c for row in data for c in row]
    assert '\'=HYPERLINK("http://x.invalid")' in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert "gewählt" in cells and "12" in cells

    book = analyst_client.get(download_url("codebuch.csv")).content.decode("utf-8-sig")
    codebook = list(csv.reader(io.StringIO(book), delimiter=";"))
    assert codebook[0][:2] == ["Spalte (CSV für Excel)", "Variable (CSV)"]
    named = {row[0].split(" – ")[0]: row for row in codebook[1:] if len(row) > 1}
    assert {h.split(" – ")[0] for h in header} <= set(named)
    assert any("1 = " in row[7] for row in named.values())  # codes with their labels


def test_the_json_download_holds_the_answers(analyst_client: Client, marked: Survey) -> None:
    data = json.loads(analyst_client.get(download_url("antworten.json")).content)
    assert TEXT_MARKER in json.dumps(data, ensure_ascii=False)


def test_unknown_downloads_and_bad_queries_are_refused_plainly(
    analyst_client: Client, mini: Survey
) -> None:
    assert analyst_client.get(download_url("antworten.exe")).status_code == 404
    response = analyst_client.get(download_url("bericht-intern.html", "vergleich=1999"))
    assert response.status_code == 400
    assert "„1999“ ist keine frühere Welle" in response.content.decode()
    assert not AuditEntry.objects.filter(action="results.downloaded").exists()


@pytest.mark.parametrize("name", ["bericht-intern.html", "antworten.csv"])
def test_outsiders_and_anonymous_visitors_get_nothing(
    outsider_client: Client, anonymous_client: Client, marked: Survey, name: str
) -> None:
    for address in (url("mini", "2024"), download_url(name)):
        refused = outsider_client.get(address)
        assert refused.status_code == 403
        assert TEXT_MARKER not in refused.content.decode()
        sent_away = anonymous_client.get(address)
        assert sent_away.status_code == 302
        assert sent_away["Location"].startswith(reverse("web:login"))
    assert not AuditEntry.objects.filter(action="results.downloaded").exists()


def test_the_style_hash_is_the_hash_of_the_style_element() -> None:
    import base64
    import hashlib

    html = "<html><head><style>\nbody { color: red; }\n</style></head></html>"
    expected = base64.b64encode(hashlib.sha256(b"\nbody { color: red; }\n").digest()).decode()
    assert results.style_hashes(html) == [f"'sha256-{expected}'"]
    assert "style-src 'none'" in results.report_policy("<p>ohne Stil</p>")


@pytest.mark.parametrize(
    ("cell", "safe"),
    [("=1+1", "'=1+1"), ("+49 30", "'+49 30"), ("-3", "-3"), ("@a", "'@a"), ("ok", "ok")],
)
def test_formula_safe_cells(cell: str, safe: str) -> None:
    assert results.formula_safe(cell) == safe


def test_a_questionnaire_with_problems_is_explained_not_crashed(
    analyst_client: Client, mini: Survey
) -> None:
    Wave.objects.filter(survey=mini, key="2024").update(questionnaire_text="wave: [kaputt")
    for address in (url("mini", "2024"), download_url("antworten.csv")):
        response = analyst_client.get(address)
        assert response.status_code in (200, 400)
        assert "Die Ergebnisse können so nicht berechnet werden." in response.content.decode()


def test_an_analysis_that_cannot_run_is_explained(
    analyst_client: Client, mini: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    from umfrage.questionnaire.problems import Problem, ProblemsError

    def failing(wave: Wave, query: results.Query) -> Any:
        raise ProblemsError(
            [
                Problem(
                    file="survey.yaml",
                    line=None,
                    question=None,
                    message="Gewichtung geht nicht.",
                    fix="So.",
                )
            ]
        )

    monkeypatch.setattr(results, "build", failing)
    page = analyst_client.get(url("mini", "2024")).content.decode()
    assert "Gewichtung geht nicht. So." in page


def test_a_report_file_is_rendered_once_per_data_version_and_never_served_stale(
    analyst_client: Client, mini: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    from umfrage.reporting import html as report_html
    from umfrage.reporting import pdf as report_pdf

    rendered: list[tuple[str, bytes]] = []
    pdf_original, html_original = report_pdf.render_pdf, report_html.render_html

    def counting_pdf(report: Any) -> bytes:
        body = pdf_original(report)
        rendered.append(("pdf", body))
        return body

    def counting_html(report: Any) -> str:
        body = html_original(report)
        rendered.append(("html", body.encode("utf-8")))
        return body

    monkeypatch.setattr(report_pdf, "render_pdf", counting_pdf)
    monkeypatch.setattr(report_html, "render_html", counting_html)
    first = [analyst_client.get(download_url("bericht-intern.pdf")) for _ in range(3)]
    assert [kind for kind, _ in rendered] == ["pdf"]
    assert all(r.status_code == 200 and r.content == rendered[0][1] for r in first)
    # Another download, query or version is another file.
    analyst_client.get(download_url("bericht-intern.html"))
    analyst_client.get(download_url("bericht-intern.html"))
    analyst_client.get(download_url("bericht-oeffentlich.pdf"))
    analyst_client.get(download_url("bericht-intern.pdf", "vergleich=keine"))
    assert [kind for kind, _ in rendered] == ["pdf", "html", "pdf", "pdf"]

    answer = Response.objects.get(wave__survey=mini, wave__key="2024", organisation__key="B-2")
    answer.record({**answer.answers, "partner": 40}, status="complete", by="test", source="web")
    fresh = analyst_client.get(download_url("bericht-intern.html"))
    assert [kind for kind, _ in rendered] == ["pdf", "html", "pdf", "pdf", "html"]
    assert fresh.content == rendered[-1][1] != rendered[1][1]
    assert "26,0" in fresh.content.decode()  # (12 + 40) / 2: the new answer, not the old file
    again = analyst_client.get(download_url("bericht-intern.pdf"))
    assert len(rendered) == 6 and again.content == rendered[-1][1]


@pytest.mark.parametrize("change", ["answer", "questionnaire", "publish", "earlier wave"])
def test_every_change_to_what_a_report_shows_makes_a_new_report_file(
    change: str, analyst_client: Client, mini: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The admin's download is served from the file cache until the data version changes:
    a new answer, a reworded questionnaire, the publish state, the compared wave."""
    from django.utils import timezone

    from umfrage.reporting import html as report_html

    rendered: list[str] = []
    original = report_html.render_html

    def counting(report: Any) -> str:
        body = original(report)
        rendered.append(body)
        return body

    monkeypatch.setattr(report_html, "render_html", counting)
    first = analyst_client.get(download_url("bericht-intern.html"))
    assert analyst_client.get(download_url("bericht-intern.html")).content == first.content
    assert len(rendered) == 1
    wave = mini.waves.get(key="2024")
    if change == "answer":
        answer = Response.objects.get(wave=wave, organisation__key="B-2")
        answer.record({**answer.answers, "partner": 40}, status="complete", by="t", source="web")
        shown = None  # the figures: see test_a_report_file_is_rendered_once_per_data_version…
    elif change == "questionnaire":
        wave.change_questionnaire(
            wave.questionnaire_text.replace("Wie viele Partner:innen?", "Wie viele Partner?")
        )
        shown = "Wie viele Partner?"
    elif change == "publish":
        wave.publish(timezone.now())
        shown = None
    else:
        earlier = mini.waves.get(key="2023")
        earlier.change_questionnaire(
            earlier.questionnaire_text.replace("Bundesland?", "In welchem Bundesland?")
        )
        shown = None
    fresh = analyst_client.get(download_url("bericht-intern.html"))
    assert len(rendered) == 2, "the cached file of the old data version was served"
    assert fresh.content.decode() == rendered[-1]
    if change == "answer":
        assert fresh.content != first.content
    if shown is not None:
        assert shown in fresh.content.decode()
        assert shown not in first.content.decode()
    assert analyst_client.get(download_url("bericht-intern.html")).content == fresh.content
    assert len(rendered) == 2


def test_two_requests_for_the_same_report_file_at_once_render_it_once(
    settings: Any, tmp_path: Any
) -> None:
    import threading

    from umfrage.web import reportcache

    settings.UMFRAGE_REPORT_CACHE_DIR = tmp_path / "cache"
    started, release = threading.Event(), threading.Event()
    renders: list[int] = []

    def slow_render() -> bytes:
        renders.append(1)
        started.set()
        release.wait(timeout=30)
        return b"%PDF-1.7 Bericht"

    got: list[bytes] = []
    first = threading.Thread(
        target=lambda: got.append(reportcache.cached_file("g", (1,), slow_render))
    )
    first.start()
    assert started.wait(timeout=30)
    second = threading.Thread(
        target=lambda: got.append(reportcache.cached_file("g", (1,), slow_render))
    )
    second.start()
    second.join(timeout=0.5)  # it waits for the lock the first one holds
    assert second.is_alive()
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert renders == [1]
    assert got == [b"%PDF-1.7 Bericht", b"%PDF-1.7 Bericht"]
    # A new key replaces the group's file; the folder keeps one file per group.
    assert reportcache.cached_file("g", (2,), lambda: b"neu") == b"neu"
    assert [p.name.split("~")[0] for p in (tmp_path / "cache").glob("g~*")] == ["g"]


INFEASIBLE_SURVEY = SURVEY_YAML.replace(
    "    bundesland: {BE: 2, HH: 2}",
    "    bundesland: {BE: 1, HH: 3}\n    social_media: {ja: 1, planung: 3, nein: 0}",
)
# "In Planung" only in Berlin: the margins want 75 % of it but only 25 % of Berlin.
INFEASIBLE_2024 = """\
organisation,submitted_at,status,bundesland,social_media
B-1,2024-05-10T10:00:00+02:00,complete,BE,planung
B-2,2024-05-12T09:15:00+02:00,complete,BE,planung
H-1,2024-05-12T10:15:00+02:00,complete,HH,ja
H-2,2024-05-13T10:15:00+02:00,complete,HH,ja
"""


def test_a_weighting_that_missed_its_targets_is_announced_with_the_achieved_margins(
    analyst_client: Client, load_mini: Callable[..., Survey], empty_cache: None
) -> None:
    load_mini(
        "mini",
        {"survey.yaml": INFEASIBLE_SURVEY, "waves/2024/responses.csv": INFEASIBLE_2024},
    )
    query = "vergleich=keine&gewichtung=ja"
    page = analyst_client.get(url("mini", "2024", query=query)).content.decode()
    assert "Zielverteilung <strong>nicht erreicht</strong>" in page
    assert (
        "Die Gewichtung hat die Zielverteilung nicht erreicht: Die Anpassung (Raking) hat nach 200 Durchgängen abgebrochen."
        in page
    )
    assert "Erreichte Randverteilungen der Gewichtung, Welle 2024" in page
    assert "bundesland: Berlin" in page and "social_media: In Planung" in page
    # The report downloads say it too: on the title page and in the methods section.
    report = analyst_client.get(download_url("bericht-intern.html", query)).content.decode()
    assert report.count("Die Gewichtung hat die Zielverteilung nicht erreicht") == 2
    assert "die dabei <strong>nicht erreicht</strong> wurde" in report
    assert "Gewichtet auf die Verteilung" not in report
    assert "Erreichte Randverteilungen der Gewichtung, Welle 2024" in report
    # The public version hides the achieved shares of cells it hides (all under 3 here).
    public = analyst_client.get(
        url("mini", "2024", query=query + "&fassung=oeffentlich")
    ).content.decode()
    assert "Die Gewichtung hat die Zielverteilung nicht erreicht" in public
    assert "zu deren Schutz nicht ausgewiesen" in public
    assert "Am weitesten daneben" not in public


def test_a_weighting_that_met_its_targets_has_no_warning(
    analyst_client: Client, marked: Survey
) -> None:
    page = analyst_client.get(url("mini", "2024", query="gewichtung=ja")).content.decode()
    assert "<strong>gewichtet</strong>" in page
    assert "Zielverteilung" not in page and "Erreichte Randverteilungen" not in page
