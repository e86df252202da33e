"""The respondent's addresses. Only the entry link carries the token; the rest use a signed cookie."""

from __future__ import annotations

from django.urls import path

from umfrage.collect import views

app_name = "collect"

urlpatterns = [
    path("t/<str:token>", views.entry, name="entry"),
    path("fragebogen/", views.welcome, name="welcome"),
    path("fragebogen/seite/<str:section_id>/", views.page, name="page"),
    path("fragebogen/pruefen/", views.review, name="review"),
    path("fragebogen/danke/", views.thanks, name="thanks"),
    path("fragebogen/sprache/", views.language, name="language"),
]
