"""One wave in, one :class:`WaveResult` out: every question, its comparison, cross-tab, weights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from umfrage.analysis.adjust import adjusted
from umfrage.analysis.common import ByVariable, CompareContext, Sample
from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import QuestionResult, WaveResult, Weighting, weighting_warning
from umfrage.analysis.types import module_for
from umfrage.analysis.weighting import MARGIN_TOLERANCE, MAX_ITERATIONS, rake_frame
from umfrage.questionnaire.base import QuestionBase
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.wording import comparison_note
from umfrage.surveyfolder.survey import Population

DEFAULT_MIN_CELL = 5


def analyse(
    frame: WaveFrame,
    *,
    compare: WaveFrame | None = None,
    by: str | None = None,
    population: Population | None = None,
    weighted: bool = False,
    survey: str = "",
    synthetic: bool = False,
    wave_order: Sequence[str] = (),
    publish: bool = False,
    min_cell: int = DEFAULT_MIN_CELL,
    series: Sequence[WaveFrame] | None = None,
    series_gap: str | None = None,
) -> WaveResult:
    """Analyse every question of ``frame`` (optionally against ``compare``, by ``by``, weighted).

    ``wave_order`` (earliest first) says which wave is the earlier one when neither
    questionnaire declares a comparison; without it the compared wave counts as the earlier.
    With ``publish`` cells under ``min_cell`` respondents are suppressed (see suppression.py).
    ``series`` (the earlier waves, earliest first; ``series_gap``: why they end there) adds to
    every question with shares its series across them (analysis/series.py).
    Every test gets its Benjamini-Hochberg adjusted p within its family (see adjust.py).
    """
    weighting = None
    sample = Sample(frame)
    other = Sample(compare) if compare is not None else None
    notes: list[str] = [str(w) for w in frame.warnings]
    if weighted:
        if population is None or not population.margins:
            raise ProblemsError(
                [
                    Problem(
                        file="survey.yaml",
                        line=None,
                        question=None,
                        message="Für die Gewichtung fehlen Randverteilungen der Grundgesamtheit.",
                        fix="Ergänzen Sie in survey.yaml „population: {total: …, margins: {…}}“ oder analysieren Sie ungewichtet.",
                    )
                ]
            )
        raked = rake_frame(frame, population.total, population.margins, "survey.yaml")
        sample = Sample(frame, raked.weights)
        notes.extend(raked.notes)
        raked_other = None
        if compare is not None:
            raked_other = rake_frame(compare, population.total, population.margins, "survey.yaml")
            other = Sample(compare, raked_other.weights)
            notes.extend(f"{compare.wave}: {n}" for n in raked_other.notes)
        weighting = Weighting(
            variables=tuple(population.margins),
            population=population.total,
            effective_n=raked.effective_n,
            design_effect=raked.design_effect,
            iterations=raked.iterations,
            effective_n_compare=raked_other.effective_n if raked_other else None,
            design_effect_compare=raked_other.design_effect if raked_other else None,
            converged=raked.converged,
            max_iterations=MAX_ITERATIONS,
            margin_tolerance=MARGIN_TOLERANCE,
            largest_miss=raked.largest_miss,
            margins=raked.margins,
            warning=weighting_warning(
                raked.margins, raked.converged, raked.iterations, MAX_ITERATIONS
            ),
            converged_compare=raked_other.converged if raked_other else None,
            iterations_compare=raked_other.iterations if raked_other else None,
            largest_miss_compare=raked_other.largest_miss if raked_other else None,
            margins_compare=raked_other.margins if raked_other else None,
            warning_compare=(
                weighting_warning(
                    raked_other.margins,
                    raked_other.converged,
                    raked_other.iterations,
                    MAX_ITERATIONS,
                    wave=compare.wave,
                )
                if raked_other and compare is not None
                else None
            ),
        )
    by_variable = by_variable_for(frame, by) if by else None
    questions = []
    for question in frame.questionnaire.questions():
        answer = module_for(question).summarise(question, sample)
        if other is not None:
            answer = with_comparison(answer, question, sample, other, wave_order)
        if by_variable is not None and question.id != by:
            answer = with_crosstab(answer, question, sample, by_variable)
        if series is not None:
            from umfrage.analysis.series import series_for

            found = series_for(question, [*series, frame], wave_order, series_gap)
            answer = replace(answer, series=found)
        questions.append(answer)
    if compare is not None:
        notes.extend(f"{compare.wave}: {w}" for w in compare.warnings)
    result = WaveResult(
        survey=survey,
        wave=frame.wave,
        compare=compare.wave if compare is not None else None,
        n=len(frame),
        n_compare=len(compare) if compare is not None else None,
        questions=tuple(questions),
        weighted=weighted,
        weighting=weighting,
        by=by,
        synthetic=synthetic,
        warnings=tuple(notes),
        languages=_languages(frame, min_cell if publish else None),
    )
    result = adjusted(result)
    if not publish:
        return result
    from umfrage.analysis.disclosure import publishable

    plain_other = None
    if compare is not None:
        plain_other = analyse(compare, survey=survey, synthetic=synthetic, wave_order=wave_order)
    # Adjusted again over the published p values only (see adjust.py): a hidden test must not
    # move a published adjusted p.
    public = adjusted(
        publishable(result, frame, min_cell, compared=plain_other, compared_frame=compare)
    )
    if series is None:
        return public
    from umfrage.analysis.disclosure.series import publish_series, wave_tables

    tables = wave_tables(
        [*series, frame], min_cell, survey=survey, synthetic=synthetic, wave_order=wave_order
    )
    return publish_series(public, tables)


def _languages(frame: WaveFrame, min_cell: int | None) -> dict[str, int | None] | None:
    """Responses per language, German first, then in the order of umfrage.languages; with
    ``min_cell`` (a published result) a count under it is left out (None)."""
    if frame.languages is None:
        return None
    from umfrage import languages as known_languages

    order = {code: index for index, code in enumerate(known_languages.codes())}
    found: dict[str, int | None] = {}
    for code in sorted(frame.languages, key=lambda c: (order.get(c, len(order)), c)):
        count = int(frame.languages[code])
        found[code] = None if min_cell is not None and 0 < count < min_cell else count
    return found


def by_variable_for(frame: WaveFrame, qid: str) -> ByVariable:
    questionnaire = frame.questionnaire
    if not questionnaire.has_question(qid) or not module_for(questionnaire.question(qid)).SPLITS:
        singles = [q.id for q in questionnaire.questions() if module_for(q).SPLITS]
        raise ProblemsError(
            [
                Problem(
                    file="--by",
                    line=None,
                    question=qid,
                    message=f"„{qid}“ ist keine Einfachauswahl-Frage der Welle {frame.wave}; nur nach solchen kann aufgeschlüsselt werden.",
                    fix=f"Möglich sind: {', '.join(singles)}.",
                )
            ]
        )
    question = questionnaire.question(qid)
    valid = [i for i, o in enumerate(question.options) if not o.exclude_from_base]
    index = np.full(len(question.options) + 1, -1, dtype=np.int64)
    for j, i in enumerate(valid):
        index[i] = j
    codes = frame.codes(qid).astype(np.int64)
    return ByVariable(
        qid,
        index[np.where(codes >= 0, codes, len(question.options))],
        tuple((question.options[i].code, question.options[i].label) for i in valid),
    )


def counterpart(
    question: QuestionBase, frame: WaveFrame, other: WaveFrame, wave_order: Sequence[str]
) -> tuple[Any, bool, Any, str | None] | str:
    """The other wave's question, whether this wave is the later one, the code map and note.

    A string instead says why there is no comparison. The note is the questionnaire's own
    (``compare: note``) or, when the question's wording differs between the two waves, a
    generated one naming the earlier wording (questionnaire/wording.py), so that no comparison
    of a reworded question is shown without saying so.
    """
    found = _counterpart(question, frame, other, wave_order)
    if isinstance(found, str):
        return found
    other_question, current_is_later, mapping, explicit = found
    earlier, later = (other, frame) if current_is_later else (frame, other)
    earlier_q, later_q = (
        (other_question, question) if current_is_later else (question, other_question)
    )
    note = comparison_note(
        explicit,
        earlier_wave=earlier.wave,
        later_wave=later.wave,
        earlier_text=earlier_q.text,
        later_text=later_q.text,
    )
    return other_question, current_is_later, mapping, note


def _counterpart(
    question: QuestionBase, frame: WaveFrame, other: WaveFrame, wave_order: Sequence[str]
) -> tuple[Any, bool, Any, str | None] | str:
    entry = question.comparison_with(other.wave)
    if entry is not None:
        if not entry.comparable:
            return "Laut Fragebogen nicht mit dieser Welle vergleichbar."
        other_id = entry.question or question.id
        if not other.questionnaire.has_question(other_id):
            return f"Die Frage „{other_id}“ gibt es in Welle {other.wave} nicht."
        return other.questionnaire.question(other_id), True, entry.map_code, entry.note
    for candidate in other.questionnaire.questions():
        back = candidate.comparison_with(frame.wave)
        if back is not None and (back.question or candidate.id) == question.id:
            if not back.comparable:
                return "Laut Fragebogen nicht mit dieser Welle vergleichbar."
            return candidate, False, back.map_code, back.note
    if not other.questionnaire.has_question(question.id):
        return f"In Welle {other.wave} nicht gefragt."
    later = True
    if frame.wave in wave_order and other.wave in wave_order:
        later = list(wave_order).index(frame.wave) > list(wave_order).index(other.wave)
    return other.questionnaire.question(question.id), later, _same_code, None


def _same_code(code: str) -> str | None:
    return code


def with_comparison(
    result: QuestionResult,
    question: QuestionBase,
    sample: Sample,
    other: Sample,
    wave_order: Sequence[str],
) -> QuestionResult:
    found = counterpart(question, sample.frame, other.frame, wave_order)
    if isinstance(found, str):
        return replace(result, comparison_missing=found)
    other_question, current_is_later, mapping, note = found
    if other_question.type_name != question.type_name:
        return replace(
            result,
            comparison_missing=f"In Welle {other.frame.wave} mit anderem Fragetyp ({other_question.type_name}) gefragt.",
        )
    kind = module_for(question)
    compared = kind.compare(
        CompareContext(question, sample, other_question, other, current_is_later, mapping, note)
    )
    if compared is None:
        return result
    return kind.attach_comparison(result, compared)


def with_crosstab(
    result: QuestionResult, question: QuestionBase, sample: Sample, by: ByVariable
) -> QuestionResult:
    kind = module_for(question)
    table = kind.crosstab(question, sample, by)
    if table is None:
        return result
    return kind.attach_crosstab(result, table)
