"""What the templates show of a text respondents read: one field per language of the
questionnaire, German first (issue 21).

A questionnaire with one language gets one field, labelled as before. With several, every field is
labelled with the text's name and its language, carries the language's ``lang`` (and ``dir`` for
a language written right to left) and an empty translation is marked „fehlt“.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from umfrage import languages as known_languages
from umfrage.languages import GERMAN
from umfrage.web.builder.core import translated_name


def text_field(
    data: Mapping[str, Any],
    name: str,
    label: str,
    languages: tuple[str, ...],
    errors: Mapping[str, list[str]],
    *,
    multiline: bool = False,
    rows: int = 2,
) -> dict[str, Any]:
    """The fields of text ``name`` (its German under ``name``, the others ``name@code``)."""
    several = len(languages) > 1
    base_value = str(data.get(name) or "")
    parts = []
    for code in (GERMAN, *(c for c in languages if c != GERMAN)):
        field_name = name if code == GERMAN else translated_name(name, code)
        language = known_languages.get(code)
        value = str(data.get(field_name) or "")
        parts.append(
            {
                "name": field_name,
                "id": f"f-{field_name}",
                "code": code,
                "language": language.name_de if language else code,
                "lang": (language.html_lang if language else code) if code != GERMAN else "",
                "dir": "rtl" if language is not None and language.direction == "rtl" else "",
                "value": value,
                "errors": list(errors.get(field_name, [])),
                "missing": several
                and code != GERMAN
                and not value.strip()
                and bool(base_value.strip()),
            }
        )
    return {
        "label": label,
        "several": several,
        "multiline": multiline,
        "rows": rows,
        "parts": parts,
        "has_error": any(part["errors"] for part in parts),
    }
