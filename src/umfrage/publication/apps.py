from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "umfrage.publication"
    label = "publication"
    verbose_name = _("Veröffentlichte Ergebnisse")
    default_auto_field = "django.db.models.BigAutoField"
