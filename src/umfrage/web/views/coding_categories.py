"""Merging and splitting the categories of a coded question, from the coding page.

Merging: choose two or more categories and a target (one of them, or a new label); a
confirmation page says how many texts move; then the codebook and every stored coding change in
one transaction (umfrage.web.codebook). Splitting: a new category after an existing one, then
the texts of the old category listed with a checkbox each („in neue Kategorie verschieben“).
Every step works without JavaScript; every change is in the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from umfrage.governance.roles import ADMINISTER
from umfrage.store.models import Response, Wave
from umfrage.web import codebook
from umfrage.web.access import staff_view, wave_or_404
from umfrage.web.navigation import WAVE_TABS, links

NEW = "__neu__"
"""The target choice „a new category“ on the merge form."""


def _context(request: HttpRequest, wave: Wave, question: Any, **extra: Any) -> dict[str, Any]:
    return {
        "survey": wave.survey,
        "wave": wave,
        "tabs": links(WAVE_TABS, request.user, request.path, wave.survey.slug, wave.key),
        "question": question,
        "categories": [(c.code, c.label) for c in question.codebook()],
        "frozen": codebook.frozen_reason(wave),
        "back": reverse("web:coding", args=(wave.survey.slug, wave.key, question.id)),
        **extra,
    }


@staff_view(ADMINISTER)
def merge(request: HttpRequest, slug: str, key: str, qid: str) -> HttpResponse:
    wave = wave_or_404(slug, key)
    question = codebook.coded_question(wave, qid)
    labels = {c.code: str(c.label) for c in question.codebook()}
    chosen = [c for c in request.POST.getlist("kategorien") if c in labels]
    target = request.POST.get("ziel", "")
    label = request.POST.get("bezeichnung", "").strip()
    error = None
    if request.method == "POST":
        keep = None if target == NEW else target
        if len(chosen) < 2:
            error = _("Wählen Sie mindestens zwei Kategorien, die zusammengelegt werden sollen.")
        elif keep is not None and keep not in chosen:
            error = _("Wählen Sie als Ziel eine der gewählten Kategorien oder eine neue.")
        elif keep is None and not label:
            error = _("Geben Sie der neuen Kategorie eine Bezeichnung.")
        elif request.POST.get("bestaetigt") == "1":
            try:
                code, plan = codebook.merge(
                    wave, qid, chosen, keep=keep, label=label, user=request.user
                )
            except codebook.CodebookError as refused:
                error = str(refused)
            else:
                messages.success(
                    request,
                    _("Kategorien zusammengelegt: %(n)s Texte jetzt in „%(code)s“.")
                    % {"n": plan.texts, "code": code},
                )
                return redirect(reverse("web:coding", args=(slug, key, qid)) + "?zeige=alle")
        else:
            plan = codebook.plan_merge(wave, qid, chosen, keep)
            target_label = label or labels.get(target, "")
            return render(
                request,
                "web/coding_merge_confirm.html",
                _context(
                    request,
                    wave,
                    question,
                    plan=plan,
                    chosen=[(c, labels[c]) for c in chosen],
                    target=target,
                    target_label=target_label,
                    label=label,
                ),
            )
    return render(
        request,
        "web/coding_merge.html",
        _context(
            request,
            wave,
            question,
            error=error,
            chosen=chosen,
            target=target,
            label=label,
            new=NEW,
        ),
        status=400 if error else 200,
    )


@staff_view(ADMINISTER)
def split(request: HttpRequest, slug: str, key: str, qid: str) -> HttpResponse:
    wave = wave_or_404(slug, key)
    question = codebook.coded_question(wave, qid)
    labels = {c.code: str(c.label) for c in question.codebook()}
    old = request.POST.get("kategorie", request.GET.get("kategorie", ""))
    label = request.POST.get("bezeichnung", "").strip()
    description = request.POST.get("beschreibung", "").strip()
    error = None
    if request.method == "POST":
        if old not in labels:
            error = _("Wählen Sie die Kategorie, die aufgeteilt werden soll.")
        else:
            try:
                new = codebook.split(
                    wave, qid, old, label=label, description=description, user=request.user
                )
            except codebook.CodebookError as refused:
                error = str(refused)
            else:
                messages.success(
                    request,
                    _(
                        "Neue Kategorie „%(label)s“ angelegt. Wählen Sie jetzt die Texte, die "
                        "aus „%(old)s“ in die neue Kategorie gehören."
                    )
                    % {"label": label, "old": labels[old]},
                )
                return redirect(
                    reverse("web:coding-move", args=(slug, key, qid)) + f"?von={old}&nach={new}"
                )
    return render(
        request,
        "web/coding_split.html",
        _context(
            request, wave, question, error=error, old=old, label=label, description=description
        ),
        status=400 if error else 200,
    )


@staff_view(ADMINISTER)
def move(request: HttpRequest, slug: str, key: str, qid: str) -> HttpResponse:
    """The texts of one category, each with „in neue Kategorie verschieben“."""
    wave = wave_or_404(slug, key)
    question = codebook.coded_question(wave, qid)
    labels = {c.code: str(c.label) for c in question.codebook()}
    old = request.GET.get("von", "")
    new = request.GET.get("nach", "")
    if old not in labels or new not in labels or old == new:
        raise Http404(_("Wählen Sie zwei verschiedene Kategorien dieser Frage."))
    if request.method == "POST":
        try:
            pks = [int(p) for p in request.POST.getlist("verschieben")]
        except ValueError:
            pks = None
        if pks is None:
            messages.error(request, _("Die Angaben des Formulars sind unvollständig."))
        else:
            try:
                n = codebook.move_texts(wave, qid, old, new, pks, request.user)
            except codebook.CodebookError as refused:
                messages.error(request, str(refused))
            else:
                messages.success(
                    request,
                    _("%(n)s Texte nach „%(label)s“ verschoben.") % {"n": n, "label": labels[new]},
                )
        return redirect(request.get_full_path())
    codes_key = question.coding()[0]
    text_key = question.coded_text_key()
    rows = [
        {"pk": r.pk, "text": r.answers.get(text_key), "codes": list(r.answers.get(codes_key) or [])}
        for r in Response.objects.filter(wave=wave).order_by("position", "id")
        if old in (r.answers.get(codes_key) or [])
    ]
    for row in rows:
        row["labels"] = [labels[c] for c in row["codes"]]
    return render(
        request,
        "web/coding_move.html",
        _context(
            request,
            wave,
            question,
            rows=rows,
            old=(old, labels[old]),
            new=(new, labels[new]),
        ),
    )
