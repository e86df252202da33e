"""Open data under /ergebnisse/: the CSV of a published wave, the DCAT-AP.de metadata, the admin
page that switches them on, and ``umfrage opendata`` writing the same files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.web.conftest import ORG_MARKER, TEXT_MARKER
from umfrage.publication.models import OpenData, PublishedReport
from umfrage.reporting.opendata import HEADER
from umfrage.store.models import Survey, Wave

PUBLIC = "/ergebnisse/mini/2024/"


@pytest.fixture(autouse=True)
def _empty_cache(empty_cache: None) -> None:
    """Every test here starts without cached results."""


def publish(client: Client, wave: str = "2024") -> None:
    response = client.post(
        reverse("web:wave_status", args=("mini", wave)), {"target": "published", "confirm": "1"}
    )
    assert response.status_code == 302


def switch_on(client: Client) -> None:
    response = client.post(
        reverse("web:open_data", args=("mini",)),
        {
            "enabled": "on",
            "publisher": "Servicebüro Lokale Bündnisse für Familie",
            "publisher_url": "www.example.de",
            "contact_name": "Team Umfrage",
            "contact_email": "umfrage@example.de",
            "licence": "dl-zero-de/2.0",
            "contributor_id": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_admin_page_asks_for_publisher_and_contact_in_german(
    admin_client: Client, marked: Survey
) -> None:
    response = admin_client.get(reverse("web:open_data", args=("mini",)))
    html = response.content.decode()
    assert "Veröffentlichende Stelle" in html and "Datenlizenz Deutschland" in html
    response = admin_client.post(
        reverse("web:open_data", args=("mini",)), {"enabled": "on", "licence": "dl-by-de/2.0"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte geben Sie die veröffentlichende Stelle an." in html
    assert "Bitte geben Sie die E-Mail-Adresse der Kontaktstelle an." in html
    assert not OpenData.objects.filter(survey=marked, enabled=True).exists()
    switch_on(admin_client)
    config = OpenData.objects.get(survey=marked)
    assert config.enabled and config.publisher_url == "https://www.example.de"


def test_analysts_cannot_change_the_open_data_settings(
    analyst_client: Client, marked: Survey
) -> None:
    response = analyst_client.get(reverse("web:open_data", args=("mini",)))
    assert response.status_code == 403


def test_nothing_is_served_before_publication_or_without_open_data(
    admin_client: Client, anonymous_client: Client, marked: Survey
) -> None:
    addresses = (
        PUBLIC + "daten.csv",
        "/ergebnisse/mini/dcat.ttl",
        "/ergebnisse/mini/dcat.rdf",
        "/ergebnisse/mini/dcat.jsonld",
        "/ergebnisse/katalog.ttl",
        "/ergebnisse/katalog.rdf",
        "/ergebnisse/gibt-es-nicht/dcat.ttl",
        "/ergebnisse/mini/1999/daten.csv",
    )
    switch_on(admin_client)  # switched on, but nothing published yet (2024 is closed)
    Wave.objects.filter(survey=marked).update(status=Wave.Status.CLOSED)
    bodies = set()
    for address in addresses:
        response = anonymous_client.get(address)
        assert response.status_code == 404, address
        bodies.add(response.content)
    # Published, but open data switched off: the same plain 404.
    publish(admin_client)
    OpenData.objects.filter(survey=marked).update(enabled=False)
    for address in addresses:
        response = anonymous_client.get(address)
        assert response.status_code == 404, address
        bodies.add(response.content)
    assert len(bodies) == 1
    page = anonymous_client.get(PUBLIC).content.decode()
    assert "daten.csv" not in page and "dcat.ttl" not in page
    wave_page = admin_client.get(reverse("web:wave", args=("mini", "2024"))).content.decode()
    assert "Offene Daten</dt><dd>nicht bereitgestellt" in wave_page


def test_a_published_wave_with_open_data_serves_csv_and_metadata(
    admin_client: Client, anonymous_client: Client, marked: Survey
) -> None:
    switch_on(admin_client)
    publish(admin_client)
    page = anonymous_client.get(PUBLIC).content.decode()
    assert (
        '<a href="daten.csv" type="text/csv">Tabellen als offene Daten (CSV-Datei, UTF-8)</a>'
        in page
    )
    assert '<a href="../dcat.ttl" type="text/turtle">' in page
    response = anonymous_client.get(PUBLIC + "daten.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "mini-2024-tabellen.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.splitlines()[0] == ",".join(HEADER)
    table = rows(text)
    assert {r["welle"] for r in table} == {"2024"}
    assert {r["synthetische_daten"] for r in table} == {"ja"}
    # No respondent's words, no organisation, no formula that a spreadsheet would run.
    assert TEXT_MARKER not in text and ORG_MARKER not in text
    assert all(not cell.startswith("=") for r in table for cell in r.values())
    # Suppressed cells: empty, and the row says so.
    hidden = [r for r in table if r["ausgeblendet"] == "ja"]
    assert hidden, "the mini survey hides small cells"
    for r in hidden:
        assert r["anzahl"] == r["anteil_prozent"] == r["wert"] == r["ki_untere_grenze"] == ""
    assert any(r["kennzahl"] == "Vergleich" and r["vergleichswelle"] == "2023" for r in table)
    for address, kind in (
        ("/ergebnisse/mini/dcat.ttl", "text/turtle"),
        ("/ergebnisse/mini/dcat.rdf", "application/rdf+xml"),
        ("/ergebnisse/mini/dcat.jsonld", "application/ld+json"),
        ("/ergebnisse/katalog.ttl", "text/turtle"),
        ("/ergebnisse/katalog.rdf", "application/rdf+xml"),
        ("/ergebnisse/katalog.jsonld", "application/ld+json"),
    ):
        response = anonymous_client.get(address)
        assert response.status_code == 200, address
        assert response["Content-Type"].startswith(kind)
        body = response.content.decode()
        assert "http://dcat-ap.de/def/licenses/dl-zero-de/2.0" in body
        assert "/ergebnisse/mini/2024/daten.csv" in body
    wave_page = admin_client.get(reverse("web:wave", args=("mini", "2024"))).content.decode()
    assert 'href="/ergebnisse/mini/2024/daten.csv">Tabellen als CSV-Datei</a>' in wave_page
    index = anonymous_client.get("/ergebnisse/").content.decode()
    assert 'href="/ergebnisse/mini/2024/daten.csv"' in index
    assert 'href="/ergebnisse/katalog.rdf"' in index


def test_the_csv_is_fixed_at_publication(
    admin_client: Client, anonymous_client: Client, marked: Survey
) -> None:
    switch_on(admin_client)
    publish(admin_client)
    before = anonymous_client.get(PUBLIC + "daten.csv").content
    snapshot = PublishedReport.objects.get(wave__survey=marked, wave__key="2024")
    assert snapshot.data_csv.encode() == before
    marked.waves.get(key="2024").responses.first().delete()  # a later erasure
    assert anonymous_client.get(PUBLIC + "daten.csv").content == before


def test_a_snapshot_from_before_open_data_gets_its_csv_only_while_the_data_are_unchanged(
    admin_client: Client, anonymous_client: Client, marked: Survey
) -> None:
    switch_on(admin_client)
    publish(admin_client)
    made = PublishedReport.objects.get(wave__key="2024", wave__survey=marked).data_csv
    PublishedReport.objects.filter(wave__survey=marked).update(data_csv="")
    assert anonymous_client.get(PUBLIC + "daten.csv").content.decode() == made
    PublishedReport.objects.filter(wave__survey=marked).update(data_csv="")
    marked.waves.get(key="2024").responses.first().delete()
    assert anonymous_client.get(PUBLIC + "daten.csv").status_code == 404


def test_the_command_writes_the_same_files(
    admin_client: Client, anonymous_client: Client, marked: Survey, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from umfrage.cli import main

    runner = CliRunner()
    refused = runner.invoke(main, ["opendata", "mini", "--out", str(tmp_path / "a")])
    assert refused.exit_code == 1
    assert "offene Daten nicht eingeschaltet" in refused.output
    switch_on(admin_client)
    publish(admin_client)
    done = runner.invoke(main, ["opendata", "mini", "--out", str(tmp_path / "b")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "b" / "2024" / "daten.csv").read_bytes() == anonymous_client.get(
        PUBLIC + "daten.csv"
    ).content
    for ext in ("ttl", "rdf", "jsonld"):
        served = anonymous_client.get(f"/ergebnisse/mini/dcat.{ext}").content.decode()
        written = (tmp_path / "b" / f"dcat.{ext}").read_text("utf-8")
        assert _same_graph(served, written, ext)
    unknown = runner.invoke(main, ["opendata", "gibt-es-nicht", "--out", str(tmp_path / "c")])
    assert unknown.exit_code == 1 and "gibt es in der Datenbank nicht" in unknown.output
    assert "Traceback" not in unknown.output


def _same_graph(one: str, other: str, ext: str) -> bool:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from umfrage.publication.dcat import RDF_FORMATS

    kind = RDF_FORMATS[ext]
    return isomorphic(Graph().parse(data=one, format=kind), Graph().parse(data=other, format=kind))


def test_the_settings_are_migrated(marked: Survey) -> None:
    call_command("makemigrations", "publication", "--check", "--dry-run", verbosity=0)
