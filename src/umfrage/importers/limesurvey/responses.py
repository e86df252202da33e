"""LimeSurvey's response exports → a :class:`SourceTable`; its column names → ours.

Read here: the CSV export (question codes as headings), the VV file (tab-separated, LimeSurvey's
escapes) and the XML response file ``.lsr`` (``<document><responses><rows><row>``, one child
element per column, as found in ``.lsa`` archives).
"""

from __future__ import annotations

import re
from typing import Any

from umfrage.importers.limesurvey.typemap import KIND_RESPONSES
from umfrage.importers.limesurvey.types import module_for
from umfrage.importers.plan import Dropped
from umfrage.importers.tabular import SourceTable, Target
from umfrage.questionnaire.problems import Problem, ProblemList, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.csvio import decode, parse_table

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
                    file=name,
                    line=number,
                    question=None,
                    message=f"Die Zeile hat {len(cells)} Felder, die Kopfzeile (Zeile 2) {len(header)}.",
                    fix="Die VV-Datei ist beschädigt; exportieren Sie sie erneut.",
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
        module_for(q.type_name).response_columns(q, columns)
    return columns


# ---------------------------------------------------------------------------------------------
# The XML response file (.lsr)

SGQA = re.compile(r"_?\d+X\d+X\d+.*")


def read_lsr(data: bytes, name: str, aliases: dict[str, str] | None = None) -> SourceTable:
    """LimeSurvey's XML response export: one ``<row>`` per response, one element per column.

    Columns are SGQA names (``_123456X1X2SQ001``: XML names cannot start with a digit);
    ``aliases`` (from :func:`sgqa_aliases` of the survey's structure) turns them into the
    question-code names of the CSV export, which the resolver knows.
    """
    from umfrage.importers.limesurvey.xmlread import line_of, parse_xml

    again = "Exportieren Sie die Antworten in LimeSurvey erneut (als .lsa-Archiv)."
    root = parse_xml(data, name, again=again, export="die Antworten")
    doc_type = (root.findtext("LimeSurveyDocType") or "").strip()
    rows_element = root.find("responses/rows")
    if root.tag != "document" or doc_type != "Responses" or rows_element is None:
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=line_of(root),
                    question=None,
                    message="Das ist keine LimeSurvey-Antwortdatei (.lsr mit <responses>).",
                    fix="Exportieren Sie die Umfrage in LimeSurvey als Archiv (.lsa).",
                )
            ]
        )
    fields = [(f.text or "").strip() for f in root.findall("responses/fields/fieldname")]
    rename = aliases or {}

    def column(raw: str) -> str:
        plain = raw[1:] if raw.startswith("_") and SGQA.fullmatch(raw) else raw
        return rename.get(plain, plain)

    columns = [column(f) for f in fields]
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    for row in rows_element.findall("row"):
        values = {column(child.tag): (child.text or "") for child in row}
        for extra in values:
            if extra not in columns:
                columns.append(extra)
        rows.append(values)
        lines.append(line_of(row))
    return SourceTable(name, f"{KIND_RESPONSES} (.lsr)", columns, rows, lines, letters=False)
