"""Another URL configuration, for a test that remembered addresses follow ROOT_URLCONF."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [path("anderswo/", include("umfrage.urls"))]
