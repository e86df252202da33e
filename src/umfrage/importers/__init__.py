"""Importing earlier waves and other tools' files: LimeSurvey, SPSS/Stata, Excel, CSV.

Two steps, so that people see what will happen before anything happens:

1. :func:`plan_file` reads a file (pure Python, no database) and returns an
   :class:`~umfrage.importers.plan.ImportPlan`: the questionnaire to create, the checked
   responses, what maps where, what is dropped and why. Any problem raises ProblemsError naming
   file, line (or element) and reason; nothing is half-read.
2. :func:`umfrage.importers.database.apply_plan` stores a plan in one transaction; a re-import of
   the same file changes nothing (see docs/importing.md for the keys).

One module per source format (``limesurvey``, ``spss``, ``tabular``), each turning its file into
the same :class:`~umfrage.importers.tabular.SourceTable` for responses.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from umfrage.importers import limesurvey, spss, tabular
from umfrage.importers.limesurvey.archive import read_archive, sgqa_aliases
from umfrage.importers.limesurvey.txtread import looks_like_tsv_structure, read_tsv
from umfrage.importers.limesurvey.typemap import KIND_STRUCTURE_TXT
from umfrage.importers.mapping import Mapping
from umfrage.importers.plan import Dropped, ImportPlan
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.responses import META_COLUMNS, parse_responses_csv
from umfrage.surveyfolder.tables import DELIMITERS, check_size, decode

REFUSED = {
    ".por": (
        "SPSS-Portable-Dateien (.por) werden nicht unterstützt; speichern Sie in SPSS als .sav.",
        "Öffnen Sie die Datei in SPSS (oder PSPP) und speichern Sie sie als .sav-Datei.",
    ),
}
"""File kinds refused by name, instead of being misread as CSV: suffix → (message, fix)."""

STRUCTURE = "structure"
RESPONSES = "responses"


def detect(path: Path) -> str:
    """Whether a file describes a questionnaire (``structure``) or holds responses."""
    suffix = path.suffix.lower()
    if suffix in (".lss", ".xml", ".lsa"):
        return STRUCTURE
    if suffix == ".txt" and _is_tsv_structure(path):
        return STRUCTURE
    return RESPONSES


def _is_tsv_structure(path: Path) -> bool:
    """A ``.txt`` is LimeSurvey's tab-separated structure export, or else a response file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return looks_like_tsv_structure(head)


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ProblemsError(
            [
                Problem(
                    file=str(path),
                    line=None,
                    question=None,
                    message="Die Datei fehlt.",
                    fix="Prüfen Sie den Pfad.",
                )
            ]
        ) from None
    except OSError as exc:
        raise ProblemsError(
            [
                Problem(
                    file=str(path),
                    line=None,
                    question=None,
                    message=f"Die Datei kann nicht gelesen werden ({exc.strerror}).",
                    fix="Prüfen Sie Pfad und Zugriffsrechte.",
                )
            ]
        ) from None


def plan_structure(
    path: Path,
    *,
    survey: str | None = None,
    wave: str | None = None,
    language: str | None = None,
) -> limesurvey.Conversion:
    """A LimeSurvey structure file (``.lss``, or the one in an ``.lsa``) and its plan."""
    if path.suffix.lower() == ".lsa":
        archive = read_archive(read_bytes(path), str(path))
        model = limesurvey.read_lss(archive.structure, archive.structure_name)
        conversion = limesurvey.convert_survey(
            model, wave=wave, language=language, survey=survey, kind=limesurvey.KIND_ARCHIVE
        )
        conversion.plan.file = str(path)
        conversion.plan.dropped.extend(
            Dropped(member, reason) for member, reason in archive.ignored
        )
        conversion.archive_responses = archive.responses is not None
        if archive.responses is None:
            conversion.plan.dropped.append(
                Dropped(
                    str(path), "enthält keine Antworten (.lsr); nur der Fragebogen wird angelegt"
                )
            )
        return conversion
    if path.suffix.lower() == ".txt":
        model = read_tsv(read_bytes(path), str(path))
        return limesurvey.convert_survey(
            model, wave=wave, language=language, survey=survey, kind=KIND_STRUCTURE_TXT
        )
    return limesurvey.convert_lss(
        read_bytes(path), str(path), wave=wave, language=language, survey=survey
    )


def plan_responses(
    path: Path,
    questionnaire: Questionnaire,
    *,
    mapping: Mapping,
    organisations: Collection[str] | None,
    survey: str | None = None,
    wave: str | None = None,
    conversion: limesurvey.Conversion | None = None,
    plan: ImportPlan | None = None,
) -> ImportPlan:
    """A response file of any supported format as checked records for ``questionnaire``."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix in REFUSED:
        message, fix = REFUSED[suffix]
        raise ProblemsError(
            [Problem(file=name, line=None, question=None, message=message, fix=fix)]
        )
    if suffix in (".lsa", ".lsr"):
        source = _limesurvey_xml_responses(path, name)
    elif suffix in spss.KINDS or suffix in (".xlsx", ".xlsm"):
        source = _binary_source(path, name, suffix)
    else:
        check_size(path, name)  # the table reader's size limit, before the file is read whole
        data = read_bytes(path)
        if limesurvey.looks_like_responses(data):
            source = limesurvey.read_responses(data, name)
        elif _is_our_layout(data) and not mapping.columns:
            result = parse_responses_csv(data, name, questionnaire, organisations)
            plan = plan or ImportPlan(name, "responses.csv", survey, wave)
            plan.records = result.records
            plan.warnings.extend(result.warnings)
            return plan
        else:
            source = tabular.read_csv_source(data, name)
    resolver = spss.resolver(questionnaire, path) if suffix in spss.KINDS else None
    if limesurvey.is_limesurvey_export(source.columns):
        # LimeSurvey also exports to Excel and SPSS, with the same column names.
        resolver = limesurvey.response_resolver(
            questionnaire, conversion.response_columns if conversion else None
        )
        if not source.kind.startswith(limesurvey.KIND_RESPONSES):
            source.kind = f"{limesurvey.KIND_RESPONSES} ({source.kind})"
    plan = plan or ImportPlan(name, source.kind, survey, wave)
    return tabular.records_from_source(
        source, questionnaire, mapping, organisations, resolver=resolver, plan=plan
    )


def _binary_source(path: Path, name: str, suffix: str) -> tabular.SourceTable:
    if not path.exists():
        read_bytes(path)
    if suffix in spss.KINDS:
        return spss.read_source(path, name)
    return tabular.read_xlsx_source(path, name)


def _limesurvey_xml_responses(path: Path, name: str) -> tabular.SourceTable:
    """The responses of an ``.lsa`` archive (names from its structure) or a bare ``.lsr``."""
    data = read_bytes(path)
    if path.suffix.lower() == ".lsr":
        source = limesurvey.read_lsr(data, name)
        sgqa = [c for c in source.columns if limesurvey.SGQA.fullmatch(c)]
        if sgqa:
            raise ProblemsError(
                [
                    Problem(
                        file=name,
                        line=None,
                        question=None,
                        message=f"Die .lsr-Datei nennt die Fragen nur mit SGQA-Namen (z. B. „{sgqa[0]}“); ohne die Umfragestruktur lassen sie sich nicht zuordnen.",
                        fix="Importieren Sie das ganze LimeSurvey-Archiv (.lsa) oder einen CSV-Export mit Fragecodes.",
                    )
                ]
            )
        return source
    archive = read_archive(data, name)
    if archive.responses is None or archive.responses_name is None:
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=None,
                    question=None,
                    message="Das Archiv enthält keine Antworten (.lsr).",
                    fix="Exportieren Sie das Archiv einer aktivierten Umfrage mit Antworten.",
                )
            ]
        )
    model = limesurvey.read_lss(archive.structure, archive.structure_name)
    aliases = sgqa_aliases(model, model.sid)
    return limesurvey.read_lsr(archive.responses, archive.responses_name, aliases)


def _is_our_layout(data: bytes) -> bool:
    text, _ = decode(data[:65536])
    first = text.split("\n", 1)[0].replace('"', "").strip()
    for separator in DELIMITERS:
        columns = [c.strip() for c in first.split(separator)]
        if columns[:3] == META_COLUMNS:
            return True
    return False
