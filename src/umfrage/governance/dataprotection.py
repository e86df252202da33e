"""Data protection (DSGVO): access requests, erasure and the retention period.

Personal data here means what identifies or reaches an organisation or its people: name,
municipality, contact name, e-mail, further register columns (telephone and the like), invitation
tokens and Message-IDs, mail server replies, and free-text answers. The organisation's key and its
structural data (Land, size of municipality) stay, so that statistics keep their base; after an
erasure the key no longer leads to anyone. Where all of it is kept, and what erasure does to each
place, is listed in docs/admin-web.md ("Datenschutz").
"""

from __future__ import annotations

import calendar
import os
import re
import secrets
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from umfrage.feedback.models import RETENTION_MONTHS as FEEDBACK_RETENTION_MONTHS
from umfrage.feedback.models import Feedback
from umfrage.governance.models import AuditEntry
from umfrage.importers.staging import discard_survey as discard_staged_uploads
from umfrage.importers.staging import staged_for_survey
from umfrage.invitations.models import Message, RegisterImport, SendJob
from umfrage.questionnaire.spec import Questionnaire
from umfrage.store import anonymity
from umfrage.store.models import Invitation, Organisation, Response, ResponseHistory, Survey, Wave


def legacy_log_path(wave: Wave) -> Path:
    """Where versions before the task queue kept a wave's send log (a file in the data folder);
    still searched and blanked, as an installation may keep such files."""
    return Path(settings.DATA_DIR) / "versand" / f"{wave.survey.slug}-{wave.key}.log"


# What an erased word, text or name is replaced with.
ERASED = "[gelöscht]"
# Register values shorter than this, or without a letter and with fewer than PHONE_DIGITS digits,
# are not searched for: "ja", "BE" or a year would blank texts that do not name anyone.
MIN_TERM = 4
PHONE_DIGITS = 6
# Register columns that describe structure, not the organisation's identity; kept on erasure.
STRUCTURAL = ("bundesland", "gemeindegroesse")
IDENTIFYING = ("name", "municipality", "contact_name", "email")


def _when(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _normal(text: str) -> str:
    return " ".join(text.split())


def _is_term(text: str) -> bool:
    if len(text) < MIN_TERM or text.casefold() == ERASED.casefold():
        return False
    return any(c.isalpha() for c in text) or sum(c.isdigit() for c in text) >= PHONE_DIGITS


def identifying_terms(organisation: Organisation) -> list[str]:
    """The values that identify the organisation, as searched for in free texts, the audit log,
    file names and logs: its name, municipality, contact name, e-mail address and further
    register columns, now and as earlier register imports recorded them (old contacts)."""
    values: list[str] = [str(getattr(organisation, f)) for f in IDENTIFYING]
    values += [str(v) for v in organisation.extra.values()]
    for diff in _import_diffs(organisation):
        for column, pair in diff.items():
            if column not in STRUCTURAL and isinstance(pair, list | tuple):
                values += [str(v) for v in pair]
    terms: dict[str, str] = {}
    for value in values:
        normal = _normal(value)
        if _is_term(normal):
            terms.setdefault(normal.casefold(), normal)
    return sorted(terms.values(), key=lambda t: (-len(t), t))


def _import_diffs(organisation: Organisation) -> Iterator[dict[str, Any]]:
    for entry in RegisterImport.objects.filter(survey=organisation.survey_id).only("updated"):
        diff = entry.updated.get(organisation.key) if isinstance(entry.updated, dict) else None
        if isinstance(diff, dict):
            yield diff


def term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """Finds any of ``terms`` as whole words (a contact "Anna" is not found in "Annahme"):
    case-insensitive, any run of white space matching any other."""
    parts = [r"\s+".join(re.escape(word) for word in term.split()) for term in terms]
    if not parts:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)


def key_pattern(key: str) -> re.Pattern[str]:
    """The organisation's key as a word of its own (B-1, not B-12)."""
    return re.compile(rf"(?<![\w-]){re.escape(key)}(?![\w-])")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _mentions(value: Any, pattern: re.Pattern[str] | None) -> bool:
    return pattern is not None and any(pattern.search(text) for text in _strings(value))


def _anonymous_waves(survey: Survey) -> list[Wave]:
    return [wave for wave in survey.waves.order_by("position") if wave.questionnaire().anonymous]


def _audit_about(
    organisation: Organisation, pattern: re.Pattern[str] | None
) -> Iterator[AuditEntry]:
    """Audit entries about the organisation: by its key, or naming it in words."""
    slug = organisation.survey.slug
    for entry in AuditEntry.objects.order_by("at", "id").iterator():
        if (entry.survey == slug and entry.organisation == organisation.key) or _mentions(
            [entry.summary, entry.actor_name, entry.details], pattern
        ):
            yield entry


def _imports_naming(organisation: Organisation, pattern: re.Pattern[str] | None) -> list[Any]:
    key = organisation.key
    found = []
    for entry in RegisterImport.objects.filter(survey=organisation.survey_id).order_by(
        "imported_at", "id"
    ):
        lists = {
            "neu": entry.created,
            "ausgeschieden": entry.deactivated,
            "entfernt": entry.deleted,
        }
        named = [label for label, keys in lists.items() if isinstance(keys, list) and key in keys]
        diff = entry.updated.get(key) if isinstance(entry.updated, dict) else None
        if named or diff or _mentions(entry.file_name, pattern):
            found.append(
                {
                    "datei": entry.file_name,
                    "importiert_am": _when(entry.imported_at),
                    "vermerkt_als": named,
                    "aenderungen": diff or {},
                }
            )
    return found


def _data_files(survey: Survey) -> list[Path]:
    """Files in the data folder that may name an organisation of the survey: the send logs
    of its waves and its staged import uploads."""
    files = [legacy_log_path(wave) for wave in survey.waves.all()]
    for directory in staged_for_survey(survey.slug):
        files += sorted(p for p in directory.rglob("*") if p.is_file())
    return [p for p in files if p.is_file()]


def _lines_naming(
    path: Path, pattern: re.Pattern[str] | None, key: re.Pattern[str] | None
) -> Iterator[str]:
    """The lines of a text file that name the organisation (read line by line)."""
    with path.open("rb") as stream:
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if (pattern is not None and pattern.search(line)) or (
                key is not None and key.search(line)
            ):
                yield line


def _readable(response: Response) -> list[dict[str, Any]]:
    """The answers as the respondent saw them: question text and chosen labels, in questionnaire
    order (the stored codes stay in ``antworten``)."""
    from umfrage.collect.types import module_for

    questionnaire = response.wave.questionnaire()
    answers = response.answers or {}
    readable = []
    for question in questionnaire.questions():
        if not any(key in answers for key in question.answer_keys()):
            continue
        lines = module_for(question).summary(question, answers)
        if lines:
            readable.append({"frage": question.id, "fragetext": question.text, "antwort": lines})
    return readable


def organisation_export(organisation: Organisation) -> dict[str, Any]:
    """Everything stored about one organisation, as plain JSON-ready data (Art. 15 DSGVO).

    Codes come with their labels (``…_text``, ``antworten_lesbar``): the person asking reads
    words, an analyst still finds the stored values."""
    from umfrage.store.labels import labelled, register_labels

    register_values = labelled(organisation, register_labels(organisation.survey))
    survey = organisation.survey
    pattern = term_pattern(identifying_terms(organisation))
    logins = [
        {"benutzername": record.username, "zeitpunkt": _when(record.attempt_time)}
        for record in _login_records(pattern, failed_only=True)
    ]
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
    anonymous = _anonymous_waves(survey)
    named_texts = []
    for wave in anonymous:
        for response in Response.objects.filter(wave=wave).order_by("position", "id"):
            texts = sorted({t for t in _strings(response.answers) if _mentions(t, pattern)})
            if texts:
                named_texts.append({"welle": wave.key, "freitexte": texts})
    data_dir = Path(settings.DATA_DIR)
    files = []
    for path in _data_files(survey):
        lines = list(_lines_naming(path, pattern, key_pattern(organisation.key)))
        if lines:
            files.append({"datei": str(path.relative_to(data_dir)), "zeilen": lines})
    return {
        "umfrage": {"kennung": survey.slug, "titel": survey.title},
        "erstellt_am": _when(timezone.now()),
        "organisation": {
            "kennung": organisation.key,
            "name": organisation.name,
            "bundesland": organisation.bundesland,
            "gemeindegroesse": organisation.gemeindegroesse,
            "bundesland_text": register_values["bundesland"].label,
            "gemeindegroesse_text": register_values["gemeindegroesse"].label,
            "gemeinde": organisation.municipality,
            "ansprechperson": organisation.contact_name,
            "email": organisation.email,
            "weitere_angaben": dict(organisation.extra),
            "im_register": organisation.active,
            "personenbezogene_daten_geloescht_am": _when(organisation.erased_at),
        },
        "einladungen": [
            {
                "welle": inv.wave.key,
                "status": inv.state,
                "status_text": inv.get_state_display(),
                "persoenlicher_link_vorhanden": bool(inv.token_hash),
                "message_id": inv.message_id,
                "angelegt_am": _when(inv.created_at),
                "versandt_am": _when(inv.sent_at),
                "erstmals_geoeffnet_am": _when(inv.opened_at),
                "erinnerungen": inv.reminders_sent,
                "letzter_fehler": inv.last_error,
                "nachrichten": [
                    {
                        "art": m.kind,
                        "art_text": m.get_kind_display(),
                        "nummer": m.number,
                        "empfaenger": m.recipient,
                        "message_id": m.message_id,
                        "status": m.state,
                        "status_text": m.get_state_display(),
                        "link_gesperrt": m.token_revoked,
                        "uebergaben_an_den_mailserver": m.attempts,
                        "vorbereitet_am": _when(m.prepared_at),
                        "versandt_am": _when(m.sent_at),
                        "letzter_fehler": m.last_error,
                    }
                    for m in Message.objects.filter(invitation=inv).order_by("kind", "number")
                ],
            }
            for inv in invitations
        ],
        "antworten": [
            {
                "welle": response.wave.key,
                "status": response.status,
                "status_text": response.get_status_display(),
                "abgeschickt_am": _when(response.submitted_at),
                "antworten": response.answers,
                "antworten_lesbar": _readable(response),
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
        "anonyme_wellen": {
            "wellen": [wave.key for wave in anonymous],
            "hinweis": (
                "Antworten in anonymen Wellen lassen sich keiner Organisation zuordnen; das ist "
                "so gewollt. Aufgeführt sind nur Freitexte, die Name, Gemeinde, Ansprechperson, "
                "E-Mail-Adresse oder weitere Registerangaben der Organisation wörtlich enthalten."
            ),
            "freitexte_die_sie_nennen": named_texts,
        },
        "register_importe": _imports_naming(organisation, pattern),
        "protokoll": [
            {
                "zeitpunkt": _when(e.at),
                "person": e.actor_name,
                "aktion": e.action,
                "beschreibung": e.summary,
                "einzelheiten": e.details,
            }
            for e in _audit_about(organisation, pattern)
        ],
        "versandprotokolle": _job_lines_naming(organisation, pattern),
        "dateien": files,
        "anmeldeversuche": logins,
        "barriere_meldungen": [
            {
                "eingegangen": _when(report.received_at),
                "seite": report.page,
                "mitteilung": report.message,
                "email": report.email,
                "stand": report.state,
            }
            for report in _feedback_naming(pattern)
        ],
    }


def _login_records(pattern: re.Pattern[str] | None, *, failed_only: bool = False) -> list[Any]:
    """Records of the login lock-out (django-axes) whose user name names the organisation,
    typically its contact's address typed into the staff login."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    if pattern is None:
        return []
    models: tuple[Any, ...] = (AccessAttempt, AccessFailureLog)
    if not failed_only:
        models += (AccessLog,)
    return [
        record
        for model in models
        for record in model.objects.exclude(username=None).order_by("attempt_time").iterator()
        if pattern.search(record.username)
    ]


def without_free_text(questionnaire: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers minus everything typed freely (text questions and "other" texts)."""
    free = {key for q in questionnaire.questions() for key in q.free_text_keys()}
    return {k: v for k, v in answers.items() if k not in free and not k.endswith(".other")}


@dataclass
class Erasure:
    invitations: int = 0
    responses_anonymised: int = 0
    responses_deleted: int = 0
    messages: int = 0
    texts_blanked: int = 0
    import_entries: int = 0
    audit_entries: int = 0
    files_deleted: int = 0
    log_lines_blanked: int = 0
    login_records: int = 0
    feedback: int = 0

    def summary(self) -> str:
        return (
            f"{self.responses_anonymised} Antworten anonymisiert, {self.responses_deleted} "
            f"gelöscht, {self.invitations} Einladungen, {self.messages} Nachrichten, "
            f"{self.texts_blanked} Freitexte in anonymen Wellen, {self.import_entries} "
            f"Register-Importe, {self.audit_entries} Protokolleinträge, {self.files_deleted} "
            f"zwischengespeicherte Uploads, {self.log_lines_blanked} Zeilen in Versandprotokollen, "
            f"{self.login_records} Anmeldeversuche, {self.feedback} Barriere-Meldungen"
        )


def erase_organisation(organisation: Organisation, now: datetime) -> Erasure:
    """Delete an organisation's personal data everywhere it is kept, irreversibly; its answers
    as the survey's setting says. The row itself stays (key, Land, size) for the statistics.

    Anonymising replaces each response by a new one without organisation and without free
    text, so that its history (which holds the old answers) goes with the old one. In the
    anonymous waves, which cannot be linked to the organisation, every free text that names it
    (see :func:`identifying_terms`) is replaced by ``[gelöscht]``, in its history too.
    """
    result = Erasure()
    mode = organisation.survey.erasure
    pattern = term_pattern(identifying_terms(organisation))
    key = key_pattern(organisation.key)
    survey = organisation.survey
    if connection.vendor == "sqlite":
        # Overwrite what is deleted or replaced instead of leaving it in free pages.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    with transaction.atomic():
        invitations = Invitation.objects.filter(organisation=organisation)
        result.messages = _blank_messages(Message.objects.filter(invitation__in=invitations))
        linked = _linked_anonymous_responses(invitations)
        result.invitations = invitations.update(
            token_hash=None, message_id="", last_error="", state=Invitation.State.OPTED_OUT
        )
        for response in [
            *Response.objects.filter(organisation=organisation).select_related("wave"),
            *linked,
        ]:
            if mode == Survey.Erasure.ANONYMISE:
                _anonymise(response, now)
                result.responses_anonymised += 1
            else:
                response.delete()
                result.responses_deleted += 1
        result.texts_blanked = _blank_anonymous_texts(survey, pattern)
        result.import_entries = _blank_import_history(organisation, pattern)
        result.audit_entries = _blank_audit(pattern)
        result.login_records = _forget_login_attempts(pattern)
        result.feedback = _erase_feedback(pattern, now)
        result.log_lines_blanked = _blank_job_logs(survey, pattern, key)
        organisation.name = ERASED
        organisation.municipality = ""
        organisation.contact_name = ""
        organisation.email = ""
        organisation.extra = {}
        organisation.erased_at = now
        organisation.save()
    result.files_deleted = discard_staged_uploads(survey.slug)
    for wave in survey.waves.all():
        result.log_lines_blanked += _blank_log_lines(legacy_log_path(wave), pattern, key)
    if connection.vendor == "sqlite" and transaction.get_autocommit():  # no transaction open
        # Copy the changed pages into the database file and empty the write-ahead log, which
        # still holds earlier versions of them (best effort: a busy reader may delay it).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return result


def _blank_messages(messages: QuerySet[Message]) -> int:
    """Messages keep kind, number, state and times (the sending statistics); address,
    Message-ID, token hash, error and payload become blank or random and unusable."""
    count = 0
    for pk, state in list(messages.values_list("pk", "state")):
        Message.objects.filter(pk=pk).update(
            recipient="",
            message_id=f"<{ERASED}-{secrets.token_hex(16)}>",
            token_hash=secrets.token_hex(32),
            token_revoked=True,
            payload=b"",
            last_error="",
            state=Message.State.FAILED if state == Message.State.SENDING else state,
        )
        count += 1
    return count


def _linked_anonymous_responses(invitations: QuerySet[Invitation]) -> list[Response]:
    """Unsubmitted responses of an anonymous wave, still tied to the invitation through the web
    questionnaire's progress; the tie is cut (progress deleted), the response treated as the
    organisation's."""
    from umfrage.collect.models import Progress

    progress = Progress.objects.filter(invitation__in=invitations)
    pks = [pk for pk in progress.values_list("response_id", flat=True) if pk is not None]
    linked = list(Response.objects.filter(pk__in=pks, organisation=None).select_related("wave"))
    progress.delete()
    return linked


def _blank_texts(answers: Any, pattern: re.Pattern[str]) -> tuple[Any, int]:
    """``answers`` with every string that names the organisation replaced by ``[gelöscht]``."""
    if isinstance(answers, str):
        return (ERASED, 1) if pattern.search(answers) else (answers, 0)
    if isinstance(answers, dict):
        pairs = {k: _blank_texts(v, pattern) for k, v in answers.items()}
        return {k: v for k, (v, _n) in pairs.items()}, sum(n for _v, n in pairs.values())
    if isinstance(answers, list):
        items = [_blank_texts(v, pattern) for v in answers]
        return [v for v, _n in items], sum(n for _v, n in items)
    return answers, 0


def _blank_anonymous_texts(survey: Survey, pattern: re.Pattern[str] | None) -> int:
    if pattern is None:
        return 0
    count = 0
    for wave in _anonymous_waves(survey):
        for response in Response.objects.filter(wave=wave):
            answers, n = _blank_texts(response.answers, pattern)
            if n:
                Response.objects.filter(pk=response.pk).update(answers=answers)
                count += n
            for entry in response.history.all():
                answers, n = _blank_texts(entry.answers, pattern)
                if n:
                    ResponseHistory.objects.filter(pk=entry.pk).redact(answers=answers)
    return count


def _blank_import_history(organisation: Organisation, pattern: re.Pattern[str] | None) -> int:
    """The old and new values recorded for the organisation become ``[gelöscht]`` (which
    columns changed stays); file names that name it lose those words."""
    count = 0
    for entry in RegisterImport.objects.filter(survey=organisation.survey_id):
        changed = False
        updated = entry.updated if isinstance(entry.updated, dict) else {}
        diff = updated.get(organisation.key)
        if isinstance(diff, dict):
            blanked = {c: v if c in STRUCTURAL else [ERASED, ERASED] for c, v in diff.items()}
            updated = {**updated, organisation.key: blanked}
            changed = True
        file_name = pattern.sub(ERASED, entry.file_name) if pattern else entry.file_name
        if changed or file_name != entry.file_name:
            RegisterImport.objects.filter(pk=entry.pk).update(updated=updated, file_name=file_name)
            count += 1
    return count


def _sub(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, dict):
        return {k: _sub(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [_sub(v, pattern) for v in value]
    return value


def _blank_audit(pattern: re.Pattern[str] | None) -> int:
    """Entries keep what happened and to which key; words naming the organisation go."""
    if pattern is None:
        return 0
    count = 0
    for entry in AuditEntry.objects.order_by("id").iterator():
        if not _mentions([entry.summary, entry.actor_name, entry.details], pattern):
            continue
        AuditEntry.objects.filter(pk=entry.pk).redact(
            summary=_sub(entry.summary, pattern),
            actor_name=_sub(entry.actor_name, pattern)[:150],
            details=_sub(entry.details, pattern),
        )
        count += 1
    return count


def _forget_login_attempts(pattern: re.Pattern[str] | None) -> int:
    """The login lock-out's records naming the organisation: deleted."""
    records = _login_records(pattern)
    for record in records:
        record.delete()
    return len(records)


def _names(text: str, pattern: re.Pattern[str] | None, key: re.Pattern[str]) -> bool:
    return (pattern is not None and pattern.search(text) is not None) or bool(key.search(text))


def _job_lines_naming(
    organisation: Organisation, pattern: re.Pattern[str] | None
) -> list[dict[str, Any]]:
    """The send runs' log lines and errors (``SendJob``) that name the organisation."""
    key = key_pattern(organisation.key)
    found = []
    for job in SendJob.objects.filter(wave__survey=organisation.survey).order_by("pk"):
        lines = [
            line for line in [*job.log.splitlines(), job.last_error] if _names(line, pattern, key)
        ]
        if lines:
            found.append({"welle": job.wave.key, "lauf": job.pk, "zeilen": lines})
    return found


def _blank_job_logs(survey: Survey, pattern: re.Pattern[str] | None, key: re.Pattern[str]) -> int:
    """Each log line (and last error) of the survey's send runs that names the organisation
    becomes ``[gelöscht]``; the counts and times stay."""
    count = 0
    for job in SendJob.objects.filter(wave__survey=survey).order_by("pk"):
        lines = job.log.splitlines()
        kept = [ERASED if _names(line, pattern, key) else line for line in lines]
        blanked = sum(1 for old, new in zip(lines, kept, strict=True) if old != new)
        error = ERASED if job.last_error and _names(job.last_error, pattern, key) else None
        if blanked or error:
            changes: dict[str, Any] = {"log": "\n".join(kept)}
            if error:
                changes["last_error"] = error
            SendJob.objects.filter(pk=job.pk).update(**changes)
            count += blanked + (1 if error else 0)
    return count


def _blank_log_lines(path: Path, pattern: re.Pattern[str] | None, key: re.Pattern[str]) -> int:
    """Rewrite a log file with every line naming the organisation (or its key) replaced by
    ``[gelöscht]``; the new file replaces the old one in one step."""
    if not path.is_file():
        return 0
    count = 0
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".erasure-")
    try:
        with path.open("rb") as source, os.fdopen(handle, "wb") as target:
            for raw in source:
                line = raw.decode("utf-8", "replace")
                if (pattern is not None and pattern.search(line)) or key.search(line):
                    count += 1
                    end = b"\n" if raw.endswith(b"\n") else b""
                    target.write(ERASED.encode() + end)
                else:
                    target.write(raw)
        if count:
            os.replace(name, path)
    finally:
        if os.path.exists(name):
            os.unlink(name)
    return count


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


def _feedback_naming(pattern: re.Pattern[str] | None) -> list[Feedback]:
    """Barrier reports whose text, page or answer address names the organisation."""
    if pattern is None:
        return []
    return [
        report
        for report in Feedback.objects.filter(erased_at=None)
        if _mentions([report.message, report.page, report.email, report.note], pattern)
    ]


def _erase_feedback(pattern: re.Pattern[str] | None, now: datetime) -> int:
    reports = _feedback_naming(pattern)
    for report in reports:
        report.erase(now)
        report.save()
    return len(reports)


def feedback_retention(now: datetime, *, dry_run: bool = False) -> int:
    """Erase barrier reports closed more than ``RETENTION_MONTHS`` ago (text and address)."""
    expired = [
        report
        for report in Feedback.objects.filter(state=Feedback.State.CLOSED, erased_at=None)
        if report.closed_at is not None
        and _expired(report.closed_at, FEEDBACK_RETENTION_MONTHS, now)
    ]
    if not dry_run:
        for report in expired:
            report.erase(now)
            report.save()
    return len(expired)


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
    messages: int = 0
    feedback: int = 0


def _expired(ended: datetime, months: int, now: datetime) -> bool:
    local = timezone.localtime(ended)
    due = datetime.combine(add_months(local.date(), months), local.timetz())
    return due <= now


def apply_retention(now: datetime, *, dry_run: bool = False) -> RetentionResult:
    """Delete contact data whose retention period has passed.

    For every closed wave: ``retention_months`` after its end, its invitations and sent
    messages lose tokens, addresses and mail data (the messages' kinds, states and times stay
    for the statistics). Once every wave of a survey is over and the last ended that long ago, the
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
                messages = Message.objects.filter(invitation__wave=wave).exclude(recipient="")
                if dry_run:
                    result.invitations += invitations.count()
                    result.messages += messages.count()
                    continue
                with transaction.atomic():
                    result.invitations += invitations.update(
                        token_hash=None, message_id="", last_error=""
                    )
                    result.messages += _blank_messages(messages)
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
    result.feedback = feedback_retention(now, dry_run=dry_run)
    return result
