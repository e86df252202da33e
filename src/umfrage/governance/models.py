"""The audit log: who did what, when, to which object. Append-only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditIsAppendOnly(RuntimeError):
    pass


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditIsAppendOnly("Das Protokoll kann nicht geändert werden.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditIsAppendOnly("Das Protokoll kann nicht gelöscht werden.")

    def redact(self, **fields: Any) -> int:
        """The one change the log allows: blanking an erased organisation's personal data
        (Art. 17 DSGVO, umfrage.governance.dataprotection); the erasure itself is logged."""
        return super().update(**fields)


class AuditEntry(models.Model):
    """One action of a staff member (or a failed login). Never changed, never deleted.

    Entries name objects by their keys (survey slug, wave id, organisation id), not by foreign
    keys, so that they outlive what they describe. They are meant to hold no contact data; where
    one still names an organisation whose data are erased (a typed user name, a file name), the
    erasure blanks those words through ``AuditQuerySet.redact``, the only change allowed.
    """

    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Person"),
    )
    actor_name = models.CharField(_("Benutzername"), max_length=150)
    action = models.CharField(_("Aktion"), max_length=40, db_index=True)
    survey = models.CharField(_("Umfrage"), max_length=60, blank=True, db_index=True)
    wave = models.CharField(_("Welle"), max_length=40, blank=True)
    organisation = models.CharField(_("Organisation"), max_length=64, blank=True, db_index=True)
    summary = models.TextField(_("Beschreibung"))
    details = models.JSONField(_("Einzelheiten"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had when the model lived in ``umfrage.web`` (migrations
        # governance/0001 and web/0002 moved only Django's idea of the model, not the data).
        db_table = "web_auditentry"
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-at", "-id"]
        permissions = [
            ("administer", _("Umfragen verwalten (Administration)")),
            ("analyse", _("Ergebnisse ansehen und exportieren (Auswertung)")),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditIsAppendOnly("Das Protokoll kann nicht geändert werden.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AuditIsAppendOnly("Das Protokoll kann nicht gelöscht werden.")
