"""Storing an import plan: one transaction, and a re-import never duplicates.

Keys that make a re-import idempotent:

- A response with an organisation is keyed by (wave, organisation), which the database already
  enforces. Same content → unchanged; different content → updated, with the old state kept in
  the response's history (source ``import``).
- An anonymous response has no key of its own, so it is keyed by a hash of its content (status,
  submission time in UTC, answers). Counted as a multiset: a file with the same anonymous row
  three times, imported into a wave that holds it once, adds two; imported again, adds none.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import StringIO
from typing import Any

from django.db import transaction
from django.utils import timezone
from ruamel.yaml import YAML

from umfrage.importers.plan import ImportPlan
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.safeyaml import load_yaml
from umfrage.questionnaire.spec import Questionnaire
from umfrage.store.lookup import survey_missing, wave_missing
from umfrage.store.models import (
    Invitation,
    Organisation,
    Response,
    ResponseHistory,
    Survey,
    Wave,
)
from umfrage.surveyfolder.responses import ResponseRecord
from umfrage.surveyfolder.survey import parse_survey_config

SOURCE = "import"


@dataclass
class Changes:
    """What storing a plan does to the database (computed, then done, in one transaction)."""

    create_survey: bool = False
    create_wave: bool = False
    new: list[ResponseRecord] = field(default_factory=list)
    updated: list[tuple[int, ResponseRecord]] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)
    """What ``umfrage check`` will say about the survey once the new wave is in."""

    def lines(self, plan: ImportPlan) -> list[str]:
        lines = []
        if self.create_survey:
            lines.append(f"Neue Umfrage „{plan.survey}“ wird angelegt.")
        if self.create_wave:
            lines.append(f"Neue Welle „{plan.wave}“ wird mit dem Fragebogen angelegt.")
        elif plan.questionnaire is not None:
            lines.append(f"Die Welle „{plan.wave}“ hat diesen Fragebogen schon; er bleibt.")
        if plan.records is not None:
            lines.append(
                f"Antworten: {len(self.new)} neu, {len(self.updated)} geändert, "
                f"{self.unchanged} schon vorhanden (unverändert)."
            )
        return lines

    def nothing(self) -> bool:
        return not (self.create_survey or self.create_wave or self.new or self.updated)


def content_key(status: str, submitted_at: datetime | None, answers: dict[str, Any]) -> str:
    """The identity of an anonymous response: its content, independent of the database."""
    moment = submitted_at.astimezone(UTC).isoformat() if submitted_at is not None else ""
    # An empty list (a multi with nothing ticked, as imports stored it before it became no
    # answer) is the same content as no answer: re-importing such a file adds no duplicate.
    given = {k: v for k, v in answers.items() if v != []}
    payload = json.dumps([status, moment, _plain(given)], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    # JSON columns may give 3.0 back for 3 (and the reverse); compare numbers by value.
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def find_wave(survey: str, wave: str) -> tuple[Survey | None, Wave | None]:
    found = Survey.objects.filter(slug=survey).first()
    if found is None:
        return None, None
    return found, Wave.objects.filter(survey=found, key=wave).first()


def wave_questionnaire(
    survey: str | None, wave: str | None, file: str
) -> tuple[Questionnaire, set[str]]:
    """The questionnaire of a stored wave and the organisation ids of its survey."""
    if not survey or not wave:
        raise ProblemsError(
            [
                Problem(
                    file=file,
                    line=None,
                    question=None,
                    message="Für Antworten muss feststehen, zu welcher Umfrage und Welle sie gehören.",
                    fix="Geben Sie --survey und --wave an.",
                )
            ]
        )
    found_survey, found_wave = find_wave(survey, wave)
    if found_survey is None:
        raise survey_missing(survey, file)
    if found_wave is None:
        raise wave_missing(
            found_survey,
            wave,
            file,
            "Legen Sie eine frühere Welle an, indem Sie zuerst ihren Fragebogen importieren "
            "(z. B. die .lss-Datei).",
        )
    keys = set(found_survey.organisations.values_list("key", flat=True))
    return found_wave.questionnaire(), keys


def plan_changes(plan: ImportPlan) -> Changes:
    """What :func:`apply_plan` would do now (reads the database, writes nothing)."""
    changes = Changes()
    if plan.survey is None or plan.wave is None:
        raise ProblemsError(
            [
                Problem(
                    file=plan.file,
                    line=None,
                    question=None,
                    message="Ziel des Imports unklar: Umfrage oder Welle fehlt.",
                    fix="Geben Sie --survey und --wave an.",
                )
            ]
        )
    survey, wave = find_wave(plan.survey, plan.wave)
    changes.create_survey = survey is None
    if wave is None:
        if plan.questionnaire is None:
            wave_questionnaire(plan.survey, plan.wave, plan.file)  # raises the right message
        changes.create_wave = True
        if survey is not None and plan.questionnaire is not None:
            changes.warnings = cross_wave_problems(survey, plan)
    elif plan.questionnaire is not None and wave.questionnaire_text != plan.questionnaire_text:
        raise ProblemsError(
            [
                Problem(
                    file=plan.file,
                    line=None,
                    question=None,
                    message=f"Die Welle „{plan.wave}“ hat schon einen anderen Fragebogen.",
                    fix="Wählen Sie mit --wave eine neue Welle; ein vorhandener Fragebogen wird nicht überschrieben.",
                )
            ]
        )
    if plan.records is None:
        return changes
    stored = list(Response.objects.filter(wave=wave).select_related("organisation") if wave else [])
    by_org = {r.organisation.key: r for r in stored if r.organisation is not None}
    anonymous = Counter(
        content_key(r.status, r.submitted_at, r.answers) for r in stored if r.organisation is None
    )
    questionnaire = plan.questionnaire or (wave.questionnaire() if wave else None)
    assert questionnaire is not None
    for record in plan.records:
        cleaned = ResponseRecord(
            record.organisation,
            record.submitted_at,
            record.status,
            json.loads(json.dumps(questionnaire.clean(record.answers))),
        )
        key = content_key(cleaned.status, cleaned.submitted_at, cleaned.answers)
        if cleaned.organisation:
            existing = by_org.get(cleaned.organisation)
            if existing is None:
                changes.new.append(cleaned)
            elif key == content_key(existing.status, existing.submitted_at, existing.answers):
                changes.unchanged += 1
            else:
                changes.updated.append((existing.pk, cleaned))
        elif anonymous[key] > 0:
            anonymous[key] -= 1
            changes.unchanged += 1
        else:
            changes.new.append(cleaned)
    return changes


def cross_wave_problems(survey: Survey, plan: ImportPlan) -> list[Problem]:
    """Comparisons that the new wave breaks or needs (e.g. later waves without a recode).

    An earlier wave imported from another tool rarely shares codes with the later ones; the
    Servicebüro then adds ``compare:`` entries to the later questionnaires, so these are
    warnings, not reasons to refuse the import.
    """
    from umfrage.questionnaire.checks import check_against_earlier
    from umfrage.questionnaire.loader import parse_yaml

    assert plan.questionnaire is not None and plan.wave is not None
    waves = [(w.key, w.questionnaire_text) for w in survey.waves.order_by("position")]
    index = next(
        (i for i, (key, _) in enumerate(waves) if _order(key) > _order(plan.wave)), len(waves)
    )
    waves.insert(index, (plan.wave, plan.questionnaire_text or ""))
    problems: list[Problem] = []
    parsed: dict[str, Questionnaire] = {}
    for position, (key, text) in enumerate(waves):
        name = f"{survey.slug}/waves/{key}/questionnaire.yaml"
        _, source = parse_yaml(text, name)
        questionnaire = (
            plan.questionnaire
            if key == plan.wave
            else Wave(survey=survey, key=key, questionnaire_text=text).questionnaire()
        )
        later = [k for k, _ in waves[position + 1 :]]
        # Warnings all: a changed question text (a hint elsewhere) is listed among them.
        problems.extend(
            check_against_earlier(questionnaire, source, dict(parsed), later, hints=problems)
        )
        parsed[key] = questionnaire
    return problems


def apply_plan(plan: ImportPlan, *, actor: str = "Import") -> Changes:
    """Store a plan: all or nothing. Returns what was done."""
    with transaction.atomic():
        changes = plan_changes(plan)
        assert plan.survey is not None and plan.wave is not None
        survey = Survey.objects.select_for_update().filter(slug=plan.survey).first()
        if survey is None:
            survey = _create_survey(plan)
        wave = Wave.objects.filter(survey=survey, key=plan.wave).first()
        if wave is None:
            wave = _create_wave(survey, plan)
        organisations = {o.key: o for o in Organisation.objects.filter(survey=survey)}
        _create_responses(wave, changes.new, organisations, actor)
        _lock_invitations_of(wave, [pk for pk, _ in changes.updated])
        for pk, record in changes.updated:
            response = Response.objects.get(pk=pk)
            response.record(
                record.answers,
                status=record.status,
                by=actor,
                source=SOURCE,
                submitted_at=record.submitted_at,
            )
    return changes


def _lock_invitations_of(wave: Wave, response_ids: list[int]) -> None:
    """Lock the invitations of the organisations whose responses the import changes, before
    those responses are read: the web questionnaire locks an invitation before it reads and
    writes that organisation's response (``umfrage.collect.service``), so a coordinator's save
    in progress finishes first and the import then reads what it stored; a save that comes
    later waits for the import and finds its page changed. Without this, the import wrote
    while such a save held its lock, and the save, which had read before, failed on the
    history's unique version. In the order of their ids, so that two imports cannot deadlock.
    """
    if not response_ids:
        return
    organisations = Response.objects.filter(pk__in=response_ids).values_list(
        "organisation_id", flat=True
    )
    list(
        Invitation.objects.select_for_update()
        .filter(wave=wave, organisation_id__in=list(organisations))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _dump(data: Any) -> str:
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _create_survey(plan: ImportPlan) -> Survey:
    assert plan.survey is not None
    title = plan.questionnaire.title if plan.questionnaire else plan.survey
    text = _dump({"id": plan.survey, "title": title, "waves": []})
    config = parse_survey_config(
        _dump({"id": plan.survey, "title": title, "waves": [{"id": plan.wave}]}),
        f"{plan.survey}/survey.yaml",
    )
    return Survey.objects.create(slug=config.id, title=config.title, config_text=text)


def _create_wave(survey: Survey, plan: ImportPlan) -> Wave:
    """Add the wave to survey.yaml (in order of wave ids, as earlier waves come first)."""
    assert plan.questionnaire is not None and plan.questionnaire_text is not None
    assert plan.wave is not None
    yaml = YAML()
    data = load_yaml(survey.config_text, "survey.yaml", yaml) or {}
    waves = data.get("waves") or []
    entry = {"id": plan.wave, "title": plan.questionnaire.title, "status": "closed"}
    index = next(
        (i for i, w in enumerate(waves) if _order(str(w.get("id"))) > _order(plan.wave)),
        len(waves),
    )
    waves.insert(index, entry)
    data["waves"] = waves
    text = _dump(data)
    config = parse_survey_config(text, f"{survey.slug}/survey.yaml")
    survey.config_text = text
    survey.save(update_fields=["config_text"])
    wave = Wave.objects.create(
        survey=survey,
        key=plan.wave,
        position=index,
        title=plan.questionnaire.title,
        status=Wave.Status.CLOSED,
        questionnaire_text=plan.questionnaire_text,
    )
    for position, wave_entry in enumerate(config.waves):
        Wave.objects.filter(survey=survey, key=wave_entry.id).update(position=position)
    wave.refresh_from_db()
    return wave


def _order(wave_id: str) -> tuple[int, str]:
    # Year-like ids sort by number ("2019" before "2023"); others after, by text.
    return (int(wave_id), "") if wave_id.isdigit() else (10**9, wave_id)


def _create_responses(
    wave: Wave,
    records: list[ResponseRecord],
    organisations: dict[str, Organisation],
    actor: str,
) -> None:
    if not records:
        return
    now = timezone.now()
    start = (
        Response.objects.filter(wave=wave)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    ) + 1
    created = Response.objects.bulk_create(
        [
            Response(
                wave=wave,
                organisation=organisations[r.organisation] if r.organisation else None,
                position=start + index,
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
    if any(r.pk is None for r in created):
        created = list(Response.objects.filter(wave=wave, position__gte=start).order_by("position"))
    ResponseHistory.objects.bulk_create(
        [
            ResponseHistory(
                response=r,
                version=1,
                changed_at=now,
                changed_by=actor,
                source=SOURCE,
                status=r.status,
                answers=r.answers,
            )
            for r in created
        ],
        batch_size=2000,
    )
