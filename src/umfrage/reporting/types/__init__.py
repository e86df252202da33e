"""Reporting per question type, one module each, all satisfying :class:`base.ReportType`.

A module gives the type's result table (``main_tables``), its key-finding sentences
(``findings``), its export columns (``export_variables``) and codebook entries
(``codebook_values``) and its German names. To add a type, copy the closest module and add it
to ``registry.MODULES``; tests/analysis/test_type_layers.py fails until every questionnaire
type has one.

The registry is imported on first lookup: the type modules build on ``tables``, ``findings``
and ``exports.dataset``, which in turn look types up here, so importing it eagerly would be
circular.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from umfrage.reporting.types.base import ReportType


class UnknownTypeError(LookupError):
    """A question type without a reporting module (a programming error, not bad input)."""


def modules() -> dict[str, ReportType[Any, Any]]:
    from umfrage.reporting.types.registry import MODULES

    return MODULES


def named(type_name: str) -> ReportType[Any, Any]:
    try:
        return modules()[type_name]
    except KeyError:
        raise UnknownTypeError(
            f"No reporting module for question type {type_name!r}; "
            f"known: {', '.join(modules())} (see umfrage/reporting/types/registry.py)."
        ) from None
