"""``survey.yaml`` and the folder as a whole: read, check everything, write back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from umfrage.questionnaire.base import Frozen
from umfrage.questionnaire.checks import check_against_earlier, check_questionnaire
from umfrage.questionnaire.loader import (
    SourceMap,
    parse_questionnaire,
    parse_yaml,
    problems_from_validation,
    read_text,
    read_yaml,
    to_plain,
)
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.csvio import atomic_write
from umfrage.surveyfolder.organisations import Register, read_register, write_register
from umfrage.surveyfolder.responses import ResponseRecord, read_responses_csv, write_responses_csv

WaveStatus = Literal["draft", "open", "closed", "published"]


class WaveEntry(Frozen):
    id: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    title: str | None = None
    opens: date | None = None
    closes: date | None = None
    status: WaveStatus = "draft"

    @model_validator(mode="after")
    def _period(self) -> WaveEntry:
        if self.opens and self.closes and self.opens > self.closes:
            raise ValueError(
                f"Die Welle {self.id} endet ({self.closes}) vor ihrem Beginn ({self.opens})."
            )
        return self


class Population(Frozen):
    """Margins of the population (e.g. all alliances by Land and by size) for weighting."""

    source: str | None = None
    total: int = Field(ge=1)
    margins: dict[str, dict[str, int]] = Field(default_factory=dict)


class SurveyConfig(Frozen):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)
    title: str = Field(min_length=1)
    owner: str | None = None
    languages: tuple[str, ...] = ("de",)
    synthetic: bool = False
    """The data is made up (an example): every place that shows it must say so."""
    note: str | None = None
    waves: tuple[WaveEntry, ...] = Field(min_length=1)
    population: Population | None = None
    min_cell: int = Field(default=5, ge=1)
    """Disclosure threshold of the public results: counts of 1 to ``min_cell - 1`` are protected."""
    publish_min_responses: int = Field(default=20, ge=1)
    """A wave with fewer complete answers is not published: its public page would show almost
    nothing, and what it showed would rest on a handful of alliances."""

    def wave_ids(self) -> list[str]:
        return [w.id for w in self.waves]

    def wave(self, wave_id: str) -> WaveEntry:
        for w in self.waves:
            if w.id == wave_id:
                return w
        raise KeyError(wave_id)


@dataclass
class WaveFiles:
    entry: WaveEntry
    questionnaire: Questionnaire
    questionnaire_text: str
    responses: list[ResponseRecord] | None


@dataclass
class SurveyFolder:
    """A survey folder read into memory, checked as a whole."""

    path: Path
    config: SurveyConfig
    config_text: str
    register: Register | None
    waves: dict[str, WaveFiles] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def questionnaire(self, wave: str) -> Questionnaire:
        return self.waves[wave].questionnaire


def _rel(folder: Path, path: Path) -> str:
    try:
        return str(path.relative_to(folder.parent))
    except ValueError:
        return str(path)


def read_survey_config(path: Path, display: str) -> tuple[SurveyConfig, str]:
    text = read_text(path, display)
    return parse_survey_config(text, display), text


def parse_survey_config(text: str, display: str) -> SurveyConfig:
    data, source = parse_yaml(text, display)
    if not isinstance(data, dict):
        raise ProblemsError(
            [
                Problem(
                    file=display,
                    line=1,
                    question=None,
                    message="survey.yaml enthält keine Umfrage.",
                    fix="Beginnen Sie mit „id:“, „title:“ und „waves:“.",
                )
            ]
        )
    plain = to_plain(data)
    for wave in plain.get("waves") or []:
        if isinstance(wave, dict) and isinstance(wave.get("id"), int):
            wave["id"] = str(wave["id"])
    try:
        config = SurveyConfig.model_validate(plain)
    except ValidationError as exc:
        raise ProblemsError(problems_from_validation(exc, source, plain)) from None
    problems = _check_config(config, source)
    if problems:
        raise ProblemsError(problems)
    return config


def _check_config(config: SurveyConfig, source: SourceMap) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, wave in enumerate(config.waves):
        if wave.id in seen:
            problems.append(
                Problem(
                    file=source.file,
                    line=source.line(("waves", index)),
                    question=None,
                    message=f"Die Welle „{wave.id}“ ist doppelt eingetragen.",
                    fix="Tragen Sie jede Welle nur einmal ein.",
                )
            )
        seen.add(wave.id)
    if config.population:
        for name, margin in config.population.margins.items():
            total = sum(margin.values())
            if total != config.population.total:
                problems.append(
                    Problem(
                        file=source.file,
                        line=source.line(("population", "margins", name)),
                        question=None,
                        message=f"Die Randverteilung „{name}“ summiert sich zu {total}, nicht zu total = {config.population.total}.",
                        fix="Korrigieren Sie die Zahlen, sodass jede Randverteilung die Gesamtzahl ergibt.",
                    )
                )
    return problems


def read_survey_folder(folder: Path | str, *, with_responses: bool = True) -> SurveyFolder:
    """Read and check a whole survey folder; ProblemsError lists every problem in every file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ProblemsError(
            [
                Problem(
                    file=str(folder),
                    line=None,
                    question=None,
                    message="Der Ordner fehlt.",
                    fix="Prüfen Sie den Pfad zum Umfrageordner.",
                )
            ]
        )
    problems: list[Problem] = []
    config_path = folder / "survey.yaml"
    try:
        config, config_text = read_survey_config(config_path, _rel(folder, config_path))
    except ProblemsError as exc:
        raise ProblemsError(exc.problems) from None
    register = None
    register_path = folder / "organisations.csv"
    if register_path.exists():
        try:
            register = read_register(register_path, _rel(folder, register_path))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    survey = SurveyFolder(folder, config, config_text, register)
    sources: dict[str, SourceMap] = {}
    for entry in config.waves:
        q_path = folder / "waves" / entry.id / "questionnaire.yaml"
        display = _rel(folder, q_path)
        try:
            data, source = read_yaml(q_path, display)
            questionnaire = parse_questionnaire(data, source)
        except ProblemsError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(check_questionnaire(questionnaire, source))
        if questionnaire.wave != entry.id:
            problems.append(
                Problem(
                    file=display,
                    line=source.line(("wave",)),
                    question=None,
                    message=f"Der Fragebogen gehört zu Welle „{questionnaire.wave}“, liegt aber im Ordner der Welle „{entry.id}“.",
                    fix=f'Schreiben Sie „wave: "{entry.id}"“ oder verschieben Sie die Datei.',
                )
            )
        sources[entry.id] = source
        survey.waves[entry.id] = WaveFiles(
            entry, questionnaire, q_path.read_text(encoding="utf-8"), None
        )
    for index, entry in enumerate(config.waves):
        if entry.id not in survey.waves:
            continue
        earlier = {
            w.id: survey.waves[w.id].questionnaire
            for w in config.waves[:index]
            if w.id in survey.waves
        }
        later = [w.id for w in config.waves[index + 1 :]]
        problems.extend(
            check_against_earlier(
                survey.waves[entry.id].questionnaire,
                sources[entry.id],
                earlier,
                later,
                hints=survey.warnings,
            )
        )
    if with_responses and not problems:
        org_ids = register.ids() if register is not None else None
        for wave_id, wave in survey.waves.items():
            r_path = folder / "waves" / wave_id / "responses.csv"
            if not r_path.exists():
                continue
            try:
                result = read_responses_csv(
                    r_path, wave.questionnaire, org_ids, _rel(folder, r_path)
                )
            except ProblemsError as exc:
                problems.extend(exc.problems)
                continue
            wave.responses = result.records
            survey.warnings.extend(result.warnings)
    if problems:
        raise ProblemsError(problems)
    return survey


def write_survey_folder(survey: SurveyFolder, folder: Path) -> None:
    """Write a survey folder; files that come from text (YAML) are written as they were read."""
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / "survey.yaml", survey.config_text)
    if survey.register is not None:
        write_register(folder / "organisations.csv", survey.register)
    for wave_id, wave in survey.waves.items():
        base = folder / "waves" / wave_id
        atomic_write(base / "questionnaire.yaml", wave.questionnaire_text)
        if wave.responses is not None:
            write_responses_csv(base / "responses.csv", wave.questionnaire, wave.responses)
