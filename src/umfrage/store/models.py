"""The database: what the survey folder holds, plus invitations and the history of responses."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from umfrage import languages as known_languages
from umfrage import titles
from umfrage.questionnaire import loader
from umfrage.questionnaire.changes import next_wave_text, structural_changes, with_privacy
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.configedit import set_wave_entry
from umfrage.surveyfolder.organisations import OrganisationRecord


def default_retention_months() -> int:
    from django.conf import settings

    return int(settings.RETENTION_MONTHS)


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

    class Erasure(models.TextChoices):
        ANONYMISE = "anonymise", _("Antworten anonymisieren (Freitexte entfernen)")
        DELETE = "delete", _("Antworten löschen")

    retention_months = models.PositiveIntegerField(
        _("Aufbewahrung der Kontaktdaten (Monate nach Ende einer Welle)"),
        null=True,
        blank=True,
        default=default_retention_months,
        help_text=_("Leer lassen, um Kontaktdaten nicht automatisch zu löschen."),
    )
    erasure = models.CharField(
        _("Antworten bei Löschung einer Organisation"),
        max_length=12,
        choices=Erasure.choices,
        default=Erasure.ANONYMISE,
    )

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
    opened_at = models.DateTimeField(_("geöffnet am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("geschlossen am"), null=True, blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    contacts_erased_at = models.DateTimeField(_("Kontaktdaten gelöscht am"), null=True, blank=True)

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

    @property
    def public_title(self) -> str:
        """„Umfrage – Welle“ for public pages, the survey's name once (``umfrage.titles``)."""
        return titles.wave_title(str(self.survey.title), self.title or self.key)

    # Which status may follow which. Reopening a closed wave extends its field period; taking a
    # wave off publication returns it to closed.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        "draft": ("open",),
        "open": ("closed",),
        "closed": ("published", "open"),
        "published": ("closed",),
    }

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    def open(self, now: datetime) -> None:
        self._become(self.Status.OPEN, opened_at=self.opened_at or now)

    def close(self, now: datetime) -> None:
        self._become(self.Status.CLOSED, closed_at=now)

    def publish(self, now: datetime) -> None:
        self._become(self.Status.PUBLISHED, published_at=now)

    def unpublish(self, now: datetime) -> None:
        if self.status != self.Status.PUBLISHED:
            raise WaveStatusError(_("Nur eine veröffentlichte Welle kann zurückgezogen werden."))
        self._become(self.Status.CLOSED, published_at=None)

    def move_to(self, status: str, now: datetime) -> None:
        """The status change to ``status`` by its proper step; WaveStatusError if not allowed."""
        if status == self.Status.OPEN:
            self.open(now)
        elif status == self.Status.CLOSED and self.status == self.Status.PUBLISHED:
            self.unpublish(now)
        elif status == self.Status.CLOSED:
            self.close(now)
        elif status == self.Status.PUBLISHED:
            self.publish(now)
        else:
            raise WaveStatusError(_("Dieser Statuswechsel ist nicht möglich."))

    def _become(self, status: str, **stamps: datetime | None) -> None:
        with transaction.atomic():
            # Decide on the stored status, locked: two people clicking at once cannot both open.
            self.status = (
                Wave.objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
            )
            if not self.can_become(status):
                raise WaveStatusError(
                    _("Eine Welle im Status „%(old)s“ kann nicht „%(new)s“ werden.")
                    % {"old": self.get_status_display(), "new": self.Status(status).label}
                )
            if status == self.Status.OPEN:
                self.questionnaire()  # a questionnaire with problems must not reach respondents
            self.status = status
            for name, value in stamps.items():
                setattr(self, name, value)
            self.save()
            if status == self.Status.CLOSED:
                from umfrage.store import anonymity  # it builds on these models

                if anonymity.declared_anonymous(self.questionnaire_text):
                    anonymity.release_unfinished(self, timezone.now())
            survey = Survey.objects.select_for_update().get(pk=self.survey_id)
            survey.config_text = set_wave_entry(survey.config_text, self.key, status=status)
            survey.save(update_fields=["config_text"])
            self.survey.config_text = survey.config_text

    def has_answers(self) -> bool:
        return self.responses.exists()

    def change_questionnaire(self, text: str) -> Questionnaire:
        """Store a new questionnaire text after checking it; ProblemsError if it may not be used.

        Once answers exist only wording may change (ids, codes, types, conditions stay), so
        that every stored answer keeps its meaning.
        """
        name = f"{self.survey.slug}/waves/{self.key}/questionnaire.yaml"
        new = questionnaire_from_text(text, name)
        if new.wave != self.key:
            raise ProblemsError(
                [
                    Problem(
                        file=name,
                        line=1,
                        question=None,
                        message=f"Der Fragebogen gehört zur Welle „{new.wave}“, nicht zu „{self.key}“.",
                        fix=f'Schreiben Sie wave: "{self.key}".',
                    )
                ]
            )
        if self.has_answers():
            changes = structural_changes(self.questionnaire(), new)
            if changes:
                raise ProblemsError(
                    [
                        Problem(
                            file=name,
                            line=None,
                            question=None,
                            message=change,
                            fix="Es gibt schon Antworten; ändern Sie nur Texte, nicht ids, Codes, "
                            "Typen oder Bedingungen.",
                        )
                        for change in changes
                    ]
                )
        self.questionnaire_text = text
        self.save(update_fields=["questionnaire_text"])
        return new

    def privacy_text(self) -> str:
        """The privacy notice respondents see (the questionnaire's ``privacy``)."""
        return self.questionnaire().privacy or ""

    def change_privacy_notice(self, notice: str) -> None:
        """Replace the privacy notice; it is wording, so allowed whatever the status."""
        name = f"{self.survey.slug}/waves/{self.key}/questionnaire.yaml"
        self.change_questionnaire(with_privacy(self.questionnaire_text, name, notice))

    def start_next(
        self,
        key: str,
        *,
        title: str,
        opens: date | None = None,
        closes: date | None = None,
    ) -> Wave:
        """A new draft wave after this one with this wave's questionnaire, ready to compare."""
        name = f"{self.survey.slug}/waves/{key}/questionnaire.yaml"
        with transaction.atomic():
            survey = Survey.objects.select_for_update().get(pk=self.survey_id)
            if survey.waves.filter(key=key).exists():
                raise ProblemsError(
                    [
                        Problem(
                            file=f"{survey.slug}/survey.yaml",
                            line=None,
                            question=None,
                            message=f"Die Welle „{key}“ gibt es schon.",
                            fix="Wählen Sie eine neue Kennung für die Welle.",
                        )
                    ]
                )
            text = next_wave_text(
                self.questionnaire_text, name, previous=self.key, wave=key, title=title
            )
            questionnaire_from_text(text, name)
            position = (survey.waves.aggregate(models.Max("position"))["position__max"] or 0) + 1
            wave = Wave.objects.create(
                survey=survey,
                key=key,
                position=position,
                title=title,
                status=self.Status.DRAFT,
                opens=opens,
                closes=closes,
                questionnaire_text=text,
            )
            survey.config_text = set_wave_entry(
                survey.config_text,
                key,
                title=title,
                status="draft",
                opens=opens,
                closes=closes,
            )
            survey.save(update_fields=["config_text"])
        return wave


class WaveStatusError(ValueError):
    """A status change that the lifecycle does not allow; the message is for the user."""


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
    # The language invitations and reminders are written in and the questionnaire opens in, if
    # the wave offers it (a code of umfrage.languages; empty: German).
    language = models.CharField(_("Sprache"), max_length=16, blank=True, default="", db_default="")
    extra = models.JSONField(_("weitere Angaben"), default=dict, blank=True)
    # An organisation that left the register stays (its invitations and responses need it) but is
    # no longer invited.
    active = models.BooleanField(_("im Register"), default=True)
    erased_at = models.DateTimeField(_("personenbezogene Daten gelöscht am"), null=True, blank=True)

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
            survey=survey,
            key=record.id,
            position=position,
            extra=dict(record.extra),
            active=record.active,
            language=record.language,
            **fields,
        )

    def language_name(self) -> str:
        """The register language's German name (staff pages); German when none is set."""
        found = known_languages.get(self.language) if self.language else None
        return found.name_de if found is not None else known_languages.LANGUAGES[0].name_de

    def as_record(self) -> OrganisationRecord:
        """The register row (organisations.csv) of this organisation."""
        fields = {name: getattr(self, name) for name in self.REGISTER_FIELDS}
        return OrganisationRecord(
            id=self.key,
            extra=dict(self.extra),
            active=self.active,
            language=self.language,
            **fields,
        )


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
    # Counted up whenever the invitation's links are withdrawn: a respondent's browser keeps the
    # number it entered with (umfrage.collect.access), so withdrawing a link ends every session
    # opened with it, also once a new link has been sent.
    link_generation = models.PositiveIntegerField(_("Link-Generation"), default=0)
    # When the organisation asked for no more reminders (the opt-out link). Kept when staff send
    # a new link, so that the new invitation does not bring the reminders back.
    opted_out_at = models.DateTimeField(_("abgemeldet am"), null=True, blank=True)

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
    # The language the respondent answered in (a code of umfrage.languages; empty: German or
    # not entered through the web questionnaire). The answers are the same codes in any language.
    language = models.CharField(
        _("Sprache der Antworten"), max_length=16, blank=True, default="", db_default=""
    )
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

    def advance(
        self,
        questionnaire: Questionnaire,
        answers: dict[str, Any],
        *,
        status: str,
        submitted_at: Any = None,
    ) -> None:
        """Check new answers against the wave's questionnaire and make them this response's next
        version, not yet stored: ``record`` stores it through the ORM, the web questionnaire
        through plain SQL (umfrage.collect.rows.store_response).

        Answers to questions that their conditions hide are dropped (contracts.md §2: not asked).
        Raises InvalidAnswers with the problems per question if the answers do not fit the wave;
        the response is then unchanged.
        """
        cleaned = questionnaire.clean(answers)
        problems = questionnaire.validate(cleaned, complete=status == self.Status.COMPLETE)
        if problems:
            raise InvalidAnswers(problems)
        self.answers = cleaned
        self.status = status
        if submitted_at is not None:
            self.submitted_at = submitted_at
        self.version += 1
        self.updated_at = timezone.now()

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
        self.advance(self.wave.questionnaire(), answers, status=status, submitted_at=submitted_at)
        with transaction.atomic():
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

    def redact(self, **fields: Any) -> int:
        """The one change the history allows: blanking personal data on an erasure request
        (Art. 17 DSGVO, umfrage.governance.dataprotection). Nothing else may call it."""
        return super().update(**fields)


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


class TextCoding(models.Model):
    """One staff member's categories for one free text: who coded what (docs/admin-web.md).

    The codes that count (in ``responses.csv``, exports and analysis) are the response's answer
    ``<qid>.codes``; a first coding sets both. A second, independent coding (``second``) is kept
    here only, so two coders' agreement can be measured without changing the results.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="codings")
    question = models.CharField(_("Frage"), max_length=100)
    coder = models.CharField(_("codiert von"), max_length=150)
    codes = models.JSONField(_("Kategorien"), default=list)
    second = models.BooleanField(_("Zweitcodierung"), default=False)
    coded_at = models.DateTimeField(_("codiert am"), default=timezone.now)

    class Meta:
        verbose_name = _("Codierung eines Freitexts")
        verbose_name_plural = _("Codierungen von Freitexten")
        ordering = ["response", "question", "coder"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "coder"], name="one_coding_per_coder_and_text"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response} {self.question} ({self.coder})"


class Quote(models.Model):
    """A free text chosen by staff as a quote for one of its categories (docs/admin-web.md,
    "Quotes").

    Stored as written: masking happens where the text leaves the internal view (the reports,
    ``umfrage.reporting.quotes``), never here. The internal report shows every chosen quote; the
    public report only released ones (``released_at`` set). One quote per text and question.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="quotes")
    question = models.CharField(_("Frage"), max_length=100)
    category = models.CharField(_("Kategorie"), max_length=100)
    chosen_by = models.CharField(_("gewählt von"), max_length=150)
    chosen_at = models.DateTimeField(_("gewählt am"), default=timezone.now)
    released_by = models.CharField(_("freigegeben von"), max_length=150, blank=True, default="")
    released_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Zitat")
        verbose_name_plural = _("Zitate")
        ordering = ["question", "category", "chosen_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_quote_per_text")
        ]

    def __str__(self) -> str:
        return f"{self.response} {self.question} → {self.category}"

    @property
    def released(self) -> bool:
        return self.released_at is not None
