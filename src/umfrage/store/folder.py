"""Survey folder ⇄ database. Loading is one transaction; writing back gives identical files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.store.models import Organisation, Response, ResponseHistory, Survey, Wave
from umfrage.surveyfolder.organisations import (
    ACTIVE_COLUMN,
    LANGUAGE_COLUMN,
    STANDARD_COLUMNS,
    Register,
)
from umfrage.surveyfolder.responses import ResponseRecord
from umfrage.surveyfolder.survey import (
    SurveyFolder,
    WaveFiles,
    parse_survey_config,
    read_survey_folder,
    write_survey_folder,
)

IMPORT_ACTOR = "Import"


@dataclass(frozen=True)
class LoadSummary:
    survey: str
    waves: dict[str, int]
    organisations: int
    warnings: list[Problem]


def load_survey_folder(
    folder: Path | str, *, replace: bool = False, actor: str = IMPORT_ACTOR
) -> LoadSummary:
    """Read, check and store a survey folder; all or nothing.

    An existing survey with the same id is an error unless ``replace`` is set, in which case it
    is replaced as a whole (in the same transaction, so a failed load leaves the old one intact).
    """
    survey_files = read_survey_folder(folder)
    slug = survey_files.config.id
    with transaction.atomic():
        existing = Survey.objects.filter(slug=slug).first()
        if existing is not None:
            if not replace:
                raise ProblemsError(
                    [
                        Problem(
                            file=str(Path(folder) / "survey.yaml"),
                            line=None,
                            question=None,
                            message=f"Die Umfrage „{slug}“ ist schon in der Datenbank.",
                            fix="Verwenden Sie --replace, um sie durch den Ordner zu ersetzen.",
                        )
                    ]
                )
            Response.objects.filter(wave__survey=existing).delete()
            existing.delete()
        survey = _store(survey_files, actor)
    return LoadSummary(
        survey.slug,
        {key: len(w.responses or []) for key, w in survey_files.waves.items()},
        len(survey_files.register.organisations) if survey_files.register else 0,
        survey_files.warnings,
    )


def _store(files: SurveyFolder, actor: str) -> Survey:
    config = files.config
    survey = Survey.objects.create(
        slug=config.id,
        title=config.title,
        owner=config.owner or "",
        synthetic=config.synthetic,
        config_text=files.config_text,
        register_columns=files.register.columns if files.register else [],
        population=config.population.model_dump() if config.population else None,
    )
    organisations: dict[str, Organisation] = {}
    if files.register is not None:
        created = Organisation.objects.bulk_create(
            [
                Organisation.from_record(survey, record, position=index)
                for index, record in enumerate(files.register.organisations)
            ]
        )
        organisations = {o.key: o for o in created}
        if any(o.pk is None for o in created):  # backends that do not return ids
            organisations = {o.key: o for o in Organisation.objects.filter(survey=survey)}
    for position, entry in enumerate(config.waves):
        wave_files = files.waves[entry.id]
        wave = Wave.objects.create(
            survey=survey,
            key=entry.id,
            position=position,
            title=entry.title or "",
            status=entry.status,
            opens=entry.opens,
            closes=entry.closes,
            questionnaire_text=wave_files.questionnaire_text,
        )
        if wave_files.responses:
            _store_responses(wave, wave_files.responses, organisations, actor)
    return survey


def _store_responses(
    wave: Wave, records: list[ResponseRecord], organisations: dict[str, Organisation], actor: str
) -> None:
    now = timezone.now()
    responses = Response.objects.bulk_create(
        [
            Response(
                wave=wave,
                organisation=organisations[r.organisation] if r.organisation else None,
                position=index,
                status=r.status,
                submitted_at=r.submitted_at,
                answers=r.answers,
                version=1,
                created_at=now,
                updated_at=now,
            )
            for index, r in enumerate(records)
        ],
        batch_size=2000,
    )
    if any(r.pk is None for r in responses):
        responses = list(Response.objects.filter(wave=wave).order_by("position"))
    ResponseHistory.objects.bulk_create(
        [
            ResponseHistory(
                response=r,
                version=1,
                changed_at=now,
                changed_by=actor,
                source="import",
                status=r.status,
                answers=r.answers,
            )
            for r in responses
        ],
        batch_size=2000,
    )


def stored_register(survey: Survey, organisations: list[Organisation] | None = None) -> Register:
    """The survey's register as organisations.csv has it, with an ``active`` column once an
    organisation has left (else reading the file again would bring it back)."""
    if organisations is None:
        organisations = list(survey.organisations.order_by("position"))
    columns = list(survey.register_columns) or list(STANDARD_COLUMNS)
    if ACTIVE_COLUMN not in columns and not all(o.active for o in organisations):
        columns.append(ACTIVE_COLUMN)
    if LANGUAGE_COLUMN not in columns and any(o.language for o in organisations):
        columns.append(LANGUAGE_COLUMN)
    return Register(columns, [o.as_record() for o in organisations])


def survey_as_folder(survey: Survey) -> SurveyFolder:
    """The survey as a SurveyFolder in memory (the inverse of loading)."""
    config = parse_survey_config(survey.config_text, f"{survey.slug}/survey.yaml")
    organisations = list(survey.organisations.order_by("position"))
    register = stored_register(survey, organisations) if survey.register_columns else None
    zone = ZoneInfo(settings.TIME_ZONE)
    keys = {o.pk: o.key for o in organisations}
    folder = SurveyFolder(Path(survey.slug), config, survey.config_text, register)
    for wave in survey.waves.order_by("position"):
        rows = (
            Response.objects.filter(wave=wave)
            .order_by("position", "id")
            .values_list("organisation_id", "submitted_at", "status", "answers")
        )
        records = [
            ResponseRecord(
                keys.get(org) if org else None,
                _local(submitted, zone),
                status,
                answers,
            )
            for org, submitted, status, answers in rows
        ]
        folder.waves[wave.key] = WaveFiles(
            config.wave(wave.key), wave.questionnaire(), wave.questionnaire_text, records
        )
    return folder


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    # Written in the survey's time zone, as people entered them (e.g. +02:00 in summer).
    return moment.astimezone(zone) if moment is not None else None


def dump_survey_folder(survey: Survey, folder: Path) -> None:
    """Write a stored survey as a survey folder."""
    write_survey_folder(survey_as_folder(survey), folder)
