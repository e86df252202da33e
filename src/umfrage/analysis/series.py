"""A question across three or more waves: the pairwise ``compare`` steps chained into a series.

Starting at the analysed wave, each step goes back one wave through the same link a pairwise
comparison uses (:func:`umfrage.analysis.engine.counterpart`: the questionnaire's ``compare``
declaration, else the question of the same id code by code). The series goes back as long as
every answer counted in the base still has a counterpart that is counted in the base of the
earlier wave; the first step where that fails ends it, and ``stopped`` says why in German.

All waves are then shown in the code space of the earliest wave reached: a later wave's codes
reach it by applying each step's recode in turn (2024 → 2023 → 2021 → 2019), codes merged on
the way are summed (and said so in ``notes``). Each point has its count, share, Wilson interval
and the wave's base; series are always unweighted (older waves may lack the weighting
variables). The disclosure step protects them in ``disclosure/series.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from umfrage.analysis import stats
from umfrage.analysis.common import Indicators, Sample, recode, share_of
from umfrage.analysis.engine import counterpart
from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.results import SMALL_BASE, Series, SeriesBase, SeriesLine, SeriesPoint
from umfrage.analysis.types import module_for
from umfrage.questionnaire.base import QuestionBase

Mapping_ = Callable[[str], str | None]


def series_for(
    question: QuestionBase,
    frames: Sequence[WaveFrame],
    wave_order: Sequence[str],
    gap: str | None = None,
) -> Series | None:
    """The series of ``question`` (of the last frame) over ``frames`` (earliest first).

    ``gap`` is why the frames end where they do (e.g. an earlier wave without answers); it is
    the series' ``stopped`` reason when the chain reaches the first frame. None: the question's
    type draws no series.
    """
    current = frames[-1]
    own = module_for(question).series_indicators(question, current)
    if own is None:
        return None
    questions: list[QuestionBase] = [question]
    found: list[Indicators] = [own]
    steps: list[Mapping_] = []
    notes: list[str] = []
    stopped = gap
    for i in range(len(frames) - 1, 0, -1):
        later, earlier = frames[i], frames[i - 1]
        link = _step(questions[-1], found[-1], later, earlier, wave_order)
        if isinstance(link, str):
            stopped = link
            break
        other_question, other, mapping, note = link
        questions.append(other_question)
        found.append(other)
        steps.append(mapping)
        if note:
            notes.append(f"{later.wave} gegenüber {earlier.wave}: {note}")
    # Earliest first from here on.
    used = list(frames[len(frames) - len(found) :])
    questions.reverse()
    found.reverse()
    steps.reverse()
    space = found[0]
    line_codes = list(space.chosen)
    bases: list[SeriesBase] = []
    recoded: list[Indicators] = []
    for j, (frame, ind) in enumerate(zip(used, found, strict=True)):
        chain = steps[:j]
        moved = recode(ind, _composed(chain), space.labels) if chain else _identity(ind)
        recoded.append(moved)
        base = int(np.count_nonzero(moved.base))
        bases.append(SeriesBase(frame.wave, questions[j].id, base, base < SMALL_BASE))
        for code, sources in moved.sources.items():
            if len(sources) > 1:
                names = " und ".join(f"„{ind.labels.get(s, s)}“" for s in sources)
                notes.append(
                    f"{frame.wave}: {names} zusammen gezählt als „{space.labels.get(code, code)}“."
                )
    lines = []
    newest = found[-1]
    for code in line_codes:
        points = []
        for frame, moved in zip(used, recoded, strict=True):
            sample = Sample(frame)
            if code not in moved.chosen:
                # No answer of this wave counts as this line: not asked that way, not 0 %.
                points.append(SeriesPoint(frame.wave, None, None, None))
                notes.append(
                    f"{frame.wave}: keine Antwort entspricht „{space.labels.get(code, code)}“."
                )
                continue
            count, share = share_of(sample, moved.chosen[code], moved.base)
            n = int(np.count_nonzero(moved.base))
            points.append(
                SeriesPoint(
                    wave=frame.wave,
                    count=count,
                    share=share,
                    ci=stats.wilson(share, n) if share is not None else None,
                    codes=moved.sources.get(code, ()),
                )
            )
        # The newest wording where one newest answer is this line, else the earliest wave's.
        latest = recoded[-1].sources.get(code, ())
        label = newest.labels.get(latest[0], code) if len(latest) == 1 else space.labels[code]
        lines.append(SeriesLine(code, label, tuple(points)))
    return Series(
        waves=tuple(f.wave for f in used),
        codes_of=used[0].wave,
        bases=tuple(bases),
        lines=tuple(lines),
        notes=tuple(notes),
        stopped=stopped,
    )


def _identity(ind: Indicators) -> Indicators:
    return recode(ind, lambda code: code, ind.labels)


def _composed(chain: Sequence[Mapping_]) -> Mapping_:
    """A wave's code through each later→earlier step, the latest step first."""

    def mapped(code: str) -> str | None:
        target: str | None = code
        for step in reversed(chain):
            if target is None:
                return None
            target = step(target)
        return target

    return mapped


def _step(
    question: QuestionBase,
    ind: Indicators,
    later: WaveFrame,
    earlier: WaveFrame,
    wave_order: Sequence[str],
) -> tuple[QuestionBase, Indicators, Mapping_, str | None] | str:
    """The link one wave back, or why the series stops before ``earlier``."""
    where = f"Vor {later.wave} keine Zeitreihe: "
    found = counterpart(question, later, earlier, wave_order)
    if isinstance(found, str):
        return where + (found if earlier.wave in found else f"Welle {earlier.wave}: {found}")
    other_question, later_is_later, mapping, note = found
    if not later_is_later:
        return where + f"Welle {earlier.wave} ist laut Fragebogen nicht die frühere Welle."
    if other_question.type_name != question.type_name:
        return (
            where + f"In Welle {earlier.wave} mit anderem Fragetyp "
            f"({other_question.type_name}) gefragt."
        )
    other = module_for(other_question).series_indicators(other_question, earlier)
    if other is None:
        return where + f"In Welle {earlier.wave} ohne vergleichbare Anteile."
    for code, label in ind.labels.items():
        target = mapping(code)
        counted = code in ind.chosen
        if counted and target is None:
            return where + (
                f"Die Antwort „{label}“ (Welle {later.wave}) hat in Welle {earlier.wave} "
                "keine Entsprechung."
            )
        if counted and target not in other.chosen:
            if target in other.labels:
                return where + (
                    f"Die Antwort „{label}“ zählt in Welle {later.wave} zur Basis, ihre "
                    f"Entsprechung „{other.labels[target]}“ in Welle {earlier.wave} nicht."
                )
            return where + (
                f"Die Antwort „{label}“ (Welle {later.wave}) wird auf „{target}“ umcodiert, "
                f"eine Antwort, die es in Welle {earlier.wave} nicht gibt."
            )
        if not counted and target is not None and target in other.chosen:
            return where + (
                f"Die Antwort „{label}“ zählt in Welle {later.wave} nicht zur Basis, ihre "
                f"Entsprechung „{other.labels[target]}“ in Welle {earlier.wave} schon."
            )
    return other_question, other, mapping, note
