"""The database: what the survey folder holds, plus invitations and the history of responses."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from umfrage.questionnaire import loader
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.organisations import OrganisationRecord


class Survey(models.Model):
    """A recurring survey (e.g. the Bündnisumfrage) with its waves and its register."""

    slug = models.SlugField(_("Kennung"), max_length=60, unique=True)
    title = models.CharField(_("Titel"), max_length=300)
    owner = models.CharField(_("Verantwortlich"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetische Daten"), default=False)
    config_text = models.TextField(
        _("survey.yaml"), help_text=_("Die Beschreibung der Umfrage im Originalwortlaut.")
    )
    register_columns = models.JSONField(_("Spalten des Registers"), default=list)
    population = models.JSONField(_("Grundgesamtheit"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)

    class Meta:
        verbose_name = _("Umfrage")
        verbose_name_plural = _("Umfragen")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


class Wave(models.Model):
    """One round of a survey (usually a year), with its questionnaire."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        OPEN = "open", _("offen")
        CLOSED = "closed", _("geschlossen")
        PUBLISHED = "published", _("veröffentlicht")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    key = models.CharField(_("Welle"), max_length=40)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Titel"), max_length=300, blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    opens = models.DateField(_("Beginn der Feldzeit"), null=True, blank=True)
    closes = models.DateField(_("Ende der Feldzeit"), null=True, blank=True)
    questionnaire_text = models.TextField(_("Fragebogen (YAML)"))

    class Meta:
        verbose_name = _("Welle")
        verbose_name_plural = _("Wellen")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="unique_wave_per_survey")
        ]

    def __str__(self) -> str:
        return f"{self.survey.slug} {self.key}"

    def questionnaire(self) -> Questionnaire:
        return questionnaire_from_text(
            self.questionnaire_text, f"{self.survey.slug}/waves/{self.key}/questionnaire.yaml"
        )

    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


@lru_cache(maxsize=64)
def questionnaire_from_text(text: str, name: str) -> Questionnaire:
    """Parse (and fully check) a stored questionnaire; cached because it is read on every request."""
    return loader.questionnaire_from_text(text, name)


class Organisation(models.Model):
    """One entry of the register: an organisation that can be invited (e.g. a local alliance)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="organisations")
    key = models.CharField(_("Kennung"), max_length=64)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    name = models.CharField(_("Name"), max_length=300)
    bundesland = models.CharField(_("Bundesland"), max_length=40, blank=True)
    gemeindegroesse = models.CharField(_("Gemeindegröße"), max_length=40, blank=True)
    municipality = models.CharField(_("Gemeinde"), max_length=200, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), max_length=254, blank=True)
    extra = models.JSONField(_("weitere Angaben"), default=dict, blank=True)
    # An organisation that left the register stays (its invitations and responses need it) but is
    # no longer invited.
    active = models.BooleanField(_("im Register"), default=True)

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="unique_organisation_per_survey")
        ]

    def __str__(self) -> str:
        return self.name

    REGISTER_FIELDS = (
        "name",
        "bundesland",
        "gemeindegroesse",
        "municipality",
        "contact_name",
        "email",
    )

    @classmethod
    def from_record(
        cls, survey: Survey, record: OrganisationRecord, *, position: int
    ) -> Organisation:
        fields = {name: getattr(record, name) for name in cls.REGISTER_FIELDS}
        return cls(
            survey=survey, key=record.id, position=position, extra=dict(record.extra), **fields
        )

    def as_record(self) -> OrganisationRecord:
        """The register row (organisations.csv) of this organisation."""
        fields = {name: getattr(self, name) for name in self.REGISTER_FIELDS}
        return OrganisationRecord(id=self.key, extra=dict(self.extra), **fields)


class Invitation(models.Model):
    """An organisation's personal invitation to one wave. The token is stored only as a hash."""

    class State(models.TextChoices):
        PENDING = "pending", _("nicht versandt")
        SENDING = "sending", _("wird versandt")
        SENT = "sent", _("versandt")
        FAILED = "failed", _("fehlgeschlagen")
        OPTED_OUT = "opted_out", _("abgemeldet")
        RESPONDED = "responded", _("geantwortet")

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(
        _("Token-Hash"), max_length=64, unique=True, null=True, blank=True
    )
    state = models.CharField(
        _("Status"), max_length=12, choices=State.choices, default=State.PENDING
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    opened_at = models.DateTimeField(_("erstmals geöffnet"), null=True, blank=True)
    reminders_sent = models.PositiveIntegerField(_("Erinnerungen"), default=0)
    last_error = models.TextField(_("letzter Fehler"), blank=True)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        constraints = [
            models.UniqueConstraint(fields=["wave", "organisation"], name="one_invitation_per_wave")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.wave}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Response(models.Model):
    """One organisation's (or an anonymous) answers to one wave; every change goes to history."""

    class Status(models.TextChoices):
        PARTIAL = "partial", _("unvollständig")
        COMPLETE = "complete", _("vollständig")

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PARTIAL
    )
    submitted_at = models.DateTimeField(_("abgeschickt am"), null=True, blank=True)
    answers = models.JSONField(_("Antworten"), default=dict)
    version = models.PositiveIntegerField(_("Version"), default=0)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert"), default=timezone.now)

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        ordering = ["wave", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="one_response_per_organisation_and_wave",
            )
        ]

    def __str__(self) -> str:
        return f"{self.wave} #{self.pk}"

    def problems(self, answers: dict[str, Any], status: str) -> dict[str, list[str]]:
        return self.wave.questionnaire().validate(answers, complete=status == self.Status.COMPLETE)

    def record(
        self,
        answers: dict[str, Any],
        *,
        status: str,
        by: str,
        source: str,
        submitted_at: Any = None,
    ) -> None:
        """Validate and store new answers, keeping the previous state in the history.

        Answers to questions that their conditions hide are dropped (contracts.md §2: not asked).
        Raises InvalidAnswers with the problems per question if the answers do not fit the wave.
        """
        questionnaire = self.wave.questionnaire()
        cleaned = questionnaire.clean(answers)
        problems = questionnaire.validate(cleaned, complete=status == self.Status.COMPLETE)
        if problems:
            raise InvalidAnswers(problems)
        with transaction.atomic():
            self.answers = cleaned
            self.status = status
            if submitted_at is not None:
                self.submitted_at = submitted_at
            self.version += 1
            self.updated_at = timezone.now()
            self.save()
            ResponseHistory.objects.create(
                response=self,
                version=self.version,
                changed_at=self.updated_at,
                changed_by=by,
                source=source,
                status=self.status,
                answers=self.answers,
            )


class InvalidAnswers(ValueError):
    def __init__(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{q}: {' '.join(m)}" for q, m in problems.items()))


class HistoryIsAppendOnly(RuntimeError):
    pass


class HistoryQuerySet(models.QuerySet["ResponseHistory"]):
    def update(self, **kwargs: Any) -> int:
        raise HistoryIsAppendOnly(
            "Die Änderungsgeschichte einer Antwort kann nicht geändert werden."
        )

    def delete(self) -> tuple[int, dict[str, int]]:
        raise HistoryIsAppendOnly(
            "Die Änderungsgeschichte einer Antwort kann nicht gelöscht werden."
        )


class ResponseHistory(models.Model):
    """Append-only: every state a response has had, who made it and how.

    Only deleting the response itself (for example on a data-protection request) removes its
    history, through the database's cascade.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="history")
    version = models.PositiveIntegerField(_("Version"))
    changed_at = models.DateTimeField(_("geändert am"), default=timezone.now)
    changed_by = models.CharField(_("geändert von"), max_length=200)
    source = models.CharField(_("Quelle"), max_length=40)
    status = models.CharField(_("Status"), max_length=10)
    answers = models.JSONField(_("Antworten"))

    objects = HistoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Änderung einer Antwort")
        verbose_name_plural = _("Änderungen an Antworten")
        ordering = ["response", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "version"], name="one_history_entry_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise HistoryIsAppendOnly(
                "Die Änderungsgeschichte einer Antwort kann nicht geändert werden."
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise HistoryIsAppendOnly(
            "Die Änderungsgeschichte einer Antwort kann nicht gelöscht werden."
        )
