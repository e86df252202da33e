"""Making and removing the snapshot of a published wave.

The public report is rendered once, when the wave is published, and stored: what the public
sees is what was published, even if answers are corrected or erased later. The PDF is typeset
with it (Typst, a fraction of a second) and stored too, so it shows the same snapshot.
Withdrawing the publication deletes the snapshot.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from umfrage.publication.models import PublishedReport
from umfrage.questionnaire.problems import ProblemsError
from umfrage.store.models import Response, Wave, WaveStatusError

PDF_NAME = "bericht.pdf"
CSV_NAME = "daten.csv"


def public_compare(wave: Wave) -> str | None:
    """The wave the public report compares with: the previous one, if it is published itself
    (an unpublished wave's figures must not reach the public through a comparison)."""
    previous = wave.survey.waves.filter(position__lt=wave.position).order_by("-position").first()
    if previous is not None and previous.status == Wave.Status.PUBLISHED:
        return previous.key
    return None


def render_snapshot(wave: Wave, by: str) -> PublishedReport:
    """The public report of ``wave`` (unsaved): suppressed small cells, no free texts."""
    from umfrage.loaders.report import build_wave_report, data_version
    from umfrage.reporting.html import render_html
    from umfrage.reporting.opendata import report_csv
    from umfrage.reporting.pdf import render_pdf

    compare = public_compare(wave)
    # The same report as the staff's results page in its public version (web.results.build).
    # A series, like the comparison, reaches back only through published waves.
    report = build_wave_report(wave, compare, public=True, only_published=True)
    others = list(wave.survey.waves.filter(position__lt=wave.position))
    return PublishedReport(
        wave=wave,
        created_by=by[:150],
        compare=compare or "",
        data_version=data_version(wave, *others),
        html=render_html(report),
        page_html=render_html(
            report,
            links=(
                ("Bericht als PDF herunterladen", PDF_NAME),
                ("Alle veröffentlichten Ergebnisse", "../../"),
            ),
        ),
        pdf=render_pdf(report),
        data_csv=report_csv(report),
    )


def publish_threshold(wave: Wave) -> int:
    """``publish_min_responses`` of the survey's survey.yaml (default 20)."""
    from umfrage.surveyfolder.survey import parse_survey_config

    survey = wave.survey
    return parse_survey_config(
        survey.config_text, f"{survey.slug}/survey.yaml"
    ).publish_min_responses


NOTHING_LEFT = (
    "Nach dem Ausblenden kleiner Zellen bliebe auf der öffentlichen Seite keine einzige Zahl "
    "übrig (jede Zelle „–“). Die Welle bleibt unveröffentlicht; veröffentlichen Sie sie, wenn "
    "mehr Antworten vorliegen, oder fassen Sie sie mit einer anderen Welle zusammen."
)


FIGURE_COLUMNS = ("anzahl", "anteil_prozent", "wert", "vergleich_anteil_prozent")


def figures_left(data_csv: str) -> int:
    """How many figures of a public report's open-data CSV the disclosure step left visible
    (a row not hidden that has a count, a share or a value: a number question without
    answers has rows, but nothing in them)."""
    return sum(
        1
        for row in csv.DictReader(io.StringIO(data_csv))
        if row["ausgeblendet"] != "ja" and any(row[c] for c in FIGURE_COLUMNS)
    )


def public_report(wave: Wave) -> Any:
    """The public report as publishing would store it now (the same call as render_snapshot)."""
    from umfrage.loaders.report import build_wave_report

    return build_wave_report(wave, public_compare(wave), public=True, only_published=True)


def nothing_left_to_publish(wave: Wave, report: Any = None) -> str | None:
    """Why publishing would show nothing (German), or None: the public report as it would be
    published, built now (or ``report``, built by ``public_report``), has not one figure that
    suppression left visible."""
    from umfrage.reporting.opendata import report_csv

    try:
        if report is None:
            report = public_report(wave)
    except ProblemsError as exc:
        return "Der öffentliche Bericht kann nicht erstellt werden: " + "; ".join(
            p.message for p in exc.problems
        )
    return NOTHING_LEFT if figures_left(report_csv(report)) == 0 else None


def too_few_to_publish(wave: Wave) -> str | None:
    """Why the wave may not be published yet (German), or None."""
    complete = Response.objects.filter(wave=wave, status=Response.Status.COMPLETE).count()
    needed = publish_threshold(wave)
    if complete >= needed:
        return None
    return (
        f"Die Welle {wave.key} hat {complete} vollständige Antwort"
        f"{'' if complete == 1 else 'en'}; veröffentlicht wird erst ab {needed} "
        "(„publish_min_responses“ in survey.yaml). Mit so wenigen Antworten zeigte die "
        "öffentliche Seite kaum etwas, und das Wenige beruhte auf einzelnen Bündnissen. "
        "Die Welle bleibt unveröffentlicht."
    )


OPEN_DATA_LINKS = (
    '<li><a href="' + CSV_NAME + '" type="text/csv">Tabellen als offene Daten '
    "(CSV-Datei, UTF-8)</a></li>"
    '<li><a href="../dcat.ttl" type="text/turtle">Beschreibung der offenen Daten nach '
    "DCAT-AP.de (Turtle-Datei)</a></li>"
)
LINKS_START = '<ul class="links">'


def with_open_data_links(page_html: str) -> str:
    """The stored public page with the links to its open data added to its list of links.

    Added when the page is served, not stored: switching open data on or off for a survey
    shows or hides the links on pages published before."""
    start = page_html.find(LINKS_START)
    end = page_html.find("</ul>", start)
    if start < 0 or end < 0:
        return page_html
    return page_html[:end] + OPEN_DATA_LINKS + page_html[end:]


def open_data_enabled(survey: Any) -> bool:
    from umfrage.publication.models import OpenData

    return OpenData.objects.filter(survey=survey, enabled=True).exists()


def change_status(wave: Wave, target: str, now: datetime, *, by: str) -> list[str]:
    """``wave.move_to(target)`` that also makes (publish) or removes (withdraw) the snapshot,
    in one transaction with the status change. Returns notes for the person (German)."""
    if target == Wave.Status.PUBLISHED and wave.can_become(target):
        refusal = too_few_to_publish(wave)
        if refusal is not None:
            raise WaveStatusError(refusal)
        try:
            snapshot = render_snapshot(wave, by)
        except ProblemsError as exc:
            raise WaveStatusError(
                "Der öffentliche Bericht kann nicht erstellt werden, die Welle bleibt "
                "unveröffentlicht: " + "; ".join(p.message for p in exc.problems)
            ) from exc
        if figures_left(snapshot.data_csv) == 0:
            raise WaveStatusError(NOTHING_LEFT)
        with transaction.atomic():
            wave.move_to(target, now)
            PublishedReport.objects.filter(wave=wave).delete()
            snapshot.save()
        return []
    with transaction.atomic():
        was_published = wave.status == Wave.Status.PUBLISHED
        wave.move_to(target, now)
        if not was_published:
            return []
        PublishedReport.objects.filter(wave=wave).delete()
    # Later published reports that compare with this wave keep their snapshot (nothing changes
    # silently); the person decides whether to withdraw and publish them again.
    later = sorted(
        PublishedReport.objects.filter(wave__survey=wave.survey, compare=wave.key).values_list(
            "wave__key", flat=True
        )
    )
    if not later:
        return []
    return [
        f"Der veröffentlichte Bericht der Welle {', '.join(later)} vergleicht mit Welle "
        f"{wave.key} und zeigt deren Werte weiterhin. Ziehen Sie ihn zurück und "
        "veröffentlichen Sie ihn erneut, um den Vergleich zu entfernen."
    ]


def snapshot_for(wave: Wave) -> PublishedReport:
    """The stored snapshot of a published wave; a wave that became published without one
    (loaded from a survey folder whose survey.yaml says ``status: published``) gets it now,
    once, and keeps it from then on."""
    found = PublishedReport.objects.filter(wave=wave).first()
    if found is not None:
        return found
    snapshot = render_snapshot(wave, "System (erster Aufruf der öffentlichen Seite)")
    try:
        with transaction.atomic():
            snapshot.save()
    except IntegrityError:  # made by a parallel request in the meantime
        return PublishedReport.objects.get(wave=wave)
    return snapshot


def csv_of(snapshot: PublishedReport) -> str | None:
    """The snapshot's open-data CSV. A snapshot made before open data existed has none; it
    gets one now only if the report made today is the published one (:func:`_made_again`)."""
    found = snapshot.data_csv or _made_again(snapshot, "data_csv")
    return str(found) if found else None


def pdf_of(snapshot: PublishedReport) -> bytes | None:
    """The snapshot's PDF, stored when it was published. A snapshot published before the PDF
    was stored with it (it kept HTML for WeasyPrint then) gets one now only if the report made
    today is the published one (:func:`_made_again`)."""
    found = snapshot.pdf or _made_again(snapshot, "pdf")
    return bytes(found) if found else None


def _made_again(snapshot: PublishedReport, field: str) -> Any:
    """``field`` of the snapshot made again today, stored into the snapshot, if today's report
    is the published one figure for figure; else None (publish the wave again)."""
    try:
        fresh = render_snapshot(snapshot.wave, snapshot.created_by)
    except ProblemsError:  # too few answers left to publish anything
        return None
    value = getattr(fresh, field)
    if fresh.html != snapshot.html or not value:
        return None
    PublishedReport.objects.filter(pk=snapshot.pk).update(**{field: value})
    setattr(snapshot, field, value)
    return value


def public_url(wave: Wave) -> str:
    return reverse("publication:wave", args=(wave.survey.slug, wave.key))


def published_waves() -> Any:
    return (
        Wave.objects.filter(status=Wave.Status.PUBLISHED)
        .select_related("survey")
        .order_by("survey__title", "-position")
    )
