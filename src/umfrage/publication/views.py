"""The public results pages: no login, only published waves, only the public report.

Anything that is not a published wave (unknown survey or wave, draft, open, closed) gets the
same plain 404, so the pages do not reveal which waves exist.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from umfrage.publication.models import PublishedReport
from umfrage.publication.snapshots import pdf_of, published_waves, snapshot_for
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
    return render(request, "publication/index.html", {"waves": published_waves()})


@require_safe
def wave(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    snapshot = _snapshot(_published(slug, key))
    response = HttpResponse(snapshot.page_html, content_type="text/html; charset=utf-8")
    # The report carries its styles inline: allow exactly those (by hash), nothing else.
    response["Content-Security-Policy"] = report_policy(snapshot.page_html)
    return response


@require_safe
def wave_pdf(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    item = _published(slug, key)
    response = HttpResponse(pdf_of(_snapshot(item)), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{item.survey.slug}-{item.key}-ergebnisbericht.pdf"'
    )
    return response
