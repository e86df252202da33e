"""Reports of barriers sent through the public feedback form (§ 12b BGG, BITV 2.0 § 7).

Whoever sends one may leave an e-mail address for the answer; that address and the text are
personal data: they are erased when staff erase the message, when the organisation with that
address is erased, and by ``umfrage retention`` ``RETENTION_MONTHS`` after the message was closed
(umfrage.governance.dataprotection). The answer is due one month after receipt (§ 12b BGG with
the BITV 2.0's feedback mechanism); the staff list shows the date and marks what is overdue.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ANSWER_MONTHS = 1
"""The answer is due this many months after receipt."""

RETENTION_MONTHS = 12
"""A closed message (text and address) is deleted this many months after it was closed."""

MAX_TEXT = 5000
MAX_PAGE = 500


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, the month's last day where it is shorter (31 Jan → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


class Feedback(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("offen")
        ANSWERED = "answered", _("beantwortet")
        CLOSED = "closed", _("abgeschlossen")

    received_at = models.DateTimeField(_("eingegangen"), default=timezone.now)
    page = models.CharField(_("betroffene Seite"), max_length=MAX_PAGE, blank=True)
    message = models.TextField(_("Mitteilung"), max_length=MAX_TEXT)
    email = models.EmailField(_("E-Mail-Adresse für die Antwort"), blank=True)
    language = models.CharField(_("Sprache der Seite"), max_length=16, blank=True)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.OPEN)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    note = models.TextField(_("interne Notiz"), blank=True)
    erased_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("Meldung einer Barriere")
        verbose_name_plural = _("Meldungen von Barrieren")

    def __str__(self) -> str:
        return f"Meldung {self.pk}"

    @property
    def due(self) -> date:
        """The day the answer is due: received + one month (local date)."""
        return add_months(timezone.localtime(self.received_at).date(), ANSWER_MONTHS)

    def overdue(self, today: date | None = None) -> bool:
        """Not answered or closed, and the due day has passed."""
        if self.state != self.State.OPEN:
            return False
        return (today or timezone.localdate()) > self.due

    def erase(self, now: datetime) -> None:
        """Delete the personal data (text, address, page, note); the dates and state stay."""
        self.message = "[gelöscht]"
        self.email = ""
        self.page = ""
        self.note = ""
        self.erased_at = now
