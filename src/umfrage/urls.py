"""URL routes. The web questionnaire and the admin interface add theirs here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("umfrage.invitations.urls")),
    path("verwaltung/", include("umfrage.web.urls")),
    path("ergebnisse/", include("umfrage.publication.urls")),
    path("", include("umfrage.collect.urls")),
]
