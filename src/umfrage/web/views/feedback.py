"""Barrier reports from the public feedback form (umfrage.feedback), for the staff.

A list with the answer deadline (received + one month) and what is overdue; each report can be
marked answered, closed, reopened, or erased (its text and address, on request of its sender).
Every change goes to the audit log. Administrators only: the reports may carry an e-mail address.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from umfrage.feedback.models import ANSWER_MONTHS, Feedback
from umfrage.governance.audit import record
from umfrage.governance.roles import ADMINISTER
from umfrage.web.access import staff_view

FILTERS = {"offen": [Feedback.State.OPEN], "alle": None}


@staff_view(ADMINISTER)
def feedback_list(request: HttpRequest) -> HttpResponse:
    shown = request.GET.get("zeige", "offen")
    if shown not in FILTERS:
        shown = "offen"
    reports = Feedback.objects.all()
    states = FILTERS[shown]
    if states is not None:
        reports = reports.filter(state__in=states)
    page = Paginator(reports, 50).get_page(request.GET.get("seite"))
    today = timezone.localdate()
    return render(
        request,
        "web/feedback.html",
        {
            "page": page,
            "rows": [(r, r.overdue(today)) for r in page],
            "shown": shown,
            "open_count": Feedback.objects.filter(state=Feedback.State.OPEN).count(),
            "overdue_count": sum(
                1 for r in Feedback.objects.filter(state=Feedback.State.OPEN) if r.overdue(today)
            ),
            "answer_months": ANSWER_MONTHS,
        },
    )


@require_POST
@staff_view(ADMINISTER)
def feedback_change(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Feedback, pk=pk)
    action = request.POST.get("aktion", "")
    now = timezone.now()
    note = request.POST.get("notiz", "").strip()[:2000]
    if action == "beantwortet" and report.state == Feedback.State.OPEN:
        report.state = Feedback.State.ANSWERED
        report.answered_at = now
        code, text = "feedback.answered", _("Meldung %(pk)s als beantwortet markiert.")
    elif action == "abschliessen" and report.state != Feedback.State.CLOSED:
        report.state = Feedback.State.CLOSED
        report.closed_at = now
        code, text = "feedback.closed", _("Meldung %(pk)s abgeschlossen.")
    elif action == "oeffnen" and report.state != Feedback.State.OPEN and not report.erased_at:
        report.state = Feedback.State.OPEN
        report.closed_at = None
        code, text = "feedback.reopened", _("Meldung %(pk)s wieder geöffnet.")
    elif action == "loeschen" and report.erased_at is None:
        report.erase(now)
        report.state = Feedback.State.CLOSED
        report.closed_at = report.closed_at or now
        code, text = "feedback.erased", _("Text und E-Mail-Adresse der Meldung %(pk)s gelöscht.")
    else:
        messages.error(
            request,
            _("Diese Änderung passt nicht zum Stand der Meldung %(pk)s; nichts geändert.")
            % {"pk": report.pk},
        )
        return redirect("web:feedback")
    if note and action != "loeschen":
        report.note = (report.note + "\n" if report.note else "") + note
    report.save()
    summary = text % {"pk": report.pk}
    record(request.user, code, summary, feedback=report.pk)
    messages.success(request, summary)
    return redirect("web:feedback")
