"""Quotes on the coding page: choose a coded text as a quote for one of its categories, release
it for the public report, withdraw either (docs/admin-web.md, "Quotes").

Kept apart from ``coding.py``: the coding page only adds :func:`quote_context` to its context
and includes ``web/_coding_quotes.html`` below its form. Each action is one POST to
:func:`quote_action` (plain forms, no JavaScript) and one audit entry. The text is stored as
written (``Quote``); the page shows it masked with the same masker the reports use
(``umfrage.loaders.report.masker_for``), exactly as it will be printed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from umfrage.governance.audit import record
from umfrage.governance.roles import ADMINISTER
from umfrage.reporting.quotes import QUOTE_LIMIT
from umfrage.store.models import Quote, Response, Wave
from umfrage.web import codebook
from umfrage.web.access import staff_view, wave_or_404

ACTIONS = ("waehlen", "zuruecknehmen", "freigeben", "sperren")
"""The form's ``aktion``: choose, withdraw, release, withdraw the release."""


def quotes_offered(question: Any) -> bool:
    """Quotes are printed under a text question's categories: a codebook of the question's own
    answers. The "other" texts of a choice question have a codebook too, but the reports list no
    categories of them, so their coding page offers no quotes."""
    return question.coding() is not None and question.coded_text_key() == question.id


def quote_context(wave: Wave, question: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What the coding page's quotes part shows: every chosen quote of the question in this
    wave (masked as printed) and, for the texts on the page, the categories they can quote."""
    from umfrage.loaders.report import masker_for

    if not quotes_offered(question):
        return {"quotes_offered": False}
    codes_key, _codes = question.coding()
    labels = {c.code: c.label for c in question.codebook()}
    masker = masker_for(wave.survey.slug)
    quotes = list(
        Quote.objects.filter(response__wave=wave, question=question.id)
        .select_related("response")
        .order_by("category", "chosen_at", "id")
    )
    quoted = {q.response_id for q in quotes}
    shown = []
    counts: dict[str, int] = {}
    for quote in quotes:
        codes = quote.response.answers.get(codes_key) or []
        in_report = quote.category in codes and counts.get(quote.category, 0) < QUOTE_LIMIT
        if in_report:
            counts[quote.category] = counts.get(quote.category, 0) + 1
        shown.append(
            {
                "quote": quote,
                "label": labels.get(quote.category, quote.category),
                "masked": masker.mask(str(quote.response.answers.get(question.id) or "").strip()),
                "still_coded": quote.category in codes,
                "in_report": in_report,
            }
        )
    # The codes that count (stored), not the page's unsaved ticks: save the coding first.
    stored = {
        r.pk: r.answers.get(codes_key) or []
        for r in Response.objects.filter(wave=wave, pk__in=[row["pk"] for row in rows])
    }
    choices = [
        (f"{row['pk']}:{code}", row["number"], labels[code])
        for row in rows
        if row["pk"] not in quoted
        for code in labels
        if code in stored.get(row["pk"], [])
    ]
    return {
        "quotes_offered": True,
        "quotes": shown,
        "quote_choices": choices,
        "quote_limit": QUOTE_LIMIT,
    }


@require_POST
@staff_view(ADMINISTER)
def quote_action(request: HttpRequest, slug: str, key: str, qid: str) -> HttpResponse:
    wave = wave_or_404(slug, key)
    question = codebook.coded_question(wave, qid)
    codes_key, codes = question.coding()
    back = request.POST.get("zurueck", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    target = back or request.path.rsplit("zitate/", 1)[0]
    if not quotes_offered(question):
        messages.error(
            request, _("Zu den Texten unter „Sonstiges“ druckt der Bericht keine Zitate.")
        )
        return redirect(target)
    action = request.POST.get("aktion", "")
    if action not in ACTIONS:
        messages.error(request, _("Unbekannte Aktion. Bitte laden Sie die Seite neu."))
        return redirect(target)
    if action == "waehlen":
        problem = _choose(request, wave, qid, codes_key, codes)
    else:
        problem = _change(request, wave, qid, action)
    if problem:
        messages.error(request, problem)
    return redirect(target)


def _choose(request: HttpRequest, wave: Wave, qid: str, codes_key: str, codes: list[str]) -> str:
    """A text of the wave as a quote for one of its (stored) categories."""
    raw = request.POST.get("zitat", "")
    pk, _sep, code = raw.partition(":")
    if not pk.isdigit() or not code:
        return _("Bitte wählen Sie einen Text und eine Kategorie.")
    response = Response.objects.filter(wave=wave, pk=int(pk)).first()
    if response is None:
        return _("Diesen Text gibt es nicht mehr. Bitte laden Sie die Seite neu.")
    if code not in codes:
        return _("„%(code)s“ ist keine Kategorie dieser Frage.") % {"code": code}
    if code not in (response.answers.get(codes_key) or []):
        return _(
            "Der Text hat die Kategorie „%(code)s“ nicht. Speichern Sie zuerst die Codierung."
        ) % {"code": code}
    if not str(response.answers.get(qid) or "").strip():
        return _("Der Text ist leer.")
    by = request.user.get_username()
    try:
        with transaction.atomic():
            Quote.objects.create(response=response, question=qid, category=code, chosen_by=by)
    except IntegrityError:
        return _("Dieser Text ist schon als Zitat gewählt.")
    record(
        request.user,
        "quote.chosen",
        f"Text {response.pk} der Frage {qid} als Zitat für die Kategorie {code} gewählt.",
        survey=wave.survey.slug,
        wave=wave.key,
        question=qid,
        category=code,
        response=response.pk,
    )
    messages.success(request, _("Der Text ist als Zitat gewählt (nur im internen Bericht)."))
    return ""


def _change(request: HttpRequest, wave: Wave, qid: str, action: str) -> str:
    """Withdraw a quote, release it for the public report or withdraw the release."""
    raw = request.POST.get("zitat", "")
    quote = (
        Quote.objects.filter(response__wave=wave, question=qid, pk=int(raw)).first()
        if raw.isdigit()
        else None
    )
    if quote is None:
        return _("Dieses Zitat gibt es nicht mehr. Bitte laden Sie die Seite neu.")
    facts: dict[str, Any] = {
        "survey": wave.survey.slug,
        "wave": wave.key,
        "question": qid,
        "category": quote.category,
        "response": quote.response_id,
    }
    where = f"Text {quote.response_id} der Frage {qid}, Kategorie {quote.category}"
    if action == "zuruecknehmen":
        quote.delete()
        record(request.user, "quote.withdrawn", f"Zitat zurückgenommen: {where}.", **facts)
        messages.success(request, _("Das Zitat ist zurückgenommen."))
    elif action == "freigeben":
        if quote.released:
            return _("Das Zitat ist schon freigegeben.")
        quote.released_at = timezone.now()
        quote.released_by = request.user.get_username()
        quote.save(update_fields=["released_at", "released_by"])
        record(request.user, "quote.released", f"Zitat freigegeben: {where}.", **facts)
        messages.success(
            request, _("Das Zitat ist für die öffentliche Fassung des Berichts freigegeben.")
        )
    else:
        if not quote.released:
            return _("Das Zitat ist nicht freigegeben.")
        quote.released_at = None
        quote.released_by = ""
        quote.save(update_fields=["released_at", "released_by"])
        record(request.user, "quote.unreleased", f"Freigabe zurückgenommen: {where}.", **facts)
        messages.success(request, _("Die Freigabe ist zurückgenommen (nur im internen Bericht)."))
    return ""
