"""The public results pages, mounted under /ergebnisse/."""

from __future__ import annotations

from django.urls import path

from umfrage.publication import views
from umfrage.publication.snapshots import PDF_NAME

app_name = "publication"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/<str:key>/", views.wave, name="wave"),
    path("<slug:slug>/<str:key>/" + PDF_NAME, views.wave_pdf, name="wave_pdf"),
]
