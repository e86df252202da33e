"""One builder module per question type, mirroring ``umfrage.questionnaire.types``.

Each module defines ``TYPE``, a :class:`BuilderType`: the type's name and German label, the
settings it has besides text, help and required, and its lists of coded entries. The builder's
generic code reads and writes these; it never switches on the type. ``tests/questionnaire/
test_builder_roundtrip.py`` fails while a question type has no module here.
"""

from __future__ import annotations

from umfrage.web.builder.types import matrix, multi, number, ranking, single, text
from umfrage.web.builder.types.base import BuilderType

BUILDER_TYPES: dict[str, BuilderType] = {
    module.TYPE.name: module.TYPE for module in (single, multi, ranking, matrix, number, text)
}


def builder_type(name: str) -> BuilderType:
    """The builder part of question type ``name``; KeyError naming it if there is none."""
    try:
        return BUILDER_TYPES[name]
    except KeyError:
        raise KeyError(f"Der Fragetyp „{name}“ ist im Fragebogen-Editor unbekannt.") from None
