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
    pdf = models.BinaryField(_("Bericht (PDF)"), null=True, blank=True)
    data_csv = models.TextField(
        _("Tabellen als CSV (offene Daten)"),
        blank=True,
        default="",
        help_text=_("Leer bei Berichten, die vor der Einführung der offenen Daten entstanden."),
    )

    class Meta:
        verbose_name = _("veröffentlichter Bericht")
        verbose_name_plural = _("veröffentlichte Berichte")

    def __str__(self) -> str:
        return f"{self.wave} (veröffentlicht)"


LICENCES = {
    "dl-by-de/2.0": (
        "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        "https://www.govdata.de/dl-de/by-2-0",
    ),
    "dl-zero-de/2.0": (
        "Datenlizenz Deutschland – Zero – Version 2.0",
        "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
        "https://www.govdata.de/dl-de/zero-2-0",
    ),
    "cc-by/4.0": (
        "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
        "http://dcat-ap.de/def/licenses/cc-by/4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
}
"""Licences offered for open data: key → (German name, DCAT-AP.de licence URI, text of it)."""


class OpenData(models.Model):
    """Whether and how a survey's published waves are also published as open data
    (docs/open-data.md): who publishes them, whom to ask, under which licence."""

    survey = models.OneToOneField(
        "store.Survey", on_delete=models.CASCADE, related_name="open_data"
    )
    enabled = models.BooleanField(
        _("Veröffentlichte Wellen auch als offene Daten bereitstellen"),
        default=False,
        help_text=_(
            "Die Tabellen des öffentlichen Berichts als CSV-Datei mit Metadaten nach "
            "DCAT-AP.de, abrufbar unter /ergebnisse/ und für GovData."
        ),
    )
    publisher = models.CharField(
        _("Veröffentlichende Stelle"),
        max_length=300,
        blank=True,
        help_text=_("Name der Behörde oder Organisation, z. B. das Servicebüro."),
    )
    publisher_url = models.URLField(_("Internetadresse der veröffentlichenden Stelle"), blank=True)
    contact_name = models.CharField(
        _("Kontaktstelle"),
        max_length=300,
        blank=True,
        help_text=_("An wen sich Nutzer:innen der Daten wenden (eine Stelle, keine Person)."),
    )
    contact_email = models.EmailField(_("E-Mail-Adresse der Kontaktstelle"), blank=True)
    licence = models.CharField(
        _("Lizenz"),
        max_length=20,
        choices=[(key, name) for key, (name, _uri, _text) in LICENCES.items()],
        default="dl-by-de/2.0",
    )
    contributor_id = models.URLField(
        _("Kennung bei GovData (contributorID)"),
        blank=True,
        help_text=_(
            "Die Adresse aus dem DCAT-AP.de-Verzeichnis der Datenbereitsteller, z. B. "
            "http://dcat-ap.de/def/contributors/…; leer lassen, wenn noch keine vergeben ist."
        ),
    )

    class Meta:
        verbose_name = _("Einstellungen für offene Daten")
        verbose_name_plural = _("Einstellungen für offene Daten")

    def __str__(self) -> str:
        return f"{self.survey} (offene Daten)"

    @property
    def licence_uri(self) -> str:
        return LICENCES[self.licence][1]

    @property
    def licence_name(self) -> str:
        return LICENCES[self.licence][0]

    @property
    def licence_text_url(self) -> str:
        return LICENCES[self.licence][2]

    @property
    def attribution(self) -> bool:
        """Whether the licence asks users to name the source (all but "Zero")."""
        return "zero" not in self.licence
