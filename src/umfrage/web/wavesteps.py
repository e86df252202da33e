"""What a wave's status change will do, what speaks against it now, and whether it may happen.

Every status change in the admin goes through a confirmation page built from ``step``: plain
sentences of what happens, warnings (the field period has passed, another wave of the survey is
open, the field period is still running, answers are unfinished), and a refusal where the change
must not happen (publishing with fewer complete answers than the survey's threshold). The change
itself (``publication.snapshots.change_status``) checks the refusal again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from umfrage import formatting as fmt
from umfrage.invitations.tracking import wave_progress
from umfrage.publication.snapshots import nothing_left_to_publish, public_report, too_few_to_publish
from umfrage.questionnaire.problems import ProblemsError
from umfrage.reporting.html import kurzfassung_fragment
from umfrage.reporting.tables import Table, question_tables
from umfrage.store.models import Response, Wave
from umfrage.web import dashboard
from umfrage.web.results import PUBLIC

PREVIEW_TABLES = 3
"""How many of the public report's first tables the publish confirmation shows inline."""


@dataclass(frozen=True)
class PreviewTable:
    table: Table
    cells: list[list[str]]


@dataclass
class Step:
    """The confirmation page's content (German)."""

    happens: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refusal: str | None = None
    preview: str | None = None
    """Publishing: the results page in its public version, as the public page will show it."""
    kurzfassung: str | None = None
    """Publishing: the public report's Kurzfassung, rendered as the public page renders it
    (HTML from the report's own template; its headings are h5, under the page's h4)."""
    tables: list[PreviewTable] = field(default_factory=list)
    """Publishing: the public report's first tables (small cells already suppressed)."""


def step(wave: Wave, target: str, now: datetime) -> Step:
    today = timezone.localdate(now)
    result = Step()
    progress = dashboard.rates(wave_progress(wave))
    if target == Wave.Status.OPEN:
        closes = f"bis zum Feldende am {fmt.numeric_date(wave.closes)}" if wave.closes else ""
        result.happens = [
            f"Die persönlichen Links funktionieren ab sofort {closes}".rstrip() + ".",
            "Einladungen und Erinnerungen versenden Sie danach unter „Einladungen“.",
        ]
        if wave.status == Wave.Status.CLOSED:
            result.happens.append("Bisherige Antworten bleiben erhalten und können ergänzt werden.")
        if wave.closes and wave.closes < today:
            result.warnings.append(
                f"Das Feldende ({fmt.numeric_date(wave.closes)}) ist schon vorbei: Die Links "
                "funktionierten nicht. Verschieben Sie zuerst das Feldende (Feldzeit der Welle)."
            )
        if wave.opens and wave.opens > today:
            result.warnings.append(
                f"Die Feldzeit beginnt laut Planung erst am {fmt.numeric_date(wave.opens)}."
            )
        others = (
            Wave.objects.filter(survey=wave.survey, status=Wave.Status.OPEN)
            .exclude(pk=wave.pk)
            .values_list("key", flat=True)
        )
        if others:
            result.warnings.append(
                f"Welle {', '.join(others)} dieser Umfrage ist noch geöffnet. Bündnisse könnten "
                "Links beider Wellen erhalten; schließen Sie die ältere Welle zuerst."
            )
    elif target == Wave.Status.CLOSED and wave.status == Wave.Status.OPEN:
        partial = Response.objects.filter(wave=wave, status=Response.Status.PARTIAL).count()
        result.happens = [
            "Die persönlichen Links funktionieren nicht mehr; es werden keine Antworten mehr "
            "angenommen.",
            f"Bis jetzt liegen {progress.complete} vollständige Antworten vor"
            + (
                f" (Rücklaufquote {progress.of_invited_text} der Eingeladenen)."
                if progress.invited
                else "."
            ),
            "Sie können die Welle später wieder öffnen.",
        ]
        if wave.closes and wave.closes > today:
            result.warnings.append(
                f"Die Feldzeit läuft noch bis {fmt.numeric_date(wave.closes)}. Wer bis dahin "
                "antworten wollte, kann es dann nicht mehr."
            )
        if partial:
            result.warnings.append(
                f"{partial} Antwort{'' if partial == 1 else 'en'} "
                f"{'ist' if partial == 1 else 'sind'} angefangen, aber nicht abgeschickt; "
                "sie werden als unvollständig gespeichert."
            )
    elif target == Wave.Status.PUBLISHED:
        slug, key = wave.survey.slug, wave.key
        result.happens = [
            f"Der öffentliche Bericht wird ohne Anmeldung sichtbar unter "
            f"{reverse('publication:wave', args=(slug, key))}.",
            "Er zeigt nur zusammengefasste Ergebnisse; Werte aus sehr wenigen Antworten sind "
            "ausgeblendet. Freitexte und Namen erscheinen nicht.",
            f"Grundlage: {progress.complete} vollständige Antworten.",
        ]
        result.preview = f"{reverse('web:results', args=(slug, key))}?fassung={PUBLIC}"
        # Too few answers (the survey's threshold), or so few per cell that suppression would
        # leave the public page without a single figure.
        result.refusal = too_few_to_publish(wave)
        if result.refusal is None:
            _public_preview(wave, result)
    elif target == Wave.Status.CLOSED and wave.status == Wave.Status.PUBLISHED:
        result.happens = [
            "Die öffentliche Seite dieser Welle verschwindet; wer die Adresse aufruft, erhält "
            "„Seite nicht gefunden“.",
            "Sie können die Welle danach erneut veröffentlichen.",
        ]
    return result


def _public_preview(wave: Wave, result: Step) -> None:
    """The refusal, or the key part of the public page inline: built once from the same
    protected report that publishing stores, so staff see what the public will see."""
    try:
        report = public_report(wave)
    except ProblemsError:
        result.refusal = nothing_left_to_publish(wave)  # says why it cannot be built
        return
    result.refusal = nothing_left_to_publish(wave, report)
    if result.refusal is not None:
        return
    result.kurzfassung = kurzfassung_fragment(report.kurzfassung, h=4)
    for section in report.sections:
        for block in section.questions:
            for table in question_tables(block.result, report.result.wave):
                if len(result.tables) < PREVIEW_TABLES:
                    result.tables.append(PreviewTable(table, table.shown()))
