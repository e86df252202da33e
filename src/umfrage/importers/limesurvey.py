"""LimeSurvey: a survey structure (``.lss``) → our questionnaire; a response export → responses.

The ``.lss`` file is XML: ``<document>`` holds one element per database table (``groups``,
``questions``, ``subquestions``, ``answers``, ``question_attributes``, ``surveys``,
``surveys_languagesettings``), each with ``<rows><row>`` and one child element per column.
LimeSurvey 2/3 keep the texts inline, one row per language (``<question>``, ``<answer>``,
``<group_name>`` next to ``<language>``); LimeSurvey 4 to 6 move them to ``question_l10ns``,
``answer_l10ns`` and ``group_l10ns``. Both are read into one model first, then converted.

What cannot be converted is listed in the plan with the element's line and the reason; nothing is
dropped silently. The XML is parsed with defusedxml (no entity expansion, no external entities).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from io import StringIO
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from umfrage.importers.plan import Dropped, ImportPlan, Mapped
from umfrage.importers.tabular import SourceTable, Target
from umfrage.questionnaire.checks import check_questionnaire
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.questionnaire.problems import Problem, ProblemList, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.questionnaire.types import (
    QUESTION_TYPES,
    MatrixQuestion,
    MultiQuestion,
    NumberQuestion,
    RankingQuestion,
    SingleQuestion,
    TextQuestion,
)
from umfrage.surveyfolder.csvio import decode, parse_table

KIND_STRUCTURE = "LimeSurvey-Struktur (.lss)"
OTHER_CODE = "sonstiges"
KIND_RESPONSES = "LimeSurvey-Antwortexport"

# LimeSurvey's one-letter question types and their names in the LimeSurvey editor.
TYPE_NAMES = {
    "1": "Array (duale Skala)",
    "5": "5-Punkte-Auswahl",
    "A": "Array (5-Punkte)",
    "B": "Array (10-Punkte)",
    "C": "Array (Ja/Unsicher/Nein)",
    "D": "Datum",
    "E": "Array (Mehr/Gleich/Weniger)",
    "F": "Array",
    "G": "Geschlecht",
    "H": "Array nach Spalte",
    "I": "Sprachumschaltung",
    "K": "Mehrfache numerische Eingabe",
    "L": "Liste (Optionsfelder)",
    "M": "Mehrfachauswahl",
    "N": "Numerische Eingabe",
    "O": "Liste mit Kommentar",
    "P": "Mehrfachauswahl mit Kommentaren",
    "Q": "Mehrere kurze Texte",
    "R": "Rangfolge",
    "S": "Kurzer freier Text",
    "T": "Langer freier Text",
    "U": "Sehr langer freier Text",
    "X": "Textanzeige",
    "Y": "Ja/Nein",
    "!": "Liste (Klappfeld)",
    ":": "Array (Zahlen)",
    ";": "Array (Texte)",
    "|": "Datei-Upload",
    "*": "Gleichung",
}
MATRIX_TYPES = {"A", "B", "C", "E", "F", "H", "1"}
FIXED_SCALES: dict[str, list[tuple[str, str]]] = {
    "A": [(str(i), str(i)) for i in range(1, 6)],
    "B": [(str(i), str(i)) for i in range(1, 11)],
    "C": [("Y", "Ja"), ("U", "Unsicher"), ("N", "Nein")],
    "E": [("I", "Mehr"), ("S", "Gleich"), ("D", "Weniger")],
}
FIXED_OPTIONS: dict[str, list[tuple[str, str]]] = {
    "5": [(str(i), str(i)) for i in range(1, 6)],
    "Y": [("Y", "Ja"), ("N", "Nein")],
    "G": [("F", "weiblich"), ("M", "männlich")],
}
DROPPED_TYPES = {
    "X": "Textanzeige ohne Antwort",
    "*": "Gleichung (berechneter Wert, keine Antwort)",
    "|": "Datei-Upload wird nicht übernommen",
    "I": "Sprachumschaltung ist keine inhaltliche Frage",
    ":": "Zahlen-Array (eine Zahl je Zeile und Spalte) hat in unserem Format keine Entsprechung",
    ";": "Text-Array (ein Text je Zeile und Spalte) hat in unserem Format keine Entsprechung",
}
LS_META = {
    "id": "Antwort-Nummer von LimeSurvey",
    "lastpage": "LimeSurvey-Metadaten",
    "startlanguage": "LimeSurvey-Metadaten",
    "seed": "LimeSurvey-Metadaten",
    "startdate": "LimeSurvey-Metadaten",
    "datestamp": "LimeSurvey-Metadaten",
    "ipaddr": "IP-Adresse (wird aus Datenschutzgründen nicht übernommen)",
    "refurl": "LimeSurvey-Metadaten",
    "interviewtime": "Bearbeitungszeit",
}


# ---------------------------------------------------------------------------------------------
# Reading the XML into one model for every LimeSurvey version


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


@dataclass
class LsAnswer:
    qid: int
    code: str
    order: int
    scale: int
    line: int
    texts: dict[str, str] = field(default_factory=dict)


@dataclass
class LsGroup:
    gid: int
    order: int
    relevance: str
    line: int
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)


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


class _LineBuilder(TreeBuilder):
    """Remembers the line each element starts on, for messages."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        element.set("__line", str(self.parser.parser.CurrentLineNumber))
        return element


def parse_xml(data: bytes, name: str) -> Element:
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
                    name,
                    line,
                    None,
                    f"Die XML-Datei ist beschädigt oder unvollständig (Spalte {column}: {_xml_reason(reason)}).",
                    "Exportieren Sie die Umfragestruktur in LimeSurvey erneut (Export → Umfragestruktur .lss).",
                )
            ]
        ) from None
    except (DefusedXmlException, ValueError) as exc:
        raise ProblemsError(
            [
                Problem(
                    name,
                    None,
                    None,
                    f"Die XML-Datei enthält Entity- oder DTD-Deklarationen ({type(exc).__name__}); solche Dateien werden aus Sicherheitsgründen nicht gelesen.",
                    "Exportieren Sie die Umfragestruktur direkt aus LimeSurvey; ein echter Export enthält keine DTD.",
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


def _line(element: Element) -> int:
    return int(element.get("__line", "0") or 0)


def _table(root: Element, name: str) -> list[LsRow]:
    section = root.find(name)
    if section is None:
        return []
    rows = section.find("rows")
    if rows is None:
        return []
    return [
        LsRow({child.tag: (child.text or "") for child in row}, _line(row))
        for row in rows.findall("row")
    ]


def _int(row: LsRow, key: str, name: str, element: str, problems: list[Problem]) -> int | None:
    raw = row.get(key).strip()
    if raw == "" and key in ("scale_id", "question_order", "sortorder", "group_order"):
        return 0
    try:
        return int(raw)
    except ValueError:
        problems.append(
            Problem(
                name,
                row.line,
                None,
                f"<{element}>: „{key}“ ist „{raw}“, erwartet wird eine ganze Zahl.",
                "Die Datei ist beschädigt; exportieren Sie die Umfragestruktur erneut.",
            )
        )
        return None


def read_lss(data: bytes, name: str) -> LsSurvey:
    """The structure of a LimeSurvey export, whatever version wrote it."""
    root = parse_xml(data, name)
    doc_type = (root.findtext("LimeSurveyDocType") or "").strip()
    if root.tag != "document" or doc_type not in ("Survey", ""):
        what = f"„{doc_type}“" if doc_type else f"<{root.tag}>"
        raise ProblemsError(
            [
                Problem(
                    name,
                    _line(root),
                    None,
                    f"Das ist keine LimeSurvey-Umfragestruktur (Dokumenttyp {what}).",
                    "Exportieren Sie in LimeSurvey die ganze Umfrage als Umfragestruktur (.lss), keine einzelne Gruppe oder Frage.",
                )
            ]
        )
    if root.find("questions") is None:
        raise ProblemsError(
            [
                Problem(
                    name,
                    _line(root),
                    None,
                    "Die Datei enthält kein Element <questions>, also keine Fragen.",
                    "Exportieren Sie die Umfragestruktur (.lss) einer Umfrage mit Fragen.",
                )
            ]
        )
    problems: list[Problem] = []
    dropped: list[Dropped] = []
    languages = [
        (el.text or "").strip()
        for el in root.findall("languages/language")
        if (el.text or "").strip()
    ]
    surveys = _table(root, "surveys")
    base = surveys[0].get("language").strip() if surveys else ""
    if surveys:
        for extra in surveys[0].get("additional_languages").split():
            if extra not in languages:
                languages.append(extra)
    if base and base not in languages:
        languages.insert(0, base)
    anonymized = bool(surveys) and surveys[0].get("anonymized").strip().upper() == "Y"

    groups: dict[int, LsGroup] = {}
    for row in _table(root, "groups"):
        gid = _int(row, "gid", name, "groups", problems)
        if gid is None:
            continue
        group = groups.get(gid)
        if group is None:
            order = _int(row, "group_order", name, "groups", problems) or 0
            group = groups[gid] = LsGroup(gid, order, row.get("grelevance").strip(), row.line)
        if "group_name" in row.values:
            group.texts[row.get("language") or base] = (
                row.get("group_name"),
                row.get("description"),
            )
    for row in _table(root, "group_l10ns"):
        gid = _int(row, "gid", name, "group_l10ns", problems)
        if gid is None:
            continue
        if gid not in groups:
            dropped.append(Dropped(f"<group_l10ns> gid {gid}", "gehört zu keiner Gruppe", row.line))
            continue
        groups[gid].texts[row.get("language") or base] = (
            row.get("group_name"),
            row.get("description"),
        )

    questions: dict[int, LsQuestion] = {}
    for element in ("questions", "subquestions"):
        for row in _table(root, element):
            qid = _int(row, "qid", name, element, problems)
            parent = (
                _int(row, "parent_qid", name, element, problems)
                if row.get("parent_qid").strip()
                else 0
            )
            # A subquestion's group is its parent's; some versions leave it empty.
            gid = (
                0
                if parent and not row.get("gid").strip()
                else _int(row, "gid", name, element, problems)
            )
            if qid is None or gid is None or parent is None:
                continue
            question = questions.get(qid)
            if question is None:
                question = questions[qid] = LsQuestion(
                    qid=qid,
                    parent=parent,
                    gid=gid,
                    type=row.get("type").strip(),
                    title=row.get("title").strip(),
                    other=row.get("other").strip().upper() == "Y",
                    mandatory=row.get("mandatory").strip().upper() == "Y",
                    order=_int(row, "question_order", name, element, problems) or 0,
                    scale=_int(row, "scale_id", name, element, problems) or 0,
                    relevance=row.get("relevance").strip(),
                    line=row.line,
                )
            if "question" in row.values:
                question.texts[row.get("language") or base] = (
                    row.get("question"),
                    row.get("help"),
                )
    for row in _table(root, "question_l10ns"):
        qid = _int(row, "qid", name, "question_l10ns", problems)
        if qid is None:
            continue
        if qid not in questions:
            dropped.append(
                Dropped(f"<question_l10ns> qid {qid}", "gehört zu keiner Frage", row.line)
            )
            continue
        questions[qid].texts[row.get("language") or base] = (
            row.get("question"),
            row.get("help"),
        )

    answers: dict[tuple[int, int, str], LsAnswer] = {}
    by_aid: dict[int, LsAnswer] = {}
    for row in _table(root, "answers"):
        qid = _int(row, "qid", name, "answers", problems)
        if qid is None:
            continue
        code = row.get("code").strip()
        scale = _int(row, "scale_id", name, "answers", problems) or 0
        key = (qid, scale, code)
        answer = answers.get(key)
        if answer is None:
            order = _int(row, "sortorder", name, "answers", problems) or 0
            answer = answers[key] = LsAnswer(qid, code, order, scale, row.line)
        if "answer" in row.values:
            answer.texts[row.get("language") or base] = row.get("answer")
        if row.get("aid").strip():
            aid = _int(row, "aid", name, "answers", problems)
            if aid is not None:
                by_aid[aid] = answer
    for row in _table(root, "answer_l10ns"):
        aid = _int(row, "aid", name, "answer_l10ns", problems)
        if aid is None:
            continue
        if aid not in by_aid:
            dropped.append(
                Dropped(f"<answer_l10ns> aid {aid}", "gehört zu keiner Antwortoption", row.line)
            )
            continue
        by_aid[aid].texts[row.get("language") or base] = row.get("answer")

    attributes: dict[int, dict[str, str]] = {}
    localized: dict[int, dict[tuple[str, str], str]] = {}
    for row in _table(root, "question_attributes"):
        qid = _int(row, "qid", name, "question_attributes", problems)
        if qid is None:
            continue
        attribute = row.get("attribute").strip()
        language = row.get("language").strip()
        if language:
            localized.setdefault(qid, {})[(attribute, language)] = row.get("value")
        else:
            attributes.setdefault(qid, {})[attribute] = row.get("value").strip()

    titles: dict[str, str] = {}
    welcome: dict[str, str] = {}
    for row in _table(root, "surveys_languagesettings"):
        language = row.get("surveyls_language").strip() or base
        titles[language] = row.get("surveyls_title")
        welcome[language] = row.get("surveyls_welcometext") or row.get("surveyls_description")
    if problems:
        raise ProblemsError(problems)
    if not languages:
        languages = sorted({lang for q in questions.values() for lang in q.texts}) or ["de"]
    return LsSurvey(
        name,
        languages,
        base or languages[0],
        anonymized,
        groups,
        questions,
        list(answers.values()),
        attributes,
        localized,
        titles,
        welcome,
        problems,
        dropped,
    )


# ---------------------------------------------------------------------------------------------
# Converting the model into our questionnaire


def plain_text(value: str) -> str:
    """LimeSurvey's HTML texts as plain text (paragraphs and line breaks kept)."""
    text = re.sub(r"(?i)<br\s*/?>", "\n", value)
    text = re.sub(r"(?i)</p\s*>", "\n\n", text)
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", text)
    text = re.sub(r"<[^>]*>", "", text)
    text = html.unescape(text).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def choose_language(survey: LsSurvey, wanted: str | None) -> str:
    """German first (``de``, then ``de-informal`` and other German variants), else the base."""
    if wanted:
        if wanted not in survey.languages:
            raise ProblemsError(
                [
                    Problem(
                        survey.file,
                        None,
                        None,
                        f"Die Umfrage hat keine Sprache „{wanted}“.",
                        f"Wählen Sie eine der Sprachen: {', '.join(survey.languages)}.",
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


def make_id(title: str, fallback: str) -> str:
    """A question id from a LimeSurvey code: lower case, digits, _; starting with a letter."""
    text = re.sub(r"[^a-z0-9_]+", "_", title.lower()).strip("_")
    if not text:
        text = fallback
    if not text[0].isalpha():
        text = f"q_{text}"
    return text[:60]


def make_code(code: str, fallback: str) -> str:
    text = re.sub(r"[^A-Za-z0-9_]+", "_", code).strip("_")
    if not text:
        text = fallback
    if not text[0].isalnum():
        text = f"c{text}"
    return text[:40]


@dataclass
class Reference:
    """What a LimeSurvey variable name (``Q1``, ``Q1_SQ001``) stands for in our questionnaire."""

    kind: str  # "question", "option" (of a multi), "item" (of a matrix), "other"
    qid: str
    code: str = ""


@dataclass
class Conversion:
    questionnaire: Questionnaire
    text: str
    plan: ImportPlan
    references: dict[str, Reference]
    """LimeSurvey variable names → our questions, for relevance and response columns."""
    response_columns: dict[str, Target]
    """LimeSurvey response export column names → where they go."""


class _Builder:
    """Walks the LimeSurvey model once and collects questions, references and drops."""

    def __init__(self, survey: LsSurvey, language: str) -> None:
        self.survey = survey
        self.language = language
        self.used_ids: set[str] = set()
        self.references: dict[str, Reference] = {}
        self.columns: dict[str, Target] = {}
        self.mapped: list[Mapped] = []
        self.dropped: list[Dropped] = list(survey.dropped)
        self.relevance: dict[str, tuple[str, int, str]] = {}
        """our qid → (LimeSurvey expression, line, LimeSurvey code)."""
        self.filters: dict[str, tuple[str, int, str]] = {}
        self.note = ""

    # texts ---------------------------------------------------------------------------------

    def pick(self, texts: dict[str, Any]) -> Any:
        if texts.get(self.language):
            return texts[self.language]
        if texts.get(self.survey.base_language):
            return texts[self.survey.base_language]
        return next((t for t in texts.values() if t), None)

    def question_text(self, q: LsQuestion) -> tuple[str, str]:
        picked = self.pick({k: v for k, v in q.texts.items() if v[0].strip()})
        if picked is None:
            return q.title, ""
        text, help_text = picked
        return plain_text(text) or q.title, plain_text(help_text or "")

    def answer_label(self, a: LsAnswer) -> str:
        picked = self.pick({k: v for k, v in a.texts.items() if v.strip()})
        return plain_text(picked or "") or a.code

    def localized(self, q: LsQuestion, attribute: str) -> str:
        values = self.survey.localized_attributes.get(q.qid, {})
        picked = self.pick(
            {lang: v for (name, lang), v in values.items() if name == attribute and v.strip()}
        )
        return plain_text(picked or "")

    def attribute(self, q: LsQuestion, name: str) -> str:
        return self.survey.attributes.get(q.qid, {}).get(name, "").strip()

    # ids -----------------------------------------------------------------------------------

    def new_id(self, title: str, fallback: str, source: str) -> str:
        base = make_id(title, fallback)
        qid = base
        n = 2
        while qid in self.used_ids:
            qid = f"{base[:56]}_{n}"
            n += 1
        self.used_ids.add(qid)
        if qid != base:
            self.mapped.append(Mapped(source, qid, f"umbenannt, weil „{base}“ schon vergeben ist"))
        return qid

    # the model -------------------------------------------------------------------------------

    def children(self, q: LsQuestion, scale: int | None = None) -> list[LsQuestion]:
        subs = [
            s
            for s in self.survey.questions.values()
            if s.parent == q.qid and (scale is None or s.scale == scale)
        ]
        return sorted(subs, key=lambda s: (s.order, s.qid))

    def answers_of(self, q: LsQuestion, scale: int = 0) -> list[LsAnswer]:
        found = [a for a in self.survey.answers if a.qid == q.qid and a.scale == scale]
        return sorted(found, key=lambda a: (a.order, a.code))

    def options(self, q: LsQuestion, answers: list[tuple[str, str]]) -> list[dict[str, Any]]:
        options: list[dict[str, Any]] = []
        seen: set[str] = set()
        for index, (code, label) in enumerate(answers, start=1):
            ours = make_code(code, f"a{index}")
            if ours in seen:
                self.dropped.append(
                    Dropped(
                        f"{q.title}: Antwortcode „{code}“",
                        f"doppelter Code (als „{ours}“) in derselben Frage; nur der erste wird übernommen",
                        q.line,
                    )
                )
                continue
            if ours != code:
                self.mapped.append(
                    Mapped(f"{q.title}: Code „{code}“", ours, "Code an unser Format angepasst")
                )
            seen.add(ours)
            options.append({"code": ours, "label": label})
        return options

    def coded(self, q: LsQuestion, scale: int = 0) -> list[tuple[str, str]]:
        return [(a.code, self.answer_label(a)) for a in self.answers_of(q, scale)]

    def sub_items(self, q: LsQuestion, scale: int = 0) -> list[tuple[str, str]]:
        return [(s.title, self.question_text(s)[0]) for s in self.children(q, scale)]

    def other_option(self, q: LsQuestion, taken: list[dict[str, Any]]) -> dict[str, Any]:
        label = self.localized(q, "other_replace_text") or "Sonstiges"
        # Not "other": a multi question's `<qid>.other` column is the free text already.
        code = OTHER_CODE
        while code in {o["code"] for o in taken}:
            code += "_"
        return {"code": code, "label": label, "other": True}

    # questions -------------------------------------------------------------------------------

    def convert(self, q: LsQuestion) -> list[dict[str, Any]]:
        """Our question(s) for one LimeSurvey question; [] if dropped (reason recorded)."""
        source = f"{q.title} ({TYPE_NAMES.get(q.type, q.type)})"
        if q.type in DROPPED_TYPES:
            self.dropped.append(Dropped(source, DROPPED_TYPES[q.type], q.line))
            return []
        if q.type not in TYPE_NAMES:
            self.dropped.append(
                Dropped(
                    f"{q.title} (Typ „{q.type}“)",
                    f"unbekannter LimeSurvey-Fragetyp „{q.type}“ (<questions>, qid {q.qid})",
                    q.line,
                )
            )
            return []
        self.note = ""
        text, help_text = self.question_text(q)
        base: dict[str, Any] = {"text": text}
        if help_text:
            base["help"] = help_text
        if q.mandatory:
            base["required"] = True
        built = self._by_type(q, source, base)
        kept: list[dict[str, Any]] = []
        for question in built:
            problem = _invalid(question)
            if problem:
                self.dropped.append(Dropped(source, problem, q.line))
                self.used_ids.discard(question["id"])
                continue
            kept.append(question)
        for sub in self.children(q):
            if kept and sub.relevance not in ("", "1", "true"):
                self.dropped.append(
                    Dropped(
                        f"Bedingung der Teilfrage {q.title}_{sub.title}: {sub.relevance}",
                        "Bedingungen einzelner Zeilen oder Optionen haben keine Entsprechung; sie werden immer gezeigt",
                        sub.line,
                    )
                )
        if kept:
            self.mapped.append(
                Mapped(source, ", ".join(f"{x['id']} ({x['type']})" for x in kept), self.note)
            )
            if q.relevance and q.relevance not in ("1", "true"):
                for question in kept:
                    self.relevance[question["id"]] = (q.relevance, q.line, q.title)
            if self.attribute(q, "array_filter") or self.attribute(q, "array_filter_exclude"):
                for question in kept:
                    self.filters[question["id"]] = (
                        self.attribute(q, "array_filter"),
                        q.line,
                        self.attribute(q, "array_filter_exclude"),
                    )
        return kept

    def _by_type(self, q: LsQuestion, source: str, base: dict[str, Any]) -> list[dict[str, Any]]:
        t = q.type
        if t in ("L", "!", "O", "5", "Y", "G"):
            return self._single(q, source, base)
        if t in ("M", "P"):
            return self._multi(q, source, base)
        if t in MATRIX_TYPES:
            return self._matrix(q, source, base)
        if t == "R":
            return self._ranking(q, source, base)
        if t == "N":
            qid = self.new_id(q.title, f"q{q.qid}", source)
            self.references[q.title] = Reference("question", qid)
            self.columns[q.title] = Target("cell", qid)
            return [{"id": qid, "type": "number", **base, **self._number_limits(q)}]
        if t in ("S", "T", "U", "D"):
            qid = self.new_id(q.title, f"q{q.qid}", source)
            self.references[q.title] = Reference("question", qid)
            self.columns[q.title] = Target("cell", qid)
            question: dict[str, Any] = {"id": qid, "type": "text", **base}
            if t in ("S", "D"):
                question["multiline"] = False
            if t == "D":
                self.note = "Datum als Text übernommen"
            maximum = self.attribute(q, "maximum_chars")
            if maximum.isdigit() and int(maximum) > 0:
                question["max_length"] = min(int(maximum), 100_000)
            return [question]
        if t in ("K", "Q"):
            return self._split(q, source, base)
        return []

    def _single(self, q: LsQuestion, source: str, base: dict[str, Any]) -> list[dict[str, Any]]:
        qid = self.new_id(q.title, f"q{q.qid}", source)
        answers = FIXED_OPTIONS.get(q.type) or self.coded(q)
        options = self.options(q, answers)
        if q.other and q.type in ("L", "!"):
            options.append(self.other_option(q, options))
            self.columns[f"{q.title}[other]"] = Target("cell", f"{qid}.other")
            self.columns[f"{q.title}_other"] = Target("cell", f"{qid}.other")
            self.references[f"{q.title}_other"] = Reference("other", qid)
        question: dict[str, Any] = {"id": qid, "type": "single", **base, "options": options}
        if q.type == "!":
            question["dropdown"] = True
        if q.type == "5":
            question["ordinal"] = True
        self.references[q.title] = Reference("question", qid)
        self.columns[q.title] = Target("cell", qid)
        result = [question]
        if q.type == "O":
            comment_id = self.new_id(f"{q.title}_comment", f"q{q.qid}_comment", source)
            result.append(
                {
                    "id": comment_id,
                    "type": "text",
                    "text": f"Kommentar zu: {base['text']}",
                }
            )
            self.columns[f"{q.title}[comment]"] = Target("cell", comment_id)
            self.columns[f"{q.title}_comment"] = Target("cell", comment_id)
            self.references[f"{q.title}_comment"] = Reference("question", comment_id)
        return result

    def _multi(self, q: LsQuestion, source: str, base: dict[str, Any]) -> list[dict[str, Any]]:
        qid = self.new_id(q.title, f"q{q.qid}", source)
        subs = self.children(q)
        options = self.options(q, self.sub_items(q))
        exclusive = {
            code.strip() for code in re.split(r"[;,]", self.attribute(q, "exclude_all_others"))
        }
        for option, sub in zip(options, subs, strict=False):
            if sub.title in exclusive:
                option["exclusive"] = True
            self.references[f"{q.title}_{sub.title}"] = Reference("option", qid, option["code"])
            self.columns[f"{q.title}[{sub.title}]"] = Target("cell", f"{qid}.{option['code']}")
            if q.type == "P":
                for form in (f"{q.title}[{sub.title}comment]", f"{q.title}_{sub.title}comment"):
                    self.columns[form] = Target("drop", note="Kommentar zur Auswahl")
        if q.other:
            options.append(self.other_option(q, options))
            self.columns[f"{q.title}[other]"] = Target("cell", f"{qid}.other")
            self.columns[f"{q.title}_other"] = Target("cell", f"{qid}.other")
            self.references[f"{q.title}_other"] = Reference("other", qid)
        if q.type == "P":
            self.dropped.append(
                Dropped(
                    f"{q.title}: Kommentare",
                    "Kommentare je Auswahl werden nicht übernommen",
                    q.line,
                )
            )
        question: dict[str, Any] = {"id": qid, "type": "multi", **base, "options": options}
        maximum = self.attribute(q, "max_answers")
        if maximum.isdigit() and int(maximum) > 0:
            question["max"] = int(maximum)
        self.references[q.title] = Reference("question", qid)
        return [question]

    def _matrix(self, q: LsQuestion, source: str, base: dict[str, Any]) -> list[dict[str, Any]]:
        scales = [0, 1] if q.type == "1" else [0]
        result = []
        for scale in scales:
            suffix = f"_{scale + 1}" if q.type == "1" else ""
            qid = self.new_id(f"{q.title}{suffix}", f"q{q.qid}{suffix}", source)
            answers = FIXED_SCALES.get(q.type) or self.coded(q, scale)
            items = self.options(q, self.sub_items(q, 0))
            question: dict[str, Any] = {
                "id": qid,
                "type": "matrix",
                **base,
                "items": [{"code": i["code"], "label": i["label"]} for i in items],
                "scale": self.options(q, answers),
            }
            if q.type == "1":
                header = self.localized(q, f"dualscale_header{'A' if scale == 0 else 'B'}")
                if header:
                    question["text"] = f"{base['text']} ({header})"
            if q.type in ("C", "F", "H", "1"):
                # Only the fixed numeric scales are known to be ordered.
                question["ordinal"] = False
            for item, sub in zip(items, self.children(q, 0), strict=False):
                if q.type == "1":
                    for form in (
                        f"{q.title}[{sub.title}][{scale + 1}]",
                        f"{q.title}[{sub.title}#{scale}]",
                        f"{q.title}_{sub.title}_{scale + 1}",
                        f"{q.title}_{sub.title}#{scale}",
                    ):
                        self.columns[form] = Target("cell", f"{qid}.{item['code']}")
                else:
                    self.columns[f"{q.title}[{sub.title}]"] = Target(
                        "cell", f"{qid}.{item['code']}"
                    )
                    self.references[f"{q.title}_{sub.title}"] = Reference("item", qid, item["code"])
            self.references[f"{q.title}{suffix}"] = Reference("question", qid)
            result.append(question)
        return result

    def _ranking(self, q: LsQuestion, source: str, base: dict[str, Any]) -> list[dict[str, Any]]:
        qid = self.new_id(q.title, f"q{q.qid}", source)
        answers = self.coded(q) or self.sub_items(q)
        options = self.options(q, answers)
        top = len(options)
        for name in ("max_answers", "max_subquestions"):
            value = self.attribute(q, name)
            if value.isdigit() and 0 < int(value) < top:
                top = int(value)
        for rank in range(1, len(options) + 1):
            for form in (f"{q.title}[{rank}]", f"{q.title}_{rank}"):
                self.columns[form] = Target("rank_at", qid, rank=rank)
        self.references[q.title] = Reference("question", qid)
        return [{"id": qid, "type": "ranking", **base, "options": options, "top": max(top, 1)}]

    def _split(self, q: LsQuestion, source: str, base: dict[str, Any]) -> list[dict[str, Any]]:
        result = []
        subs = self.children(q)
        for sub in subs:
            qid = self.new_id(f"{q.title}_{sub.title}", f"q{q.qid}_{sub.qid}", source)
            label = self.question_text(sub)[0]
            question: dict[str, Any] = {
                "id": qid,
                "type": "number" if q.type == "K" else "text",
                **base,
                "text": f"{base['text']} – {label}",
            }
            if q.type == "K":
                question.update(self._number_limits(q))
            else:
                question["multiline"] = False
            self.columns[f"{q.title}[{sub.title}]"] = Target("cell", qid)
            self.references[f"{q.title}_{sub.title}"] = Reference("question", qid)
            result.append(question)
        if not subs:
            self.dropped.append(Dropped(source, "hat keine Teilfragen", q.line))
        return result

    def _number_limits(self, q: LsQuestion) -> dict[str, Any]:
        limits: dict[str, Any] = {}
        for ours, theirs in (("min", "min_num_value_n"), ("max", "max_num_value_n")):
            value = self.attribute(q, theirs)
            try:
                limits[ours] = float(value) if "." in value else int(value)
            except ValueError:
                continue
        # LimeSurvey stores up to ten decimals; six (our maximum) keeps what people typed.
        limits["decimals"] = 0 if self.attribute(q, "num_value_int_only") == "1" else 6
        return limits


def _invalid(question: dict[str, Any]) -> str | None:
    """Why a built question is not valid in our format (None if it is)."""
    from pydantic import ValidationError

    model = QUESTION_TYPES[question["type"]]
    try:
        model.model_validate(question)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        if first["type"] == "too_short" and where in ("options", "scale", "items"):
            return {
                "options": "hat weniger Antwortoptionen als nötig (mindestens 2, Mehrfachauswahl 1)",
                "scale": "hat keine Skala mit mindestens 2 Werten",
                "items": "hat keine Zeilen (Teilfragen)",
            }[where]
        return f"ist in unserem Format nicht gültig ({where}: {first['msg']})"
    return None


# ---------------------------------------------------------------------------------------------
# Relevance equations → our conditions


class Untranslatable(Exception):
    """The expression is not a simple comparison; the message says why (German)."""


TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op>==|!=|<>|>=|<=|&&|\|\||[<>!()=,])
      | (?P<name>[A-Za-z_][A-Za-z0-9_#]*(?:\.[A-Za-z]+)?)
      | (?P<bad>\S)
    )""",
    re.VERBOSE,
)
WORD_OPS = {
    "and": "&&",
    "or": "||",
    "not": "!",
    "eq": "==",
    "ne": "!=",
    "gt": ">",
    "ge": ">=",
    "lt": "<",
    "le": "<=",
}
COMPARE = {
    "==": "equals",
    "!=": "not_equals",
    "<>": "not_equals",
    ">": "gt",
    ">=": "ge",
    "<": "lt",
    "<=": "le",
}
FLIP = {"==": "==", "!=": "!=", "<>": "<>", ">": "<", ">=": "<=", "<": ">", "<=": ">="}


def _tokens(expression: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for match in TOKEN.finditer(expression):
        kind = match.lastgroup
        value = match.group(kind) if kind else ""
        if kind == "bad":
            raise Untranslatable(f"Zeichen „{value}“ wird nicht übersetzt")
        if kind == "name" and value.lower() in WORD_OPS:
            kind, value = "op", WORD_OPS[value.lower()]
        if kind:
            tokens.append((kind, value))
    return tokens


class _Relevance:
    """A small recursive-descent reader for the part of LimeSurvey's expressions we can map."""

    def __init__(
        self,
        expression: str,
        references: dict[str, Reference],
        questions: dict[str, dict[str, Any]],
        earlier: set[str],
    ) -> None:
        cleaned = expression.strip()
        if cleaned.startswith("{") and cleaned.endswith("}"):
            cleaned = cleaned[1:-1]
        self.tokens = _tokens(cleaned)
        self.pos = 0
        self.references = references
        self.questions = questions
        self.earlier = earlier

    def parse(self) -> dict[str, Any] | None:
        if not self.tokens:
            return None
        result = self._or()
        if self.pos != len(self.tokens):
            raise Untranslatable(f"unerwartetes „{self.tokens[self.pos][1]}“")
        return result

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self, value: str | None = None) -> tuple[str, str]:
        token = self._peek()
        if token is None or (value is not None and token[1] != value):
            raise Untranslatable("unvollständiger Ausdruck")
        self.pos += 1
        return token

    def _or(self) -> Any:
        parts = [self._and()]
        while self._peek() == ("op", "||"):
            self._take()
            parts.append(self._and())
        if len(parts) == 1:
            return parts[0]
        if any(p is True for p in parts):
            return True
        return _collapse_any(parts)

    def _and(self) -> Any:
        parts = [self._unary()]
        while self._peek() == ("op", "&&"):
            self._take()
            parts.append(self._unary())
        parts = [p for p in parts if p is not True]
        if not parts:
            return True
        return parts[0] if len(parts) == 1 else {"all": parts}

    def _unary(self) -> Any:
        if self._peek() == ("op", "!"):
            self._take()
            inner = self._unary()
            if inner is True:
                raise Untranslatable("„nie anzeigen“ hat keine Entsprechung")
            if isinstance(inner, dict) and set(inner) == {"question", "answered"}:
                return {"question": inner["question"], "answered": not inner["answered"]}
            return {"not": inner}
        return self._primary()

    def _primary(self) -> Any:
        token = self._take()
        if token == ("op", "("):
            inner = self._or()
            self._take(")")
            return inner
        if token[0] == "name" and self._peek() == ("op", "("):
            return self._function(token[1])
        if (
            token[0] in ("number", "name")
            and token[1].lower() in ("1", "true")
            and (
                self._peek() is None or self._peek()[1] in (")", "&&", "||")  # type: ignore[index]
            )
        ):
            return True
        operator = self._peek()
        if operator is None or operator[1] not in COMPARE:
            raise Untranslatable(f"„{token[1]}“ ist kein Vergleich")
        self._take()
        right = self._take()
        if token[0] == "name" and right[0] != "name":
            return self._compare(token[1], operator[1], right)
        if right[0] == "name" and token[0] != "name":
            return self._compare(right[1], FLIP[operator[1]], token)
        raise Untranslatable("Vergleich zweier Fragen oder zweier Werte")

    def _function(self, name: str) -> Any:
        if name.lower() != "is_empty":
            raise Untranslatable(f"Funktion „{name}“ wird nicht übersetzt")
        self._take("(")
        variable = self._take()
        self._take(")")
        if variable[0] != "name":
            raise Untranslatable("is_empty ohne Frage")
        reference = self._resolve(variable[1])
        if reference.kind == "option":
            return {"not": {"question": reference.qid, "contains": reference.code}}
        if reference.kind != "question":
            raise Untranslatable(f"„{variable[1]}“ lässt sich nicht auf Beantwortung prüfen")
        return {"question": reference.qid, "answered": False}

    def _resolve(self, name: str) -> Reference:
        base = re.sub(r"\.(NAOK|code|value)$", "", name, flags=re.IGNORECASE)
        if "." in base:
            raise Untranslatable(
                f"„{name}“ (Eigenschaft {name.split('.', 1)[1]}) wird nicht übersetzt"
            )
        reference = self.references.get(base)
        if reference is None:
            raise Untranslatable(f"„{base}“ ist keine übernommene Frage")
        if reference.qid not in self.earlier:
            raise Untranslatable(f"„{base}“ steht nicht vor dieser Frage")
        return reference

    def _compare(self, name: str, operator: str, literal: tuple[str, str]) -> Any:
        reference = self._resolve(name)
        value = literal[1]
        if literal[0] == "string":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        question = self.questions[reference.qid]
        kind = question["type"]
        op = COMPARE[operator]
        if reference.kind == "option":
            chosen = value.upper() == "Y"
            if op == "equals" and value in ("Y", ""):
                wanted = chosen
            elif op == "not_equals" and value in ("Y", ""):
                wanted = not chosen
            else:
                raise Untranslatable(f"Vergleich einer Mehrfachauswahl mit „{value}“")
            condition = {"question": reference.qid, "contains": reference.code}
            return condition if wanted else {"not": condition}
        if reference.kind != "question":
            raise Untranslatable(f"„{name}“ (Matrixzeile oder Freitext) wird nicht übersetzt")
        if value == "" and op in ("equals", "not_equals"):
            return {"question": reference.qid, "answered": op == "not_equals"}
        if kind == "number":
            try:
                number = float(value)
            except ValueError:
                raise Untranslatable(f"„{value}“ ist keine Zahl") from None
            return {"question": reference.qid, op: int(number) if number.is_integer() else number}
        if kind == "single":
            if op not in ("equals", "not_equals"):
                raise Untranslatable("Größenvergleich bei einer Auswahlfrage")
            codes = [o["code"] for o in question["options"]]
            if value == "-oth-" and OTHER_CODE in codes:
                value = OTHER_CODE
            if literal[0] == "number" and value.endswith(".0"):
                value = value[:-2]
            if value not in codes:
                raise Untranslatable(f"„{value}“ ist kein Antwortcode von „{reference.qid}“")
            return {"question": reference.qid, op: value}
        raise Untranslatable(f"Vergleich bei einer Frage vom Typ {kind}")


def _collapse_any(parts: list[Any]) -> dict[str, Any]:
    """``Q1 == "a" or Q1 == "b"`` reads better as ``in: [a, b]``."""
    if all(isinstance(p, dict) and set(p) == {"question", "equals"} for p in parts):
        questions = {p["question"] for p in parts}
        if len(questions) == 1 and all(isinstance(p["equals"], str) for p in parts):
            return {"question": questions.pop(), "in": [p["equals"] for p in parts]}
    return {"any": parts}


def translate_relevance(
    expression: str,
    references: dict[str, Reference],
    questions: dict[str, dict[str, Any]],
    earlier: set[str],
) -> dict[str, Any] | None:
    """Our condition for a LimeSurvey relevance equation; None if always shown.

    Raises Untranslatable (with the reason) where the equation is more than comparisons of
    earlier questions with values, joined by and/or/not.
    """
    result = _Relevance(expression, references, questions, earlier).parse()
    if result is True or result is None:
        return None
    return dict(result)


# ---------------------------------------------------------------------------------------------
# The whole conversion


def convert_lss(
    data: bytes,
    name: str,
    *,
    wave: str | None = None,
    language: str | None = None,
    survey: str | None = None,
) -> Conversion:
    """A LimeSurvey structure as our questionnaire, with the plan of what went where."""
    model = read_lss(data, name)
    chosen = choose_language(model, language)
    builder = _Builder(model, chosen)
    for other in model.languages:
        if other != chosen:
            builder.dropped.append(
                Dropped(
                    f"Sprache „{other}“",
                    f"der Fragebogen hält eine Sprache; übernommen wird „{chosen}“",
                )
            )
    sections: list[dict[str, Any]] = []
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
                    name,
                    q.line,
                    None,
                    f"<questions>: Die Frage {q.title} (qid {q.qid}) gehört zur Gruppe {q.gid}, die es nicht gibt.",
                    "Die Datei ist unvollständig; exportieren Sie die Umfragestruktur erneut.",
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
    group_relevance: dict[str, tuple[str, int]] = {}
    for index, group in enumerate(sorted(model.groups.values(), key=lambda g: (g.order, g.gid))):
        picked = builder.pick({k: v for k, v in group.texts.items() if v[0].strip()})
        title = plain_text(picked[0]) if picked else ""
        intro = plain_text(picked[1] or "") if picked else ""
        questions: list[dict[str, Any]] = []
        tops = sorted(
            (q for q in model.questions.values() if q.gid == group.gid and not q.parent),
            key=lambda q: (q.order, q.qid),
        )
        for q in tops:
            questions.extend(builder.convert(q))
        section_id = f"G{index + 1}"
        if not questions:
            if tops:
                builder.dropped.append(
                    Dropped(
                        f"Gruppe „{title or group.gid}“",
                        "enthält keine übernehmbare Frage",
                        group.line,
                    )
                )
            continue
        section: dict[str, Any] = {"id": section_id, "title": title or f"Abschnitt {index + 1}"}
        if intro:
            section["intro"] = intro
        section["questions"] = questions
        if group.relevance and group.relevance not in ("1", "true"):
            group_relevance[section_id] = (group.relevance, group.line)
        sections.append(section)
    if not sections:
        raise ProblemsError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "Die Umfrage enthält keine Frage, die sich übernehmen lässt.",
                    "Die folgenden Einträge nennen für jede Frage den Grund.",
                ),
                *(
                    Problem(
                        name,
                        d.line,
                        None,
                        f"Nicht übernommen: {d.source}: {d.reason}.",
                        "Passen Sie die Umfrage in LimeSurvey an oder legen Sie den Fragebogen selbst an.",
                    )
                    for d in builder.dropped
                    if d.line is not None
                ),
            ]
        )
    _conditions(builder, sections, group_relevance)
    title = plain_text(builder.pick({k: v for k, v in model.titles.items() if v.strip()}) or "")
    title = title or "LimeSurvey-Umfrage"
    wave_id = wave or _wave_from_title(title)
    document: dict[str, Any] = {"wave": wave_id, "title": title, "language": chosen}
    welcome = plain_text(builder.pick({k: v for k, v in model.welcome.items() if v.strip()}) or "")
    if welcome:
        document["intro"] = welcome
    if model.anonymized:
        document["anonymous"] = True
    document["sections"] = sections
    text = dump_questionnaire(document, name)
    questionnaire = _checked(text, name)
    plan = ImportPlan(
        file=name,
        kind=KIND_STRUCTURE,
        survey=survey,
        wave=wave_id,
        questionnaire=questionnaire,
        questionnaire_text=text,
        mapped=builder.mapped,
        dropped=builder.dropped,
    )
    return Conversion(questionnaire, text, plan, builder.references, builder.columns)


def _conditions(
    builder: _Builder, sections: list[dict[str, Any]], group_relevance: dict[str, tuple[str, int]]
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
    builder: _Builder, question: dict[str, Any], earlier: set[str], by_id: dict[str, Any]
) -> None:
    include, line, exclude = builder.filters[question["id"]]
    if include:
        reference = builder.references.get(include.split(";")[0].strip())
        source = by_id.get(reference.qid) if reference else None
        if (
            question["type"] == "ranking"
            and reference is not None
            and ";" not in include
            and source is not None
            and source["type"] == "multi"
            and reference.qid in earlier
            and {o["code"] for o in question["options"]} <= {o["code"] for o in source["options"]}
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


# ---------------------------------------------------------------------------------------------
# Response exports


VV_ESCAPES = {
    "{question_not_shown}": "",
    "{quote}": '"',
    "{cr}": "\r",
    "{newline}": "\n",
    "{lbrk}": "\n",
    "{tab}": "\t",
}


def is_limesurvey_export(columns: list[str]) -> bool:
    return "submitdate" in columns and ("id" in columns or "lastpage" in columns)


def looks_like_responses(data: bytes) -> bool:
    """Whether a CSV is a LimeSurvey response export (its meta columns give it away)."""
    text, _ = decode(data[:65536])
    lines = text.splitlines()[:2]
    header = " ".join(lines).replace('"', "")
    columns = set(re.split(r"[,;\t]", header))
    return "submitdate" in columns and ("id" in columns or "lastpage" in columns)


def read_responses(data: bytes, name: str) -> SourceTable:
    """A LimeSurvey response export: CSV (question codes as headings) or a VV file."""
    text, _encoding = decode(data)
    lines = text.split("\n", 2)
    if len(lines) >= 2 and "\t" in lines[0] and lines[1].split("\t")[0].strip('"') == "id":
        return _read_vv(text, name)
    table = parse_table(data, name)
    return SourceTable(
        name, KIND_RESPONSES, list(table.header), list(table.rows), list(table.lines)
    )


def _read_vv(text: str, name: str) -> SourceTable:
    """The VV file: tab-separated, labels in line 1, names in line 2, LimeSurvey's escapes."""
    problems = ProblemList()
    raw_lines = text.split("\n")
    header = [c.strip().strip('"') for c in raw_lines[1].rstrip("\r").split("\t")]
    rows: list[dict[str, str]] = []
    numbers: list[int] = []
    for number, line in enumerate(raw_lines[2:], start=3):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            problems.append(
                Problem(
                    name,
                    number,
                    None,
                    f"Die Zeile hat {len(cells)} Felder, die Kopfzeile (Zeile 2) {len(header)}.",
                    "Die VV-Datei ist beschädigt; exportieren Sie sie erneut.",
                )
            )
            continue
        values = []
        for cell in cells:
            for escape, replacement in VV_ESCAPES.items():
                cell = cell.replace(escape, replacement)
            values.append(cell)
        rows.append(dict(zip(header, values, strict=True)))
        numbers.append(number)
    if problems:
        raise ProblemsError(problems)
    return SourceTable(name, f"{KIND_RESPONSES} (VV-Datei)", header, rows, numbers)


def response_resolver(
    questionnaire: Questionnaire, columns: dict[str, Target] | None = None
) -> Any:
    """LimeSurvey's column names → ours: from a conversion if known, else by the naming rule."""
    known = dict(columns or {})
    if not known:
        known = _columns_by_rule(questionnaire)
    lower = {k.lower(): v for k, v in known.items()}

    def resolve(column: str) -> Target | Dropped | None:
        if column == "submitdate":
            return Target("submitted_at", note="LimeSurvey submitdate")
        if column == "token":
            return Target(
                "token", note="Organisation laut tokens: der Zuordnungsdatei; ohne diese anonym"
            )
        if column in LS_META:
            return Dropped(column, LS_META[column])
        # Question columns first: a question may well be called "Freetime".
        target = known.get(column) or lower.get(column.lower())
        if target is not None:
            return (
                Dropped(column, target.note or "nicht übernommen")
                if target.role == "drop"
                else target
            )
        if re.fullmatch(r"(?i)(groupTime\d+|.*Time)", column):
            return Dropped(column, "Bearbeitungszeit (LimeSurvey)")
        if re.fullmatch(r"\d+X\d+X\d+.*", column):
            return Dropped(
                column,
                "SGQA-Spaltenname; exportieren Sie die Antworten mit Fragecodes als Überschrift",
            )
        if re.fullmatch(r".+\[.*comment\]|.+_.*comment", column):
            return Dropped(column, "Kommentar zu einer Auswahl (LimeSurvey), nicht übernommen")
        return None

    return resolve


def _columns_by_rule(questionnaire: Questionnaire) -> dict[str, Target]:
    """Response columns for a questionnaire that was converted earlier (ids = lower-cased codes)."""
    columns: dict[str, Target] = {}
    for q in questionnaire.questions():
        if isinstance(q, SingleQuestion | NumberQuestion | TextQuestion):
            columns[q.id] = Target("cell", q.id)
            if isinstance(q, SingleQuestion) and q.other_option():
                columns[f"{q.id}[other]"] = Target("cell", f"{q.id}.other")
            if q.id.endswith("_comment"):
                columns[f"{q.id[: -len('_comment')]}[comment]"] = Target("cell", q.id)
            head, _, tail = q.id.rpartition("_")
            if head and tail:
                columns.setdefault(f"{head}[{tail}]", Target("cell", q.id))
        elif isinstance(q, MultiQuestion):
            for code in q.codes():
                if q.option(code) and q.option(code).other:  # type: ignore[union-attr]
                    continue
                columns[f"{q.id}[{code}]"] = Target("cell", f"{q.id}.{code}")
            if q.other_option():
                columns[f"{q.id}[other]"] = Target("cell", f"{q.id}.other")
        elif isinstance(q, MatrixQuestion):
            head, _, tail = q.id.rpartition("_")
            for item in q.item_codes():
                columns[f"{q.id}[{item}]"] = Target("cell", f"{q.id}.{item}")
                if head and tail in ("1", "2"):
                    columns[f"{head}[{item}][{tail}]"] = Target("cell", f"{q.id}.{item}")
        elif isinstance(q, RankingQuestion):
            for rank in range(1, len(q.options) + 1):
                columns[f"{q.id}[{rank}]"] = Target("rank_at", q.id, rank=rank)
                columns[f"{q.id}_{rank}"] = Target("rank_at", q.id, rank=rank)
    return columns
