from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectConfig(AppConfig):
    name = "umfrage.collect"
    label = "collect"
    verbose_name = _("Web-Fragebogen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from umfrage.collect.logredact import install

        install()
