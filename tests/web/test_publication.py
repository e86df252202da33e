"""Publishing a wave: the public results pages under /ergebnisse/, fixed at publication."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.web.conftest import ORG_MARKER, TEXT_MARKER
from umfrage.governance.models import AuditEntry
from umfrage.publication.models import PublishedReport
from umfrage.store.models import Response, Survey, Wave
from umfrage.web.results import style_hashes

PUBLIC = "/ergebnisse/mini/2024/"


@pytest.fixture(autouse=True)
def _empty_cache(empty_cache: None) -> None:
    """Every test here starts without cached results."""


def publish(client: Client, survey: str = "mini", wave: str = "2024") -> None:
    response = client.post(
        reverse("web:wave_status", args=(survey, wave)), {"target": "published", "confirm": "1"}
    )
    assert response.status_code == 302


def withdraw(client: Client, survey: str = "mini", wave: str = "2024") -> None:
    response = client.post(
        reverse("web:wave_status", args=(survey, wave)), {"target": "closed", "confirm": "1"}
    )
    assert response.status_code == 302


def test_unpublished_waves_and_unknown_addresses_get_the_same_plain_404(
    anonymous_client: Client, marked: Survey
) -> None:
    marked.waves.get(key="2024").start_next("2025", title="Mini 2025")  # a draft
    Wave.objects.filter(survey=marked, key="2025").update(status="open")
    bodies = set()
    for address in (
        PUBLIC,  # closed
        "/ergebnisse/mini/2025/",  # open
        "/ergebnisse/mini/1999/",
        "/ergebnisse/gibt-es-nicht/2024/",
        PUBLIC + "bericht.pdf",
        "/ergebnisse/mini/2025/bericht.pdf",
    ):
        response = anonymous_client.get(address)
        assert response.status_code == 404, address
        bodies.add(response.content)
    assert len(bodies) == 1
    assert "Seite nicht gefunden" in bodies.pop().decode()
    assert not PublishedReport.objects.filter(wave__key__in=("2024", "2025")).exists()


def test_publishing_stores_the_public_report_and_anyone_can_read_it(
    admin_client: Client, anonymous_client: Client, marked: Survey
) -> None:
    publish(admin_client)
    snapshot = PublishedReport.objects.get(wave__survey=marked, wave__key="2024")
    assert snapshot.created_by == "admin"
    assert snapshot.compare == "2023"  # the previous wave is published itself
    response = anonymous_client.get(PUBLIC)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ergebnisbericht (öffentliche Fassung)" in html
    assert "Synthetische Daten" in html
    assert "im Vergleich mit Mini 2023" in html
    assert "ausgeblendet" in html  # small cells suppressed
    assert '<a href="bericht.pdf">Bericht als PDF herunterladen</a>' in html
    # The policy allows exactly the report's own style element and nothing else.
    policy = response["Content-Security-Policy"]
    assert style_hashes(html) == re.findall(r"'sha256-[^']+'", policy)
    assert "script-src" not in policy and "unsafe" not in policy
    assert policy != settings.CONTENT_SECURITY_POLICY
    # Nothing personal: no free texts, no organisation names, no contact data.
    for secret in (TEXT_MARKER, ORG_MARKER, "Bündnis Pankow", "example.org", "Anna Beispiel"):
        assert secret not in html
    # The admin's wave page shows the public address.
    wave_page = admin_client.get(reverse("web:wave", args=("mini", "2024"))).content.decode()
    assert f"{PUBLIC}</a>" in wave_page
    results_page = admin_client.get(reverse("web:results", args=("mini", "2024")))
    assert f'{PUBLIC}">' in results_page.content.decode()
    assert AuditEntry.objects.filter(action="wave.status", wave="2024").count() == 1


def test_the_public_pdf_has_no_free_texts(
    admin_client: Client, anonymous_client: Client, marked: Survey
) -> None:
    publish(admin_client)
    response = anonymous_client.get(PUBLIC + "bericht.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="mini-2024-ergebnisbericht.pdf"'
    assert response.content.startswith(b"%PDF")
    assert PublishedReport.objects.get(wave__key="2024", wave__survey=marked).pdf
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert "öffentliche Fassung" in text
        for secret in (TEXT_MARKER, ORG_MARKER, "example.org"):
            assert secret not in text


def test_a_snapshot_published_without_its_pdf_gets_it_only_if_nothing_changed(
    admin_client: Client, anonymous_client: Client, marked: Survey
) -> None:
    # Snapshots published before the PDF was stored with them kept no PDF.
    publish(admin_client)
    snapshot = PublishedReport.objects.get(wave__key="2024", wave__survey=marked)
    published = bytes(snapshot.pdf)
    PublishedReport.objects.filter(pk=snapshot.pk).update(pdf=None)
    response = anonymous_client.get(PUBLIC + "bericht.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert len(response.content) == pytest.approx(len(published), rel=0.01)
    assert PublishedReport.objects.get(pk=snapshot.pk).pdf
    # Answers changed since: today's report is not the published one, so no PDF is made up.
    PublishedReport.objects.filter(pk=snapshot.pk).update(pdf=None)
    late = Response.objects.create(wave=marked.waves.get(key="2024"), position=99)
    late.record({"bundesland": "HH"}, status="complete", by="test", source="web")
    assert anonymous_client.get(PUBLIC + "bericht.pdf").status_code == 404
    assert not PublishedReport.objects.get(pk=snapshot.pk).pdf


def test_the_published_report_does_not_change_with_later_edits_until_published_again(
    admin_client: Client, anonymous_client: Client, marked: Survey
) -> None:
    publish(admin_client)
    before = anonymous_client.get(PUBLIC).content.decode()
    assert "3 Teilnehmende" in before
    late = Response.objects.create(wave=marked.waves.get(key="2024"), position=99)
    late.record({"bundesland": "HH"}, status="partial", by="test", source="web")
    assert anonymous_client.get(PUBLIC).content.decode() == before
    # The staff's results browser shows the new figures at once.
    staff = admin_client.get(reverse("web:results", args=("mini", "2024"))).content.decode()
    assert "Welle 2024 mit 4 Antworten" in staff

    withdraw(admin_client)
    assert anonymous_client.get(PUBLIC).status_code == 404
    assert not PublishedReport.objects.filter(wave__survey=marked, wave__key="2024").exists()
    index = anonymous_client.get("/ergebnisse/").content.decode()
    assert "Mini 2024" not in index

    publish(admin_client)
    after = anonymous_client.get(PUBLIC).content.decode()
    assert "4 Teilnehmende" in after


def test_the_index_lists_exactly_the_published_waves(
    admin_client: Client, anonymous_client: Client, marked: Survey, other: Survey
) -> None:
    response = anonymous_client.get("/ergebnisse/")
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    index = response.content.decode()
    assert "<script" not in index and not re.search(r"\sstyle=", index)
    assert index.count('href="/ergebnisse/') == 2  # 2023 of both surveys (published in the folder)
    assert 'href="/ergebnisse/mini/2023/"' in index
    assert 'href="/ergebnisse/andere/2023/"' in index
    assert "(synthetische Daten)" in index
    publish(admin_client)
    index = anonymous_client.get("/ergebnisse/").content.decode()
    assert f'href="{PUBLIC}"' in index


def test_a_wave_published_in_its_folder_gets_its_snapshot_on_the_first_visit(
    anonymous_client: Client, marked: Survey, other: Survey
) -> None:
    assert not PublishedReport.objects.exists()
    page = anonymous_client.get("/ergebnisse/andere/2023/").content.decode()
    assert "Ergebnisbericht (öffentliche Fassung)" in page
    snapshot = PublishedReport.objects.get()
    assert snapshot.wave.survey == other
    assert snapshot.compare == ""  # nothing earlier to compare with
    anonymous_client.get("/ergebnisse/andere/2023/")
    assert PublishedReport.objects.count() == 1


def test_an_unpublished_earlier_wave_is_not_compared_in_public(
    admin_client: Client, anonymous_client: Client, marked: Survey
) -> None:
    withdraw(admin_client, wave="2023")
    publish(admin_client)
    page = anonymous_client.get(PUBLIC).content.decode()
    assert "im Vergleich mit" not in page
    assert "Mini 2023" not in page


def test_the_public_page_shows_only_the_survey_in_its_address(
    admin_client: Client, anonymous_client: Client, marked: Survey, other: Survey
) -> None:
    publish(admin_client, survey="andere")
    page = anonymous_client.get("/ergebnisse/andere/2024/").content.decode()
    assert "Threads" not in page and TEXT_MARKER not in page
    assert anonymous_client.get(PUBLIC).status_code == 404  # mini 2024 is still closed


def test_scripts_in_the_questionnaire_stay_inert_on_the_public_page(
    admin_client: Client, anonymous_client: Client, load_mini: Callable[..., Survey]
) -> None:
    from tests.minisurvey import Q2024, R2024_PUBLISHABLE

    load_mini(
        "mini",
        {
            "waves/2024/questionnaire.yaml": Q2024.replace(
                "label: Hamburg}", 'label: "Partner <script>alert(1)</script>?"}'
            ),
            "waves/2024/responses.csv": R2024_PUBLISHABLE,
        },
    )
    publish(admin_client)
    page = anonymous_client.get(PUBLIC).content.decode()
    assert "Partner &lt;script&gt;alert(1)&lt;/script&gt;?" in page
    assert "<script" not in page


def test_only_the_admin_publishes_and_withdraws(
    analyst_client: Client, outsider_client: Client, marked: Survey
) -> None:
    for client in (analyst_client, outsider_client):
        response = client.post(
            reverse("web:wave_status", args=("mini", "2024")),
            {"target": "published", "confirm": "1"},
        )
        assert response.status_code == 403
    assert not PublishedReport.objects.exists()
    assert marked.waves.get(key="2024").status == "closed"


def test_a_wave_whose_report_cannot_be_made_is_not_published(
    admin_client: Client, anonymous_client: Client, marked: Survey
) -> None:
    Wave.objects.filter(survey=marked, key__in=("2023", "2024")).update(
        questionnaire_text="wave: [kaputt"
    )
    response = admin_client.post(
        reverse("web:wave_status", args=("mini", "2024")),
        {"target": "published", "confirm": "1"},
        follow=True,
    )
    assert "Der öffentliche Bericht kann nicht erstellt werden" in response.content.decode()
    assert marked.waves.get(key="2024").status == "closed"
    assert not PublishedReport.objects.exists()
    # 2023 was published in its folder; its report cannot be made now: the plain 404.
    assert anonymous_client.get("/ergebnisse/mini/2023/").status_code == 404


def test_withdrawing_a_compared_wave_says_which_later_report_still_shows_it(
    admin_client: Client, anonymous_client: Client, marked: Survey
) -> None:
    publish(admin_client)
    response = admin_client.post(
        reverse("web:wave_status", args=("mini", "2023")),
        {"target": "closed", "confirm": "1"},
        follow=True,
    )
    page = response.content.decode()
    assert "Der veröffentlichte Bericht der Welle 2024 vergleicht mit Welle 2023" in page
    # Nothing changes silently: 2024's snapshot stays until it is published again.
    assert "im Vergleich mit Mini 2023" in anonymous_client.get(PUBLIC).content.decode()
    withdraw(admin_client)
    publish(admin_client)
    assert "im Vergleich mit" not in anonymous_client.get(PUBLIC).content.decode()


def test_the_public_pages_answer_head_and_refuse_writes(
    anonymous_client: Client, marked: Survey
) -> None:
    assert anonymous_client.head("/ergebnisse/").status_code == 200
    assert anonymous_client.head("/ergebnisse/mini/2023/").status_code == 200
    assert anonymous_client.post("/ergebnisse/mini/2023/").status_code in (403, 405)


def test_the_root_page_leads_to_the_questionnaire_the_results_and_the_admin(
    anonymous_client: Client, marked: Survey
) -> None:
    response = anonymous_client.get("/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    page = response.content.decode()
    assert "<script" not in page and not re.search(r"\sstyle=", page)
    for address in ("/fragebogen/", "/ergebnisse/", "/verwaltung/"):
        assert f'href="{address}"' in page
    # It names no survey or wave, only that the data here are synthetic.
    assert marked.title not in page
    assert "synthetische Beispieldaten" in page
    Survey.objects.update(synthetic=False)
    assert "synthetische" not in anonymous_client.get("/").content.decode()
    assert anonymous_client.post("/").status_code == 405


def _charts(html: str) -> list[str]:
    return re.findall(r'<svg role="img".*?</svg>', html, re.S)


def test_the_public_page_and_the_results_browser_show_the_reports_charts(
    admin_client: Client, anonymous_client: Client, marked: Survey
) -> None:
    from umfrage.loaders.report import build_wave_report

    publish(admin_client)
    public = _charts(anonymous_client.get(PUBLIC).content.decode())
    browser = admin_client.get(
        reverse("web:results", args=("mini", "2024")) + "?fassung=oeffentlich&vergleich=2023"
    ).content.decode()
    report = build_wave_report(Wave.objects.get(survey=marked, key="2024"), "2023", public=True)
    made = [b.chart.svg for s in report.sections for b in s.questions if b.chart is not None]
    # The very same SVG on all three (the public version draws no chart of hidden cells).
    assert made
    assert public == made
    assert _charts(browser) == made
    # The internal version too: the browser's charts are the internal report's.
    internal = admin_client.get(reverse("web:results", args=("mini", "2024"))).content.decode()
    report = build_wave_report(Wave.objects.get(survey=marked, key="2024"), "2023", public=False)
    made = [b.chart.svg for s in report.sections for b in s.questions if b.chart is not None]
    assert len(made) == 4
    assert _charts(internal) == made
