"""The snapshot of a published wave's public report."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from umfrage.store.models import Wave


class PublishedReport(models.Model):
    """What the public sees of a published wave, fixed at the moment of publication.

    Later edits of the answers (a late correction, an erasure) do not change a published
    report; withdrawing the publication deletes it, publishing again makes a new one.
    """

    wave = models.OneToOneField(Wave, on_delete=models.CASCADE, related_name="published_report")
    created_at = models.DateTimeField(_("erstellt am"), default=timezone.now)
    created_by = models.CharField(_("erstellt von"), max_length=150)
    compare = models.CharField(_("Vergleichswelle"), max_length=40, blank=True)
    data_version = models.CharField(_("Datenstand"), max_length=64)
    html = models.TextField(_("Bericht (HTML, zum Herunterladen)"))
    page_html = models.TextField(_("Bericht (HTML, öffentliche Seite)"))
    pdf_html = models.TextField(_("Bericht (HTML für das PDF)"))
    pdf = models.BinaryField(_("Bericht (PDF)"), null=True, blank=True)

    class Meta:
        verbose_name = _("veröffentlichter Bericht")
        verbose_name_plural = _("veröffentlichte Berichte")

    def __str__(self) -> str:
        return f"{self.wave} (veröffentlicht)"
