"""LimeSurvey's tab-separated structure export (``.txt``) into the same model as the ``.lss``.

"Export survey structure → Tab Separated Values format (*.txt)" writes a UTF-8 file (with BOM),
one row per survey setting, group, question, subquestion and answer, with a header row. The
columns we read:

- ``class``: ``S`` survey setting, ``SL`` language-specific setting, ``G`` group, ``Q``
  question, ``SQ`` subquestion, ``A`` answer;
- ``type/scale``: the question type (``Q``) or the scale (``SQ``, ``A``: 0 or 1);
- ``name``: setting name, group name, question code, subquestion code or answer code;
- ``relevance``, ``text``, ``help``, ``language``, ``mandatory``, ``other``, ``default``;
- every further column is a question attribute (``min_answers``, ``other_position``, …).

There are no ids: a question belongs to the group before it, subquestions and answers to the
question before them. The base language comes first; each further language repeats the same
rows in the same order, so the n-th group (question, subquestion, answer) of a language is the
n-th of the base language. Settings: ``S`` ``language``, ``additional_languages``,
``anonymized``; ``SL`` ``surveyls_title``, ``surveyls_welcometext``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from umfrage.importers.limesurvey.xmlread import (
    LsAnswer,
    LsDefault,
    LsGroup,
    LsQuestion,
    LsSurvey,
)
from umfrage.importers.plan import Dropped
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.surveyfolder.csvio import decode

REQUIRED = ("class", "type/scale", "name", "text")
STANDARD = {
    "id",
    "related_id",
    "class",
    "type/scale",
    "name",
    "relevance",
    "text",
    "help",
    "language",
    "validation",
    "em_validation_q",
    "em_validation_q_tip",
    "em_validation_sq",
    "em_validation_sq_tip",
    "mandatory",
    "encrypted",
    "other",
    "default",
    "same_default",
    "same_script",
    "question_theme_name",
}


def looks_like_tsv_structure(data: bytes) -> bool:
    """Whether a ``.txt`` is LimeSurvey's tab-separated structure (its header gives it away)."""
    text, _ = decode(data[:4096])
    header = [c.strip().strip('"').lower() for c in text.split("\n", 1)[0].split("\t")]
    return all(column in header for column in REQUIRED)


@dataclass
class _Row:
    line: int
    cells: dict[str, str]

    def get(self, key: str) -> str:
        return (self.cells.get(key) or "").strip()


@dataclass
class _Counters:
    """Position of the next group/question/subquestion/answer within one language."""

    seen: dict[str, int] = field(default_factory=dict)

    def next(self, kind: str) -> int:
        self.seen[kind] = self.seen.get(kind, 0) + 1
        return self.seen[kind] - 1


class _TsvReader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.base = ""
        self.languages: list[str] = []
        self.anonymized = False
        self.groups: list[LsGroup] = []
        self.questions: list[LsQuestion] = []
        self.subquestions: list[LsQuestion] = []
        self.answers: list[LsAnswer] = []
        self.survey = LsSurvey(name, [], "", False, {}, {}, [], {}, {}, {}, {}, [], [])
        self.counters: dict[str, _Counters] = {}
        self.group: LsGroup | None = None
        self.question: LsQuestion | None = None
        self.problems: list[Problem] = []

    # rows ------------------------------------------------------------------------------------

    def row(self, row: _Row) -> None:
        kind = row.get("class").upper()
        if kind == "S":
            self.setting(row)
        elif kind == "SL":
            self.language_setting(row)
        elif kind in ("G", "Q", "SQ", "A"):
            language = row.get("language") or self.base or "de"
            if not self.base:
                self.base = language
            if language not in self.languages:
                self.languages.append(language)
            self.element(kind, row, language)
        elif kind:
            self.survey.dropped.append(
                Dropped(
                    f"Zeile der Klasse „{kind}“",
                    "wird nicht gelesen (Quoten, Bewertungen)",
                    row.line,
                )
            )

    def setting(self, row: _Row) -> None:
        name, value = row.get("name"), row.get("text")
        if name == "language" and value:
            self.base = value
        elif name == "additional_languages":
            self.languages.extend(lang for lang in value.split() if lang not in self.languages)
        elif name == "anonymized":
            self.anonymized = value.upper() == "Y"

    def language_setting(self, row: _Row) -> None:
        language = row.get("language") or self.base
        text = row.cells.get("text") or ""
        if row.get("name") == "surveyls_title":
            self.survey.titles[language] = text
        elif row.get("name") in ("surveyls_welcometext", "surveyls_description"):
            self.survey.welcome.setdefault(language, text)

    def element(self, kind: str, row: _Row, language: str) -> None:
        position = self.counters.setdefault(language, _Counters()).next(kind)
        if language == self.base:
            self.new_element(kind, row, position)
        else:
            self.translation(kind, row, language, position)

    def new_element(self, kind: str, row: _Row, position: int) -> None:
        if kind == "G":
            self.group = LsGroup(position + 1, position + 1, row.get("relevance"), row.line)
            self.groups.append(self.group)
            self.group.texts[self.base] = (row.get("name"), row.cells.get("text") or "")
            self.group.text_lines[self.base] = row.line
            return
        if kind == "Q":
            self.new_question(row)
            return
        if self.question is None:
            self.problems.append(self.orphan(kind, row))
            return
        if kind == "SQ":
            self.new_subquestion(row, self.question)
        else:
            answer = LsAnswer(self.question.qid, row.get("name"), position, _scale(row), row.line)
            answer.texts[self.base] = row.cells.get("text") or ""
            answer.text_lines[self.base] = row.line
            self.answers.append(answer)

    def new_question(self, row: _Row) -> None:
        if self.group is None:
            self.problems.append(self.orphan("Q", row))
            return
        qid = len(self.questions) + len(self.subquestions) + 1
        question = LsQuestion(
            qid=qid,
            parent=0,
            gid=self.group.gid,
            type=row.get("type/scale"),
            title=row.get("name"),
            other=row.get("other").upper() == "Y",
            mandatory=row.get("mandatory").upper() == "Y",
            order=len(self.questions),
            scale=0,
            relevance=row.get("relevance"),
            line=row.line,
        )
        self.set_texts(question, row, self.base)
        self.questions.append(question)
        self.question = question
        self.attributes(question, row, self.base, own=True)
        self.default(question.qid, 0, row)

    def new_subquestion(self, row: _Row, parent: LsQuestion) -> None:
        qid = len(self.questions) + len(self.subquestions) + 1
        sub = LsQuestion(
            qid=qid,
            parent=parent.qid,
            gid=parent.gid,
            type="",
            title=row.get("name"),
            other=False,
            mandatory=False,
            order=len(self.subquestions),
            scale=_scale(row),
            relevance=row.get("relevance"),
            line=row.line,
        )
        self.set_texts(sub, row, self.base)
        self.subquestions.append(sub)
        self.default(parent.qid, qid, row)

    def translation(self, kind: str, row: _Row, language: str, position: int) -> None:
        targets: dict[str, list[LsGroup] | list[LsQuestion] | list[LsAnswer]] = {
            "G": self.groups,
            "Q": self.questions,
            "SQ": self.subquestions,
            "A": self.answers,
        }
        found = targets[kind]
        if position >= len(found):
            self.survey.dropped.append(
                Dropped(
                    f"Übersetzung „{language}“ ({kind} {row.get('name')})",
                    "hat keine Entsprechung in der Basissprache (Reihenfolge der Zeilen)",
                    row.line,
                )
            )
            return
        element = found[position]
        if isinstance(element, LsGroup):
            element.texts[language] = (row.get("name"), row.cells.get("text") or "")
            element.text_lines[language] = row.line
        elif isinstance(element, LsAnswer):
            element.texts[language] = row.cells.get("text") or ""
            element.text_lines[language] = row.line
        else:
            self.set_texts(element, row, language)
            if kind == "Q":
                self.attributes(element, row, language, own=False)

    def set_texts(self, question: LsQuestion, row: _Row, language: str) -> None:
        question.texts[language] = (row.cells.get("text") or "", row.cells.get("help") or "")
        question.text_lines[language] = row.line

    def attributes(self, question: LsQuestion, row: _Row, language: str, own: bool) -> None:
        for column, value in row.cells.items():
            if column in STANDARD or not (value or "").strip():
                continue
            if own:
                self.survey.attributes.setdefault(question.qid, {})[column] = value.strip()
                self.survey.attribute_lines.setdefault(question.qid, {})[column] = row.line
            self.survey.localized_attributes.setdefault(question.qid, {})[(column, language)] = (
                value
            )

    def default(self, qid: int, sqid: int, row: _Row) -> None:
        value = row.get("default")
        if value:
            self.survey.defaults.append(LsDefault(qid, sqid, 0, row.line, {self.base: value}))

    def orphan(self, kind: str, row: _Row) -> Problem:
        before = "einer Gruppe (G)" if kind == "Q" else "einer Frage (Q)"
        return Problem(
            file=self.name,
            line=row.line,
            question=None,
            message=f"Die Zeile der Klasse „{kind}“ („{row.get('name')}“) steht nicht nach {before}.",
            fix="Die Zuordnung ergibt sich aus der Reihenfolge; exportieren Sie die Struktur erneut.",
        )

    def result(self) -> LsSurvey:
        survey = self.survey
        survey.base_language = self.base or "de"
        others = [lang for lang in self.languages if lang != survey.base_language]
        survey.languages = [survey.base_language, *others]
        survey.anonymized = self.anonymized
        survey.groups = {g.gid: g for g in self.groups}
        survey.questions = {q.qid: q for q in [*self.questions, *self.subquestions]}
        survey.answers = self.answers
        return survey


def _scale(row: _Row) -> int:
    value = row.get("type/scale")
    return int(value) if value.isdigit() else 0


def read_tsv(data: bytes, name: str) -> LsSurvey:
    """The survey structure of LimeSurvey's tab-separated export."""
    text, _ = decode(data)
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, delimiter="\t", quotechar='"', strict=False)
    try:
        header = [c.strip().lower() for c in next(reader)]
    except StopIteration:
        header = []
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=1,
                    question=None,
                    message=f"Die Kopfzeile hat keine Spalte {', '.join(f'„{m}“' for m in missing)}; das ist keine tabulatorgetrennte LimeSurvey-Struktur.",
                    fix="Exportieren Sie in LimeSurvey die Umfragestruktur als „Tab Separated Values format (*.txt)“ oder als .lss.",
                )
            ]
        )
    tsv = _TsvReader(name)
    start = 2
    for cells in reader:
        if any(c.strip() for c in cells):
            tsv.row(_Row(start, dict(zip(header, cells, strict=False))))
        start = reader.line_num + 1
    if tsv.problems:
        raise ProblemsError(tsv.problems)
    return tsv.result()
