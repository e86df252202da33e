"""Checks across a questionnaire (and against earlier waves) that a schema alone cannot make.

Each check returns Problems that name file, line, question and the fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from umfrage.questionnaire.base import Condition
from umfrage.questionnaire.loader import SourceMap
from umfrage.questionnaire.problems import Problem
from umfrage.questionnaire.spec import Questionnaire
from umfrage.questionnaire.types import (
    MatrixQuestion,
    MultiQuestion,
    NumberQuestion,
    RankingQuestion,
    SingleQuestion,
)

Path_ = tuple[str | int, ...]


def _question_paths(q: Questionnaire) -> Iterator[tuple[Path_, Any]]:
    for si, section in enumerate(q.sections):
        for qi, question in enumerate(section.questions):
            yield ("sections", si, "questions", qi), question


def check_questionnaire(q: Questionnaire, source: SourceMap) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: Path_, qid: str | None, message: str, fix: str) -> None:
        problems.append(Problem(source.file, source.line(path), qid, message, fix))

    seen_sections: set[str] = set()
    for si, section in enumerate(q.sections):
        if section.id in seen_sections:
            add(
                ("sections", si, "id"),
                None,
                f"Der Abschnitt „{section.id}“ kommt doppelt vor.",
                "Geben Sie jedem Abschnitt eine eigene id.",
            )
        seen_sections.add(section.id)

    position: dict[str, int] = {}
    for index, (path, question) in enumerate(_question_paths(q)):
        if question.id in position:
            add(
                (*path, "id"),
                question.id,
                "Diese Frage-id kommt doppelt vor.",
                "Geben Sie jeder Frage eine eigene id; ids bleiben über alle Wellen gleich.",
            )
        else:
            position[question.id] = index
        _check_codes(question, path, add)
        _check_limits(question, path, add)

    for si, section in enumerate(q.sections):
        if section.condition is not None:
            first = section.questions[0].id
            _check_condition(
                q,
                section.condition,
                ("sections", si, "if"),
                None,
                position.get(first, 0),
                position,
                add,
            )
    for index, (path, question) in enumerate(_question_paths(q)):
        if question.condition is not None:
            _check_condition(
                q, question.condition, (*path, "if"), question.id, index, position, add
            )
        if isinstance(question, RankingQuestion) and question.among is not None:
            _check_among(q, question, path, index, position, add)
        for ci, comparison in enumerate(question.compare):
            cpath = (*path, "compare", ci)
            if comparison.wave == q.wave:
                add(
                    (*cpath, "wave"),
                    question.id,
                    "Eine Frage kann nicht mit ihrer eigenen Welle verglichen werden.",
                    "Nennen Sie unter compare eine frühere Welle.",
                )
            if isinstance(
                question, MatrixQuestion | SingleQuestion | MultiQuestion | RankingQuestion
            ):
                for code in comparison.recode:
                    if code not in question.codes():
                        add(
                            (*cpath, "recode", code),
                            question.id,
                            f"Die Umcodierung nennt den Code „{code}“, den diese Frage nicht hat.",
                            f"Verwenden Sie einen der Codes: {', '.join(question.codes())}.",
                        )
            elif comparison.recode:
                add(
                    (*cpath, "recode"),
                    question.id,
                    "Nur Fragen mit Antwortcodes lassen sich umcodieren.",
                    "Entfernen Sie „recode“.",
                )
        waves = [c.wave for c in question.compare]
        if len(set(waves)) != len(waves):
            add(
                (*path, "compare"),
                question.id,
                "Eine Welle ist unter compare mehrfach genannt.",
                "Nennen Sie jede frühere Welle nur einmal.",
            )
    return problems


def _check_codes(question: Any, path: Path_, add: Any) -> None:
    for key in ("options", "scale", "items", "categories"):
        entries = getattr(question, key, None) if key in type(question).model_fields else None
        if not entries:
            continue
        seen: set[str] = set()
        for oi, entry in enumerate(entries):
            if entry.code in seen:
                add(
                    (*path, key, oi, "code"),
                    question.id,
                    f"Der Code „{entry.code}“ kommt doppelt vor.",
                    "Geben Sie jeder Antwort einen eigenen Code.",
                )
            seen.add(entry.code)
    options = getattr(question, "options", ()) if "options" in type(question).model_fields else ()
    if not isinstance(question, MultiQuestion):
        for oi, option in enumerate(options):
            if option.exclusive:
                add(
                    (*path, "options", oi, "exclusive"),
                    question.id,
                    "„exclusive“ gibt es nur bei Mehrfachauswahl (multi).",
                    "Entfernen Sie „exclusive: true“.",
                )
    if not isinstance(question, SingleQuestion | MultiQuestion):
        for oi, option in enumerate(options):
            if option.other:
                add(
                    (*path, "options", oi, "other"),
                    question.id,
                    "Ein Freitext „other“ gibt es nur bei single und multi.",
                    "Entfernen Sie „other: true“ oder legen Sie eine eigene Textfrage an.",
                )
    if isinstance(question, MultiQuestion | RankingQuestion):
        for oi, option in enumerate(options):
            if option.code == "other":
                add(
                    (*path, "options", oi, "code"),
                    question.id,
                    f"Der Code „other“ ist reserviert: die Spalte „{question.id}.other“ hält den Freitext.",
                    "Verwenden Sie einen anderen Code, z. B. „sonstiges“.",
                )
    for ci, category in enumerate(getattr(question, "categories", ())):
        for flag in ("exclusive", "exclude_from_base", "other"):
            if getattr(category, flag):
                add(
                    (*path, "categories", ci, flag),
                    question.id,
                    f"„{flag}“ gibt es bei Kategorien einer Textfrage nicht.",
                    f"Entfernen Sie „{flag}: true“; Kategorien haben nur code und label.",
                )
    others = [oi for oi, o in enumerate(options) if o.other]
    if len(others) > 1:
        add(
            (*path, "options", others[1], "other"),
            question.id,
            "Nur eine Antwort je Frage kann einen Freitext haben.",
            "Lassen Sie „other: true“ nur bei einer Antwort.",
        )


def _check_limits(question: Any, path: Path_, add: Any) -> None:
    if (
        isinstance(question, MultiQuestion)
        and question.max is not None
        and question.max > len(question.options)
    ):
        add(
            (*path, "max"),
            question.id,
            f"max ist {question.max}, es gibt aber nur {len(question.options)} Antworten.",
            f"Setzen Sie max auf höchstens {len(question.options)} oder lassen Sie max weg.",
        )
    if isinstance(question, RankingQuestion) and question.top > len(question.options):
        add(
            (*path, "top"),
            question.id,
            f"top ist {question.top}, es gibt aber nur {len(question.options)} Antworten.",
            f"Setzen Sie top auf höchstens {len(question.options)}.",
        )


def _check_among(
    q: Questionnaire,
    question: RankingQuestion,
    path: Path_,
    index: int,
    position: dict[str, int],
    add: Any,
) -> None:
    among = question.among
    assert among is not None
    where = (*path, "among")
    if among not in position:
        add(
            where,
            question.id,
            f"„among“ nennt die unbekannte Frage „{among}“.",
            "Nennen Sie die id einer früheren Mehrfachauswahl-Frage.",
        )
        return
    if position[among] >= index:
        add(
            where,
            question.id,
            f"„among“ nennt die Frage „{among}“, die erst später kommt.",
            "Die Frage, aus deren Antworten gewählt wird, muss vorher kommen.",
        )
        return
    source_q = q.question(among)
    if not isinstance(source_q, MultiQuestion):
        add(
            where,
            question.id,
            f"„among“ nennt „{among}“, das ist aber keine Mehrfachauswahl (multi), sondern {source_q.type}.",
            "Eine Rangfolge kann nur unter den Antworten einer multi-Frage gebildet werden.",
        )
        return
    missing = [c for c in question.codes() if c not in source_q.codes()]
    if missing:
        add(
            where,
            question.id,
            f"Die Codes {', '.join(missing)} gibt es in „{among}“ nicht.",
            f"Verwenden Sie dieselben Codes wie „{among}“.",
        )


def _check_condition(
    q: Questionnaire,
    condition: Condition,
    path: Path_,
    owner: str | None,
    index: int,
    position: dict[str, int],
    add: Any,
) -> None:
    children = condition.children()
    if children:
        key = "all" if condition.all is not None else "any" if condition.any is not None else "not"
        for ci, child in enumerate(children):
            child_path = (*path, key, ci) if key != "not" else (*path, key)
            _check_condition(q, child, child_path, owner, index, position, add)
        return
    target = condition.question
    assert target is not None
    subject = owner
    if target == owner:
        add(
            (*path, "question"),
            subject,
            "Die Bedingung bezieht sich auf die Frage selbst (Zirkelbezug).",
            "Eine Bedingung kann nur frühere Fragen prüfen.",
        )
        return
    if target not in position:
        add(
            (*path, "question"),
            subject,
            f"Die Bedingung nennt die unbekannte Frage „{target}“.",
            "Prüfen Sie die id; sie muss einer früheren Frage gehören.",
        )
        return
    if position[target] >= index:
        add(
            (*path, "question"),
            subject,
            f"Die Bedingung nennt „{target}“, die erst später kommt.",
            "Eine Bedingung kann nur Fragen prüfen, die vorher beantwortet werden; verschieben Sie eine der Fragen.",
        )
        return
    other = q.question(target)
    op = condition.operator
    if op in ("gt", "ge", "lt", "le") and not isinstance(other, NumberQuestion):
        add(
            (*path, op),
            subject,
            f"„{op}“ vergleicht Zahlen, „{target}“ ist aber eine {other.type}-Frage.",
            "Verwenden Sie equals, in oder contains.",
        )
    elif op == "contains" and not isinstance(
        other, MultiQuestion | RankingQuestion | MatrixQuestion
    ):
        add(
            (*path, op),
            subject,
            f"„contains“ passt nur zu Mehrfachauswahl, „{target}“ ist {other.type}.",
            "Verwenden Sie equals oder in.",
        )
    elif op in ("equals", "not_equals", "in") and isinstance(
        other, MultiQuestion | RankingQuestion | MatrixQuestion
    ):
        add(
            (*path, op),
            subject,
            f"„{op}“ passt nicht zu „{target}“ ({other.type}).",
            "Verwenden Sie contains: <code>.",
        )
    codes = _codes_named(condition)
    if codes and hasattr(other, "codes") and not isinstance(other, NumberQuestion):
        valid = other.item_codes() if isinstance(other, MatrixQuestion) else other.codes()
        for code in codes:
            if code not in valid:
                add(
                    (*path, op or "question"),
                    subject,
                    f"Die Bedingung nennt den Code „{code}“, den „{target}“ nicht hat.",
                    f"Verwenden Sie einen der Codes: {', '.join(valid)}.",
                )


def _codes_named(condition: Condition) -> list[str]:
    if condition.in_ is not None:
        return list(condition.in_)
    for value in (condition.equals, condition.not_equals, condition.contains):
        if value is not None:
            return [value if isinstance(value, str) else f"{value:g}"]
    return []


def check_against_earlier(
    q: Questionnaire, source: SourceMap, earlier: dict[str, Questionnaire], later: list[str]
) -> list[Problem]:
    """Comparisons with earlier waves: every code must have a counterpart or a recode."""
    problems: list[Problem] = []

    def add(path: Path_, qid: str, message: str, fix: str) -> None:
        problems.append(Problem(source.file, source.line(path), qid, message, fix))

    for path, question in _question_paths(q):
        for ci, comparison in enumerate(question.compare):
            if comparison.wave in later:
                add(
                    (*path, "compare", ci, "wave"),
                    question.id,
                    f"Welle „{comparison.wave}“ kommt nach Welle „{q.wave}“.",
                    "Umcodierungen stehen in der späteren Welle und zeigen auf die frühere.",
                )
            elif comparison.wave not in earlier and comparison.wave != q.wave:
                add(
                    (*path, "compare", ci, "wave"),
                    question.id,
                    f"Die Welle „{comparison.wave}“ steht nicht in survey.yaml.",
                    f"Tragen Sie die Welle ein oder verwenden Sie eine von: {', '.join(earlier) or '—'}.",
                )
        for wave, other_q in earlier.items():
            comparison = question.comparison_with(wave)
            if comparison is not None and not comparison.comparable:
                continue
            other_id = comparison.question if comparison and comparison.question else question.id
            cpath = (*path, "compare", question.compare.index(comparison)) if comparison else path
            if not other_q.has_question(other_id):
                if comparison is not None:
                    add(
                        (*cpath, "question"),
                        question.id,
                        f"Welle „{wave}“ hat keine Frage „{other_id}“.",
                        "Nennen Sie die id, die die Frage dort hatte, oder setzen Sie comparable: false.",
                    )
                continue
            before = other_q.question(other_id)
            if before.type != question.type:
                add(
                    cpath,
                    question.id,
                    f"In Welle „{wave}“ war „{other_id}“ eine {before.type}-Frage, jetzt {question.type}.",
                    f"Vergeben Sie eine neue id oder setzen Sie unter compare für Welle „{wave}“ comparable: false.",
                )
                continue
            if hasattr(question, "codes"):
                earlier_codes = set(before.codes())
                for code in question.codes():
                    target = comparison.map_code(code) if comparison else code
                    if target is not None and target not in earlier_codes:
                        how = "recode: {" + code + ": <code von " + wave + ">}"
                        add(
                            cpath,
                            question.id,
                            f"Den Code „{target}“ gibt es in Welle „{wave}“ nicht (dort: {', '.join(sorted(earlier_codes))}).",
                            f'Ergänzen Sie compare: - wave: "{wave}" mit {how}, oder null für „kein Gegenstück“.',
                        )
            if question.text.strip() != before.text.strip() and not (
                comparison and comparison.note
            ):
                add(
                    cpath,
                    question.id,
                    f"Der Fragetext weicht von Welle „{wave}“ ab.",
                    f'Ergänzen Sie compare: - wave: "{wave}" mit einer note, die die Änderung nennt (sie erscheint bei jedem Vergleich), oder comparable: false.',
                )
    return problems
