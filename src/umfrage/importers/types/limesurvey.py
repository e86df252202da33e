"""The LimeSurvey response columns of each question type of a questionnaire converted earlier
(ids = lower-cased LimeSurvey codes); the type modules of this package call these."""

from __future__ import annotations

from typing import Any


def cell_columns(q: Any, columns: dict[str, Any]) -> None:
    """One column (single, number, text), plus ``[other]`` and ``[comment]`` forms."""
    from umfrage.importers.tabular import Target  # tabular imports this package

    columns[q.id] = Target("cell", q.id)
    if getattr(q, "other_option", None) and q.other_option():
        columns[f"{q.id}[other]"] = Target("cell", f"{q.id}.other")
    if q.id.endswith("_comment"):
        columns[f"{q.id[: -len('_comment')]}[comment]"] = Target("cell", q.id)
    head, _, tail = q.id.rpartition("_")
    if head and tail:
        columns.setdefault(f"{head}[{tail}]", Target("cell", q.id))


def multi_columns(q: Any, columns: dict[str, Any]) -> None:
    from umfrage.importers.tabular import Target

    for code in q.codes():
        if q.option(code) and q.option(code).other:
            continue
        columns[f"{q.id}[{code}]"] = Target("cell", f"{q.id}.{code}")
    if q.other_option():
        columns[f"{q.id}[other]"] = Target("cell", f"{q.id}.other")


def matrix_columns(q: Any, columns: dict[str, Any]) -> None:
    from umfrage.importers.tabular import Target

    head, _, tail = q.id.rpartition("_")
    for item in q.item_codes():
        columns[f"{q.id}[{item}]"] = Target("cell", f"{q.id}.{item}")
        if head and tail in ("1", "2"):
            columns[f"{head}[{item}][{tail}]"] = Target("cell", f"{q.id}.{item}")


def ranking_columns(q: Any, columns: dict[str, Any]) -> None:
    from umfrage.importers.tabular import Target

    for rank in range(1, len(q.options) + 1):
        columns[f"{q.id}[{rank}]"] = Target("rank_at", q.id, rank=rank)
        columns[f"{q.id}_{rank}"] = Target("rank_at", q.id, rank=rank)
