"""The public results pages: no login, only published waves, only the public report.

Anything that is not a published wave (unknown survey or wave, draft, open, closed) gets the
same plain 404, so the pages do not reveal which waves exist.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from rdflib import Graph

from umfrage.publication import dcat
from umfrage.publication.models import PublishedReport
from umfrage.publication.snapshots import (
    csv_of,
    open_data_enabled,
    pdf_of,
    published_waves,
    snapshot_for,
    with_open_data_links,
)
from umfrage.questionnaire.problems import ProblemsError
from umfrage.reporting.csp import report_policy
from umfrage.store.models import Survey, Wave

logger = logging.getLogger(__name__)


def _snapshot(wave: Wave) -> PublishedReport:
    try:
        return snapshot_for(wave)
    except ProblemsError as exc:
        # A wave published outside the web (survey folder) whose report cannot be made: the
        # public gets the plain 404, the staff see the problems on the results page.
        logger.warning("Öffentlicher Bericht für %s nicht erstellbar: %s", wave, exc)
        raise Http404 from exc


def _published(slug: str, key: str) -> Wave:
    wave = (
        Wave.objects.select_related("survey")
        .filter(survey__slug=slug, key=key, status=Wave.Status.PUBLISHED)
        .first()
    )
    if wave is None:
        raise Http404
    return wave


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """The site's root page: where to answer, where to read results, where the staff sign in.

    It names no survey, wave or organisation (nothing that is not public anyway), only whether
    the installation holds synthetic example data, so nobody mistakes the demo for real results.
    """
    synthetic = Survey.objects.filter(synthetic=True).exists()
    return render(request, "publication/start.html", {"synthetic": synthetic})


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    open_data = dcat.open_waves()
    return render(
        request,
        "publication/index.html",
        {
            "waves": published_waves(),
            "open_data": {w.pk for w in open_data},
            "formats": bool(open_data),
        },
    )


@require_safe
def wave(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    item = _published(slug, key)
    page = _snapshot(item).page_html
    if open_data_enabled(item.survey):
        page = with_open_data_links(page)
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    # The report carries its styles inline: allow exactly those (by hash), nothing else.
    response["Content-Security-Policy"] = report_policy(page)
    return response


@require_safe
def wave_pdf(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    item = _published(slug, key)
    data = pdf_of(_snapshot(item))
    if data is None:
        logger.warning("PDF für %s fehlt: Welle erneut veröffentlichen.", item)
        raise Http404
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{item.survey.slug}-{item.key}-ergebnisbericht.pdf"'
    )
    return response


@require_safe
def wave_csv(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The public report's tables as open data; like any other page, nothing for a wave that
    is not published or a survey that does not publish open data."""
    item = _published(slug, key)
    if not open_data_enabled(item.survey):
        raise Http404
    text = csv_of(_snapshot(item))
    if text is None:
        logger.warning("Offene Daten für %s fehlen: Welle erneut veröffentlichen.", item)
        raise Http404
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{item.survey.slug}-{item.key}-tabellen.csv"'
    )
    return response


def _rdf(graph: Graph | None, ext: str) -> HttpResponse:
    if graph is None:
        raise Http404
    content_type = dcat.FORMATS[ext][2]
    response = HttpResponse(
        dcat.serialise(graph, ext).encode("utf-8"), content_type=f"{content_type}; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def series(request: HttpRequest, slug: str, ext: str) -> HttpResponse:
    """A survey's open data (series and published waves) after DCAT-AP.de."""
    survey = Survey.objects.filter(slug=slug).first()
    return _rdf(dcat.survey_graph(survey) if survey is not None else None, ext)


@require_safe
def catalogue(request: HttpRequest, ext: str) -> HttpResponse:
    """Every survey's open data as one DCAT-AP.de catalogue, for harvesters such as GovData."""
    return _rdf(dcat.catalogue_graph(), ext)
