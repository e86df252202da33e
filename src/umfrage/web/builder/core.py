"""The builder's forms as flat posted data, read from and written into a question's YAML node.

A question form is a flat mapping of field names to strings (what a browser posts):
``text``, ``help``, ``required``, ``s-<setting>``, the rows of each list
(``<list>-count``, ``<list>-<i>-label``, ``-code``, ``-orig``, ``-<flag>``, ``-recode``), the
condition (``if-question``, ``if-operator``, ``if-code``, ``if-number``, ``if-keep``) and the
note for the previous wave (``note``). A text respondents read has its German under its own name
and one field per other language of the questionnaire, ``<name>@<language>`` (``text@en``,
``options-0-label@de-x-ls``); a missing translation is an error at its field with the message
``umfrage check`` gives, so the builder never writes a file the check refuses. :func:`initial` reads a node into that mapping and
:func:`apply` writes one back, touching only what differs, so that builder → YAML → builder
gives the same form and an unchanged form leaves the file as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from umfrage import languages as known_languages
from umfrage.languages import GERMAN
from umfrage.questionnaire import editing
from umfrage.questionnaire.base import CODE_PATTERN, ID_PATTERN
from umfrage.questionnaire.loader import to_plain
from umfrage.web.builder.types.base import BOOL, CHOICE, INT, NUMBER, BuilderType, Setting

# Operators the form offers, in German; „ist eins von“ (in) and combinations stay in the file
# and are kept as they are (if-keep).
OPERATORS: list[tuple[str, str]] = [
    ("equals", "ist"),
    ("not_equals", "ist nicht"),
    ("contains", "enthält (Mehrfachauswahl, Rangfolge, Matrix)"),
    ("gt", "ist größer als"),
    ("ge", "ist mindestens"),
    ("lt", "ist kleiner als"),
    ("le", "ist höchstens"),
    ("answered", "wurde beantwortet"),
    ("not_answered", "wurde nicht beantwortet"),
]
NUMERIC_OPERATORS = ("gt", "ge", "lt", "le")
CODE_OPERATORS = ("equals", "not_equals", "contains")
NO_COUNTERPART = "-"
EMPTY_ROWS = 2


@dataclass
class Context:
    """What a question's form offers beyond the question itself."""

    earlier: Sequence[Any] = ()
    """Spec questions before this one (conditions and ``among`` may name only these)."""
    previous: str | None = None
    """The wave this one is compared with (recodes and the note), if any."""
    previous_question: Any = None
    """That wave's question of the same id (its options are the recode targets)."""
    languages: tuple[str, ...] = (GERMAN,)
    """The questionnaire's languages, German first: one field per language for every text."""

    @property
    def translations(self) -> tuple[str, ...]:
        """The languages besides German."""
        return tuple(code for code in self.languages if code != GERMAN)


@dataclass
class Errors:
    """Messages per form field (``""``: the whole form)."""

    fields: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.fields)


def language_name(code: str) -> str:
    """„Englisch (en)“, as ``umfrage check`` names a language."""
    found = known_languages.get(code)
    return f"{found.name_de} ({code})" if found else f"„{code}“"


def missing_message(key: str, code: str) -> str:
    """The message of ``umfrage check`` for a text without a translation."""
    return f"Der Text „{key}“ hat keine Fassung in {language_name(code)}."


def translated_name(name: str, code: str) -> str:
    """The form field of ``name``'s text in language ``code``."""
    return f"{name}@{code}"


def text_initial(data: dict[str, str], name: str, value: Any, context: Context) -> None:
    """Put a text's German and its translations into the form ``data``."""
    data[name] = editing.text_of(value)
    for code in context.translations:
        data[translated_name(name, code)] = editing.translation_of(value, code)


def posted_texts(
    data: Mapping[str, str],
    name: str,
    key: str,
    context: Context,
    errors: Errors,
    *,
    required: str | None = None,
) -> dict[str, str]:
    """The posted texts of field ``name`` per language; missing ones are errors at their field.

    ``key`` is the text's key in the file (named in the check's message); ``required``: the
    message for an empty German text of a text that must be there.
    """
    base = data.get(name, "").strip()
    texts = {GERMAN: base}
    if not base and required:
        errors.add(name, required)
    for code in context.translations:
        given = data.get(translated_name(name, code), "").strip()
        texts[code] = given
        if base and not given:
            errors.add(translated_name(name, code), missing_message(key, code))
        elif given and not base and not required:
            errors.add(
                name,
                f"Der Text „{key}“ hat eine Fassung in {language_name(code)}, aber keine auf "
                "Deutsch: Tragen Sie den deutschen Text ein oder leeren Sie die Übersetzung.",
            )
    return texts


def _number_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def initial(node: Mapping[str, Any], kind: BuilderType, context: Context) -> dict[str, str]:
    """The form's data for a question node (a new question: an empty mapping)."""
    data: dict[str, str] = {"id": str(node.get("id") or "")}
    text_initial(data, "text", node.get("text"), context)
    text_initial(data, "help", node.get("help"), context)
    if node.get("required"):
        data["required"] = "on"
    for setting in kind.settings:
        value = node.get(setting.key, setting.default)
        if setting.kind == BOOL:
            if value:
                data[f"s-{setting.key}"] = "on"
        elif setting.translated:
            text_initial(data, f"s-{setting.key}", value, context)
        elif setting.token is not None and value == setting.token:
            data[f"s-{setting.key}-token"] = "on"
            data[f"s-{setting.key}"] = ""
        else:
            data[f"s-{setting.key}"] = (
                _number_text(value) if setting.kind in (INT, NUMBER) else str(value or "")
            )
    recode = _recode(node, context)
    for spec in kind.lists:
        entries = node.get(spec.key) or []
        data[f"{spec.key}-count"] = str(len(entries))
        for index, entry in enumerate(entries):
            prefix = f"{spec.key}-{index}"
            code = str(entry.get("code", ""))
            text_initial(data, f"{prefix}-label", entry.get("label"), context)
            data[f"{prefix}-code"] = code
            data[f"{prefix}-orig"] = str(index)
            for flag in spec.flags:
                if entry.get(flag):
                    data[f"{prefix}-{flag}"] = "on"
            if spec.recode and context.previous and code in recode:
                target = recode[code]
                data[f"{prefix}-recode"] = NO_COUNTERPART if target is None else str(target)
    data.update(condition_initial(node.get("if")))
    entry = _compare_entry(node, context)
    if entry is not None:
        data["note"] = editing.text_of(entry.get("note"))
    return data


def condition_initial(condition: Any) -> dict[str, str]:
    if condition is None:
        return {}
    simple = isinstance(condition, Mapping) and "question" in condition and len(condition) == 2
    op = next((k for k in condition if k != "question"), "") if simple else ""
    if not simple or op not in {o for o, _ in OPERATORS} - {"not_answered"}:
        return {"if-keep": "on"}
    qid = str(condition["question"])
    value = condition[op]
    data = {"if-question": qid, "if-operator": op}
    if op == "answered":
        data["if-operator"] = "answered" if value else "not_answered"
    elif op in CODE_OPERATORS and isinstance(value, str):
        data["if-code"] = f"{qid}:{value}"
    else:
        data["if-number"] = _number_text(value)
    return data


def _compare_entry(node: Mapping[str, Any], context: Context) -> Any:
    if not context.previous:
        return None
    for entry in node.get("compare") or ():
        if isinstance(entry, Mapping) and str(entry.get("wave")) == context.previous:
            return entry
    return None


def _recode(node: Mapping[str, Any], context: Context) -> dict[str, Any]:
    entry = _compare_entry(node, context)
    if entry is None or not isinstance(entry.get("recode"), Mapping):
        return {}
    return {str(k): v for k, v in entry["recode"].items()}


def rows(data: Mapping[str, str], key: str) -> list[dict[str, str]]:
    """The posted rows of list ``key`` as mappings of their part names (label, code, …)."""
    try:
        count = min(int(data.get(f"{key}-count", "0")), 500)
    except ValueError:
        count = 0
    found = []
    pattern = re.compile(rf"^{re.escape(key)}-(\d+)-([\w@-]+)$")
    parts: dict[int, dict[str, str]] = {}
    for name, value in data.items():
        match = pattern.match(name)
        if match and int(match.group(1)) < count:
            parts.setdefault(int(match.group(1)), {})[match.group(2)] = value
    for index in range(count):
        found.append(parts.get(index, {}))
    return found


def with_rows(data: Mapping[str, str], key: str, new_rows: list[dict[str, str]]) -> dict[str, str]:
    """``data`` with the rows of list ``key`` replaced (moving, removing and adding rows)."""
    prefix = f"{key}-"
    kept = {k: v for k, v in data.items() if not k.startswith(prefix)}
    kept[f"{key}-count"] = str(len(new_rows))
    for index, row in enumerate(new_rows):
        for part, value in row.items():
            kept[f"{key}-{index}-{part}"] = value
    return kept


def _parse_number(raw: str) -> float | int:
    text = raw.strip().replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(raw)
    return int(number) if number.is_integer() else number


def _setting_value(setting: Setting, data: Mapping[str, str], errors: Errors) -> Any:
    name = f"s-{setting.key}"
    raw = data.get(name, "").strip()
    if setting.kind == BOOL:
        return bool(raw)
    if setting.token is not None and data.get(f"{name}-token"):
        return setting.token
    if raw == "":
        return None
    if setting.kind == CHOICE:
        return raw
    if setting.kind in (INT, NUMBER):
        try:
            value = _parse_number(raw)
        except ValueError:
            errors.add(name, f"„{raw}“ ist keine Zahl.")
            return None
        if setting.kind == INT and not isinstance(value, int):
            errors.add(name, "Bitte geben Sie eine ganze Zahl ein.")
            return None
        if setting.minimum is not None and value < setting.minimum:
            errors.add(name, f"Der Wert muss mindestens {_number_text(setting.minimum)} sein.")
            return None
        if setting.maximum is not None and value > setting.maximum:
            errors.add(name, f"Der Wert darf höchstens {_number_text(setting.maximum)} sein.")
            return None
        return value
    return raw


def apply(
    node: CommentedMap,
    data: Mapping[str, str],
    kind: BuilderType,
    context: Context,
    *,
    taken_ids: Sequence[str] = (),
) -> Errors:
    """Write the form ``data`` into the question ``node``; the errors the form itself finds.

    The questionnaire's own checks run afterwards on the whole file (see views.builder).
    """
    errors = Errors()
    texts = posted_texts(
        data, "text", "text", context, errors, required="Bitte geben Sie den Fragetext ein."
    )
    text = texts[GERMAN]
    qid = data.get("id", "").strip()
    if not qid and "id" not in node:
        qid = editing.id_from_text(text or "frage", taken_ids)
    if qid and not re.match(ID_PATTERN, qid):
        errors.add(
            "id",
            f"„{qid}“ ist als Kennung nicht möglich: nur Kleinbuchstaben, Ziffern und _, "
            "beginnend mit einem Buchstaben.",
        )
    elif qid and "id" not in node:
        node.insert(0, "id", qid)
    elif qid and str(node.get("id", "")) != qid:
        node["id"] = qid
    if "type" not in node:
        node["type"] = kind.name
    editing.set_texts(node, "text", texts, context.languages, optional=False)
    editing.set_texts(
        node, "help", posted_texts(data, "help", "help", context, errors), context.languages
    )
    editing.set_value(node, "required", bool(data.get("required")), False)
    for setting in kind.settings:
        if setting.translated:
            name = f"s-{setting.key}"
            found = posted_texts(data, name, setting.key, context, errors)
            editing.set_texts(node, setting.key, found, context.languages)
            continue
        value = _setting_value(setting, data, errors)
        if setting.kind == BOOL:
            editing.set_value(node, setting.key, value, setting.default)
        elif setting.token is not None and value == setting.token == node.get(setting.key):
            continue  # kept as written (quoted or not)
        elif value is None:
            if setting.key in node:
                del node[setting.key]
        else:
            editing.set_value(node, setting.key, value, setting.default)
    recode: dict[str, str | None] = {}
    for spec in kind.lists:
        old = list(node.get(spec.key) or [])
        entries = CommentedSeq()
        taken: list[str] = []
        for index, row in enumerate(rows(data, spec.key)):
            label = row.get("label", "").strip()
            code = row.get("code", "").strip()
            prefix = f"{spec.key}-{index}"
            translated = {c: row.get(f"label@{c}", "").strip() for c in context.translations}
            if not label and not code and not any(translated.values()):
                continue  # an empty row of the form
            labels = posted_texts(
                {f"{prefix}-label@{c}": t for c, t in translated.items()}
                | {f"{prefix}-label": label},
                f"{prefix}-label",
                "label",
                context,
                errors,
                required=f"Bitte geben Sie eine Beschriftung ein ({spec.entry} {index + 1}).",
            )
            if not label:
                continue
            if not code:
                code = editing.code_from_label(
                    label, taken + [r.get("code", "") for r in rows(data, spec.key)]
                )
            elif not re.match(CODE_PATTERN, code) or len(code) > editing.CODE_LENGTH:
                errors.add(
                    f"{prefix}-code",
                    f"„{code}“ ist als Code nicht möglich: nur Buchstaben, Ziffern und _, "
                    "beginnend mit einem Buchstaben oder einer Ziffer, höchstens 40 Zeichen.",
                )
            elif code in taken:
                errors.add(f"{prefix}-code", f"Der Code „{code}“ kommt doppelt vor.")
            taken.append(code)
            orig = row.get("orig", "")
            entry = old[int(orig)] if orig.isdigit() and int(orig) < len(old) else None
            if not isinstance(entry, CommentedMap):
                entry = editing.flow_map()
            if str(entry.get("code", "")) != code:
                entry["code"] = editing.quoted(code) if code.isdigit() else code
            entry["label"] = editing.with_texts(entry.get("label"), labels, context.languages)
            for flag in spec.flags:
                editing.set_value(entry, flag, bool(row.get(flag)), False)
            entries.append(entry)
            if spec.recode:
                target = row.get("recode", "").strip()
                known = _previous_codes(context)
                if not target and known is not None and code not in known:
                    # An answer the previous wave did not have has no counterpart there.
                    target = NO_COUNTERPART
                if target == NO_COUNTERPART:
                    recode[code] = None
                elif target and target != code:
                    recode[code] = target
        if entries or spec.key in node:
            if not entries and spec.minimum == 0:
                del node[spec.key]
            elif to_plain(entries) != to_plain(node.get(spec.key)):
                node[spec.key] = entries
    has_codes = any(spec.recode for spec in kind.lists)
    _write_compare(node, context, recode if has_codes else None, data.get("note", ""))
    write_condition(node, data, errors, context)
    return errors


def _previous_codes(context: Context) -> list[str] | None:
    """The codes of the previous wave's question (None: there is no such question)."""
    if context.previous_question is None:
        return None
    return list(context.previous_question.recode_codes() or ())


def _write_compare(
    node: CommentedMap, context: Context, recode: dict[str, str | None] | None, note: str
) -> None:
    if not context.previous:
        return
    entry = _compare_entry(node, context)
    wanted_recode = bool(recode)
    if entry is None:
        if not wanted_recode and not note.strip():
            return
        entry = editing.block_map(wave=editing.quoted(context.previous))
        compare = node.get("compare")
        if not isinstance(compare, list):
            compare = CommentedSeq()
            node["compare"] = compare
        compare.append(entry)
    if recode is not None:
        current = {str(k): v for k, v in (entry.get("recode") or {}).items()}
        if current != recode:
            if recode:
                mapping = editing.flow_map()
                for code, target in recode.items():
                    mapping[code] = target
                entry["recode"] = mapping
            elif "recode" in entry:
                del entry["recode"]
    editing.set_text(entry, "note", note)


def write_condition(
    node: CommentedMap, data: Mapping[str, str], errors: Errors, context: Context
) -> None:
    if data.get("if-keep") and not data.get("if-question"):
        return
    qid = data.get("if-question", "").strip()
    if not qid:
        if "if" in node:
            del node["if"]
        return
    earlier = {q.id for q in context.earlier}
    if qid not in earlier:
        errors.add("if-question", "Wählen Sie eine Frage, die vorher kommt.")
        return
    op = data.get("if-operator", "")
    new = editing.flow_map(question=qid)
    if op in ("answered", "not_answered"):
        new["answered"] = op == "answered"
    elif op in CODE_OPERATORS and data.get("if-code"):
        owner, _, code = data["if-code"].partition(":")
        if owner != qid:
            errors.add("if-code", f"Diese Antwort gehört nicht zur Frage „{qid}“.")
            return
        new[op] = code
    elif op in (*NUMERIC_OPERATORS, "equals", "not_equals"):
        raw = data.get("if-number", "").strip()
        try:
            new[op] = _parse_number(raw)
        except ValueError:
            errors.add(
                "if-number" if op in NUMERIC_OPERATORS or raw else "if-code",
                "Wählen Sie eine Antwort oder geben Sie eine Zahl ein.",
            )
            return
    else:
        errors.add("if-operator", "Wählen Sie, wie die Antwort verglichen wird.")
        return
    if to_plain(node.get("if")) != to_plain(new):
        node["if"] = new


def new_question(kind: BuilderType) -> CommentedMap:
    """An empty question node of ``kind`` (``id`` and ``type`` first, like the example)."""
    node = CommentedMap()
    node["type"] = kind.name
    return node
