"""Surveys and waves: lists, new wave from the previous one, status, questionnaire, preview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from umfrage import languages
from umfrage.governance.audit import record
from umfrage.governance.roles import ADMINISTER, ANALYSE
from umfrage.invitations.tracking import wave_progress
from umfrage.publication.models import OpenData
from umfrage.publication.snapshots import change_status, open_data_enabled
from umfrage.questionnaire.changes import year_limit_hints, year_limits_moved
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.store.models import Survey, Wave, WaveStatusError
from umfrage.web import dashboard, wavesteps
from umfrage.web.access import staff_view, survey_or_404, wave_or_404
from umfrage.web.builder.translations import Overview, overview
from umfrage.web.forms import (
    NewWaveForm,
    OpenDataForm,
    PrivacyForm,
    QuestionnaireForm,
    SurveySettingsForm,
)
from umfrage.web.lifecycle import questionnaire_check, with_excerpts
from umfrage.web.navigation import WAVE_TABS, links
from umfrage.web.preview import preview_sections


def home(request: HttpRequest) -> HttpResponse:
    return redirect("web:surveys")


@staff_view(ANALYSE)
def surveys(request: HttpRequest) -> HttpResponse:
    rows = Survey.objects.annotate(
        wave_count=Count("waves", distinct=True),
        organisation_count=Count("organisations", distinct=True),
    ).order_by("title")
    return render(request, "web/surveys.html", {"surveys": rows})


@staff_view(ANALYSE)
def survey(request: HttpRequest, slug: str) -> HttpResponse:
    item = survey_or_404(slug)
    waves = item.waves.annotate(
        complete=Count("responses", filter=Q(responses__status="complete")),
        partial=Count("responses", filter=Q(responses__status="partial")),
    ).order_by("position")
    return render(request, "web/survey.html", {"survey": item, "waves": waves})


@staff_view(ADMINISTER)
def survey_settings(request: HttpRequest, slug: str) -> HttpResponse:
    item = survey_or_404(slug)
    form = SurveySettingsForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        record(
            request.user,
            "survey.settings",
            f"Aufbewahrung {item.retention_months or 'unbegrenzt'} Monate, "
            f"bei Löschung: {item.get_erasure_display()}.",
            survey=item.slug,
        )
        messages.success(request, _("Die Einstellungen wurden gespeichert."))
        return redirect("web:survey", slug)
    return render(request, "web/survey_settings.html", {"survey": item, "form": form})


@staff_view(ADMINISTER)
def open_data_settings(request: HttpRequest, slug: str) -> HttpResponse:
    item = survey_or_404(slug)
    config = OpenData.objects.filter(survey=item).first() or OpenData(survey=item)
    form = OpenDataForm(request.POST or None, instance=config)
    if request.method == "POST" and form.is_valid():
        form.save()
        record(
            request.user,
            "survey.open_data",
            (
                f"Offene Daten eingeschaltet: {config.publisher}, {config.licence_name}."
                if config.enabled
                else "Offene Daten ausgeschaltet."
            ),
            survey=item.slug,
        )
        messages.success(request, _("Die Einstellungen für offene Daten wurden gespeichert."))
        return redirect("web:survey", slug)
    published = item.waves.filter(status=Wave.Status.PUBLISHED).exists()
    return render(
        request,
        "web/open_data.html",
        {"survey": item, "form": form, "config": config, "published": published},
    )


@staff_view(ADMINISTER)
def wave_new(request: HttpRequest, slug: str) -> HttpResponse:
    item = survey_or_404(slug)
    if not item.waves.exists():
        messages.error(
            request, _("Diese Umfrage hat noch keine Welle, aus der kopiert werden kann.")
        )
        return redirect("web:survey", slug)
    form = NewWaveForm(item, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        previous: Wave = data["previous"]
        try:
            wave = previous.start_next(
                data["key"], title=data["title"], opens=data["opens"], closes=data["closes"]
            )
        except ProblemsError as exc:
            for problem in exc.problems:
                form.add_error(None, str(problem))
        else:
            record(
                request.user,
                "wave.created",
                f"Welle {wave.key} aus Welle {previous.key} angelegt.",
                survey=item.slug,
                wave=wave.key,
                previous=previous.key,
            )
            messages.success(
                request,
                _(
                    "Die Welle %(key)s ist angelegt. Der Fragebogen ist aus Welle %(previous)s "
                    "übernommen; jede Frage wird mit ihr verglichen."
                )
                % {"key": wave.key, "previous": previous.key},
            )
            for moved in year_limits_moved(
                previous.questionnaire(),
                wave.questionnaire(),
                previous=previous.key,
                wave=wave.key,
            ):
                messages.info(request, moved)
            for hint in year_limit_hints(
                wave.questionnaire(), previous=previous.key, wave=wave.key
            ):
                messages.warning(request, hint)
            return redirect("web:questionnaire_builder", slug, wave.key)
    return render(request, "web/wave_new.html", {"survey": item, "form": form})


def _wave_context(request: HttpRequest, wave: Wave, **extra: Any) -> dict[str, Any]:
    return {
        "survey": wave.survey,
        "wave": wave,
        "tabs": links(WAVE_TABS, request.user, request.path, wave.survey.slug, wave.key),
        **extra,
    }


TRANSITION_LABELS = {
    "open": _("Welle öffnen"),
    "closed": _("Welle schließen"),
    "published": _("Ergebnisse veröffentlichen"),
}


def _transition_label(item: Wave, target: str) -> str:
    if item.status == "closed" and target == "open":
        return _("Welle wieder öffnen")
    if item.status == "published" and target == "closed":
        return _("Veröffentlichung zurückziehen")
    return str(TRANSITION_LABELS.get(target, target))


@staff_view(ANALYSE)
def wave(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    item = wave_or_404(slug, key)
    transitions = []
    if request.user.has_perm(ADMINISTER):
        for target in Wave.TRANSITIONS.get(item.status, ()):
            transitions.append((target, _transition_label(item, target)))
    return render(
        request,
        "web/wave.html",
        _wave_context(
            request,
            item,
            transitions=transitions,
            rates=dashboard.rates(wave_progress(item)),
            open_data=open_data_enabled(item.survey),
            coding_questions=_coding_questions(item),
        ),
    )


def _coding_questions(item: Wave) -> list[Any]:
    """The text questions with a codebook (none while the questionnaire has problems)."""
    try:
        return [q for q in item.questionnaire().questions() if q.coding()]
    except ProblemsError:
        return []


@require_POST
@staff_view(ADMINISTER)
def wave_status(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    item = wave_or_404(slug, key)
    target = request.POST.get("target", "")
    before = item.get_status_display()
    if request.POST.get("confirm") != "1" and item.can_become(target):
        # Every status change first says what will happen and asks (wavesteps.py).
        return render(
            request,
            "web/wave_status_confirm.html",
            _wave_context(
                request,
                item,
                step=wavesteps.step(item, target, timezone.now()),
                target=target,
                label=_transition_label(item, target),
            ),
        )
    try:
        # Publishing stores the public report's snapshot; withdrawing deletes it.
        notes = change_status(item, target, timezone.now(), by=request.user.get_username())
    except WaveStatusError as exc:
        messages.error(request, str(exc))
    except ProblemsError as exc:
        messages.error(
            request,
            _("Der Fragebogen hat Probleme; beheben Sie sie, bevor Sie die Welle öffnen: %(p)s")
            % {"p": "; ".join(p.message for p in exc.problems)},
        )
    else:
        record(
            request.user,
            "wave.status",
            f"Welle {item.key}: {before} → {item.get_status_display()}.",
            survey=slug,
            wave=key,
            status=item.status,
        )
        messages.success(
            request,
            _("Die Welle %(key)s ist jetzt „%(status)s“.")
            % {"key": item.key, "status": item.get_status_display()},
        )
        for note in notes:
            messages.warning(request, note)
    return redirect("web:wave", slug, key)


@staff_view(ADMINISTER)
def questionnaire_edit(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    item = wave_or_404(slug, key)
    locked = item.has_answers()
    hints: list[Problem] = []
    if request.method == "POST":
        form = QuestionnaireForm(request.POST, request.FILES)
        text = request.POST.get("text", "")
        problems = []
        if form.is_valid():
            text = form.cleaned_data["text"]
            checked = questionnaire_check(item, text)
            problems, hints = checked.problems, checked.hints
            if not problems:
                try:
                    item.change_questionnaire(text)
                except ProblemsError as exc:
                    problems = exc.problems
                else:
                    record(
                        request.user,
                        "wave.questionnaire",
                        f"Fragebogen der Welle {item.key} geändert.",
                        survey=slug,
                        wave=key,
                    )
                    messages.success(request, _("Der Fragebogen ist geprüft und gespeichert."))
                    return redirect("web:questionnaire_edit", slug, key)
        form = QuestionnaireForm(initial={"text": text})
    else:
        text = item.questionnaire_text
        checked = questionnaire_check(item, text)
        problems, hints = checked.problems, checked.hints
        form = QuestionnaireForm(initial={"text": text})
    return render(
        request,
        "web/questionnaire_edit.html",
        _wave_context(
            request,
            item,
            form=form,
            problems=with_excerpts(problems, text),
            hints=with_excerpts(hints, text),
            submitted=request.method == "POST",
            locked=locked,
            translations=_translations_of(text, item),
        ),
    )


def _translations_of(text: str, item: Wave) -> Overview | None:
    """The missing translations of the questionnaire ``text`` (None: one language, or no
    questionnaire to read)."""
    try:
        data, source = parse_yaml(text, f"{item.survey.slug}/waves/{item.key}/questionnaire.yaml")
        found = overview(parse_questionnaire(data, source))
    except ProblemsError:
        return None
    return found if found.several else None


@staff_view(ANALYSE)
def questionnaire_download(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    item = wave_or_404(slug, key)
    response = HttpResponse(item.questionnaire_text, content_type="text/yaml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{item.survey.slug}-{item.key}-questionnaire.yaml"'
    )
    return response


@staff_view(ANALYSE)
def questionnaire_preview(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The whole questionnaire as respondents read it, in any of its languages (``?sprache=en``)."""
    item = wave_or_404(slug, key)
    try:
        questionnaire = item.questionnaire()
    except ProblemsError as exc:
        return render(
            request,
            "web/preview.html",
            _wave_context(request, item, problems=exc.problems, sections=[]),
        )
    offered = questionnaire.respondent_languages()
    asked = request.GET.get("sprache", "").strip()
    language = asked if asked in offered else offered[0]
    shown = questionnaire.in_language(language)
    known = languages.get(language)
    return render(
        request,
        "web/preview.html",
        _wave_context(
            request,
            item,
            questionnaire=shown,
            sections=preview_sections(shown),
            privacy=shown.privacy or "",
            language=language,
            language_choices=[
                (code, found.name_de if (found := languages.get(code)) else code)
                for code in offered
            ],
            unknown_language=asked if asked and asked not in offered else "",
            html_lang=known.html_lang if known else language,
            direction=known.direction if known else "ltr",
        ),
    )


@staff_view(ADMINISTER)
def privacy_notice(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    item = wave_or_404(slug, key)
    try:
        current = item.privacy_text()
    except ProblemsError:
        messages.error(request, _("Beheben Sie zuerst die Probleme des Fragebogens."))
        return redirect("web:questionnaire_edit", slug, key)
    form = PrivacyForm(request.POST or None, initial={"privacy_notice": current})
    if request.method == "POST" and form.is_valid():
        try:
            item.change_privacy_notice(form.cleaned_data["privacy_notice"])
        except ProblemsError as exc:
            for problem in exc.problems:
                form.add_error("privacy_notice", problem.message)
        else:
            record(
                request.user,
                "wave.privacy",
                f"Datenschutzhinweis der Welle {item.key} geändert.",
                survey=slug,
                wave=key,
            )
            messages.success(request, _("Der Datenschutzhinweis wurde gespeichert."))
            return redirect("web:privacy_notice", slug, key)
    return render(request, "web/privacy.html", _wave_context(request, item, form=form))
