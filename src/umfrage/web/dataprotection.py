"""Data protection (DSGVO): access requests, erasure and the retention period.

Personal data here means what identifies or reaches a person: contact name, e-mail, further
register columns (telephone and the like), invitation tokens and mail ids, and free-text answers.
The organisation's key, name and structural data (Land, size) stay, so that statistics keep
their base.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from umfrage.questionnaire.spec import Questionnaire
from umfrage.questionnaire.types import TextQuestion
from umfrage.store import anonymity
from umfrage.store.models import Invitation, Organisation, Response, ResponseHistory, Survey, Wave
from umfrage.web.models import AuditEntry


def _when(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def organisation_export(organisation: Organisation) -> dict[str, Any]:
    """Everything stored about one organisation, as plain JSON-ready data (Art. 15 DSGVO)."""
    survey = organisation.survey
    invitations = (
        Invitation.objects.filter(organisation=organisation)
        .select_related("wave")
        .order_by("wave__position")
    )
    responses = (
        Response.objects.filter(organisation=organisation)
        .select_related("wave")
        .order_by("wave__position")
    )
    return {
        "umfrage": {"kennung": survey.slug, "titel": survey.title},
        "erstellt_am": _when(timezone.now()),
        "organisation": {
            "kennung": organisation.key,
            "name": organisation.name,
            "bundesland": organisation.bundesland,
            "gemeindegroesse": organisation.gemeindegroesse,
            "gemeinde": organisation.municipality,
            "ansprechperson": organisation.contact_name,
            "email": organisation.email,
            "weitere_angaben": dict(organisation.extra),
            "personenbezogene_daten_geloescht_am": _when(organisation.erased_at),
        },
        "einladungen": [
            {
                "welle": inv.wave.key,
                "status": inv.state,
                "persoenlicher_link_vorhanden": bool(inv.token_hash),
                "angelegt_am": _when(inv.created_at),
                "versandt_am": _when(inv.sent_at),
                "erstmals_geoeffnet_am": _when(inv.opened_at),
                "erinnerungen": inv.reminders_sent,
                "letzter_fehler": inv.last_error,
            }
            for inv in invitations
        ],
        "antworten": [
            {
                "welle": response.wave.key,
                "status": response.status,
                "abgeschickt_am": _when(response.submitted_at),
                "antworten": response.answers,
                "verlauf": [
                    {
                        "version": h.version,
                        "geaendert_am": _when(h.changed_at),
                        "geaendert_von": h.changed_by,
                        "quelle": h.source,
                        "status": h.status,
                        "antworten": h.answers,
                    }
                    for h in response.history.order_by("version")
                ],
            }
            for response in responses
        ],
        "protokoll": [
            {"zeitpunkt": _when(e.at), "person": e.actor_name, "beschreibung": e.summary}
            for e in AuditEntry.objects.filter(
                survey=survey.slug, organisation=organisation.key
            ).order_by("at", "id")
        ],
    }


def without_free_text(questionnaire: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers minus everything typed freely (text questions and "other" texts)."""
    free = {q.id for q in questionnaire.questions() if isinstance(q, TextQuestion)}
    return {k: v for k, v in answers.items() if k not in free and not k.endswith(".other")}


@dataclass
class Erasure:
    invitations: int = 0
    responses_anonymised: int = 0
    responses_deleted: int = 0


def erase_organisation(organisation: Organisation, now: datetime) -> Erasure:
    """Delete an organisation's personal data; its answers as the survey's setting says.

    Anonymising replaces each response by a new one without organisation and without free
    text, so that its history (which holds the old answers) goes with the old one.
    """
    result = Erasure()
    mode = organisation.survey.erasure
    with transaction.atomic():
        result.invitations = Invitation.objects.filter(organisation=organisation).update(
            token_hash=None, message_id="", last_error="", state=Invitation.State.OPTED_OUT
        )
        for response in Response.objects.filter(organisation=organisation).select_related("wave"):
            if mode == Survey.Erasure.ANONYMISE:
                _anonymise(response, now)
                result.responses_anonymised += 1
            else:
                response.delete()
                result.responses_deleted += 1
        organisation.contact_name = ""
        organisation.email = ""
        organisation.extra = {}
        organisation.erased_at = now
        organisation.save()
    return result


def _anonymise(response: Response, now: datetime) -> None:
    """Replace the response by a copy without organisation and free text, then mix the wave's
    anonymised copies (``store.anonymity.mix``): new ids in a random order, position 0, the
    wave's stamp for every time, one history entry. Nothing but the (free-text-less) answers
    is left to join with an export taken before the erasure; the answers themselves may still
    match such an export, which is why an export with organisations is personal data too
    (docs/admin-web.md, "Erasure")."""
    answers = without_free_text(response.wave.questionnaire(), response.answers)
    at = anonymity.stamp(response.wave)
    copy = Response.objects.create(
        wave=response.wave,
        organisation=None,
        position=0,
        status=response.status,
        submitted_at=at if response.status == Response.Status.COMPLETE else None,
        answers=answers,
        version=1,
        created_at=at,
        updated_at=at,
    )
    ResponseHistory.objects.create(
        response=copy,
        version=1,
        changed_at=at,
        changed_by="Datenschutz",
        source=anonymity.ANONYMISED,
        status=copy.status,
        answers=answers,
    )
    response.delete()
    anonymity.mix(response.wave)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def wave_ended(wave: Wave) -> datetime | None:
    """When a closed or published wave ended: its closing, else the end of its field period."""
    if wave.status not in (Wave.Status.CLOSED, Wave.Status.PUBLISHED):
        return None
    if wave.closed_at is not None:
        return wave.closed_at
    if wave.closes is not None:
        zone = timezone.get_current_timezone()
        return datetime.combine(wave.closes + timedelta(days=1), time.min, tzinfo=zone)
    return None


@dataclass
class RetentionResult:
    waves: list[str] = field(default_factory=list)
    invitations: int = 0
    organisations: int = 0


def _expired(ended: datetime, months: int, now: datetime) -> bool:
    local = timezone.localtime(ended)
    due = datetime.combine(add_months(local.date(), months), local.timetz())
    return due <= now


def apply_retention(now: datetime, *, dry_run: bool = False) -> RetentionResult:
    """Delete contact data whose retention period has passed.

    For every closed wave: ``retention_months`` after its end, its invitations lose tokens and
    mail data. Once every wave of a survey is over and the last ended that long ago, the
    register's contact data go as well (a new wave uploads a current register).
    """
    result = RetentionResult()
    for survey in Survey.objects.exclude(retention_months=None):
        months = survey.retention_months
        assert months is not None
        waves = list(survey.waves.all())
        ends = {wave.pk: wave_ended(wave) for wave in waves}
        for wave in waves:
            end = ends[wave.pk]
            if wave.contacts_erased_at is None and end is not None and _expired(end, months, now):
                result.waves.append(f"{survey.slug} {wave.key}")
                invitations = Invitation.objects.filter(wave=wave).filter(
                    ~Q(token_hash=None) | ~Q(message_id="") | ~Q(last_error="")
                )
                if dry_run:
                    result.invitations += invitations.count()
                    continue
                with transaction.atomic():
                    result.invitations += invitations.update(
                        token_hash=None, message_id="", last_error=""
                    )
                    wave.contacts_erased_at = now
                    wave.save(update_fields=["contacts_erased_at"])
        known = [end for end in ends.values() if end is not None]
        if waves and len(known) == len(waves) and _expired(max(known), months, now):
            holders = [
                o
                for o in Organisation.objects.filter(survey=survey)
                if o.contact_name or o.email or any(o.extra.values())
            ]
            result.organisations += len(holders)
            if not dry_run:
                Organisation.objects.filter(pk__in=[o.pk for o in holders]).update(
                    contact_name="", email="", extra={}
                )
    return result
