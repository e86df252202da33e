"""The register of organisations and data protection per organisation."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from umfrage.governance.audit import record
from umfrage.governance.dataprotection import erase_organisation, organisation_export
from umfrage.governance.roles import ADMINISTER
from umfrage.invitations.register import import_register, parse_register_file
from umfrage.questionnaire.problems import ProblemsError
from umfrage.store.labels import labelled, register_labels
from umfrage.store.models import Organisation, Survey
from umfrage.web.access import organisation_or_404, staff_view, survey_or_404
from umfrage.web.forms import ConfirmErasureForm, OrganisationLanguageForm, RegisterForm
from umfrage.web.register import csv_download, register_rows


def _register_page(
    request: HttpRequest, survey: Survey, form: RegisterForm, problems: list[object]
) -> HttpResponse:
    labels = register_labels(survey)
    organisations = [
        (o, labelled(o, labels))
        for o in Organisation.objects.filter(survey=survey).order_by("position")
    ]
    return render(
        request,
        "web/register.html",
        {
            "survey": survey,
            "organisations": organisations,
            "form": form,
            "problems": problems,
        },
    )


@staff_view(ADMINISTER)
def register(request: HttpRequest, slug: str) -> HttpResponse:
    return _register_page(request, survey_or_404(slug), RegisterForm(), [])


@require_POST
@staff_view(ADMINISTER)
def register_upload(request: HttpRequest, slug: str) -> HttpResponse:
    survey = survey_or_404(slug)
    form = RegisterForm(request.POST, request.FILES)
    if not form.is_valid():
        return _register_page(request, survey, form, [])
    upload = form.cleaned_data["file"]
    try:
        read = parse_register_file(upload.read(), upload.name or "organisations.csv")
        changes = import_register(survey, read)
    except ProblemsError as exc:
        return _register_page(request, survey, form, list(exc.problems))
    record(
        request.user,
        "register.uploaded",
        f"Register hochgeladen: {len(changes.created)} neu, {len(changes.updated)} geändert, "
        f"{len(changes.deleted)} entfernt, {len(changes.deactivated)} ausgeschieden.",
        survey=slug,
        added=len(changes.created),
        updated=len(changes.updated),
        removed=len(changes.deleted),
        kept=changes.deactivated,
        reactivated=changes.reactivated,
    )
    messages.success(
        request,
        _(
            "Das Register ist gespeichert: %(added)s neu, %(updated)s geändert, "
            "%(unchanged)s unverändert, %(removed)s entfernt."
        )
        % {
            "added": len(changes.created),
            "updated": len(changes.updated),
            "unchanged": changes.unchanged,
            "removed": len(changes.deleted),
        },
    )
    notes = [
        (
            changes.deactivated,
            _(
                "Nicht mehr in der Datei, aber behalten, weil Antworten oder Einladungen "
                "dazu gehören (werden nicht mehr eingeladen): %(keys)s"
            ),
        ),
        (changes.reactivated, _("Wieder im Register: %(keys)s")),
        (
            changes.erased,
            _(
                "Für diese Organisationen wurden die personenbezogenen Daten auf Wunsch "
                "gelöscht; ihre Kontaktdaten aus der Datei wurden nicht übernommen: %(keys)s"
            ),
        ),
    ]
    for keys, text in notes:
        if keys:
            messages.warning(request, text % {"keys": ", ".join(keys)})
    for warning in changes.warnings:
        messages.warning(request, warning)
    return redirect("web:register", slug)


@staff_view(ADMINISTER)
def register_download(request: HttpRequest, slug: str) -> HttpResponse:
    survey = survey_or_404(slug)
    columns, rows = register_rows(survey)
    record(request.user, "register.downloaded", "Register heruntergeladen.", survey=slug)
    return csv_download(f"{survey.slug}-register.csv", columns, rows)


@staff_view(ADMINISTER)
def organisation(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    org = organisation_or_404(slug, key)
    form = OrganisationLanguageForm(
        request.POST or None, initial={"language": org.language}, prefix="sprache"
    )
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        if language != org.language:
            org.language = language
            org.save(update_fields=["language"])
            record(
                request.user,
                "organisation.language",
                f"Sprache von {org.key}: {org.language_name()}.",
                survey=slug,
                organisation=org.key,
            )
            messages.success(request, _("Die Sprache wurde gespeichert."))
        return redirect("web:organisation", slug, key)
    return render(
        request,
        "web/organisation.html",
        {
            "survey": org.survey,
            "organisation": org,
            "form": form,
            "labels": labelled(org, register_labels(org.survey)),
            "invitations": org.invitations.select_related("wave").order_by("wave__position"),
            "responses": org.responses.select_related("wave").order_by("wave__position"),
        },
    )


@staff_view(ADMINISTER)
def organisation_export_view(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    org = organisation_or_404(slug, key)
    record(
        request.user,
        "organisation.exported",
        f"Auskunft über {org.key} erstellt.",
        survey=slug,
        organisation=org.key,
    )
    data = organisation_export(org)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="auskunft-{slug}-{org.key}.json"'
    return response


@staff_view(ADMINISTER)
def organisation_erase(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    org = organisation_or_404(slug, key)
    form = ConfirmErasureForm(org.key, request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = erase_organisation(org, timezone.now())
        record(
            request.user,
            "organisation.erased",
            f"Personenbezogene Daten von {org.key} gelöscht ({result.summary()}).",
            survey=slug,
            organisation=org.key,
        )
        messages.success(request, _("Die personenbezogenen Daten wurden gelöscht."))
        return redirect("web:organisation", slug, key)
    return render(
        request,
        "web/organisation_erase.html",
        {"survey": org.survey, "organisation": org, "form": form},
    )
