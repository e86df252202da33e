"""Assembling our questionnaire from the LimeSurvey model, with the plan of what went where.

Works on :class:`~.xmlread.LsSurvey` (from ``.lss``, ``.lsa`` or the tab-separated export):
groups become sections, :mod:`.questions` builds each question, :mod:`.expressions` translates
relevance equations into conditions once all questions exist; the result is dumped as YAML and
checked like ``umfrage check`` does.
Everything that is not carried over is named in the plan (:class:`Dropped`) with the question
code and the line of the element; nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import StringIO
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from umfrage import languages as known_languages
from umfrage.importers.limesurvey.expressions import Reference, Untranslatable, translate_relevance
from umfrage.importers.limesurvey.questions import QuestionBuilder, make_code, make_id
from umfrage.importers.limesurvey.typemap import KIND_STRUCTURE, label_language
from umfrage.importers.limesurvey.types import module_for
from umfrage.importers.limesurvey.xmlread import LsGroup, LsSurvey, read_lss
from umfrage.importers.plan import Dropped, ImportPlan, Mapped
from umfrage.importers.tabular import Target
from umfrage.questionnaire.checks import check_questionnaire
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire

__all__ = ["Conversion", "choose_language", "convert_lss", "convert_survey", "make_code", "make_id"]


def choose_language(survey: LsSurvey, wanted: str | None) -> str:
    """German first (``de``, then ``de-informal`` and other German variants), else the base."""
    if wanted:
        if wanted not in survey.languages:
            raise ProblemsError(
                [
                    Problem(
                        file=survey.file,
                        line=None,
                        question=None,
                        message=f"Die Umfrage hat keine Sprache „{wanted}“.",
                        fix=f"Wählen Sie eine der Sprachen: {', '.join(survey.languages)}.",
                    )
                ]
            )
        return wanted
    for candidate in survey.languages:
        if candidate == "de":
            return candidate
    for candidate in survey.languages:
        if candidate.lower().startswith("de"):
            return candidate
    return survey.base_language


@dataclass
class Conversion:
    questionnaire: Questionnaire
    text: str
    plan: ImportPlan
    references: dict[str, Reference]
    """LimeSurvey variable names → our questions, for relevance and response columns."""
    response_columns: dict[str, Target]
    """LimeSurvey response export column names → where they go."""
    archive_responses: bool = False
    """Read from an ``.lsa`` archive that also holds responses (``.lsr``)."""


def convert_lss(
    data: bytes,
    name: str,
    *,
    wave: str | None = None,
    language: str | None = None,
    survey: str | None = None,
) -> Conversion:
    """A LimeSurvey structure (.lss) as our questionnaire, with the plan of what went where."""
    return convert_survey(read_lss(data, name), wave=wave, language=language, survey=survey)


def convert_survey(
    model: LsSurvey,
    *,
    wave: str | None = None,
    language: str | None = None,
    survey: str | None = None,
    kind: str = KIND_STRUCTURE,
) -> Conversion:
    """The LimeSurvey model (from any reader) as our questionnaire, with its plan."""
    name = model.file
    chosen = choose_language(model, language)
    builder, document = _document(model, chosen, wave)
    further = [] if language else _further_languages(model, chosen)
    _languages_note(builder, model, chosen, [code for code, _ in further])
    if further:
        document = _with_translations(builder, model, chosen, document, further, wave)
    _builtin_language_note(builder)
    text = dump_questionnaire(document, name)
    questionnaire = _checked(text, name)
    plan = ImportPlan(
        file=name,
        kind=kind,
        survey=survey,
        wave=str(document["wave"]),
        questionnaire=questionnaire,
        questionnaire_text=text,
        mapped=builder.mapped,
        dropped=builder.dropped,
    )
    return Conversion(questionnaire, text, plan, builder.references, builder.columns)


# LimeSurvey's language codes that are Umfrage's languages under another name (issue 21):
# LimeSurvey calls Leichte Sprache "de-easy".
_LIMESURVEY_CODES = {"de-easy": known_languages.EASY_GERMAN}

# The keys of our questionnaire document that hold respondent-facing texts.
_TEXT_KEYS = frozenset({"title", "intro", "privacy", "text", "help", "label", "unit"})


def _further_languages(model: LsSurvey, chosen: str) -> list[tuple[str, str]]:
    """The survey's other languages that Umfrage offers, as (LimeSurvey code, our code), if the
    chosen language is German (ours is then the base of a questionnaire in several languages)."""
    if not chosen.lower().startswith("de"):
        return []
    found: list[tuple[str, str]] = []
    for code in model.languages:
        ours = _LIMESURVEY_CODES.get(code, code)
        language = known_languages.get(ours)
        if (
            code != chosen
            and language is not None
            and language.code == ours
            and ours != known_languages.GERMAN
            and ours not in [o for _, o in found]
        ):
            found.append((code, ours))
    return found


def _with_translations(
    builder: QuestionBuilder,
    model: LsSurvey,
    chosen: str,
    document: dict[str, Any],
    further: list[tuple[str, str]],
    wave: str | None,
) -> dict[str, Any]:
    """The document with every text as ``{de: …, en: …}``: the same survey converted once per
    language, merged text by text. Ids, codes and conditions come from the German conversion;
    the other conversions only lend their texts (their notes would repeat the German ones)."""
    texts = {known_languages.GERMAN: document}
    for code, ours in further:
        _other, translated = _document(model, code, wave or str(document["wave"]))
        texts[ours] = translated
    merged = _merge(texts, known_languages.GERMAN, ())
    if merged is None:
        builder.dropped.append(
            Dropped(
                "Weitere Sprachen",
                "die Übersetzungen haben nicht denselben Aufbau wie die deutsche Fassung; "
                "übernommen wird nur Deutsch",
            )
        )
        return document
    ordered: dict[str, Any] = {}
    for key, value in merged.items():
        if key == "language":
            ordered["languages"] = [known_languages.GERMAN] + [o for _, o in further]
            continue
        ordered[key] = value
    return ordered


def _merge(documents: dict[str, Any], base: str, path: tuple[Any, ...]) -> Any:
    """Merge the per-language documents; None if their structure differs."""
    node = documents[base]
    if isinstance(node, dict):
        merged: dict[str, Any] = {}
        for key, value in node.items():
            others = {
                lang: doc.get(key) if isinstance(doc, dict) else None
                for lang, doc in documents.items()
            }
            if key in _TEXT_KEYS and isinstance(value, str):
                merged[key] = {
                    lang: (other if isinstance(other, str) and other.strip() else value)
                    for lang, other in others.items()
                }
                continue
            found = _merge(others, base, (*path, key))
            if found is None and value is not None:
                return None
            merged[key] = found
        return merged
    if isinstance(node, list):
        if any(not isinstance(doc, list) or len(doc) != len(node) for doc in documents.values()):
            return None
        items = []
        for index in range(len(node)):
            found = _merge(
                {lang: doc[index] for lang, doc in documents.items()}, base, (*path, index)
            )
            if found is None and node[index] is not None:
                return None
            items.append(found)
        return items
    return node


def _document(
    model: LsSurvey, chosen: str, wave: str | None
) -> tuple[QuestionBuilder, dict[str, Any]]:
    """The survey in one language as our questionnaire document, and the builder with the
    plan's notes."""
    name = model.file
    builder = QuestionBuilder(model, chosen)
    _check_parents(builder, model)
    title = builder.clean(
        builder.pick({k: v for k, v in model.titles.items() if v.strip()}) or "",
        "Umfrage",
        "Titel",
        None,
    ).text
    builder.constants["SURVEYNAME"] = title or builder.builtin("survey")
    sections, group_relevance = _sections(builder, model)
    if not sections:
        raise _nothing_convertible(name, builder)
    _conditions(builder, sections, group_relevance)
    title = title or builder.builtin("survey")
    wave_id = wave or _wave_from_title(title)
    document: dict[str, Any] = {"wave": wave_id, "title": title, "language": chosen}
    welcome = builder.pick({k: v for k, v in model.welcome.items() if v.strip()}) or ""
    welcome = builder.clean(welcome, "Umfrage", "Begrüßungstext", None).text
    if welcome:
        document["intro"] = welcome
    if model.anonymized:
        document["anonymous"] = True
    document["sections"] = sections
    return builder, document


def _languages_note(
    builder: QuestionBuilder, model: LsSurvey, chosen: str, taken: list[str]
) -> None:
    for other in model.languages:
        if other != chosen and other not in taken:
            builder.dropped.append(
                Dropped(
                    f"Sprache „{other}“",
                    "Umfrage bietet diese Sprache nicht an (Sprachen: "
                    + ", ".join(known_languages.codes())
                    + f"); übernommen wird „{chosen}“"
                    + (" mit " + ", ".join(f"„{t}“" for t in taken) if taken else ""),
                )
            )


def _builtin_language_note(builder: QuestionBuilder) -> None:
    if builder.builtin_used and label_language(builder.language) is None:
        builder.dropped.append(
            Dropped(
                f"Eingebaute Beschriftungen (Ja/Nein, Geschlecht, „Sonstiges“) in „{builder.language}“",
                "für diese Sprache gibt es keine Übersetzung; sie stehen auf Englisch da, bitte übersetzen",
            )
        )


def _check_parents(builder: QuestionBuilder, model: LsSurvey) -> None:
    """Subquestions, answers and questions whose parent is missing: listed, or the import stops."""
    for q in model.questions.values():
        if q.parent and q.parent not in model.questions:
            builder.dropped.append(
                Dropped(
                    f"Teilfrage {q.title} (qid {q.qid})",
                    f"verweist auf die Frage {q.parent}, die es nicht gibt (parent_qid)",
                    q.line,
                )
            )
    orphans = [q for q in model.questions.values() if not q.parent and q.gid not in model.groups]
    if orphans:
        raise ProblemsError(
            [
                Problem(
                    file=model.file,
                    line=q.line,
                    question=None,
                    message=f"<questions>: Die Frage {q.title} (qid {q.qid}) gehört zur Gruppe {q.gid}, die es nicht gibt.",
                    fix="Die Datei ist unvollständig; exportieren Sie die Umfragestruktur erneut.",
                )
                for q in orphans
            ]
        )
    for answer in model.answers:
        if answer.qid not in model.questions:
            builder.dropped.append(
                Dropped(
                    f"Antwortoption {answer.code} (qid {answer.qid})",
                    "gehört zu keiner Frage",
                    answer.line,
                )
            )


def _sections(
    builder: QuestionBuilder, model: LsSurvey
) -> tuple[list[dict[str, Any]], dict[str, tuple[str, int]]]:
    sections: list[dict[str, Any]] = []
    group_relevance: dict[str, tuple[str, int]] = {}
    for index, group in enumerate(sorted(model.groups.values(), key=lambda g: (g.order, g.gid))):
        section = _section(builder, model, group, index)
        if section is None:
            continue
        if group.relevance and group.relevance not in ("1", "true"):
            group_relevance[section["id"]] = (group.relevance, group.line)
        sections.append(section)
    return sections, group_relevance


def _section(
    builder: QuestionBuilder, model: LsSurvey, group: LsGroup, index: int
) -> dict[str, Any] | None:
    title, intro = _group_texts(builder, group)
    owner = f"Gruppe „{title or group.gid}“"
    tops = sorted(
        (q for q in model.questions.values() if q.gid == group.gid and not q.parent),
        key=lambda q: (q.order, q.qid),
    )
    questions = [question for q in tops for question in builder.convert(q)]
    _group_randomization(builder, group, owner)
    if not questions:
        if tops:
            builder.dropped.append(Dropped(owner, "enthält keine übernehmbare Frage", group.line))
        return None
    section: dict[str, Any] = {
        "id": f"G{index + 1}",
        "title": title or builder.builtin("section", n=str(index + 1)),
    }
    if intro:
        section["intro"] = intro
    section["questions"] = questions
    return section


def _group_texts(builder: QuestionBuilder, group: LsGroup) -> tuple[str, str]:
    """The group's title and description as plain text (what was removed is noted)."""
    picked = builder.pick({k: v for k, v in group.texts.items() if v[0].strip()})
    if not picked:
        return "", ""
    line = builder.text_line(group)
    title = builder.clean(picked[0], f"Gruppe {group.gid}", "Gruppentitel", line).text
    owner = f"Gruppe „{title or group.gid}“"
    return title, builder.clean(picked[1] or "", owner, "Gruppentext", line).text


def _group_randomization(builder: QuestionBuilder, group: LsGroup, owner: str) -> None:
    if group.randomization:
        builder.dropped.append(
            Dropped(
                f"{owner}: Zufallsgruppe „{group.randomization}“",
                "zufällige Reihenfolge der Gruppen hat keine Entsprechung; es gilt die Reihenfolge der Datei",
                group.line,
            )
        )


def _nothing_convertible(name: str, builder: QuestionBuilder) -> ProblemsError:
    return ProblemsError(
        [
            Problem(
                file=name,
                line=None,
                question=None,
                message="Die Umfrage enthält keine Frage, die sich übernehmen lässt.",
                fix="Die folgenden Einträge nennen für jede Frage den Grund.",
            ),
            *(
                Problem(
                    file=name,
                    line=d.line,
                    question=None,
                    message=f"Nicht übernommen: {d.source}: {d.reason}.",
                    fix="Passen Sie die Umfrage in LimeSurvey an oder legen Sie den Fragebogen selbst an.",
                )
                for d in builder.dropped
                if d.line is not None
            ),
        ]
    )


def _conditions(
    builder: QuestionBuilder,
    sections: list[dict[str, Any]],
    group_relevance: dict[str, tuple[str, int]],
) -> None:
    by_id = {q["id"]: q for s in sections for q in s["questions"]}
    earlier: set[str] = set()
    for section in sections:
        if section["id"] in group_relevance:
            expression, line = group_relevance[section["id"]]
            try:
                condition = translate_relevance(expression, builder.references, by_id, earlier)
            except Untranslatable as exc:
                builder.dropped.append(
                    Dropped(
                        f"Bedingung der Gruppe „{section['title']}“: {expression}",
                        f"nicht übersetzt ({exc}); der Abschnitt wird immer gezeigt",
                        line,
                    )
                )
            else:
                if condition is not None:
                    section["if"] = condition
                    builder.mapped.append(
                        Mapped(f"Bedingung „{expression}“", f"Abschnitt {section['id']}")
                    )
        for question in section["questions"]:
            qid = question["id"]
            if qid in builder.relevance:
                expression, line, code = builder.relevance[qid]
                try:
                    condition = translate_relevance(expression, builder.references, by_id, earlier)
                except Untranslatable as exc:
                    builder.dropped.append(
                        Dropped(
                            f"Bedingung von {code}: {expression}",
                            f"nicht übersetzt ({exc}); die Frage wird immer gezeigt",
                            line,
                        )
                    )
                else:
                    if condition is not None:
                        question["if"] = condition
                        builder.mapped.append(
                            Mapped(f"Bedingung von {code}: {expression}", f"{qid}: if")
                        )
            if qid in builder.filters:
                _array_filter(builder, question, earlier, by_id)
            earlier.add(qid)


def _array_filter(
    builder: QuestionBuilder, question: dict[str, Any], earlier: set[str], by_id: dict[str, Any]
) -> None:
    include, line, exclude = builder.filters[question["id"]]
    if include:
        reference = builder.references.get(include.split(";")[0].strip())
        source = by_id.get(reference.qid) if reference else None
        if (
            reference is not None
            and ";" not in include
            and source is not None
            and reference.qid in earlier
            and module_for(question["type"]).takes_filter(question, source)
        ):
            question["among"] = reference.qid
            builder.mapped.append(
                Mapped(f"Array-Filter {include}", f"{question['id']}: among {reference.qid}")
            )
        else:
            builder.dropped.append(
                Dropped(
                    f"Array-Filter von {question['id']} nach „{include}“",
                    "nur bei Rangfragen nach einer früheren Mehrfachauswahl übersetzbar; alle Zeilen werden gezeigt",
                    line,
                )
            )
    if exclude:
        builder.dropped.append(
            Dropped(
                f"Ausschluss-Array-Filter von {question['id']} nach „{exclude}“",
                "hat keine Entsprechung; alle Zeilen werden gezeigt",
                line,
            )
        )


def _wave_from_title(title: str) -> str:
    match = re.search(r"\b(19|20)\d\d\b", title)
    return match.group(0) if match else "1"


def dump_questionnaire(document: dict[str, Any], source: str) -> str:
    """Our questionnaire YAML, readable: options as one line each, long texts as blocks."""
    yaml = YAML()
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    root = _commented(document)
    root.yaml_set_start_comment(
        f"Aus LimeSurvey übernommen ({source}). Prüfen mit: umfrage check <diese Datei>"
    )
    buffer = StringIO()
    yaml.dump(root, buffer)
    return buffer.getvalue()


def _commented(node: Any, flow: bool = False) -> Any:
    if isinstance(node, dict):
        mapping = CommentedMap()
        for key, value in node.items():
            mapping[key] = _commented(value, flow=key in ("options", "scale", "items"))
        return mapping
    if isinstance(node, list):
        items = [_commented(item) for item in node]
        if flow:
            for item in items:
                if isinstance(item, CommentedMap):
                    item.fa.set_flow_style()
        return items
    if isinstance(node, str) and "\n" in node:
        return LiteralScalarString(node)
    return node


def _checked(text: str, name: str) -> Questionnaire:
    display = f"{name} → questionnaire.yaml"
    data, source = parse_yaml(text, display)
    questionnaire = parse_questionnaire(data, source)
    problems = check_questionnaire(questionnaire, source)
    if problems:
        raise ProblemsError(problems)
    return questionnaire
