"""LimeSurvey: a survey structure (``.lss``, tab-separated ``.txt``, ``.lsa`` archive) → our
questionnaire; a response export (CSV, VV, ``.lsr``) → responses.

One module per concern, each testable alone:

- :mod:`.xmlread`: the XML reader (``.lss``, ``.lsr``) into plain dataclasses, with lines;
- :mod:`.txtread`: the tab-separated structure export into the same dataclasses;
- :mod:`.expressions`: relevance equations → our conditions; expressions and markup in texts;
- :mod:`.typemap`: LimeSurvey type codes → our question types, built-in labels per language;
- :mod:`.questions`: one LimeSurvey question → our question(s), with plan notes;
- :mod:`.types`: one module per question type of ours: what it builds from LimeSurvey, how
  relevance equations compare with its answers, its response columns;
- :mod:`.convert`: assembling the questionnaire (sections, conditions) and the plan;
- :mod:`.responses`: response files and their column names;
- :mod:`.archive`: ``.lsa`` archives (structure and responses in one zip).
"""

from __future__ import annotations

from umfrage.importers.limesurvey.convert import (
    Conversion,
    choose_language,
    convert_lss,
    convert_survey,
    dump_questionnaire,
    make_code,
    make_id,
)
from umfrage.importers.limesurvey.expressions import (
    Reference,
    Untranslatable,
    plain_text,
    translate_relevance,
)
from umfrage.importers.limesurvey.responses import (
    LS_META,
    SGQA,
    VV_ESCAPES,
    is_limesurvey_export,
    looks_like_responses,
    read_lsr,
    read_responses,
    response_resolver,
)
from umfrage.importers.limesurvey.typemap import (
    DROPPED_TYPES,
    FIXED_OPTIONS,
    FIXED_SCALES,
    KIND_ARCHIVE,
    KIND_RESPONSES,
    KIND_STRUCTURE,
    OTHER_CODE,
    TYPE_NAMES,
)
from umfrage.importers.limesurvey.types.matrix import LETTERS as MATRIX_TYPES
from umfrage.importers.limesurvey.xmlread import (
    LsAnswer,
    LsGroup,
    LsQuestion,
    LsRow,
    LsSurvey,
    parse_xml,
    read_lss,
)

__all__ = [
    "DROPPED_TYPES",
    "FIXED_OPTIONS",
    "FIXED_SCALES",
    "KIND_ARCHIVE",
    "KIND_RESPONSES",
    "KIND_STRUCTURE",
    "LS_META",
    "MATRIX_TYPES",
    "OTHER_CODE",
    "SGQA",
    "TYPE_NAMES",
    "VV_ESCAPES",
    "Conversion",
    "LsAnswer",
    "LsGroup",
    "LsQuestion",
    "LsRow",
    "LsSurvey",
    "Reference",
    "Untranslatable",
    "choose_language",
    "convert_lss",
    "convert_survey",
    "dump_questionnaire",
    "is_limesurvey_export",
    "looks_like_responses",
    "make_code",
    "make_id",
    "parse_xml",
    "plain_text",
    "read_lsr",
    "read_lss",
    "read_responses",
    "response_resolver",
    "translate_relevance",
]
