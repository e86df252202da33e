"""Routes of the invitations app; included from umfrage/urls.py with
``path("", include("umfrage.invitations.urls"))``."""

from __future__ import annotations

from django.urls import path

from umfrage.invitations import views

urlpatterns = [path("abmelden/<str:token>", views.opt_out, name="opt_out")]
