"""The public results pages: no login, only published waves, only the public report.

Anything that is not a published wave (unknown survey or wave, draft, open, closed) gets the
same plain 404, so the pages do not reveal which waves exist.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from umfrage.publication.snapshots import pdf_of, published_waves, snapshot_for
from umfrage.store.models import Wave
from umfrage.web.results import report_policy


def _published(slug: str, key: str) -> Wave:
    wave = (
        Wave.objects.select_related("survey")
        .filter(survey__slug=slug, key=key, status=Wave.Status.PUBLISHED)
        .first()
    )
    if wave is None:
        raise Http404
    return wave


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "publication/index.html", {"waves": published_waves()})


@require_GET
def wave(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    snapshot = snapshot_for(_published(slug, key))
    response = HttpResponse(snapshot.page_html, content_type="text/html; charset=utf-8")
    # The report carries its styles inline: allow exactly those (by hash), nothing else.
    response["Content-Security-Policy"] = report_policy(snapshot.page_html)
    return response


@require_GET
def wave_pdf(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    item = _published(slug, key)
    response = HttpResponse(pdf_of(snapshot_for(item)), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{item.survey.slug}-{item.key}-ergebnisbericht.pdf"'
    )
    return response
