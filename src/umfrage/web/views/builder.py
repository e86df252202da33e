"""The questionnaire builder: the wave's questionnaire as German forms instead of YAML.

Every change goes through the same checks as the YAML editor and ``umfrage check``
(``lifecycle.questionnaire_problems``, then ``Wave.change_questionnaire`` with its rules for
waves that have answers); a change they refuse is not saved and its messages are shown at the
field they concern. The stored format stays the YAML file (see questionnaire.editing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from umfrage.governance.audit import record
from umfrage.governance.roles import ADMINISTER
from umfrage.questionnaire import editing
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.store.models import Wave
from umfrage.web.access import staff_view, wave_or_404
from umfrage.web.builder import core
from umfrage.web.builder.fields import text_field
from umfrage.web.builder.translations import overview
from umfrage.web.builder.types import BUILDER_TYPES, builder_type
from umfrage.web.builder.types.base import FLAG_LABELS
from umfrage.web.lifecycle import file_name, questionnaire_check, questionnaire_problems
from umfrage.web.navigation import WAVE_TABS, links
from umfrage.web.preview import describe, preview_sections


def _context(request: HttpRequest, wave: Wave, **extra: Any) -> dict[str, Any]:
    return {
        "survey": wave.survey,
        "wave": wave,
        "tabs": links(WAVE_TABS, request.user, request.path, wave.survey.slug, wave.key),
        "locked": wave.has_answers(),
        **extra,
    }


def _previous(wave: Wave) -> Wave | None:
    return wave.survey.waves.filter(position__lt=wave.position).order_by("-position").first()


def _parsed(text: str, name: str) -> Questionnaire | None:
    try:
        data, source = parse_yaml(text, name)
        return parse_questionnaire(data, source)
    except ProblemsError:
        return None


def save(request: HttpRequest, wave: Wave, data: CommentedMap, what: str) -> list[Problem]:
    """Store ``data`` as the wave's questionnaire if every check passes; else the problems.

    A document that says what the stored text says keeps the stored bytes.
    """
    name = file_name(wave)
    original = wave.questionnaire_text
    text = original if editing.unchanged(original, data, name) else editing.dump(data)
    if text == original:
        return []
    problems = questionnaire_problems(wave, text)
    if problems:
        return problems
    try:
        wave.change_questionnaire(text)
    except ProblemsError as exc:
        return exc.problems
    record(
        request.user,
        "wave.questionnaire",
        f"Fragebogen der Welle {wave.key} im Editor geändert: {what}.",
        survey=wave.survey.slug,
        wave=wave.key,
    )
    return []


@dataclass(frozen=True)
class Row:
    """One question of the overview."""

    number: int
    id: str
    text: str
    kind: str
    shown_if: str | None
    first: bool
    last: bool


@staff_view(ADMINISTER)
def builder(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    wave = wave_or_404(slug, key)
    name = file_name(wave)
    problems: list[Problem] = []
    try:
        data = editing.load(wave.questionnaire_text, name)
    except ProblemsError as exc:
        return render(
            request, "web/builder.html", _context(request, wave, broken=exc.problems, sections=[])
        )
    if request.method == "POST":
        action, _sep, target = request.POST.get("aktion", "").partition(":")
        done = _overview_action(data, action, target)
        if done is None:
            messages.error(request, _("Diese Aktion ist nicht möglich."))
            return redirect("web:questionnaire_builder", slug, key)
        problems = save(request, wave, data, done)
        if not problems:
            messages.success(request, _("Gespeichert: %(what)s.") % {"what": done})
            return redirect("web:questionnaire_builder", slug, key)
        data = editing.load(wave.questionnaire_text, name)
    questionnaire = _parsed(wave.questionnaire_text, name)
    sections = []
    number = 0
    all_sections = editing.sections(data)
    for si, section in enumerate(all_sections):
        entries = []
        nodes = editing.questions(section)
        for qi, node in enumerate(nodes):
            number += 1
            qid = str(node.get("id"))
            spec = (
                questionnaire.question(qid)
                if questionnaire and questionnaire.has_question(qid)
                else None
            )
            entries.append(
                Row(
                    number,
                    qid,
                    editing.text_of(node.get("text")),
                    BUILDER_TYPES[str(node.get("type"))].label
                    if str(node.get("type")) in BUILDER_TYPES
                    else str(node.get("type")),
                    describe(spec.condition) if spec is not None and spec.condition else None,
                    si == 0 and qi == 0,
                    si == len(all_sections) - 1 and qi == len(nodes) - 1,
                )
            )
        sections.append(
            {
                "id": str(section.get("id")),
                "title": editing.text_of(section.get("title")),
                "questions": entries,
                "first": si == 0,
                "last": si == len(all_sections) - 1,
            }
        )
    # What ``umfrage check`` says about the stored file: problems, and hints that do not refuse it
    # (a wording changed against an earlier wave gets a generated comparison note).
    stored = questionnaire_check(wave, wave.questionnaire_text)
    return render(
        request,
        "web/builder.html",
        _context(
            request,
            wave,
            sections=sections,
            title=editing.text_of(data.get("title")),
            problems=problems,
            check=problems or stored.problems,
            hints=[] if problems else stored.hints,
            types=[(t.name, t.label) for t in BUILDER_TYPES.values()],
            languages=editing.languages_of(data),
            missing_translations=overview(questionnaire).total_missing if questionnaire else 0,
        ),
    )


def _overview_action(data: CommentedMap, action: str, target: str) -> str | None:
    """Apply a button of the overview; a description of what was done, None if impossible."""
    if action in ("frage-hoch", "frage-runter"):
        delta = -1 if action == "frage-hoch" else 1
        if editing.move_question(data, target, delta):
            return f"Frage „{target}“ {'nach oben' if delta < 0 else 'nach unten'} verschoben"
        return None
    if action == "frage-loeschen":
        where = editing.find_question(data, target)
        if where is None:
            return None
        nodes = editing.questions(editing.sections(data)[where[0]])
        nodes.pop(where[1])
        if not nodes:
            editing.sections(data).pop(where[0])
        return f"Frage „{target}“ entfernt"
    if action in ("abschnitt-hoch", "abschnitt-runter"):
        index = editing.find_section(data, target)
        delta = -1 if action == "abschnitt-hoch" else 1
        if index is not None and editing.move(editing.sections(data), index, delta):
            return f"Abschnitt „{target}“ {'nach oben' if delta < 0 else 'nach unten'} verschoben"
        return None
    if action == "abschnitt-loeschen":
        index = editing.find_section(data, target)
        if index is None:
            return None
        editing.sections(data).pop(index)
        return f"Abschnitt „{target}“ mit seinen Fragen entfernt"
    return None


# --- one question ---------------------------------------------------------------------------


def _form_context(
    wave: Wave, data: CommentedMap, qid: str | None, section_index: int
) -> tuple[core.Context, list[Any]]:
    """The earlier questions (spec objects) and the previous wave's question for the form."""
    name = file_name(wave)
    questionnaire = _parsed(wave.questionnaire_text, name)
    earlier: list[Any] = []
    if questionnaire is not None:
        for si, section in enumerate(questionnaire.sections):
            for question in section.questions:
                if question.id == qid or (qid is None and si > section_index):
                    break
                earlier.append(question)
            else:
                continue
            break
    previous = _previous(wave)
    previous_question = None
    if previous is not None and qid is not None:
        try:
            before = previous.questionnaire()
        except ProblemsError:
            before = None
        if before is not None and before.has_question(qid):
            previous_question = before.question(qid)
    return (
        core.Context(
            earlier=earlier,
            previous=previous.key if previous is not None else None,
            previous_question=previous_question,
            languages=editing.languages_of(data),
        ),
        earlier,
    )


def _list_action(data: dict[str, str], action: str) -> dict[str, str] | None:
    """Moving, removing and adding rows of a list: a changed form, not yet saved."""
    for spec_key in {k.rsplit("-", 1)[0] for k in data if k.endswith("-count")}:
        if action == f"{spec_key}-mehr":
            found = core.rows(data, spec_key)
            return core.with_rows(data, spec_key, found + [{} for _i in range(3)])
        prefix = f"{spec_key}-"
        if not action.startswith(prefix):
            continue
        index_text, _sep, verb = action[len(prefix) :].partition("-")
        if not index_text.isdigit():
            continue
        found = core.rows(data, spec_key)
        index = int(index_text)
        if verb == "entfernen" and index < len(found):
            found.pop(index)
        elif verb in ("hoch", "runter"):
            if not editing.move(found, index, -1 if verb == "hoch" else 1):
                return data
        else:
            continue
        return core.with_rows(data, spec_key, found)
    return None


def _field_errors(
    problems: list[Problem], text: str, name: str, within: tuple[str | int, ...], kind: Any
) -> tuple[dict[str, list[str]], list[str]]:
    """Problems found by the checks, at the form field they concern (or for the summary)."""
    fields: dict[str, list[str]] = {}
    general: list[str] = []
    try:
        _data, source = parse_yaml(text, name)
        by_line = editing.paths_by_line(source)
    except ProblemsError:
        by_line = {}
    for problem in problems:
        message = f"{problem.message} {problem.fix}"
        path = editing.path_of(problem, by_line, within)
        rest = path[len(within) :] if path is not None else None
        field_name = _field_for(rest, kind) if rest is not None else None
        if field_name is None:
            general.append(message)
        else:
            fields.setdefault(field_name, []).append(message)
    return fields, general


def _field_for(rest: tuple[str | int, ...], kind: Any) -> str | None:
    if not rest:
        return "text"
    head = rest[0]
    if head in ("id", "text", "help", "required"):
        return str(head)
    if head == "if":
        return "if-question"
    if head == "compare":
        return "note"
    if any(head == spec.key for spec in kind.lists):
        if len(rest) > 1 and isinstance(rest[1], int):
            part = rest[2] if len(rest) > 2 and rest[2] in ("code", "label") else "label"
            return f"{head}-{rest[1]}-{part}"
        return f"{head}-0-label"
    if any(head == setting.key for setting in kind.settings):
        return f"s-{head}"
    return None


@staff_view(ADMINISTER)
def question(request: HttpRequest, slug: str, key: str, qid: str | None = None) -> HttpResponse:
    wave = wave_or_404(slug, key)
    name = file_name(wave)
    try:
        document = editing.load(wave.questionnaire_text, name)
    except ProblemsError:
        messages.error(request, _("Beheben Sie zuerst die Probleme des Fragebogens."))
        return redirect("web:questionnaire_edit", slug, key)
    if qid is not None:
        where = editing.find_question(document, qid)
        if where is None:
            raise Http404
        si, qi = where
        node = editing.questions(editing.sections(document)[si])[qi]
        kind_name = str(node.get("type"))
    else:
        sid = request.GET.get("abschnitt") or request.POST.get("abschnitt", "")
        found_si = editing.find_section(document, sid)
        kind_name = request.GET.get("typ") or request.POST.get("typ", "")
        if found_si is None or kind_name not in BUILDER_TYPES:
            raise Http404
        si = found_si
        qi = len(editing.questions(editing.sections(document)[si]))
        node = core.new_question(builder_type(kind_name))
    kind = builder_type(kind_name)
    context, earlier = _form_context(wave, document, qid, si)
    field_errors: dict[str, list[str]] = {}
    general: list[str] = []
    preview = None
    if request.method == "POST":
        data: dict[str, str] = {
            k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"
        }
        action = data.pop("aktion", "speichern")
        changed = _list_action(data, action)
        if changed is not None:
            data = changed
        else:
            errors = core.apply(node, data, kind, context, taken_ids=editing.question_ids(document))
            if qid is None:
                editing.questions(editing.sections(document)[si]).append(node)
            field_errors = errors.fields
            if not errors and action == "vorschau":
                preview = _preview(document, name, str(node.get("id")))
                if preview is None:
                    general.append(
                        _("Die Vorschau ist erst möglich, wenn die Frage vollständig ist.")
                    )
            elif not errors:
                problems = save(request, wave, document, f"Frage „{node.get('id')}“")
                if not problems:
                    messages.success(
                        request, _("Die Frage „%(id)s“ ist gespeichert.") % {"id": node.get("id")}
                    )
                    return redirect("web:questionnaire_builder", slug, key)
                candidate = editing.dump(document)
                field_errors, general = _field_errors(
                    problems, candidate, name, ("sections", si, "questions", qi), kind
                )
    else:
        data = core.initial(node, kind, context)
    return render(
        request,
        "web/builder_question.html",
        _context(
            request,
            wave,
            form=_form_view(data, kind, context, earlier, field_errors),
            kind=kind,
            qid=qid,
            section_id=str(editing.sections(document)[si].get("id")),
            errors=field_errors,
            error_list=_error_list(field_errors, kind),
            general=general,
            error_count=sum(len(v) for v in field_errors.values()) + len(general),
            preview=preview,
            new=qid is None,
        ),
    )


FIELD_LABELS = {
    "text": "Fragetext",
    "help": "Hinweis",
    "intro": "Einleitung",
    "id": "Kennung der Frage",
    "note": "Hinweis zum Vergleich",
    "title": "Titel des Abschnitts",
    "first_text": "Text der ersten Frage",
    "if-question": "Bedingung",
    "if-operator": "Bedingung",
    "if-code": "Bedingung",
    "if-number": "Bedingung",
}


def _error_list(errors: dict[str, list[str]], kind: Any) -> list[tuple[str, str, str]]:
    """(field id, field label, message) for the summary at the top of the page."""
    labels = dict(FIELD_LABELS)
    if kind is not None:
        labels.update({f"s-{s.key}": s.label for s in kind.settings})
    found: list[tuple[str, str, str]] = []
    for name, messages_ in errors.items():
        base_name, _at, code = name.partition("@")
        label = _field_label(base_name, labels, kind)
        if code:
            label = f"{label} ({core.language_name(code)})"
        target = "if-question" if name.startswith("if-") else name
        found.extend((target, label, message) for message in messages_)
    return found


def _field_label(name: str, labels: dict[str, str], kind: Any) -> str:
    label = labels.get(name)
    if label is not None:
        return label
    key_, _sep, rest = name.partition("-")
    index, _sep, part = rest.partition("-")
    entry = next((spec.entry for spec in kind.lists if spec.key == key_), "") if kind else ""
    number = int(index) + 1 if index.isdigit() else ""
    return f"{'Code' if part == 'code' else 'Beschriftung'} {entry} {number}".strip()


def _preview(document: CommentedMap, name: str, qid: str) -> Any:
    questionnaire = _parsed(editing.dump(document), name)
    if questionnaire is None:
        return None
    for section in preview_sections(questionnaire):
        for item in section.questions:
            if item.question.id == qid:
                return item
    return None


def _form_view(
    data: dict[str, str],
    kind: Any,
    context: core.Context,
    earlier: list[Any],
    errors: dict[str, list[str]],
) -> dict[str, Any]:
    """What the template shows: values, choices and errors per field."""
    languages = context.languages
    settings = []
    for setting in kind.settings:
        field_name = f"s-{setting.key}"
        settings.append(
            {
                "name": field_name,
                "setting": setting,
                "text": text_field(data, field_name, setting.label, languages, errors)
                if setting.translated
                else None,
                "value": data.get(field_name, ""),
                "token": bool(data.get(f"{field_name}-token")),
                "choices": setting.choices(earlier) if setting.choices else [],
                "errors": errors.get(field_name, []),
            }
        )
    previous_options: list[tuple[str, str]] = []
    if context.previous_question is not None:
        options = getattr(context.previous_question, "options", ()) or ()
        previous_options = [(o.code, f"{o.label} ({o.code})") for o in options]
    lists = []
    for spec in kind.lists:
        found = core.rows(data, spec.key)
        shown = found + [{} for _i in range(core.EMPTY_ROWS if len(found) < 30 else 0)]
        entries = []
        for index, row in enumerate(shown):
            prefix = f"{spec.key}-{index}"
            entries.append(
                {
                    "prefix": prefix,
                    "number": index + 1,
                    "row": row,
                    "label_field": text_field(
                        {f"{prefix}-label{k[5:]}": v for k, v in row.items() if k[:5] == "label"},
                        f"{prefix}-label",
                        f"Beschriftung {spec.entry} {index + 1}",
                        languages,
                        errors,
                    ),
                    "flags": [
                        (flag, FLAG_LABELS[flag], bool(row.get(flag))) for flag in spec.flags
                    ],
                    "label_errors": [
                        m
                        for name, found_messages in errors.items()
                        if name == f"{prefix}-label" or name.startswith(f"{prefix}-label@")
                        for m in found_messages
                    ],
                    "code_errors": errors.get(f"{prefix}-code", []),
                    "first": index == 0,
                    "last": index >= len(found) - 1,
                    "empty": index >= len(found),
                }
            )
        lists.append(
            {
                "spec": spec,
                "count": len(shown),
                "entries": entries,
                "recode": spec.recode and bool(previous_options),
            }
        )
    return {
        "data": data,
        "text": text_field(data, "text", "Fragetext", languages, errors, multiline=True, rows=3),
        "help": text_field(
            data, "help", "Hinweis unter der Frage (optional)", languages, errors, multiline=True
        ),
        "languages": languages,
        "settings": settings,
        "lists": lists,
        "previous": context.previous,
        "previous_options": previous_options,
        "previous_question": context.previous_question,
        **condition_view(data, earlier, errors),
    }


def condition_view(
    data: dict[str, str], earlier: list[Any], errors: dict[str, list[str]]
) -> dict[str, Any]:
    """The condition fields: earlier questions, comparisons, their answers, errors."""
    return {
        "operators": core.OPERATORS,
        "condition_questions": [(q.id, f"{q.id}: {q.text}") for q in earlier],
        "condition_codes": [
            (q.id, [(f"{q.id}:{code}", label) for code, label in _code_labels(q)])
            for q in earlier
            if q.condition_codes()
        ],
        "kept_condition": bool(data.get("if-keep")) and not data.get("if-question"),
        "cond": {
            "question": data.get("if-question", ""),
            "operator": data.get("if-operator", ""),
            "code": data.get("if-code", ""),
            "number": data.get("if-number", ""),
        },
        "cond_errors": [
            m
            for part in ("question", "operator", "code", "number")
            for m in errors.get(f"if-{part}", [])
        ],
    }


def _code_labels(question: Any) -> list[tuple[str, str]]:
    options = getattr(question, "options", ()) or ()
    labels = {o.code: o.label for o in options}
    return [(code, labels.get(code, code)) for code in question.condition_codes()]


CONDITION_FIELDS = ("if-question", "if-operator", "if-code", "if-number", "if-keep")

# --- sections ---------------------------------------------------------------------------------


@staff_view(ADMINISTER)
def section(request: HttpRequest, slug: str, key: str, sid: str | None = None) -> HttpResponse:
    wave = wave_or_404(slug, key)
    name = file_name(wave)
    try:
        document = editing.load(wave.questionnaire_text, name)
    except ProblemsError:
        messages.error(request, _("Beheben Sie zuerst die Probleme des Fragebogens."))
        return redirect("web:questionnaire_edit", slug, key)
    all_sections = editing.sections(document)
    if sid is not None:
        index = editing.find_section(document, sid)
        if index is None:
            raise Http404
        node = all_sections[index]
    else:
        index = len(all_sections)
        node = editing.block_map()
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    questionnaire = _parsed(wave.questionnaire_text, name)
    earlier = (
        [q for s in questionnaire.sections[:index] for q in s.questions]
        if questionnaire is not None
        else []
    )
    languages = editing.languages_of(document)
    text_context = core.Context(earlier=earlier, languages=languages)
    text_names = [
        core.translated_name(base, code) if code else base
        for base in ("title", "intro", "first_text")
        for code in ("", *text_context.translations)
    ]
    if request.method == "POST":
        data = {
            key_: str(request.POST.get(key_, "")).strip()
            for key_ in (*text_names, *CONDITION_FIELDS)
        }
        found = core.Errors()
        titles = core.posted_texts(
            data,
            "title",
            "title",
            text_context,
            found,
            required=_("Bitte geben Sie einen Titel ein."),
        )
        intros = core.posted_texts(data, "intro", "intro", text_context, found)
        first_texts = core.posted_texts(
            data,
            "first_text",
            "text",
            text_context,
            found,
            required=_("Ein Abschnitt braucht mindestens eine Frage: Geben Sie ihren Text ein.")
            if sid is None
            else None,
        )
        if sid is not None:
            found.fields = {k: v for k, v in found.fields.items() if not k.startswith("first_text")}
            core.write_condition(node, data, found, text_context)
        for field_name, field_messages in found.fields.items():
            errors.setdefault(field_name, []).extend(field_messages)
        if not errors:
            if sid is None:
                taken = [str(s.get("id")) for s in all_sections]
                node["id"] = editing.section_id_from_title(data["title"], taken)
            editing.set_texts(node, "title", titles, languages, optional=False)
            editing.set_texts(node, "intro", intros, languages)
            if sid is None:
                first = core.new_question(builder_type("text"))
                first.insert(
                    0,
                    "id",
                    editing.id_from_text(data["first_text"], editing.question_ids(document)),
                )
                first["text"] = editing.with_texts(None, first_texts, languages)
                node["questions"] = CommentedSeq([first])
                all_sections.append(node)
            problems = save(request, wave, document, f"Abschnitt „{node.get('id')}“")
            if not problems:
                messages.success(request, _("Der Abschnitt ist gespeichert."))
                return redirect("web:questionnaire_builder", slug, key)
            general = [f"{p.message} {p.fix}" for p in problems]
    else:
        data = {"first_text": "", **core.condition_initial(node.get("if"))}
        core.text_initial(data, "title", node.get("title"), text_context)
        core.text_initial(data, "intro", node.get("intro"), text_context)
    return render(
        request,
        "web/builder_section.html",
        _context(
            request,
            wave,
            data=data,
            form=condition_view(data, earlier, errors),
            title_field=text_field(
                data, "title", _("Titel des Abschnitts (Überschrift der Seite)"), languages, errors
            ),
            intro_field=text_field(
                data, "intro", _("Einleitung (optional)"), languages, errors, multiline=True, rows=4
            ),
            first_field=text_field(
                data,
                "first_text",
                _(
                    "Text der ersten Frage (eine Freitextfrage; Art und Antworten können Sie "
                    "danach ändern)"
                ),
                languages,
                errors,
            ),
            errors=errors,
            error_list=_error_list(errors, None),
            general=general,
            error_count=sum(len(v) for v in errors.values()) + len(general),
            new=sid is None,
            sid=sid,
            index=index,
        ),
    )


# --- translations -----------------------------------------------------------------------------


@staff_view(ADMINISTER)
def translations(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Every text respondents read in every language, missing translations marked and counted."""
    wave = wave_or_404(slug, key)
    questionnaire = _parsed(wave.questionnaire_text, file_name(wave))
    if questionnaire is None:
        messages.error(request, _("Beheben Sie zuerst die Probleme des Fragebogens."))
        return redirect("web:questionnaire_edit", slug, key)
    found = overview(questionnaire)
    rows = []
    for row in found.rows:
        if row.form == "question":
            link = reverse("web:builder_question", args=(slug, key, row.target))
        elif row.form == "section":
            link = reverse("web:builder_section", args=(slug, key, row.target))
        else:
            link = reverse("web:questionnaire_edit", args=(slug, key))
        rows.append({"row": row, "link": f"{link}#{row.anchor}" if row.anchor else link})
    return render(
        request,
        "web/builder_translations.html",
        _context(request, wave, overview=found, rows=rows),
    )
