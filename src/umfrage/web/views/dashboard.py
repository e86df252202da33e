"""The wave tab "Rücklauf": response rate now, per day, per Land, and the last responses."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from umfrage.governance.roles import ADMINISTER, ANALYSE
from umfrage.invitations import schedule
from umfrage.invitations.tracking import wave_progress
from umfrage.store.models import Wave
from umfrage.web import dashboard
from umfrage.web.access import staff_view, wave_or_404
from umfrage.web.navigation import WAVE_TABS, links
from umfrage.web.register import csv_download

SORTS = {"name": "Name", "quote": "Rücklaufquote"}


def _figures(wave: Wave) -> dict[str, Any]:
    progress = wave_progress(wave)
    anonymous = wave.questionnaire().anonymous
    days, gaps = dashboard.day_range(progress, wave, timezone.localdate())
    rows = dashboard.day_rows(progress, days)
    return {
        "progress": progress,
        "anonymous": anonymous,
        "rates": dashboard.rates(progress),
        "lands": dashboard.land_rows(progress, wave, anonymous),
        "days": rows,
        "gaps": gaps,
    }


@staff_view(ANALYSE)
def wave_dashboard(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    wave = wave_or_404(slug, key)
    figures = _figures(wave)
    sort = request.GET.get("sortierung", "name")
    if sort not in SORTS:
        sort = "name"
    if sort == "quote":
        figures["lands"] = dashboard.sort_by_rate(figures["lands"])
    rows = figures["days"]
    progress = figures["progress"]
    return render(
        request,
        "web/dashboard.html",
        {
            "survey": wave.survey,
            "wave": wave,
            "tabs": links(WAVE_TABS, request.user, request.path, slug, key),
            **figures,
            "chart": dashboard.chart(rows),
            "chart_text": dashboard.description(rows),
            "reminder_days": [r.day for r in rows if r.reminders],
            "planned_reminders": schedule.planned(wave),
            "next_reminder": schedule.next_run(wave),
            "recent": progress.recent,
            "pages": len(wave.questionnaire().sections),
            "now": timezone.localtime(),
            "sort": sort,
            "sorts": SORTS,
            "here": reverse("web:dashboard", args=(slug, key)),
            "may_administer": request.user.has_perm(ADMINISTER),
        },
    )


@staff_view(ANALYSE)
def dashboard_days_csv(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    wave = wave_or_404(slug, key)
    rows = _figures(wave)["days"]
    header = [
        "datum",
        "einladungen_versandt",
        "erinnerungen_versandt",
        "vollstaendig_neu",
        "einladungen_summe",
        "unvollstaendig_stand",
        "vollstaendig_summe",
    ]
    body = [
        [
            r.day.isoformat(),
            r.invited,
            r.reminders,
            r.new_complete,
            r.invited_total,
            r.partial_total,
            r.complete_total,
        ]
        for r in rows
    ]
    return csv_download(f"ruecklauf-{slug}-{key}-tage.csv", header, body)


@staff_view(ANALYSE)
def dashboard_lands_csv(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    wave = wave_or_404(slug, key)
    lands = _figures(wave)["lands"]
    header = [
        "bundesland",
        "kuerzel",
        "register",
        "eingeladen",
        "unvollstaendig",
        "vollstaendig",
        "ruecklaufquote",
    ]
    body = [
        [
            r.name,
            r.code,
            r.register,
            r.invited,
            "" if r.partial is None else r.partial,
            r.complete,
            "" if r.rate is None else f"{r.rate:.4f}",
        ]
        for r in lands
    ]
    return csv_download(f"ruecklauf-{slug}-{key}-laender.csv", header, body)
