from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoreConfig(AppConfig):
    name = "umfrage.store"
    label = "store"
    verbose_name = _("Umfragedaten")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from umfrage import checks  # noqa: F401  (registers the system checks)
