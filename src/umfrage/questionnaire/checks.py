"""Checks across a questionnaire (and against earlier waves) that a schema alone cannot make.

Each check returns Problems that name file, line, question and the fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from umfrage import languages as known_languages
from umfrage.questionnaire.base import Condition, QuestionBase
from umfrage.questionnaire.loader import SourceMap
from umfrage.questionnaire.problems import Problem
from umfrage.questionnaire.spec import Question, Questionnaire
from umfrage.questionnaire.texts import texts_in
from umfrage.questionnaire.wording import wording_changed, wording_note

Path_ = tuple[str | int, ...]


def _question_paths(q: Questionnaire) -> Iterator[tuple[Path_, Question]]:
    for si, section in enumerate(q.sections):
        for qi, question in enumerate(section.questions):
            yield ("sections", si, "questions", qi), question


def check_questionnaire(q: Questionnaire, source: SourceMap) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: Path_, qid: str | None, message: str, fix: str) -> None:
        problems.append(
            Problem(
                file=source.file, line=source.line(path), question=qid, message=message, fix=fix
            )
        )

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
        question.reference_problems(path, index, position, q.question, add)
        for ci, comparison in enumerate(question.compare):
            cpath = (*path, "compare", ci)
            if comparison.wave == q.wave:
                add(
                    (*cpath, "wave"),
                    question.id,
                    "Eine Frage kann nicht mit ihrer eigenen Welle verglichen werden.",
                    "Nennen Sie unter compare eine frühere Welle.",
                )
            recodable = question.recode_codes()
            if recodable is not None:
                for code in comparison.recode:
                    if code not in recodable:
                        add(
                            (*cpath, "recode", code),
                            question.id,
                            f"Die Umcodierung nennt den Code „{code}“, den diese Frage nicht hat.",
                            f"Verwenden Sie einen der Codes: {', '.join(recodable)}.",
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
    _check_languages(q, add)
    return problems


# Texts that only staff read: an analyst's coding categories of a text question.
STAFF_ONLY = frozenset({"categories"})


def _language_name(code: str) -> str:
    language = known_languages.get(code)
    return f"{language.name_de} ({code})" if language else f"„{code}“"


def _check_languages(q: Questionnaire, add: Any) -> None:
    """The declared languages are known ones, German first, each once; every respondent-facing
    text has one in each declared language and none in another (issue 21)."""
    declared = q.respondent_languages()
    if q.languages:
        for index, code in enumerate(q.languages):
            found = known_languages.get(code)
            if found is None or found.code != code:
                add(
                    ("languages", index),
                    None,
                    f"„{code}“ ist keine Sprache, die Umfrage kennt.",
                    "Verwenden Sie einen dieser Codes: " + ", ".join(known_languages.codes()) + ".",
                )
            elif code in q.languages[:index]:
                add(
                    ("languages", index),
                    None,
                    f"Die Sprache {_language_name(code)} ist doppelt genannt.",
                    "Nennen Sie jede Sprache nur einmal.",
                )
        if q.languages[0] != known_languages.GERMAN:
            add(
                ("languages", 0),
                None,
                "Die erste Sprache unter „languages“ muss Deutsch (de) sein: Deutsch ist die "
                "Sprache der Daten und Berichte.",
                "Schreiben Sie „languages: [de, …]“.",
            )
        if "language" in q.model_fields_set and q.language != q.languages[0]:
            add(
                ("language",),
                None,
                f"„language: {q.language}“ widerspricht „languages“, das mit „{q.languages[0]}“ "
                "beginnt.",
                "Entfernen Sie „language“; „languages“ genügt.",
            )
    for path, text in texts_in(q):
        if STAFF_ONLY.intersection(p for p in path if isinstance(p, str)):
            continue
        field = str(path[-1]) if isinstance(path[-1], str) else str(path[-2])
        qid = _question_id(q, path)
        given = text.languages() or [declared[0]]
        for code in declared:
            if code not in given:
                add(
                    path,
                    qid,
                    f"Der Text „{field}“ hat keine Fassung in {_language_name(code)}.",
                    f"Schreiben Sie ihn als {{{', '.join(f'{c}: …' for c in declared)}}}.",
                )
        for code in given:
            if code not in declared:
                add(
                    (*path, code),
                    qid,
                    f"Der Text „{field}“ hat eine Fassung in {_language_name(code)}, diese "
                    "Sprache steht aber nicht unter „languages“ (" + ", ".join(declared) + ").",
                    f"Ergänzen Sie „{code}“ unter „languages“ oder entfernen Sie diese Fassung.",
                )


def _question_id(q: Questionnaire, path: Path_) -> str | None:
    if len(path) >= 4 and path[0] == "sections" and path[2] == "questions":
        section, index = path[1], path[3]
        if isinstance(section, int) and isinstance(index, int):
            return str(q.sections[section].questions[index].id)
    return None


def _check_codes(question: Question, path: Path_, add: Any) -> None:
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
    if not question.allows_exclusive:
        for oi, option in enumerate(options):
            if option.exclusive:
                add(
                    (*path, "options", oi, "exclusive"),
                    question.id,
                    "„exclusive“ gibt es nur bei Mehrfachauswahl (multi).",
                    "Entfernen Sie „exclusive: true“.",
                )
    if not question.allows_other:
        for oi, option in enumerate(options):
            if option.other:
                add(
                    (*path, "options", oi, "other"),
                    question.id,
                    "Ein Freitext „other“ gibt es nur bei single und multi.",
                    "Entfernen Sie „other: true“ oder legen Sie eine eigene Textfrage an.",
                )
    if question.reserves_other_code:
        for oi, option in enumerate(options):
            if option.code == "other":
                add(
                    (*path, "options", oi, "code"),
                    question.id,
                    f"Der Code „other“ ist reserviert: die Spalte „{question.id}.other“ hält den Freitext.",
                    "Verwenden Sie einen anderen Code, z. B. „sonstiges“.",
                )
    _check_codebooks(question, options, path, add)
    others = [oi for oi, o in enumerate(options) if o.other]
    if len(others) > 1:
        add(
            (*path, "options", others[1], "other"),
            question.id,
            "Nur eine Antwort je Frage kann einen Freitext haben.",
            "Lassen Sie „other: true“ nur bei einer Antwort.",
        )


def _codebooks(question: Question, options: Any, path: Path_) -> list[tuple[Path_, Any, bool]]:
    """The question's codebooks: (path of the list, categories, whether of an "other" option)."""
    found: list[tuple[Path_, Any, bool]] = []
    own = getattr(question, "categories", ())
    if own:
        found.append(((*path, "categories"), own, False))
    for oi, option in enumerate(options):
        if option.categories:
            found.append(((*path, "options", oi, "categories"), option.categories, True))
    return found


def _check_codebooks(question: Question, options: Any, path: Path_, add: Any) -> None:
    """Codebooks: a text question's ``categories`` and the ``categories`` of an "other" option
    (docs/questionnaire-format.md, "Coding free texts" and "Coding the "other" texts")."""
    for oi, option in enumerate(options):
        if option.categories and not (option.other and question.allows_other):
            add(
                (*path, "options", oi, "categories"),
                question.id,
                "Kategorien („categories“) gibt es nur bei der Antwort mit „other: true“ einer "
                "Frage vom Typ single oder multi.",
                "Setzen Sie das Kategoriensystem unter die Antwort „Sonstiges“ mit other: true.",
            )
    for key in ("scale",):
        for si, point in enumerate(getattr(question, key, None) or ()):
            if point.categories:
                add(
                    (*path, key, si, "categories"),
                    question.id,
                    "Skalenwerte haben kein Kategoriensystem.",
                    "Entfernen Sie „categories“ an dieser Stelle.",
                )
    option_codes = [o.code for o in options if not o.other]
    for list_path, categories, of_other in _codebooks(question, options, path):
        seen: set[str] = set()
        keyword_owner: dict[str, str] = {}
        option_owner: dict[str, str] = {}
        for ci, category in enumerate(categories):
            if of_other and category.code in seen:
                add(
                    (*list_path, ci, "code"),
                    question.id,
                    f"Der Code „{category.code}“ kommt doppelt vor.",
                    "Geben Sie jeder Kategorie einen eigenen Code.",
                )
            seen.add(category.code)
            for flag in ("exclusive", "exclude_from_base", "other"):
                if getattr(category, flag):
                    add(
                        (*list_path, ci, flag),
                        question.id,
                        f"„{flag}“ gibt es bei Kategorien "
                        + ("der Sonstiges-Texte" if of_other else "einer Textfrage")
                        + " nicht.",
                        f"Entfernen Sie „{flag}: true“; Kategorien haben code, label, "
                        "description und keywords.",
                    )
            if category.categories:
                add(
                    (*list_path, ci, "categories"),
                    question.id,
                    "Eine Kategorie hat kein eigenes Kategoriensystem.",
                    "Entfernen Sie „categories“ unter dieser Kategorie.",
                )
            if category.option is not None and not of_other:
                add(
                    (*list_path, ci, "option"),
                    question.id,
                    "„option“ gibt es nur im Kategoriensystem der Sonstiges-Texte einer "
                    "Auswahlfrage.",
                    "Entfernen Sie „option“.",
                )
            elif category.option is not None and category.option not in option_codes:
                add(
                    (*list_path, ci, "option"),
                    question.id,
                    f"„{category.option}“ ist keine Antwort dieser Frage"
                    + (f" (erlaubt: {', '.join(option_codes)})." if option_codes else "."),
                    "Nennen Sie den Code einer Antwort, die man selbst wählen kann, oder "
                    "entfernen Sie „option“.",
                )
            elif category.option is not None and category.option in option_owner:
                add(
                    (*list_path, ci, "option"),
                    question.id,
                    f"Die Antwort „{category.option}“ gehört schon zur Kategorie "
                    f"„{option_owner[category.option]}“.",
                    "Nennen Sie jede Antwort bei höchstens einer Kategorie.",
                )
            elif category.option is not None:
                option_owner[category.option] = category.code
            for ki, keyword in enumerate(category.keywords):
                folded = keyword.casefold()
                owner = keyword_owner.get(folded)
                if owner is not None:
                    add(
                        (*list_path, ci, "keywords", ki),
                        question.id,
                        f"Das Stichwort „{keyword}“ steht schon bei der Kategorie „{owner}“.",
                        "Geben Sie jedes Stichwort nur einer Kategorie, sonst ist der Vorschlag "
                        "nicht eindeutig.",
                    )
                else:
                    keyword_owner[folded] = category.code


def _check_limits(question: QuestionBase, path: Path_, add: Any) -> None:
    question.spec_problems(path, add)


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
    if op in ("gt", "ge", "lt", "le") and not other.numeric:
        add(
            (*path, op),
            subject,
            f"„{op}“ vergleicht Zahlen, „{target}“ ist aber eine {other.type}-Frage.",
            "Verwenden Sie equals, in oder contains.",
        )
    elif op == "contains" and not other.set_valued:
        add(
            (*path, op),
            subject,
            f"„contains“ passt nur zu Mehrfachauswahl, „{target}“ ist {other.type}.",
            "Verwenden Sie equals oder in.",
        )
    elif op in ("equals", "not_equals", "in") and other.set_valued:
        add(
            (*path, op),
            subject,
            f"„{op}“ passt nicht zu „{target}“ ({other.type}).",
            "Verwenden Sie contains: <code>.",
        )
    codes = _codes_named(condition)
    valid = other.condition_codes()
    if codes and valid is not None:
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
    q: Questionnaire,
    source: SourceMap,
    earlier: dict[str, Questionnaire],
    later: list[str],
    *,
    hints: list[Problem] | None = None,
) -> list[Problem]:
    """Comparisons with earlier waves: every code must have a counterpart or a recode.

    A changed question text is no problem: every comparison then carries a generated note
    (questionnaire/wording.py). It is reported into ``hints`` (when given), so that whoever
    changes a text sees what readers of the comparison will read.
    """
    problems: list[Problem] = []

    def add(path: Path_, qid: str, message: str, fix: str) -> None:
        problems.append(
            Problem(
                file=source.file, line=source.line(path), question=qid, message=message, fix=fix
            )
        )

    for path, question in _question_paths(q):
        for ci, entry in enumerate(question.compare):
            if entry.wave in later:
                add(
                    (*path, "compare", ci, "wave"),
                    question.id,
                    f"Welle „{entry.wave}“ kommt nach Welle „{q.wave}“.",
                    "Umcodierungen stehen in der späteren Welle und zeigen auf die frühere.",
                )
            elif entry.wave not in earlier and entry.wave != q.wave:
                add(
                    (*path, "compare", ci, "wave"),
                    question.id,
                    f"Die Welle „{entry.wave}“ steht nicht in survey.yaml.",
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
            if (
                hints is not None
                and wording_changed(before.text, question.text)
                and not (comparison and comparison.note)
            ):
                note = wording_note(earlier_wave=wave, later_wave=q.wave, earlier_text=before.text)
                hints.append(
                    Problem(
                        file=source.file,
                        line=source.line(cpath),
                        question=question.id,
                        message=f"Der Fragetext weicht von Welle „{wave}“ ab. Jeder Vergleich "
                        f"mit {wave} trägt deshalb den Hinweis „{note}“",
                        fix=f'Eine eigene note unter compare: - wave: "{wave}" ersetzt diesen '
                        "Hinweis; comparable: false, wenn die Frage nicht mehr vergleichbar ist.",
                    )
                )
    return problems
