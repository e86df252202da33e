"""The import page: upload, see the dry-run plan, then store exactly that plan (admins only)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from umfrage.governance.audit import record
from umfrage.governance.roles import ADMINISTER
from umfrage.importers.database import Changes, apply_plan, plan_changes
from umfrage.importers.plan import ImportPlan
from umfrage.importers.staging import Staged, discard, load_staged, stage
from umfrage.questionnaire.problems import Problem, ProblemsError, problems_shown
from umfrage.store.models import Survey
from umfrage.web.access import staff_view, survey_or_404
from umfrage.web.imports import (
    ImportForm,
    build,
    fingerprint,
    keep_problems,
    max_bytes,
    problem_list,
)

log = logging.getLogger(__name__)


def _unexpected(staged: Staged) -> ProblemsError:
    # A reader bug must not show a traceback to staff; the log keeps it for the developers.
    log.exception("import of %s failed unexpectedly", staged.file_name)
    return ProblemsError(
        [
            Problem(
                file=staged.file_name,
                line=None,
                question=None,
                message="Die Datei konnte nicht gelesen werden.",
                fix="Prüfen Sie, ob sie im angegebenen Format gespeichert ist; sonst wenden Sie "
                "sich mit der Datei an die technische Betreuung.",
            )
        ]
    )


def _dry_run(staged: Staged) -> tuple[ImportPlan, Changes] | ProblemsError:
    try:
        return build(staged)
    except ProblemsError as exc:
        return exc
    except Exception:
        return _unexpected(staged)


def _form_page(
    request: HttpRequest,
    survey: Survey,
    form: ImportForm,
    error: ProblemsError | None = None,
    download: str = "",
) -> HttpResponse:
    """The upload form; with a refused dry run, its first problems, their count and the list."""
    problems: list[Problem] = list(error.problems[: problems_shown()]) if error else []
    return render(
        request,
        "web/import.html",
        {
            "survey": survey,
            "form": form,
            "problems": problems,
            "problem_total": error.total if error else 0,
            "problems_more": (error.total - len(problems)) if error else 0,
            "problems_download": download,
            "limit_mb": max_bytes() // (1024 * 1024),
        },
    )


def _refused(
    request: HttpRequest, survey: Survey, form: ImportForm, staged: Staged, error: ProblemsError
) -> HttpResponse:
    """Delete the upload; keep its full problem list if the page shows only the first ones."""
    download = ""
    if keep_problems(staged, error):
        download = reverse("web:import_problems", args=(survey.slug, staged.token))
    return _form_page(request, survey, form, error, download)


@staff_view(ADMINISTER)
def import_start(request: HttpRequest, slug: str, key: str | None = None) -> HttpResponse:
    survey = survey_or_404(slug)
    if key is not None and not survey.waves.filter(key=key).exists():
        raise Http404
    if request.method != "POST":
        initial = {"wave": key} if key else {}
        return _form_page(request, survey, ImportForm(survey, initial=initial))
    form = ImportForm(survey, request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, survey, form)
    data = form.cleaned_data
    staged = stage(
        survey=survey,
        wave=data["target_wave"],
        language=str(data.get("language") or "").strip(),
        upload=data["file"],
        mapping=data.get("mapping"),
        user_id=int(request.user.pk or 0),
        now=timezone.now(),
    )
    result = _dry_run(staged)
    if isinstance(result, ProblemsError):
        return _refused(request, survey, form, staged, result)
    return redirect("web:import_plan", slug, staged.token)


def _staged_or_404(request: HttpRequest, slug: str, token: str) -> Staged:
    staged = load_staged(token, slug, int(request.user.pk or 0))
    if staged is None:
        raise Http404
    return staged


def _plan_page(
    request: HttpRequest, survey: Survey, staged: Staged, plan: ImportPlan, changes: Changes
) -> HttpResponse:
    return render(
        request,
        "web/import_plan.html",
        {
            "survey": survey,
            "staged": staged,
            "plan": plan,
            "changes": changes,
            "summary": plan.summary_lines(),
            "change_lines": changes.lines(plan),
            "fingerprint": fingerprint(plan, changes),
            "questions": len(plan.questionnaire.questions()) if plan.questionnaire else 0,
        },
    )


@staff_view(ADMINISTER)
def import_plan(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    survey = survey_or_404(slug)
    staged = _staged_or_404(request, slug, token)
    result = _dry_run(staged)
    if isinstance(result, ProblemsError):
        form = ImportForm(survey, initial={"wave": staged.wave})
        return _refused(request, survey, form, staged, result)
    return _plan_page(request, survey, staged, *result)


class _PlanChanged(Exception):
    pass


@require_POST
@staff_view(ADMINISTER)
def import_run(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    survey = survey_or_404(slug)
    staged = _staged_or_404(request, slug, token)
    result = _dry_run(staged)
    if isinstance(result, ProblemsError):
        return _refused(request, survey, ImportForm(survey), staged, result)
    plan, _changes = result
    shown = str(request.POST.get("fingerprint", ""))
    try:
        with transaction.atomic():
            # Lock the survey so that nobody changes its waves between the check and the store.
            Survey.objects.select_for_update().filter(pk=survey.pk).first()
            if fingerprint(plan, plan_changes(plan)) != shown:
                raise _PlanChanged
            done = apply_plan(plan, actor=request.user.get_username())
            record(
                request.user,
                "import.applied",
                _summary(plan, done),
                survey=slug,
                wave=plan.wave or "",
                file=staged.file_name,
                kind=plan.kind,
                wave_created=done.create_wave,
                new=len(done.new),
                updated=len(done.updated),
                unchanged=done.unchanged,
            )
    except _PlanChanged:
        messages.warning(
            request,
            _(
                "Seit dem Probelauf hat sich etwas geändert; es wurde nichts gespeichert. "
                "Bitte prüfen Sie den aktuellen Plan und bestätigen Sie erneut."
            ),
        )
        return redirect("web:import_plan", slug, token)
    except ProblemsError as exc:
        return _refused(request, survey, ImportForm(survey), staged, exc)
    discard(staged)
    messages.success(request, _summary(plan, done))
    return redirect("web:wave", slug, plan.wave)


def _summary(plan: ImportPlan, done: Changes) -> str:
    parts: list[str] = [f"Import aus „{plan.file}“:"]
    if done.create_wave:
        parts.append(f"Welle {plan.wave} mit Fragebogen angelegt.")
    if plan.records is not None:
        parts.append(
            f"{len(done.new)} neue, {len(done.updated)} geänderte Antworten, "
            f"{done.unchanged} schon vorhanden."
        )
    if done.nothing():
        parts.append("Nichts zu tun: alles war schon gespeichert.")
    return " ".join(parts)


@staff_view(ADMINISTER)
def import_problems(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The complete problem list of a refused upload (the page lists only the first ones)."""
    survey_or_404(slug)
    path = problem_list(token, slug, int(request.user.pk or 0))
    if path is None:
        raise Http404
    # At most MAX_KEPT rows (a few MB): read whole, like the other CSV downloads.
    response = HttpResponse(path.read_bytes(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="probleme.csv"'
    return response


@require_POST
@staff_view(ADMINISTER)
def import_discard(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    survey_or_404(slug)
    staged = _staged_or_404(request, slug, token)
    discard(staged)
    messages.info(request, _("Der Import wurde verworfen; es wurde nichts gespeichert."))
    return redirect("web:import", slug)
