"""Where a respondent is in the web questionnaire (the answers themselves live in store)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from umfrage.store.models import Invitation, Response


class Progress(models.Model):
    """The web questionnaire's state for one invitation: pages finished, the response it fills.

    In an anonymous wave there is no such row until the questionnaire is submitted, and then it
    links to no response: it only remembers that (``submitted``) and on which day the invitation
    was answered. Unfinished anonymous answers are found through ``Draft`` instead.
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


class Draft(models.Model):
    """An anonymous wave's unfinished answers, found only by the respondent's locator.

    ``locator`` is computed from the raw personal token (``store.anonymity.locator``), which
    the database never holds (only a different hash of it), so nothing stored leads from an
    invitation to its draft. The browser keeps the locator in its signed cookie
    (``collect.access``); the link from the e-mail computes it again. Drafts have no id of their
    own and are rewritten with their responses in a random order on every save
    (``store.anonymity.mix_unfinished``); at submit and when the wave closes they are deleted.
    """

    locator = models.CharField(primary_key=True, max_length=64, editable=False)
    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="web_draft")
    pages_done = models.JSONField(_("fertige Seiten"), default=list)

    class Meta:
        verbose_name = _("Unfertige anonyme Antwort")
        verbose_name_plural = _("Unfertige anonyme Antworten")

    def __str__(self) -> str:
        return f"{self.response} ({len(self.pages_done)} Seiten)"
