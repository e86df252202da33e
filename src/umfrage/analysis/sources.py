"""Where a wave comes from: a survey folder here, the database in ``umfrage.loaders.frames``.

Both give a :class:`Loaded`: the wave's frame, the compared wave's (if asked for) and the
survey's configuration (title, synthetic flag, wave order, population margins), which is all
:func:`analyse_loaded` needs. The CLI, the report and the web pages share these.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from umfrage.analysis import framecache
from umfrage.analysis.engine import analyse
from umfrage.analysis.frame import WaveFrame
from umfrage.analysis.reader import read_wave_csv
from umfrage.analysis.results import WaveResult
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.survey import SurveyConfig, SurveyFolder, read_survey_folder


@dataclass(frozen=True)
class Loaded:
    frame: WaveFrame
    compare: WaveFrame | None
    config: SurveyConfig
    series: tuple[WaveFrame, ...] | None = None
    """The earlier waves for series, earliest first (None: no series asked for)."""
    series_gap: str | None = None
    """Why the earlier waves end where they do (a wave without answers)."""


SERIES_MIN_WAVES = 3
"""The report and the results pages add series when the survey has this many waves up to
the analysed one (``analyze`` only with ``--series``)."""


def wants_series(series: bool | None, order: list[str], wave: str) -> bool:
    """``series`` True/False as given; None: automatically with at least three waves."""
    if series is not None:
        return series
    return wave in order and order.index(wave) + 1 >= SERIES_MIN_WAVES


def no_answers(later: str, missing: str) -> str:
    return f"Vor {later} keine Zeitreihe: Für die Welle {missing} liegen keine Antworten vor."


def unknown_wave(where: str, wave: str, known: list[str]) -> ProblemsError:
    return ProblemsError(
        [
            Problem(
                file=where,
                line=None,
                question=None,
                message=f"Die Welle „{wave}“ gibt es nicht.",
                fix=f"Vorhandene Wellen: {', '.join(known) or 'keine'}.",
            )
        ]
    )


def compared_with_itself(where: str, wave: str) -> ProblemsError:
    """``--compare`` naming the analysed wave: refused, a wave cannot be compared with itself."""
    return ProblemsError(
        [
            Problem(
                file=where,
                line=None,
                question=None,
                message=f"Die Welle {wave} kann nicht mit sich selbst verglichen werden.",
                fix="Geben Sie bei --compare eine andere Welle an oder lassen Sie --compare weg.",
            )
        ]
    )


def read_wave(
    folder: Path, wave: str, questionnaire: Questionnaire, organisations: Collection[str] | None
) -> WaveFrame:
    """A wave's ``responses.csv`` read and validated, or its frame from the cache
    (analysis/framecache.py) when the file, the questionnaire and the register are unchanged."""
    path = folder / "waves" / wave / "responses.csv"
    display = f"{folder.name}/waves/{wave}/responses.csv"
    if not framecache.enabled() or not path.is_file():
        return read_wave_csv(path, questionnaire, organisations, display)
    before = framecache.file_state(path)
    key = framecache.key(
        group=f"{folder.resolve()}/{wave}",
        data=framecache.file_digest(path),
        questionnaire=questionnaire,
        register=framecache.register_digest(organisations),
        source=display,
    )
    cached = framecache.load(key, questionnaire)
    if cached is not None:
        return cached
    frame = read_wave_csv(path, questionnaire, organisations, display)  # raises if invalid
    if framecache.file_state(path) == before:  # not rewritten while it was hashed and read
        framecache.store(key, frame)
    return frame


def check_folder_responses(survey: SurveyFolder) -> tuple[dict[str, int], list[Problem]]:
    """Validate every wave's ``responses.csv`` of a folder read without responses, column-wise
    with the messages of the row reader (``umfrage check``, issue 23): the number of responses
    per wave that has the file, and every problem of every wave. Nothing is kept but the counts;
    a valid wave's frame goes to the frame cache, where ``analyze`` finds it."""
    organisations = survey.register.ids() if survey.register is not None else None
    counts: dict[str, int] = {}
    problems: list[Problem] = []
    for wave in survey.waves:
        if not (survey.path / "waves" / wave / "responses.csv").exists():
            continue
        try:
            frame = read_wave(survey.path, wave, survey.questionnaire(wave), organisations)
        except ProblemsError as exc:
            problems.extend(exc.problems)
            continue
        counts[wave] = len(frame)
        survey.warnings.extend(frame.warnings)
    return counts, problems


def load_folder(
    folder: Path, wave: str, compare: str | None = None, series: bool | None = False
) -> Loaded:
    """The wave (and the compared one) of a survey folder, read and validated.

    With ``series`` (None: when the survey has three waves up to ``wave``) also every earlier
    wave in the order of survey.yaml, back to the first one without answers."""
    if compare is not None and compare == wave:
        raise compared_with_itself("--compare", wave)
    survey = read_survey_folder(folder, with_responses=False)
    organisations = survey.register.ids() if survey.register is not None else None
    frames: list[WaveFrame | None] = []
    for wanted in (wave, compare):
        if wanted is None:
            frames.append(None)
            continue
        if wanted not in survey.waves:
            raise unknown_wave(str(folder / "survey.yaml"), wanted, list(survey.waves))
        path = folder / "waves" / wanted / "responses.csv"
        if not path.exists():
            raise ProblemsError(
                [
                    Problem(
                        file=str(path),
                        line=None,
                        question=None,
                        message=f"Für die Welle {wanted} liegen keine Antworten vor.",
                        fix="Legen Sie responses.csv an oder importieren Sie die Antworten.",
                    )
                ]
            )
        frames.append(read_wave(folder, wanted, survey.questionnaire(wanted), organisations))
    first = frames[0]
    assert first is not None
    order = survey.config.wave_ids()
    if not wants_series(series, order, wave):
        return Loaded(first, frames[1], survey.config)
    earlier: list[WaveFrame] = []
    gap = None
    for wanted in reversed(order[: order.index(wave)]):
        path = folder / "waves" / wanted / "responses.csv"
        if not path.exists():
            gap = no_answers(earlier[0].wave if earlier else wave, wanted)
            break
        if frames[1] is not None and frames[1].wave == wanted:
            earlier.insert(0, frames[1])
            continue
        earlier.insert(0, read_wave(folder, wanted, survey.questionnaire(wanted), organisations))
    return Loaded(first, frames[1], survey.config, tuple(earlier), gap)


def analyse_loaded(
    loaded: Loaded,
    *,
    by: str | None = None,
    weighted: bool = False,
    publish: bool = False,
    min_cell: int | None = None,
) -> WaveResult:
    """``analyse`` with everything the survey's configuration says (``min_cell``: survey.yaml's
    disclosure threshold unless given)."""
    return analyse(
        loaded.frame,
        compare=loaded.compare,
        by=by,
        population=loaded.config.population,
        weighted=weighted,
        survey=loaded.config.title,
        synthetic=loaded.config.synthetic,
        wave_order=loaded.config.wave_ids(),
        publish=publish,
        min_cell=min_cell if min_cell is not None else loaded.config.min_cell,
        series=loaded.series,
        series_gap=loaded.series_gap,
    )


def warnings_of(loaded: Loaded) -> list[Any]:
    """The reading warnings of both waves (e.g. missing question columns)."""
    found = [*loaded.frame.warnings, *(loaded.compare.warnings if loaded.compare else ())]
    for frame in loaded.series or ():
        if frame is not loaded.compare:
            found.extend(frame.warnings)
    return found
