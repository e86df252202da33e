"""Checking a questionnaire text for a wave the way ``umfrage check`` does, for the edit page."""

from __future__ import annotations

from dataclasses import dataclass

from umfrage.questionnaire.checks import check_against_earlier, check_questionnaire
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.store.models import Wave


@dataclass(frozen=True)
class ShownProblem:
    """A Problem plus the text of its line, so the page can show it next to the message."""

    problem: Problem
    excerpt: str


def file_name(wave: Wave) -> str:
    return f"{wave.survey.slug}/waves/{wave.key}/questionnaire.yaml"


@dataclass(frozen=True)
class CheckResult:
    """What ``umfrage check`` says about a questionnaire text: problems refuse it, hints do not."""

    problems: list[Problem]
    hints: list[Problem]


def questionnaire_check(wave: Wave, text: str) -> CheckResult:
    """Problems and hints ``umfrage check`` would report for this text as the wave's questionnaire.

    Hints (a question worded differently from an earlier wave) never refuse a text; they say
    what every comparison will then note by itself.
    """
    name = file_name(wave)
    try:
        data, source = parse_yaml(text, name)
        questionnaire = parse_questionnaire(data, source)
    except ProblemsError as exc:
        return CheckResult(exc.problems, [])
    problems = check_questionnaire(questionnaire, source)
    if problems:
        return CheckResult(sorted(problems, key=_where), [])
    waves = list(wave.survey.waves.order_by("position"))
    earlier: dict[str, Questionnaire] = {}
    later: list[str] = []
    for other in waves:
        if other.pk == wave.pk:
            continue
        if other.position < wave.position:
            try:
                earlier[other.key] = other.questionnaire()
            except ProblemsError:
                continue  # that wave's own page reports its problems
        else:
            later.append(other.key)
    hints: list[Problem] = []
    problems = check_against_earlier(questionnaire, source, earlier, later, hints=hints)
    return CheckResult(sorted(problems, key=_where), sorted(hints, key=_where))


def questionnaire_problems(wave: Wave, text: str) -> list[Problem]:
    """Every problem ``umfrage check`` would report for this text as the wave's questionnaire."""
    return questionnaire_check(wave, text).problems


def _where(problem: Problem) -> tuple[int, str]:
    return (problem.line or 0, problem.message)


def with_excerpts(problems: list[Problem], text: str) -> list[ShownProblem]:
    lines = text.splitlines()
    return [
        ShownProblem(p, lines[p.line - 1].strip() if p.line and 0 < p.line <= len(lines) else "")
        for p in problems
    ]
