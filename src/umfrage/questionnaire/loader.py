"""Reading questionnaire files: YAML with line numbers → validated, immutable spec objects.

Every problem becomes a :class:`Problem` naming file, line, question and the fix; nothing here
ever lets a parser traceback through to a user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from umfrage.questionnaire.problems import Problem, ProblemsError, read_input
from umfrage.questionnaire.safeyaml import check_file_size, load_yaml
from umfrage.questionnaire.spec import Questionnaire
from umfrage.questionnaire.types import QUESTION_TYPES

Path_ = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Line numbers (1-based) of every mapping key and list entry of a YAML document."""

    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """The line of the deepest part of ``path`` that the document has."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    @classmethod
    def build(cls, file: str, root: Any) -> SourceMap:
        source = cls(file)
        source.lines[()] = 1
        source._walk(root, ())
        return source

    def _walk(self, node: Any, path: Path_) -> None:
        if isinstance(node, CommentedMap):
            for key in node:
                line = node.lc.key(key)[0] + 1
                self.lines[(*path, str(key))] = line
                self._walk(node[key], (*path, str(key)))
        elif isinstance(node, CommentedSeq):
            for index, item in enumerate(node):
                self.lines[(*path, index)] = node.lc.item(index)[0] + 1
                self._walk(item, (*path, index))


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, SourceMap]:
    """Parse a YAML file keeping line numbers; ProblemsError if it cannot be read."""
    name = display or str(path)
    return parse_yaml(read_text(path, name), name)


def read_text(path: Path, name: str) -> str:
    """A UTF-8 YAML file's content; ProblemsError in plain words if it cannot be read.

    A file larger than the YAML limit is refused before it is read into memory.
    """
    check_file_size(path, name)
    data = read_input(path, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=line,
                    question=None,
                    message="Die Datei ist nicht in UTF-8 gespeichert.",
                    fix="Speichern Sie sie im Editor als UTF-8.",
                )
            ]
        ) from None


def parse_yaml(text: str, name: str) -> tuple[Any, SourceMap]:
    """Parse YAML text through the bounded, alias- and tag-free reader (see safeyaml)."""
    data = load_yaml(text, name)
    return data, SourceMap.build(name, data)


def to_plain(node: Any) -> Any:
    """ruamel's round-trip containers as plain dicts and lists (pydantic wants those)."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    return node


# One table from pydantic's error types to plain words: (message, fix).
MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("Die Angabe „{field}“ fehlt.", "Ergänzen Sie „{field}: …“."),
    "extra_forbidden": (
        "Die Angabe „{field}“ ist hier unbekannt.",
        "Prüfen Sie die Schreibweise; erlaubt sind: {allowed}.",
    ),
    "string_pattern_mismatch": (
        "„{input}“ ist als {field} nicht erlaubt.",
        "Verwenden Sie nur Kleinbuchstaben, Ziffern und _ (Codes auch Großbuchstaben), beginnend mit einem Buchstaben oder einer Ziffer.",
    ),
    "string_too_short": ("„{field}“ ist leer.", "Tragen Sie einen Text ein."),
    "string_too_long": ("„{field}“ ist zu lang.", "Kürzen Sie die Angabe."),
    "string_type": ("„{field}“ muss ein Text sein.", "Setzen Sie den Wert in Anführungszeichen."),
    "int_parsing": (
        "„{field}“ muss eine ganze Zahl sein, nicht „{input}“.",
        "Tragen Sie eine ganze Zahl ein.",
    ),
    "int_type": ("„{field}“ muss eine ganze Zahl sein.", "Tragen Sie eine ganze Zahl ein."),
    "int_from_float": (
        "„{field}“ muss eine ganze Zahl sein, nicht „{input}“.",
        "Tragen Sie eine ganze Zahl ein.",
    ),
    "float_parsing": (
        "„{field}“ muss eine Zahl sein, nicht „{input}“.",
        "Tragen Sie eine Zahl ein.",
    ),
    "float_type": ("„{field}“ muss eine Zahl sein.", "Tragen Sie eine Zahl ein."),
    "bool_parsing": ("„{field}“ muss true oder false sein.", "Schreiben Sie true oder false."),
    "bool_type": ("„{field}“ muss true oder false sein.", "Schreiben Sie true oder false."),
    "greater_than_equal": (
        "„{field}“ ist zu klein ({input}).",
        "Der Wert muss mindestens {ge} sein.",
    ),
    "less_than_equal": ("„{field}“ ist zu groß ({input}).", "Der Wert darf höchstens {le} sein."),
    "too_short": ("„{field}“ braucht mindestens {min_length} Einträge.", "Ergänzen Sie die Liste."),
    "list_type": (
        "„{field}“ muss eine Liste sein.",
        "Schreiben Sie jeden Eintrag als Zeile, die mit „- “ beginnt.",
    ),
    "tuple_type": (
        "„{field}“ muss eine Liste sein.",
        "Schreiben Sie jeden Eintrag als Zeile, die mit „- “ beginnt.",
    ),
    "dict_type": (
        "„{field}“ muss aus Angaben der Form „name: wert“ bestehen.",
        "Prüfen Sie Einrückung und Doppelpunkte.",
    ),
    "model_type": (
        "„{field}“ muss aus Angaben der Form „name: wert“ bestehen.",
        "Prüfen Sie Einrückung und Doppelpunkte.",
    ),
    "model_attributes_type": (
        "„{field}“ muss aus Angaben der Form „name: wert“ bestehen.",
        "Prüfen Sie Einrückung und Doppelpunkte.",
    ),
    "union_tag_invalid": (
        "Unbekannter Fragetyp „{tag}“.",
        "Erlaubt sind: " + ", ".join(QUESTION_TYPES) + ".",
    ),
    "union_tag_not_found": (
        "Die Angabe „type“ fehlt.",
        "Ergänzen Sie „type:“ mit einem von: " + ", ".join(QUESTION_TYPES) + ".",
    ),
    "value_error": ("{msg}", "Korrigieren Sie die Angabe."),
    "frozen_instance": ("{msg}", "Korrigieren Sie die Angabe."),
}

FIELD_NAMES = {"in_": "in", "not_": "not", "condition": "if"}


def problems_from_validation(error: ValidationError, source: SourceMap, data: Any) -> list[Problem]:
    problems = []
    errors = error.errors()
    for err in errors:
        if err["type"] == "too_short" and _has_deeper(err["loc"], errors):
            continue  # pydantic counts a list with failing entries as empty; the entries say more
        loc = _clean_loc(err["loc"])
        field = str(next((p for p in reversed(loc) if isinstance(p, str)), "Fragebogen"))
        field = FIELD_NAMES.get(field, field)
        context = dict(err.get("ctx") or {})
        message, fix = MESSAGES.get(err["type"], ("{msg}", "Korrigieren Sie die Angabe."))
        if err["type"] == "value_error" and " → " in str(err["msg"]):
            # Our own validators say "what → fix" in one string.
            message, fix = str(err["msg"]).removeprefix("Value error, ").split(" → ", 1)
        values = {
            "field": field,
            "input": _short(err.get("input")),
            "msg": str(err["msg"]).removeprefix("Value error, "),
            "allowed": _allowed_here(loc, data),
            **{k: v for k, v in context.items()},
        }
        problems.append(
            Problem(
                file=source.file,
                line=source.line(loc),
                question=question_at(loc, data),
                message=message.format(**values),
                fix=fix.format(**values),
            )
        )
    return problems


def _has_deeper(loc: tuple[Any, ...], errors: list[Any]) -> bool:
    return any(
        len(e["loc"]) > len(loc) and tuple(e["loc"][: len(loc)]) == tuple(loc) for e in errors
    )


def _clean_loc(loc: tuple[Any, ...]) -> Path_:
    """Drop pydantic's union tags (``'single'``, ``'function-after[...]'``) from an error path."""
    cleaned: list[str | int] = []
    for index, part in enumerate(loc):
        is_tag = (
            isinstance(part, str)
            and part in QUESTION_TYPES
            and index >= 2
            and isinstance(loc[index - 1], int)
            and loc[index - 2] == "questions"
        )
        if is_tag or (isinstance(part, str) and "[" in part):
            continue
        cleaned.append(FIELD_NAMES.get(part, part) if isinstance(part, str) else part)
    return tuple(cleaned)


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def question_at(loc: Path_, data: Any) -> str | None:
    """The id of the question that a path points into, if any."""
    node = data
    found = None
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "type" in node and isinstance(node.get("id"), str):
            found = node["id"]
    return found


def _allowed_here(loc: Path_, data: Any) -> str:
    from umfrage.questionnaire.base import Comparison, Condition, Item, Option
    from umfrage.questionnaire.spec import Section

    parent = loc[:-1]
    node = data
    for part in parent:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return ""
    model: Any = Questionnaire
    if isinstance(node, dict) and node.get("type") in QUESTION_TYPES:
        model = QUESTION_TYPES[node["type"]]
    elif (parent and parent[-1] in ("if", "all", "any", "not")) or (
        len(parent) > 1 and parent[-2] in ("all", "any")
    ):
        model = Condition
    elif parent and isinstance(parent[-1], int) and len(parent) > 1:
        model = {
            "sections": Section,
            "options": Option,
            "scale": Option,
            "items": Item,
            "compare": Comparison,
        }.get(str(parent[-2]), Questionnaire)
    names = [f.alias or name for name, f in model.model_fields.items()]
    return ", ".join(names)


def load_questionnaire(path: Path | str, display: str | None = None) -> Questionnaire:
    """Read and fully check one questionnaire file; ProblemsError lists every problem found."""
    path = Path(path)
    name = display or str(path)
    return questionnaire_from_text(read_text(path, name), name)


def questionnaire_from_text(text: str, name: str) -> Questionnaire:
    """Parse and fully check a questionnaire given as YAML text (``name`` says where it is from)."""
    from umfrage.questionnaire.checks import check_questionnaire

    data, source = parse_yaml(text, name)
    questionnaire = parse_questionnaire(data, source)
    problems = check_questionnaire(questionnaire, source)
    if problems:
        raise ProblemsError(problems)
    return questionnaire


def parse_questionnaire(data: Any, source: SourceMap) -> Questionnaire:
    if not isinstance(data, dict):
        raise ProblemsError(
            [
                Problem(
                    file=source.file,
                    line=1,
                    question=None,
                    message="Die Datei enthält keinen Fragebogen.",
                    fix="Beginnen Sie mit „wave:“, „title:“ und „sections:“ (siehe docs/questionnaire-format.md).",
                )
            ]
        )
    plain = to_plain(data)
    if isinstance(plain.get("wave"), int):
        plain["wave"] = str(plain["wave"])
    try:
        # The wave id resolves ``wave_year`` limits of number questions (types.number).
        return Questionnaire.model_validate(plain, context={"wave": plain.get("wave")})
    except ValidationError as exc:
        raise ProblemsError(problems_from_validation(exc, source, plain)) from None
