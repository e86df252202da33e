"""Keeping ``survey.yaml`` in step when waves are added or change status in the web interface.

The stored survey.yaml text is what a dump writes back, so it must list every wave with its
current status. Edits keep the file's comments and layout (ruamel round trip).
"""

from __future__ import annotations

import io
from datetime import date

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.safeyaml import load_yaml


def set_wave_entry(
    config_text: str,
    wave: str,
    *,
    title: str | None = None,
    status: str | None = None,
    opens: date | None = None,
    closes: date | None = None,
) -> str:
    """survey.yaml with the entry of ``wave`` updated (or appended if it is new).

    Only the given values change; ``None`` leaves a value as it is.
    """
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.preserve_quotes = True
    data = load_yaml(config_text, "survey.yaml", yaml)
    if not isinstance(data, CommentedMap):
        raise ProblemsError(
            [
                Problem(
                    file="survey.yaml",
                    line=1,
                    question=None,
                    message="survey.yaml enthält keine Umfrage.",
                    fix="Laden Sie die Umfrage neu aus ihrem Ordner.",
                )
            ]
        )
    waves = data.get("waves")
    if waves is None:
        waves = CommentedSeq()
        data["waves"] = waves
    entry = next((w for w in waves if str(w.get("id")) == wave), None)
    if entry is None:
        entry = CommentedMap()
        entry["id"] = wave
        if waves and getattr(waves[-1], "fa", None) is not None and waves[-1].fa.flow_style():
            entry.fa.set_flow_style()
        waves.append(entry)
    for key, value in (("title", title), ("opens", opens), ("closes", closes), ("status", status)):
        if value is not None:
            entry[key] = str(value) if isinstance(value, str) else value
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
