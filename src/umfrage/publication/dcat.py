"""The open data's metadata after DCAT-AP.de 3 (docs/open-data.md), built with rdflib.

A survey that publishes open data is a ``dcat:DatasetSeries``; each published wave is a
``dcat:Dataset`` in that series (``dcat:inSeries``) with two distributions: the tidy CSV of the
public report's tables and the report as PDF. The catalogue (``dcat:Catalog``) lists every
published wave of every survey with open data; GovData harvests it. Only published waves
appear: the metadata are built from the database's published waves and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from umfrage import titles
from umfrage.publication.models import OpenData
from umfrage.publication.snapshots import CSV_NAME, PDF_NAME
from umfrage.store.models import Survey, Wave

DCAT = Namespace("http://www.w3.org/ns/dcat#")
"""DCAT 3 (rdflib's own DCAT namespace lacks dcat:DatasetSeries and dcat:inSeries)."""
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
THEME = URIRef(EU + "data-theme/SOCI")
"""The EU data theme "Bevölkerung und Gesellschaft"."""
GERMAN = URIRef(EU + "language/DEU")
FORMATS = {
    "csv": (URIRef(EU + "file-type/CSV"), URIRef(IANA + "text/csv"), "text/csv"),
    "ttl": (URIRef(EU + "file-type/RDF_TURTLE"), URIRef(IANA + "text/turtle"), "text/turtle"),
    "rdf": (
        URIRef(EU + "file-type/RDF_XML"),
        URIRef(IANA + "application/rdf+xml"),
        "application/rdf+xml",
    ),
    "jsonld": (
        URIRef(EU + "file-type/JSON_LD"),
        URIRef(IANA + "application/ld+json"),
        "application/ld+json",
    ),
    "pdf": (URIRef(EU + "file-type/PDF"), URIRef(IANA + "application/pdf"), "application/pdf"),
}
"""Serialisations and files: extension → (EU file type, IANA media type, content type)."""
RDF_FORMATS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}
"""The metadata files GovData and others can harvest: extension → rdflib format name."""


def site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _de(text: str) -> Literal:
    return Literal(text, lang="de")


def _when(moment: datetime) -> Literal:
    return Literal(moment.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


def new_graph() -> Graph:
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    graph.bind("dcatde", DCATDE)
    return graph


def series_uri(survey: Survey) -> URIRef:
    return URIRef(site(reverse("publication:index")) + survey.slug + "/#reihe")


def dataset_uri(wave: Wave) -> URIRef:
    return URIRef(site(reverse("publication:wave", args=(wave.survey.slug, wave.key))) + "#daten")


def open_waves(survey: Survey | None = None) -> list[Wave]:
    """Published waves of surveys that publish open data (of ``survey`` only, if given)."""
    waves = Wave.objects.filter(
        status=Wave.Status.PUBLISHED,
        survey__open_data__enabled=True,
    ).select_related("survey", "survey__open_data", "published_report")
    if survey is not None:
        waves = waves.filter(survey=survey)
    return list(waves.order_by("survey__slug", "position"))


def _agent(graph: Graph, name: str, url: str = "") -> BNode:
    agent = BNode()
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, _de(name)))
    if url:
        graph.add((agent, FOAF.homepage, URIRef(url)))
    return agent


def _contact(graph: Graph, config: OpenData) -> BNode:
    contact = BNode()
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, _de(config.contact_name or config.publisher)))
    graph.add((contact, VCARD.hasEmail, URIRef("mailto:" + config.contact_email)))
    return contact


def _common(graph: Graph, subject: URIRef, config: OpenData) -> None:
    """What every dataset and the series say about who publishes and whom to ask."""
    graph.add((subject, DCTERMS.publisher, _agent(graph, config.publisher, config.publisher_url)))
    graph.add((subject, DCAT.contactPoint, _contact(graph, config)))
    if config.contributor_id:
        graph.add((subject, DCATDE.contributorID, URIRef(config.contributor_id)))
    graph.add((subject, DCAT.theme, THEME))
    graph.add((subject, DCTERMS.language, GERMAN))


def _synthetic(survey: Survey) -> str:
    return (
        " Synthetische Daten: erfundene Beispieldaten, keine echten Antworten."
        if survey.synthetic
        else ""
    )


def add_series(graph: Graph, survey: Survey, config: OpenData) -> URIRef:
    series = series_uri(survey)
    graph.add((series, RDF.type, DCAT.DatasetSeries))
    graph.add((series, DCTERMS.title, _de(survey.title)))
    graph.add(
        (
            series,
            DCTERMS.description,
            _de(
                f"Die Wellen der Umfrage „{survey.title}“ als offene Daten: je Welle die "
                "Tabellen des öffentlichen Ergebnisberichts (Anzahlen, Anteile, Vergleiche mit "
                "der Vorwelle); kleine Zellen sind zum Schutz einzelner Organisationen "
                "ausgeblendet." + _synthetic(survey)
            ),
        )
    )
    _common(graph, series, config)
    return series


def _distribution(
    graph: Graph, wave: Wave, config: OpenData, name: str, kind: str, title: str
) -> BNode:
    base = site(reverse("publication:wave", args=(wave.survey.slug, wave.key)))
    url = URIRef(base + name)
    file_type, media_type, _content = FORMATS[kind]
    item = BNode()
    graph.add((item, RDF.type, DCAT.Distribution))
    graph.add((item, DCTERMS.title, _de(title)))
    graph.add((item, DCAT.accessURL, url))
    graph.add((item, DCAT.downloadURL, url))
    graph.add((item, DCTERMS.format, file_type))
    graph.add((item, DCAT.mediaType, media_type))
    graph.add((item, DCTERMS.license, URIRef(config.licence_uri)))
    if config.attribution:
        graph.add(
            (
                item,
                DCATDE.licenseAttributionByText,
                _de(f"{config.publisher}: {wave.survey.title}, {wave.title or wave.key}"),
            )
        )
    if wave.published_at is not None:
        graph.add((item, DCTERMS.issued, _when(wave.published_at)))
    return item


def add_dataset(graph: Graph, wave: Wave, config: OpenData, series: URIRef) -> URIRef:
    survey = wave.survey
    dataset = dataset_uri(wave)
    title = wave.title or f"Welle {wave.key}"
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.identifier, Literal(f"{survey.slug}/{wave.key}")))
    graph.add((dataset, DCTERMS.title, _de(titles.wave_title(survey.title, title))))
    graph.add(
        (
            dataset,
            DCTERMS.description,
            _de(
                f"Ergebnisse der Umfrage „{survey.title}“, {title}: die Tabellen des "
                "öffentlichen Ergebnisberichts als CSV-Datei (eine Zeile je Antwort und "
                "Kennzahl) und der Bericht als PDF. Werte aus sehr wenigen Antworten sind "
                "ausgeblendet; Antworten im Wortlaut und Namen von Organisationen sind nicht "
                "enthalten." + _synthetic(survey)
            ),
        )
    )
    _common(graph, dataset, config)
    graph.add((dataset, DCAT.inSeries, series))
    # DCAT-AP.de puts the licence on each distribution (below); DCAT 3 allows it on the dataset
    # too, for portals that show it there.
    graph.add((dataset, DCTERMS.license, URIRef(config.licence_uri)))
    graph.add((dataset, DCAT.keyword, _de("Umfrage")))
    graph.add(
        (
            dataset,
            DCAT.landingPage,
            URIRef(site(reverse("publication:wave", args=(survey.slug, wave.key)))),
        )
    )
    if wave.opens or wave.closes:
        period = BNode()
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if wave.opens:
            graph.add((period, DCAT.startDate, Literal(wave.opens, datatype=XSD.date)))
        if wave.closes:
            graph.add((period, DCAT.endDate, Literal(wave.closes, datatype=XSD.date)))
        graph.add((dataset, DCTERMS.temporal, period))
    if wave.published_at is not None:
        graph.add((dataset, DCTERMS.issued, _when(wave.published_at)))
    report = getattr(wave, "published_report", None)
    if report is not None:
        graph.add((dataset, DCTERMS.modified, _when(report.created_at)))
    for name, kind, label in (
        (CSV_NAME, "csv", "Tabellen des Ergebnisberichts (CSV)"),
        (PDF_NAME, "pdf", "Ergebnisbericht (PDF)"),
    ):
        graph.add(
            (dataset, DCAT.distribution, _distribution(graph, wave, config, name, kind, label))
        )
    return dataset


def survey_graph(survey: Survey) -> Graph | None:
    """The series and its published waves; None when the survey publishes no open data."""
    waves = open_waves(survey)
    if not waves:
        return None
    graph = new_graph()
    config = waves[0].survey.open_data  # as stored now (``survey`` may hold an older copy)
    series = add_series(graph, survey, config)
    for wave in waves:
        add_dataset(graph, wave, config, series)
    return graph


def catalogue_graph(waves: Iterable[Wave] | None = None) -> Graph | None:
    """The catalogue of every survey's open data (what a harvester such as GovData reads);
    None while no survey publishes any."""
    waves = open_waves() if waves is None else list(waves)
    if not waves:
        return None
    graph = new_graph()
    catalogue = URIRef(site(reverse("publication:index")) + "#katalog")
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, _de("Offene Daten der veröffentlichten Umfragen")))
    graph.add(
        (
            catalogue,
            DCTERMS.description,
            _de(
                "Die veröffentlichten Wellen der Umfragen als offene Daten: Tabellen der "
                "öffentlichen Ergebnisberichte mit Beschreibung nach DCAT-AP.de."
            ),
        )
    )
    graph.add((catalogue, FOAF.homepage, URIRef(site(reverse("publication:index")))))
    graph.add((catalogue, DCTERMS.language, GERMAN))
    series: dict[int, URIRef] = {}
    # Who runs the site publishes the catalogue; without UMFRAGE_OPERATOR, the first survey's
    # publisher.
    operator = str(settings.UMFRAGE_OPERATOR)
    if operator:
        graph.add((catalogue, DCTERMS.publisher, _agent(graph, operator)))
    for wave in waves:
        config = wave.survey.open_data
        if wave.survey_id not in series:
            series[wave.survey_id] = add_series(graph, wave.survey, config)
            if not operator:
                graph.add((catalogue, DCTERMS.publisher, _agent(graph, config.publisher)))
                operator = config.publisher
        dataset = add_dataset(graph, wave, config, series[wave.survey_id])
        graph.add((catalogue, DCAT.dataset, dataset))
    return graph


def serialise(graph: Graph, extension: str) -> str:
    return graph.serialize(format=RDF_FORMATS[extension])
