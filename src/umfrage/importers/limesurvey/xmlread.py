"""Reading LimeSurvey's XML files (``.lss`` structure, ``.lsr`` responses) into plain dataclasses.

The ``.lss`` file is XML: ``<document>`` holds one element per database table (``groups``,
``questions``, ``subquestions``, ``answers``, ``question_attributes``, ``defaultvalues``,
``surveys``, ``surveys_languagesettings``), each with ``<rows><row>`` and one child element per
column. LimeSurvey 2/3 keep the texts inline, one row per language (``<question>``, ``<answer>``,
``<group_name>`` next to ``<language>``); LimeSurvey 4 to 6 move them to ``question_l10ns``,
``answer_l10ns``, ``group_l10ns`` and ``defaultvalue_l10ns``. Both are read into one model
(:class:`LsSurvey`), with the line each row starts on, so that every message can point at it.

The XML is parsed with defusedxml (no entity expansion, no external entities); a line-aware
tree builder records each element's line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from umfrage.importers.plan import Dropped
from umfrage.questionnaire.problems import Problem, ProblemsError

ORDER_KEYS = ("scale_id", "question_order", "sortorder", "group_order")


@dataclass
class LsRow:
    values: dict[str, str]
    line: int

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key, default)


@dataclass
class LsQuestion:
    qid: int
    parent: int
    gid: int
    type: str
    title: str
    other: bool
    mandatory: bool
    order: int
    scale: int
    relevance: str
    line: int
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)
    text_lines: dict[str, int] = field(default_factory=dict)
    """language → line of the row that holds the text (inline or ``question_l10ns``)."""


@dataclass
class LsAnswer:
    qid: int
    code: str
    order: int
    scale: int
    line: int
    texts: dict[str, str] = field(default_factory=dict)
    text_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class LsGroup:
    gid: int
    order: int
    relevance: str
    line: int
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)
    text_lines: dict[str, int] = field(default_factory=dict)
    randomization: str = ""
    """LimeSurvey 4+: the group's randomisation group (groups shown in random order)."""


@dataclass
class LsDefault:
    """A default value (``defaultvalues``): pre-filled answer of a question or subquestion."""

    qid: int
    sqid: int
    scale: int
    line: int
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class LsSurvey:
    file: str
    languages: list[str]
    base_language: str
    anonymized: bool
    groups: dict[int, LsGroup]
    questions: dict[int, LsQuestion]
    answers: list[LsAnswer]
    attributes: dict[int, dict[str, str]]
    localized_attributes: dict[int, dict[tuple[str, str], str]]
    titles: dict[str, str]
    welcome: dict[str, str]
    problems: list[Problem]
    dropped: list[Dropped]
    attribute_lines: dict[int, dict[str, int]] = field(default_factory=dict)
    """qid → attribute → line of its row, for the plan's notes."""
    defaults: list[LsDefault] = field(default_factory=list)
    sid: str = ""
    """The survey id, which LimeSurvey's SGQA column names start with."""


class _LineBuilder(TreeBuilder):
    """Remembers the line each element starts on, for messages."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        element.set("__line", str(self.parser.parser.CurrentLineNumber))
        return element


def parse_xml(
    data: bytes,
    name: str,
    again: str = "Exportieren Sie die Umfragestruktur in LimeSurvey erneut (Export → Umfragestruktur .lss).",
    export: str = "die Umfragestruktur",
) -> Element:
    """Parse XML safely; ProblemsError with file, line and reason if it is broken or hostile."""
    builder = _LineBuilder()
    parser = SafeET.DefusedXMLParser(target=builder)
    builder.parser = parser
    try:
        parser.feed(data)
        root: Element = parser.close()
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        reason = str(exc).split(":")[0]
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=line,
                    question=None,
                    message=f"Die XML-Datei ist beschädigt oder unvollständig (Spalte {column}: {_xml_reason(reason)}).",
                    fix=again,
                )
            ]
        ) from None
    except (DefusedXmlException, ValueError) as exc:
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=None,
                    question=None,
                    message=f"Die XML-Datei enthält Entity- oder DTD-Deklarationen ({type(exc).__name__}); solche Dateien werden aus Sicherheitsgründen nicht gelesen.",
                    fix=f"Exportieren Sie {export} direkt aus LimeSurvey; ein echter Export enthält keine DTD.",
                )
            ]
        ) from None
    return root


def _xml_reason(reason: str) -> str:
    known = {
        "no element found": "die Datei endet mitten im Dokument",
        "mismatched tag": "ein schließendes Element passt nicht zum öffnenden",
        "not well-formed (invalid token)": "ungültiges Zeichen",
        "syntax error": "Syntaxfehler",
        "unclosed token": "nicht geschlossenes Element",
        "junk after document element": "Inhalt nach dem Ende des Dokuments",
        "undefined entity": "unbekannte Entity",
    }
    return known.get(reason, reason)


def line_of(element: Element) -> int:
    return int(element.get("__line", "0") or 0)


def table_rows(root: Element, name: str) -> list[LsRow]:
    """The rows of one table element (``<name><rows><row>…``), [] if the table is absent."""
    rows = root.find(f"{name}/rows")
    if rows is None:
        return []
    return [
        LsRow({child.tag: (child.text or "") for child in row}, line_of(row))
        for row in rows.findall("row")
    ]


def _refuse(name: str, line: int | None, message: str, fix: str) -> ProblemsError:
    return ProblemsError([Problem(file=name, line=line, question=None, message=message, fix=fix)])


class _Reader:
    """Fills an :class:`LsSurvey` table by table; collects problems instead of stopping."""

    def __init__(self, root: Element, name: str) -> None:
        self.root = root
        self.name = name
        self.problems: list[Problem] = []
        self.dropped: list[Dropped] = []
        self.base = ""
        self.groups: dict[int, LsGroup] = {}
        self.questions: dict[int, LsQuestion] = {}
        self.answers: dict[tuple[int, int, str], LsAnswer] = {}
        self.by_aid: dict[int, LsAnswer] = {}

    def rows(self, table: str) -> list[LsRow]:
        return table_rows(self.root, table)

    def int(self, row: LsRow, key: str, element: str) -> int | None:
        raw = row.get(key).strip()
        if raw == "" and key in ORDER_KEYS:
            return 0
        try:
            return int(raw)
        except ValueError:
            self.problems.append(
                Problem(
                    file=self.name,
                    line=row.line,
                    question=None,
                    message=f"<{element}>: „{key}“ ist „{raw}“, erwartet wird eine ganze Zahl.",
                    fix="Die Datei ist beschädigt; exportieren Sie die Umfragestruktur erneut.",
                )
            )
            return None

    def language(self, row: LsRow) -> str:
        return row.get("language") or self.base

    def orphan(self, what: str, reason: str, row: LsRow) -> None:
        self.dropped.append(Dropped(what, reason, row.line))

    # tables ----------------------------------------------------------------------------------

    def read_groups(self) -> None:
        for row in self.rows("groups"):
            gid = self.int(row, "gid", "groups")
            if gid is None:
                continue
            group = self.groups.get(gid)
            if group is None:
                order = self.int(row, "group_order", "groups") or 0
                group = self.groups[gid] = LsGroup(
                    gid,
                    order,
                    row.get("grelevance").strip(),
                    row.line,
                    randomization=row.get("randomization_group").strip(),
                )
            if "group_name" in row.values:
                group.texts[self.language(row)] = (row.get("group_name"), row.get("description"))
                group.text_lines[self.language(row)] = row.line
        for row in self.rows("group_l10ns"):
            gid = self.int(row, "gid", "group_l10ns")
            if gid is None:
                continue
            if gid not in self.groups:
                self.orphan(f"<group_l10ns> gid {gid}", "gehört zu keiner Gruppe", row)
                continue
            self.groups[gid].texts[self.language(row)] = (
                row.get("group_name"),
                row.get("description"),
            )
            self.groups[gid].text_lines[self.language(row)] = row.line

    def read_questions(self) -> None:
        for element in ("questions", "subquestions"):
            for row in self.rows(element):
                self._question_row(row, element)
        for row in self.rows("question_l10ns"):
            qid = self.int(row, "qid", "question_l10ns")
            if qid is None:
                continue
            if qid not in self.questions:
                self.orphan(f"<question_l10ns> qid {qid}", "gehört zu keiner Frage", row)
                continue
            self.questions[qid].texts[self.language(row)] = (row.get("question"), row.get("help"))
            self.questions[qid].text_lines[self.language(row)] = row.line

    def _question_row(self, row: LsRow, element: str) -> None:
        qid = self.int(row, "qid", element)
        has_parent = bool(row.get("parent_qid").strip())
        parent = self.int(row, "parent_qid", element) if has_parent else 0
        # A subquestion's group is its parent's; some versions leave it empty.
        gid = 0 if parent and not row.get("gid").strip() else self.int(row, "gid", element)
        if qid is None or gid is None or parent is None:
            return
        question = self.questions.get(qid)
        if question is None:
            question = self.questions[qid] = LsQuestion(
                qid=qid,
                parent=parent,
                gid=gid,
                type=row.get("type").strip(),
                title=row.get("title").strip(),
                other=row.get("other").strip().upper() == "Y",
                mandatory=row.get("mandatory").strip().upper() == "Y",
                order=self.int(row, "question_order", element) or 0,
                scale=self.int(row, "scale_id", element) or 0,
                relevance=row.get("relevance").strip(),
                line=row.line,
            )
        if "question" in row.values:
            question.texts[self.language(row)] = (row.get("question"), row.get("help"))
            question.text_lines[self.language(row)] = row.line

    def read_answers(self) -> None:
        for row in self.rows("answers"):
            self._answer_row(row)
        for row in self.rows("answer_l10ns"):
            aid = self.int(row, "aid", "answer_l10ns")
            if aid is None:
                continue
            if aid not in self.by_aid:
                self.orphan(f"<answer_l10ns> aid {aid}", "gehört zu keiner Antwortoption", row)
                continue
            self.by_aid[aid].texts[self.language(row)] = row.get("answer")
            self.by_aid[aid].text_lines[self.language(row)] = row.line

    def _answer_row(self, row: LsRow) -> None:
        qid = self.int(row, "qid", "answers")
        if qid is None:
            return
        code = row.get("code").strip()
        scale = self.int(row, "scale_id", "answers") or 0
        key = (qid, scale, code)
        answer = self.answers.get(key)
        if answer is None:
            order = self.int(row, "sortorder", "answers") or 0
            answer = self.answers[key] = LsAnswer(qid, code, order, scale, row.line)
        if "answer" in row.values:
            answer.texts[self.language(row)] = row.get("answer")
            answer.text_lines[self.language(row)] = row.line
        if row.get("aid").strip():
            aid = self.int(row, "aid", "answers")
            if aid is not None:
                self.by_aid[aid] = answer

    def read_attributes(self, survey: LsSurvey) -> None:
        for row in self.rows("question_attributes"):
            qid = self.int(row, "qid", "question_attributes")
            if qid is None:
                continue
            attribute = row.get("attribute").strip()
            language = row.get("language").strip()
            survey.attribute_lines.setdefault(qid, {}).setdefault(attribute, row.line)
            if language:
                survey.localized_attributes.setdefault(qid, {})[(attribute, language)] = row.get(
                    "value"
                )
            else:
                survey.attributes.setdefault(qid, {})[attribute] = row.get("value").strip()

    def read_defaults(self) -> list[LsDefault]:
        """``defaultvalues`` (LimeSurvey 2/3: value inline; 4+: in ``defaultvalue_l10ns``)."""
        defaults: dict[tuple[int, int, int], LsDefault] = {}
        by_dvid: dict[int, LsDefault] = {}
        for row in self.rows("defaultvalues"):
            qid = self.int(row, "qid", "defaultvalues")
            if qid is None:
                continue
            sqid = self.int(row, "sqid", "defaultvalues") if row.get("sqid").strip() else 0
            scale = self.int(row, "scale_id", "defaultvalues") or 0
            key = (qid, sqid or 0, scale)
            default = defaults.setdefault(key, LsDefault(qid, sqid or 0, scale, row.line))
            if "defaultvalue" in row.values:
                default.values[self.language(row)] = row.get("defaultvalue")
            if row.get("dvid").strip():
                dvid = self.int(row, "dvid", "defaultvalues")
                if dvid is not None:
                    by_dvid[dvid] = default
        for row in self.rows("defaultvalue_l10ns"):
            dvid = self.int(row, "dvid", "defaultvalue_l10ns")
            if dvid is not None and dvid in by_dvid:
                by_dvid[dvid].values[self.language(row)] = row.get("defaultvalue")
        return list(defaults.values())


def _check_document(root: Element, name: str) -> None:
    doc_type = (root.findtext("LimeSurveyDocType") or "").strip()
    if root.tag != "document" or doc_type not in ("Survey", ""):
        what = f"„{doc_type}“" if doc_type else f"<{root.tag}>"
        raise _refuse(
            name,
            line_of(root),
            f"Das ist keine LimeSurvey-Umfragestruktur (Dokumenttyp {what}).",
            "Exportieren Sie in LimeSurvey die ganze Umfrage als Umfragestruktur (.lss), keine einzelne Gruppe oder Frage.",
        )
    if root.find("questions") is None:
        raise _refuse(
            name,
            line_of(root),
            "Die Datei enthält kein Element <questions>, also keine Fragen.",
            "Exportieren Sie die Umfragestruktur (.lss) einer Umfrage mit Fragen.",
        )


def _languages(root: Element, surveys: list[LsRow], base: str) -> list[str]:
    languages = [
        (el.text or "").strip()
        for el in root.findall("languages/language")
        if (el.text or "").strip()
    ]
    if surveys:
        for extra in surveys[0].get("additional_languages").split():
            if extra not in languages:
                languages.append(extra)
    if base and base not in languages:
        languages.insert(0, base)
    return languages


def _settings(rows: list[LsRow], base: str) -> tuple[dict[str, str], dict[str, str]]:
    titles: dict[str, str] = {}
    welcome: dict[str, str] = {}
    for row in rows:
        language = row.get("surveyls_language").strip() or base
        titles[language] = row.get("surveyls_title")
        welcome[language] = row.get("surveyls_welcometext") or row.get("surveyls_description")
    return titles, welcome


def read_lss(data: bytes, name: str) -> LsSurvey:
    """The structure of a LimeSurvey export, whatever version wrote it."""
    root = parse_xml(data, name)
    _check_document(root, name)
    reader = _Reader(root, name)
    surveys = reader.rows("surveys")
    reader.base = surveys[0].get("language").strip() if surveys else ""
    languages = _languages(root, surveys, reader.base)
    anonymized = bool(surveys) and surveys[0].get("anonymized").strip().upper() == "Y"
    reader.read_groups()
    reader.read_questions()
    reader.read_answers()
    titles, welcome = _settings(reader.rows("surveys_languagesettings"), reader.base)
    survey = LsSurvey(
        name,
        languages,
        reader.base,
        anonymized,
        reader.groups,
        reader.questions,
        list(reader.answers.values()),
        {},
        {},
        titles,
        welcome,
        reader.problems,
        reader.dropped,
    )
    reader.read_attributes(survey)
    survey.defaults = reader.read_defaults()
    survey.sid = surveys[0].get("sid").strip() if surveys else ""
    if reader.problems:
        raise ProblemsError(reader.problems)
    if not survey.languages:
        found = {lang for q in reader.questions.values() for lang in q.texts}
        survey.languages = sorted(found) or ["de"]
    survey.base_language = reader.base or survey.languages[0]
    return survey
