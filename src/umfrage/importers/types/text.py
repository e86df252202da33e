"""``text`` in imports: the text as it stands (plus its coding column, if any)."""

from __future__ import annotations

from typing import Any

from umfrage.importers.types.base import as_is, fill_nothing, no_rank_code
from umfrage.importers.types.limesurvey import cell_columns

cell = as_is
fill_unchosen = fill_nothing
rank_code = no_rank_code


limesurvey_columns = cell_columns


def column_role(question: Any) -> str:
    return "text"


def spss_numeric(question: Any) -> bool:
    return False


def spss_labels(question: Any, numeric: bool) -> dict[Any, str]:
    return {}
