"""Changing a coded question's codebook from the coding page: merging and splitting categories.

The codebook lives in the wave's questionnaire file (docs/questionnaire-format.md); it is
rewritten through :mod:`umfrage.questionnaire.editing` (ruamel round trip: comments, order and
every other key stay). A merge moves every stored coding of the merged categories, the codes that
count (``<qid>.codes`` in the answers, through ``Response.record`` and so into the history) and
every coder's own coding (``TextCoding``, first and second coders), in the same transaction as the
new questionnaire text: either all of it is stored or nothing.

A split adds a category after an existing one; no text moves by itself. Staff then move texts
one by one (:func:`move_texts`), each move a change of the codes that count with history.

The codebook of a published wave is frozen: its numbers are public, and a merge would change
them silently. Such a wave must be taken off publication first (docs/admin-web.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from umfrage.governance.audit import record
from umfrage.questionnaire import editing
from umfrage.questionnaire.loader import questionnaire_from_text
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.store.models import InvalidAnswers, Response, TextCoding, Wave
from umfrage.web.lifecycle import file_name, questionnaire_problems

SOURCE = "codierung"


class CodebookError(ValueError):
    """A codebook change that cannot be made; the message says why, in German."""


@dataclass(frozen=True)
class MergePlan:
    """What a merge would move, for the confirmation page."""

    codes: list[str]
    texts: int
    """Texts whose codes that count name a merged category other than the target."""
    codings: int
    """Coders' own codings (first and second) that name such a category."""


def frozen_reason(wave: Wave) -> str | None:
    """Why the wave's codebook may not change (None: it may)."""
    if wave.status == Wave.Status.PUBLISHED:
        return _(
            "Die Ergebnisse dieser Welle sind veröffentlicht; ihr Kategoriensystem ist "
            "eingefroren, damit die veröffentlichten Zahlen gelten. Nehmen Sie die "
            "Veröffentlichung zurück, wenn Kategorien zusammengelegt oder aufgeteilt werden sollen."
        )
    if wave.status == Wave.Status.OPEN:
        return _(
            "Die Welle ist noch offen; ändern Sie das Kategoriensystem erst nach der "
            "Feldphase, wenn alle Texte vorliegen."
        )
    return None


def _mapped(codes: list[str], merged: set[str], target: str, order: list[str]) -> list[str]:
    moved = {target if c in merged else c for c in codes}
    return [c for c in order if c in moved]


def plan_merge(wave: Wave, qid: str, codes: list[str], target: str | None) -> MergePlan:
    """Count what merging ``codes`` (into ``target``, None: a new category) would move."""
    moving = set(codes) - ({target} if target else set())
    key = _key(wave, qid)
    texts = sum(
        1 for r in Response.objects.filter(wave=wave) if moving & set(r.answers.get(key) or [])
    )
    codings = sum(
        1
        for c in TextCoding.objects.filter(response__wave=wave, question=qid)
        if moving & set(c.codes)
    )
    return MergePlan(codes=list(codes), texts=texts, codings=codings)


def merge(
    wave: Wave, qid: str, codes: list[str], *, keep: str | None, label: str, user: Any
) -> tuple[str, MergePlan]:
    """Merge the categories ``codes`` of question ``qid`` into ``keep`` (or a new category named
    ``label``); returns the target's code and what moved. CodebookError says why not."""
    coder = user.get_username()
    with transaction.atomic():
        wave = _locked(wave)
        categories, document = _codebook(wave, qid)
        key = _key(wave, qid)
        try:
            target = editing.merge_categories(categories, codes, keep=keep, label=label)
        except ValueError as error:
            raise CodebookError(str(error)) from None
        plan = plan_merge(wave, qid, codes, keep)
        _store(wave, document, qid)
        order = _order(wave, qid)
        merged = set(codes)
        for response in Response.objects.filter(wave=wave).order_by("pk"):
            given = list(response.answers.get(key) or [])
            if not merged & set(given):
                continue
            answers = dict(response.answers)
            answers[key] = _mapped(given, merged, target, order)
            _record(response, wave, answers, coder)
        for coding in TextCoding.objects.filter(response__wave=wave, question=qid):
            if merged & set(coding.codes):
                coding.codes = _mapped(list(coding.codes), merged, target, order)
                coding.save(update_fields=["codes"])
        record(
            user,
            "codebook.merged",
            f"Kategorien {', '.join(codes)} der Frage {qid} zu „{target}“ zusammengelegt; "
            f"{plan.texts} Texte verschoben.",
            survey=wave.survey.slug,
            wave=wave.key,
            question=qid,
            merged=list(codes),
            target=target,
            texts=plan.texts,
            codings=plan.codings,
        )
    return target, plan


def split(wave: Wave, qid: str, code: str, *, label: str, description: str, user: Any) -> str:
    """A new category after ``code`` (no text moves yet); returns its code."""
    with transaction.atomic():
        wave = _locked(wave)
        categories, document = _codebook(wave, qid)
        try:
            new = editing.add_category(categories, code, label, description)
        except ValueError as error:
            raise CodebookError(str(error)) from None
        _store(wave, document, qid)
        record(
            user,
            "codebook.split",
            f"Neue Kategorie „{new}“ aus „{code}“ der Frage {qid} angelegt.",
            survey=wave.survey.slug,
            wave=wave.key,
            question=qid,
            source_category=code,
            new_category=new,
        )
    return new


def move_texts(wave: Wave, qid: str, old: str, new: str, pks: list[int], user: Any) -> int:
    """Move the texts ``pks`` from category ``old`` to ``new`` (the codes that count, and the
    mover's own first coding); returns how many moved. CodebookError says why not."""
    coder = user.get_username()
    if old == new:
        raise CodebookError(_("Wählen Sie eine andere Kategorie als die bisherige."))
    with transaction.atomic():
        wave = _locked(wave)
        order = _order(wave, qid)
        key = _key(wave, qid)
        if old not in order or new not in order:
            raise CodebookError(_("Diese Kategorie gibt es bei der Frage nicht (mehr)."))
        responses = list(Response.objects.filter(wave=wave, pk__in=pks).order_by("pk"))
        if len(responses) != len(set(pks)):
            raise CodebookError(
                _("Einige Texte gibt es nicht mehr. Bitte laden Sie die Seite neu.")
            )
        moved = []
        for response in responses:
            given = list(response.answers.get(key) or [])
            if old not in given:
                raise CodebookError(
                    _("Ein Text hat die Kategorie nicht mehr. Bitte laden Sie die Seite neu.")
                )
            answers = dict(response.answers)
            answers[key] = _mapped(given, {old}, new, order)
            _record(response, wave, answers, coder)
            TextCoding.objects.update_or_create(
                response=response,
                question=qid,
                coder=coder,
                defaults={"codes": answers[key], "second": False},
            )
            moved.append(response.pk)
        if moved:
            record(
                user,
                "codebook.moved",
                f"{len(moved)} Texte der Frage {qid} von „{old}“ nach „{new}“ verschoben.",
                survey=wave.survey.slug,
                wave=wave.key,
                question=qid,
                source_category=old,
                new_category=new,
                responses=moved,
            )
    return len(moved)


def _locked(wave: Wave) -> Wave:
    locked = Wave.objects.select_for_update().select_related("survey").get(pk=wave.pk)
    reason = frozen_reason(locked)
    if reason:
        raise CodebookError(reason)
    return locked


def _codebook(wave: Wave, qid: str) -> tuple[Any, Any]:
    try:
        document = editing.load(wave.questionnaire_text, file_name(wave))
    except ProblemsError:
        raise CodebookError(
            _("Der Fragebogen dieser Welle hat Fehler; beheben Sie sie zuerst.")
        ) from None
    categories = editing.codebook(document, qid)
    if categories is None:
        raise CodebookError(_("Diese Frage hat kein Kategoriensystem."))
    return categories, document


def _recodes_kept(wave: Wave, qid: str, new: Any, later: list[Wave]) -> None:
    """Refuse a codebook change that leaves a later wave's ``compare.recode`` of question
    ``qid`` pointing at a category of this wave that would no longer exist."""
    coding_of = new.question(qid).coding() if new.has_question(qid) else None
    kept = set(coding_of[1]) if coding_of else set()
    for other in later:
        try:
            question = other.questionnaire().question(qid)
        except (ProblemsError, KeyError):
            continue
        comparison = question.comparison_with(wave.key)
        if comparison is None:
            continue
        for code, target in comparison.recode.items():
            if target is not None and target not in kept:
                raise CodebookError(
                    _(
                        "Die Welle „%(wave)s“ vergleicht mit dieser Welle und ordnet dort "
                        "„%(code)s“ der Kategorie „%(target)s“ zu, die es danach nicht mehr "
                        "gäbe. Passen Sie zuerst „compare.recode“ in Welle „%(wave)s“ an."
                    )
                    % {"wave": other.key, "code": code, "target": target}
                )


def _store(wave: Wave, document: Any, qid: str) -> None:
    """Store the edited questionnaire if ``umfrage check`` accepts it, for this wave and for the
    later waves that compare with it."""
    text = editing.dump(document)
    later = list(wave.survey.waves.filter(position__gt=wave.position))
    before = {w.pk: _messages(questionnaire_problems(w, w.questionnaire_text)) for w in later}
    problems = questionnaire_problems(wave, text)
    if problems:
        raise CodebookError(_said(problems))
    _recodes_kept(wave, qid, questionnaire_from_text(text, file_name(wave)), later)
    wave.questionnaire_text = text
    wave.save(update_fields=["questionnaire_text"])
    for other in later:
        new = [
            p
            for p in questionnaire_problems(other, other.questionnaire_text)
            if (p.line, p.message) not in before[other.pk]
        ]
        if new:
            raise CodebookError(
                _(
                    "Die Welle „%(wave)s“ vergleicht mit dieser Welle und verweist auf eine "
                    "Kategorie, die es danach nicht mehr gäbe: %(problem)s"
                )
                % {"wave": other.key, "problem": _said(new)}
            )


def _key(wave: Wave, qid: str) -> str:
    """The answer key of the question's codes (``<qid>.codes``, ``<qid>.other.codes``)."""
    coding_of = wave.questionnaire().question(qid).coding()
    if coding_of is None:
        raise CodebookError(_("Diese Frage hat kein Kategoriensystem."))
    return coding_of[0]


def _order(wave: Wave, qid: str) -> list[str]:
    """The question's category codes in the stored codebook's order."""
    coding_of = wave.questionnaire().question(qid).coding()
    return coding_of[1] if coding_of else []


def _messages(problems: list[Problem]) -> set[tuple[int | None, str]]:
    return {(p.line, p.message) for p in problems}


def _said(problems: list[Problem]) -> str:
    first = problems[0]
    where = _("Zeile %(line)s: ") % {"line": first.line} if first.line else ""
    return f"{where}{first.message}"


def _record(response: Response, wave: Wave, answers: dict[str, Any], coder: str) -> None:
    response.wave = wave  # validate against the new codebook
    try:
        response.record(answers, status=response.status, by=coder, source=SOURCE)
    except InvalidAnswers as error:
        raise CodebookError(_("Nicht gespeichert: %(problem)s") % {"problem": error}) from None


def coded_question(wave: Wave, qid: str) -> Any:
    """The question ``qid`` of the wave that has a codebook (its own or its "other" texts'), or
    a 404 that says why not: the coding, merge, split and quote pages share it."""
    try:
        questionnaire = wave.questionnaire()
    except ProblemsError:
        raise Http404(
            _("Der Fragebogen dieser Welle hat Fehler; beheben Sie sie zuerst.")
        ) from None
    if not questionnaire.has_question(qid):
        raise Http404(_("Diese Frage gibt es in der Welle nicht."))
    question = questionnaire.question(qid)
    if question.coding() is None:
        raise Http404(_("Diese Frage hat kein Kategoriensystem."))
    return question
