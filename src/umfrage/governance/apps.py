from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "umfrage.governance"
    label = "governance"
    verbose_name = _("Protokoll, Rollen und Datenschutz")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from umfrage.governance.roles import sync_roles

        # After auth has created this app's permissions (its receiver is connected earlier).
        post_migrate.connect(sync_roles, sender=self)
