from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvitationsConfig(AppConfig):
    name = "umfrage.invitations"
    label = "invitations"
    verbose_name = _("Einladungen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from umfrage.invitations import checks  # noqa: F401  (registers the system checks)
