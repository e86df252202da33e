from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "umfrage.feedback"
    label = "feedback"
    verbose_name = _("Barrieren melden")
    default_auto_field = "django.db.models.BigAutoField"
