"""What sending needs besides the store: the outbox of messages, the send lock, register imports."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from umfrage.store.models import Invitation, Survey, Wave


class Message(models.Model):
    """One e-mail to one invitation (the invitation itself or a reminder), with its Message-ID.

    The row is written, with the finished message in ``payload``, before the SMTP server sees it
    (state ``sending``). A run that dies before recording the outcome leaves it so, and the next
    run hands the very same bytes to the server again: a duplicate, if any, carries the same
    Message-ID. ``payload`` holds the clear link only for that window and is erased as soon as
    the outcome is recorded.
    """

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Einladung")
        REMINDER = "reminder", _("Erinnerung")
        HANDED = "handed", _("Link von Hand ausgegeben")

    class State(models.TextChoices):
        SENDING = "sending", _("wird versandt")
        SENT = "sent", _("versandt")
        FAILED = "failed", _("fehlgeschlagen")

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    number = models.PositiveIntegerField(_("Nummer"), help_text=_("0: Einladung, 1…: Erinnerung"))
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    token_hash = models.CharField(_("Token-Hash"), max_length=64, unique=True)
    token_revoked = models.BooleanField(_("Link gesperrt"), default=False)
    recipient = models.CharField(_("Empfänger:in"), max_length=254)
    state = models.CharField(_("Status"), max_length=10, choices=State.choices)
    payload = models.BinaryField(_("Nachricht bis zur Zustellung"), default=b"", blank=True)
    attempts = models.PositiveIntegerField(_("Übergaben an den Mailserver"), default=0)
    prepared_at = models.DateTimeField(_("vorbereitet am"), default=timezone.now)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["invitation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "kind", "number"], name="one_message_per_number"
            )
        ]
        indexes = [models.Index(fields=["state"], name="invitations_message_state")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} an {self.recipient}"


class SendLock(models.Model):
    """Who is sending for a wave right now; a second run refuses to start while this is held.

    A lease rather than a held database lock, so that one code path serves SQLite and PostgreSQL
    and the web process is never blocked. A holder that died (same machine, process gone) or went
    silent for longer than the lease is taken over.
    """

    wave = models.OneToOneField(Wave, on_delete=models.CASCADE, related_name="send_lock")
    holder = models.CharField(_("Inhaber"), max_length=100, blank=True)
    host = models.CharField(_("Rechner"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("Prozess"), null=True, blank=True)
    acquired_at = models.DateTimeField(_("seit"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("zuletzt aktiv"), null=True, blank=True)

    class Meta:
        verbose_name = _("Versandsperre")
        verbose_name_plural = _("Versandsperren")

    def __str__(self) -> str:
        return f"{self.wave}: {self.holder or '-'}"


class RegisterImport(models.Model):
    """The record of one register import: which file, when, and what it changed."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="register_imports")
    file_name = models.CharField(_("Datei"), max_length=500)
    imported_at = models.DateTimeField(_("importiert am"), default=timezone.now)
    created = models.JSONField(_("neu"), default=list)
    updated = models.JSONField(_("geändert"), default=dict)
    deactivated = models.JSONField(_("ausgeschieden"), default=list)
    deleted = models.JSONField(_("gelöscht"), default=list)

    class Meta:
        verbose_name = _("Register-Import")
        verbose_name_plural = _("Register-Importe")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.survey.slug}: {self.file_name}"


class SendJob(models.Model):
    """One sending run of a wave and its progress, where every app server can read it.

    Runs started on the admin page are queued as a task (``umfrage.invitations.jobs``) that a
    worker (``umfrage worker``, or the one ``umfrage serve`` starts) picks up; ``umfrage invite``
    records its own, synchronous run here too. Counts, state and the log lines staff see are
    all in this row, never in a file on one machine.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("wartet auf den Hintergrunddienst")
        RUNNING = "running", _("läuft")
        DONE = "done", _("fertig")
        STOPPED = "stopped", _("abgebrochen")

    class Origin(models.TextChoices):
        WEB = "web", _("Verwaltung im Browser")
        CLI = "cli", _("Befehlszeile")
        SCHEDULE = "schedule", _("Zeitplan")

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="send_jobs")
    kind = models.CharField(_("Art"), max_length=20, choices=Message.Kind.choices)
    origin = models.CharField(_("gestartet über"), max_length=10, choices=Origin.choices)
    started_by = models.CharField(_("gestartet von"), max_length=150, blank=True)
    state = models.CharField(
        _("Zustand"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    task_id = models.CharField(_("Aufgabe"), max_length=64, blank=True)
    enqueued_at = models.DateTimeField(_("angefordert"), default=timezone.now)
    started_at = models.DateTimeField(_("begonnen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("zuletzt aktiv"), null=True, blank=True)
    host = models.CharField(_("Rechner"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("Prozess"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("Anläufe"), default=0)
    total = models.PositiveIntegerField(_("geplant"), default=0)
    sent = models.PositiveIntegerField(_("versandt"), default=0)
    failed = models.PositiveIntegerField(_("fehlgeschlagen"), default=0)
    deferred = models.PositiveIntegerField(_("zurückgestellt"), default=0)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    log = models.TextField(_("Protokoll"), blank=True)

    class Meta:
        verbose_name = _("Versandlauf")
        verbose_name_plural = _("Versandläufe")
        ordering = ["-enqueued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.wave} {self.kind} ({self.state})"

    @property
    def pending(self) -> int:
        return max(0, self.total - self.sent - self.failed - self.deferred)

    @property
    def active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class PlannedReminder(models.Model):
    """A reminder run staff planned for a day: a task with that start time waits in the task
    queue (``umfrage.invitations.schedule``) and any worker starts the run then, with no cron
    job or command to remember. Its run is a ``SendJob`` like any other."""

    class State(models.TextChoices):
        PLANNED = "planned", _("geplant")
        STARTED = "started", _("gestartet")
        SKIPPED = "skipped", _("ausgelassen")
        CANCELLED = "cancelled", _("gestrichen")

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="planned_reminders")
    due_at = models.DateTimeField(_("geplant für"))
    state = models.CharField(
        _("Zustand"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    planned_by = models.CharField(_("geplant von"), max_length=150, blank=True)
    job = models.ForeignKey(
        SendJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("Hinweis"), blank=True)
    task_id = models.CharField(_("Aufgabe"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("geplante Erinnerung")
        verbose_name_plural = _("geplante Erinnerungen")
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return f"{self.wave} {self.due_at:%Y-%m-%d} ({self.state})"


class SendPace(models.Model):
    """When the next message may go to the SMTP server: one row shared by every sending run,
    so that UMFRAGE_SMTP_RATE holds for all workers and app servers together."""

    next_at = models.DateTimeField(_("nächste Nachricht frühestens"), null=True, blank=True)

    class Meta:
        verbose_name = _("Versandtakt")
        verbose_name_plural = _("Versandtakt")

    def __str__(self) -> str:
        return str(self.next_at)
