from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "umfrage.web"
    label = "web"
    verbose_name = _("Verwaltung")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from umfrage.web import checks, signals  # noqa: F401  (registers checks and receivers)
        from umfrage.web.roles import sync_roles

        # After auth has created this app's permissions (its receiver is connected earlier).
        post_migrate.connect(sync_roles, sender=self)
