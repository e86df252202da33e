from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "umfrage.web"
    label = "web"
    verbose_name = _("Verwaltung")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from umfrage.web import checks, signals  # noqa: F401  (registers checks and receivers)
