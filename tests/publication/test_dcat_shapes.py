"""The open data's DCAT-AP.de metadata validate against the shapes next to this file (pyshacl),
in every serialisation a harvester reads; broken metadata do not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH

from umfrage.publication import dcat
from umfrage.publication.dcat import DCAT
from umfrage.publication.models import OpenData
from umfrage.store.models import Survey, Wave

SHAPES = Graph().parse(Path(__file__).with_name("dcat-ap-de-shapes.ttl"))
CONTRIBUTOR = "http://dcat-ap.de/def/contributors/beispielBehoerde"


def check(graph: Graph) -> tuple[bool, Graph]:
    conforms, report, _text = validate(
        graph, shacl_graph=SHAPES, ont_graph=SHAPES, inference="none", allow_warnings=True
    )
    return bool(conforms), report


def results(report: Graph, severity: URIRef = SH.Violation) -> list[tuple[Any, Any]]:
    return [
        (report.value(r, SH.resultPath), report.value(r, SH.focusNode))
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.resultSeverity) == severity
    ]


@pytest.fixture
def open_example(loaded_example: Survey, settings: Any) -> Survey:
    settings.SITE_URL = "https://umfrage.example.de"
    OpenData.objects.create(
        survey=loaded_example,
        enabled=True,
        publisher="Servicebüro Lokale Bündnisse für Familie",
        publisher_url="https://www.lokale-buendnisse-fuer-familie.de/",
        contact_name="Servicebüro, Team Umfrage",
        contact_email="umfrage@example.de",
        licence="dl-by-de/2.0",
        contributor_id=CONTRIBUTOR,
    )
    return loaded_example


@pytest.mark.django_db
@pytest.mark.parametrize("ext", sorted(dcat.RDF_FORMATS))
def test_the_catalogue_validates_in_every_serialisation(open_example: Survey, ext: str) -> None:
    graph = dcat.catalogue_graph()
    assert graph is not None
    text = dcat.serialise(graph, ext)
    parsed = Graph().parse(data=text, format=dcat.RDF_FORMATS[ext])
    conforms, report = check(parsed)
    assert conforms, report.serialize(format="turtle")
    assert results(report, SH.Warning) == []  # the recommended parts are there too
    datasets = set(parsed.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 2  # the published waves 2023 and 2024
    series = set(parsed.subjects(RDF.type, DCAT.DatasetSeries))
    assert len(series) == 1
    assert {parsed.value(d, DCAT.inSeries) for d in datasets} == series


@pytest.mark.django_db
def test_the_metadata_say_what_the_settings_and_the_wave_say(open_example: Survey) -> None:
    graph = dcat.survey_graph(open_example)
    assert graph is not None
    dataset = URIRef("https://umfrage.example.de/ergebnisse/buendnisumfrage/2024/#daten")
    assert str(graph.value(dataset, DCTERMS.title)) == (
        f"{open_example.title} – Bündnisumfrage 2024"
    )
    assert "Synthetische Daten" in str(graph.value(dataset, DCTERMS.description))
    assert graph.value(dataset, URIRef("http://dcat-ap.de/def/dcatde/contributorID")) == URIRef(
        CONTRIBUTOR
    )
    period = graph.value(dataset, DCTERMS.temporal)
    assert str(graph.value(period, DCAT.startDate)) == "2024-05-06"
    assert str(graph.value(period, DCAT.endDate)) == "2024-06-28"
    downloads = {
        str(graph.value(d, DCAT.downloadURL)): graph.value(d, DCTERMS.license)
        for d in graph.objects(dataset, DCAT.distribution)
    }
    assert downloads == {
        "https://umfrage.example.de/ergebnisse/buendnisumfrage/2024/daten.csv": URIRef(
            "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
        ),
        "https://umfrage.example.de/ergebnisse/buendnisumfrage/2024/bericht.pdf": URIRef(
            "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
        ),
    }
    contact = graph.value(dataset, DCAT.contactPoint)
    assert graph.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")) == URIRef(
        "mailto:umfrage@example.de"
    )


@pytest.mark.django_db
def test_an_unpublished_wave_is_not_in_the_metadata(open_example: Survey) -> None:
    Wave.objects.filter(survey=open_example, key="2024").update(status=Wave.Status.CLOSED)
    graph = dcat.catalogue_graph()
    assert graph is not None
    datasets = {str(d) for d in graph.subjects(RDF.type, DCAT.Dataset)}
    assert datasets == {"https://umfrage.example.de/ergebnisse/buendnisumfrage/2023/#daten"}
    assert "2024" not in dcat.serialise(graph, "ttl").replace("2024-", "")
    Wave.objects.filter(survey=open_example).update(status=Wave.Status.CLOSED)
    assert dcat.catalogue_graph() is None and dcat.survey_graph(open_example) is None


@pytest.mark.django_db
def test_without_a_contributor_id_the_metadata_warn_but_conform(open_example: Survey) -> None:
    OpenData.objects.filter(survey=open_example).update(contributor_id="")
    graph = dcat.survey_graph(open_example)
    assert graph is not None
    conforms, report = check(graph)
    assert conforms
    warned = {str(path) for path, _node in results(report, SH.Warning)}
    assert warned == {"http://dcat-ap.de/def/dcatde/contributorID"}


def _first(graph: Graph, kind: URIRef) -> Any:
    return sorted(graph.subjects(RDF.type, kind))[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("breakage", "path"),
    [
        ("no publisher", DCTERMS.publisher),
        ("licence as text", DCTERMS.license),
        ("licence outside the vocabulary", DCTERMS.license),
        ("no access URL", DCAT.accessURL),
        ("title without language", DCTERMS.title),
        ("contact without e-mail", URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")),
        ("series without datasets", None),
        ("end date as text", URIRef("http://www.w3.org/ns/dcat#endDate")),
    ],
)
def test_broken_metadata_fail_validation(open_example: Survey, breakage: str, path: Any) -> None:
    graph = dcat.survey_graph(open_example)
    assert graph is not None
    assert check(graph)[0]
    dataset = _first(graph, DCAT.Dataset)
    distribution = graph.value(dataset, DCAT.distribution)
    if breakage == "no publisher":
        graph.remove((dataset, DCTERMS.publisher, None))
    elif breakage == "licence as text":
        graph.set((distribution, DCTERMS.license, Literal("Datenlizenz Deutschland")))
    elif breakage == "licence outside the vocabulary":
        graph.set((distribution, DCTERMS.license, URIRef("https://example.org/meine-lizenz")))
    elif breakage == "no access URL":
        graph.remove((distribution, DCAT.accessURL, None))
    elif breakage == "title without language":
        graph.set((dataset, DCTERMS.title, Literal("Ohne Sprache")))
    elif breakage == "contact without e-mail":
        contact = graph.value(dataset, DCAT.contactPoint)
        graph.remove((contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail"), None))
    elif breakage == "series without datasets":
        graph.remove((None, DCAT.inSeries, None))
    elif breakage == "end date as text":
        period = graph.value(dataset, DCTERMS.temporal)
        graph.set((period, DCAT.endDate, Literal("Ende Juni")))
    conforms, report = check(graph)
    assert not conforms
    paths = [p for p, _node in results(report)]
    if path is not None:
        assert path in paths, report.serialize(format="turtle")
    else:
        assert paths, report.serialize(format="turtle")
