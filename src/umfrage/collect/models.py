"""Where a respondent is in the web questionnaire (the answers themselves live in store)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from umfrage.store.models import Invitation, Response


class Progress(models.Model):
    """The web questionnaire's state for one invitation: pages finished, the response it fills.

    In an anonymous wave the link to the response is cut when the questionnaire is submitted, so
    the stored answers cannot be traced back to the invitation (``submitted`` remembers the fact).
    """

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="web_progress"
    )
    response = models.OneToOneField(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="web_progress"
    )
    pages_done = models.JSONField(_("fertige Seiten"), default=list)
    submitted = models.BooleanField(_("abgeschickt"), default=False)
    updated_at = models.DateTimeField(_("geändert"), default=timezone.now)

    class Meta:
        verbose_name = _("Fortschritt im Web-Fragebogen")
        verbose_name_plural = _("Fortschritte im Web-Fragebogen")

    def __str__(self) -> str:
        return f"{self.invitation} ({len(self.pages_done)} Seiten)"
