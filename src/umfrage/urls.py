"""URL routes. The web questionnaire and the admin interface add theirs here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from umfrage.collect.optout import opt_out
from umfrage.collect.views import accessibility, easy_language
from umfrage.feedback import views as feedback
from umfrage.publication.views import start


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Site-wide (respondents and the public alike), so not under the respondent paths.
    path("barrierefreiheit/", accessibility, name="accessibility"),
    path("leichte-sprache/", easy_language, name="easy_language"),
    path("barriere-melden/", feedback.feedback, name="feedback"),
    path("barriere-melden/gesendet/", feedback.sent, name="feedback_sent"),
    # The opt-out link of every message (view in collect, outside its respondent paths).
    path("abmelden/<str:token>", opt_out, name="opt_out"),
    path("verwaltung/", include("umfrage.web.urls")),
    path("ergebnisse/", include("umfrage.publication.urls")),
    # The root page: links to the questionnaire, the public results and the admin.
    path("", start, name="start"),
    path("", include("umfrage.collect.urls")),
]
