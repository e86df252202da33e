"""The mapping file: how an earlier wave's or another tool's names become ours.

```yaml
columns:                      # source column or variable → our responses.csv column
  F1: bundesland              #   (null: leave the column out on purpose)
  F2_a: partner.unternehmen
  lfd_nr: null
values:                       # per question id: source value → our option code
  bundesland: {1: BW, 2: BY}
organisation_column: Kennung  # column with the organisation id (default: organisation)
submitted_at_column: Datum    # column with the submission time (default: submitted_at)
status_column: Status         # column with complete/partial (default: status)
submitted_at_default: "2019-06-30T12:00:00+02:00"   # for files without any time stamp
tokens: {abc123: LB-0001}     # LimeSurvey token → organisation id
timezone: Europe/Berlin       # for time stamps without offset
```
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator

from umfrage.questionnaire.base import Frozen
from umfrage.questionnaire.loader import (
    parse_yaml,
    problems_from_validation,
    read_text,
    to_plain,
)
from umfrage.questionnaire.problems import Problem, ProblemsError


class Mapping(Frozen):
    columns: dict[str, str | None] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    organisation_column: str = "organisation"
    submitted_at_column: str = "submitted_at"
    status_column: str = "status"
    submitted_at_default: datetime | None = None
    tokens: dict[str, str] = Field(default_factory=dict)
    timezone: str = "Europe/Berlin"

    @model_validator(mode="before")
    @classmethod
    def _keys_as_text(cls, data: Any) -> Any:
        # YAML reads `1: BW` with an int key; source values are compared as text.
        if isinstance(data, dict):
            data = dict(data)
            if isinstance(data.get("values"), dict):
                data["values"] = {
                    str(q): {_text(k): _text(v) for k, v in (codes or {}).items()}
                    if isinstance(codes, dict)
                    else codes
                    for q, codes in data["values"].items()
                }
            if isinstance(data.get("columns"), dict):
                data["columns"] = {str(k): v for k, v in data["columns"].items()}
            if isinstance(data.get("tokens"), dict):
                data["tokens"] = {str(k): str(v) for k, v in data["tokens"].items()}
        return data

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"„{value}“ ist keine bekannte Zeitzone (z. B. Europe/Berlin)."
            ) from None
        return value

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def value_for(self, qid: str, raw: str) -> str | None:
        """The option code the mapping names for a source value, if any."""
        return self.values.get(qid, {}).get(raw)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def load_mapping(path: Path | None) -> Mapping:
    """Read a mapping file; the empty mapping if none is given."""
    if path is None:
        return Mapping()
    name = str(path)
    data, source = parse_yaml(read_text(path, name), name)
    if data is None:
        return Mapping()
    if not isinstance(data, dict):
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=1,
                    question=None,
                    message="Die Zuordnungsdatei enthält keine Zuordnung.",
                    fix="Beginnen Sie mit „columns:“ (siehe docs/importing.md).",
                )
            ]
        )
    allowed = list(Mapping.model_fields)
    unknown = [key for key in data if str(key) not in allowed]
    if unknown:
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=source.line((str(key),)),
                    question=None,
                    message=f"Die Angabe „{key}“ ist in einer Zuordnungsdatei unbekannt.",
                    fix=f"Prüfen Sie die Schreibweise; erlaubt sind: {', '.join(allowed)}.",
                )
                for key in unknown
            ]
        )
    try:
        return Mapping.model_validate(to_plain(data))
    except ValidationError as exc:
        raise ProblemsError(problems_from_validation(exc, source, to_plain(data))) from None
