"""The public results pages, mounted under /ergebnisse/."""

from __future__ import annotations

from django.urls import path

from umfrage.publication import views
from umfrage.publication.dcat import RDF_FORMATS
from umfrage.publication.snapshots import CSV_NAME, PDF_NAME

app_name = "publication"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/<str:key>/", views.wave, name="wave"),
    path("<slug:slug>/<str:key>/" + PDF_NAME, views.wave_pdf, name="wave_pdf"),
    # Open data (docs/open-data.md): the tables as CSV, the metadata after DCAT-AP.de.
    path("<slug:slug>/<str:key>/" + CSV_NAME, views.wave_csv, name="wave_csv"),
    *(
        path("katalog." + ext, views.catalogue, {"ext": ext}, name="catalogue_" + ext)
        for ext in RDF_FORMATS
    ),
    *(
        path("<slug:slug>/dcat." + ext, views.series, {"ext": ext}, name="series_" + ext)
        for ext in RDF_FORMATS
    ),
]
