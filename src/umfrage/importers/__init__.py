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
from umfrage.importers.mapping import Mapping
from umfrage.importers.plan import ImportPlan
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.responses import META_COLUMNS, parse_responses_csv

STRUCTURE = "structure"
RESPONSES = "responses"


def detect(path: Path) -> str:
    """Whether a file describes a questionnaire (``structure``) or holds responses."""
    suffix = path.suffix.lower()
    if suffix in (".lss", ".xml"):
        return STRUCTURE
    return RESPONSES


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ProblemsError(
            [Problem(str(path), None, None, "Die Datei fehlt.", "Prüfen Sie den Pfad.")]
        ) from None
    except OSError as exc:
        raise ProblemsError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    f"Die Datei kann nicht gelesen werden ({exc.strerror}).",
                    "Prüfen Sie Pfad und Zugriffsrechte.",
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
    """A LimeSurvey structure file as a questionnaire and its plan."""
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
    if suffix in spss.KINDS or suffix in (".xlsx", ".xlsm"):
        if not path.exists():
            read_bytes(path)
        if suffix in spss.KINDS:
            source = spss.read_source(path, name)
        else:
            source = tabular.read_xlsx_source(path, name)
    else:
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


def _is_our_layout(data: bytes) -> bool:
    from umfrage.surveyfolder.csvio import decode

    text, _ = decode(data[:65536])
    first = text.split("\n", 1)[0].replace('"', "").strip()
    for separator in (",", ";"):
        columns = [c.strip() for c in first.split(separator)]
        if columns[:3] == META_COLUMNS:
            return True
    return False
