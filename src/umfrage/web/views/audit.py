"""The audit log page and its download."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from umfrage.governance.audit import ACTIONS, record
from umfrage.governance.models import AuditEntry
from umfrage.governance.roles import ADMINISTER
from umfrage.web.access import staff_view
from umfrage.web.register import csv_download


def _filtered(request: HttpRequest) -> tuple[QuerySet[AuditEntry], dict[str, str]]:
    entries = AuditEntry.objects.all()
    filters = {
        "survey": request.GET.get("survey", "").strip(),
        "action": request.GET.get("action", "").strip(),
        "organisation": request.GET.get("organisation", "").strip(),
    }
    for name, value in filters.items():
        if value:
            entries = entries.filter(**{name: value})
    return entries, filters


@staff_view(ADMINISTER)
def audit_log(request: HttpRequest) -> HttpResponse:
    entries, filters = _filtered(request)
    page = Paginator(entries, 100).get_page(request.GET.get("seite"))
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "web/audit.html",
        {
            "page": page,
            "filters": filters,
            "actions": sorted(((k, str(v)) for k, v in ACTIONS.items()), key=lambda a: a[1]),
            "rows": [(e, ACTIONS.get(e.action, e.action)) for e in page],
            "query": query,
        },
    )


@staff_view(ADMINISTER)
def audit_download(request: HttpRequest) -> HttpResponse:
    entries, _filters = _filtered(request)
    rows = [
        [
            timezone.localtime(e.at).isoformat(timespec="seconds"),
            e.actor_name,
            e.action,
            e.survey,
            e.wave,
            e.organisation,
            e.summary,
        ]
        for e in entries
    ]
    record(request.user, "audit.downloaded", "Protokoll heruntergeladen.")
    header = ["zeitpunkt", "person", "aktion", "umfrage", "welle", "organisation", "beschreibung"]
    return csv_download("protokoll.csv", header, rows)
