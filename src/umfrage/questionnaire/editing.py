"""Editing a questionnaire file in place: the questionnaire builder's operations on the YAML.

The YAML file stays the stored format. The builder reads it with ruamel's round-trip loader, so
comments, key order, quoting and every key it does not edit (translations, notes, ``compare``
entries) are carried through; it changes only the nodes a form names and writes the document
back. A document whose content the builder did not change is never re-serialised: the caller
keeps the original text (see :func:`unchanged`). Pure functions, no Django.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from umfrage.questionnaire.changes import _yaml
from umfrage.questionnaire.loader import SourceMap, to_plain
from umfrage.questionnaire.problems import Problem, ProblemsError
from umfrage.questionnaire.safeyaml import load_yaml

Path_ = tuple[str | int, ...]

# The longest codes and ids the spec allows (base.Option.code, QuestionBase.id, Section.id).
CODE_LENGTH = 40
ID_LENGTH = 60

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def load(text: str, name: str) -> CommentedMap:
    """The questionnaire document; ProblemsError if it is not one."""
    data = load_yaml(text, name, _yaml())
    if not isinstance(data, CommentedMap):
        raise ProblemsError(
            [
                Problem(
                    file=name,
                    line=1,
                    question=None,
                    message="Die Datei enthält keinen Fragebogen.",
                    fix="Beginnen Sie mit „wave:“, „title:“ und „sections:“.",
                )
            ]
        )
    return data


def dump(data: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def unchanged(original: str, data: CommentedMap, name: str) -> bool:
    """Whether ``data`` says the same as the text ``original`` (then keep the text's bytes)."""
    try:
        return bool(to_plain(load(original, name)) == to_plain(data))
    except ProblemsError:
        return False


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "_", ascii_only).strip("_")


def _unique(base: str, taken: Iterable[str], limit: int) -> str:
    used = set(taken)
    base = base[:limit].rstrip("_") or "x"
    if base not in used:
        return base
    number = 2
    while True:
        suffix = f"_{number}"
        candidate = base[: limit - len(suffix)].rstrip("_") + suffix
        if candidate not in used:
            return candidate
        number += 1


def code_from_label(label: str, taken: Iterable[str]) -> str:
    """An option code made from its label: lower case ASCII, digits and _, unique in ``taken``.

    „Nein, aber in Planung“ → ``nein_aber_in_planung``; „Über 100“ → ``ueber_100``. Generated once
    when an option is added; renaming the label later keeps the code (codes are stable keys).
    """
    return _unique(_slug(label) or "antwort", taken, CODE_LENGTH)


def id_from_text(text: str, taken: Iterable[str]) -> str:
    """A question id made from its text (starts with a letter), unique in ``taken``."""
    words = _slug(text).split("_")
    base = "_".join(words[:4]) if words and words[0] else "frage"
    if not base[0].isalpha():
        base = "frage_" + base
    return _unique(base, taken, ID_LENGTH)


def section_id_from_title(title: str, taken: Iterable[str]) -> str:
    slug = _slug(title).split("_")
    base = "_".join(slug[:3]) if slug and slug[0] else "abschnitt"
    return _unique(base, taken, CODE_LENGTH)


# --- texts that may be translated --------------------------------------------------------------


def text_of(value: Any, language: str = "de") -> str:
    """The text to edit of a respondent-facing value: a string, or a mapping language -> text."""
    if isinstance(value, dict):
        if language in value:
            return str(value[language] or "")
        first = next(iter(value.values()), "")
        return str(first or "")
    return "" if value is None else str(value)


def with_text(old: Any, new: str, language: str = "de") -> Any:
    """``new`` in the shape of ``old``: a translated mapping keeps its other languages."""
    new = new.replace("\r\n", "\n").strip()
    if isinstance(old, dict):
        key = language if language in old else next(iter(old), language)
        if text_of(old, language) == new:
            return old
        old[key] = _scalar(new)
        return old
    if isinstance(old, str) and old.strip() == new:
        return old  # keeps the original's style (folded, quoted, …)
    return _scalar(new)


def translation_of(value: Any, language: str) -> str:
    """The text of ``value`` in ``language`` exactly: empty where it has none (a plain string is
    the base language only)."""
    if isinstance(value, dict):
        return str(value.get(language) or "")
    return ""


def languages_of(data: CommentedMap) -> tuple[str, ...]:
    """The languages a questionnaire document declares, German first (``languages``, else the
    one ``language``)."""
    declared = data.get("languages")
    if isinstance(declared, list) and declared:
        return tuple(str(code) for code in declared)
    return (str(data.get("language") or "de"),)


def with_texts(old: Any, texts: dict[str, str], languages: tuple[str, ...]) -> Any:
    """The texts per language ``texts`` in the shape of ``old``.

    With one language this is :func:`with_text`. With several, a mapping keeps every language
    whose text did not change (its style too) and its languages outside ``languages``; a plain
    string becomes a mapping ``{de: …, en: …}`` in the order of ``languages`` (one line: written
    on one line like the example's labels). A language with an empty text is left out.
    """
    base = languages[0] if languages else "de"
    if len(languages) < 2:
        return with_text(old, texts.get(base, ""), base)
    cleaned = {code: texts.get(code, "").replace("\r\n", "\n").strip() for code in languages}
    if not isinstance(old, dict):
        if not any(cleaned[code] for code in languages[1:]):
            return with_text(old, cleaned[base], base)
        multiline = any("\n" in text for text in cleaned.values())
        new = block_map() if multiline else flow_map()
        for code in languages:
            if cleaned[code]:
                new[code] = _scalar(cleaned[code])
        return new
    if any("\n" in text for text in cleaned.values()) and isinstance(old, CommentedMap):
        old.fa.set_block_style()  # a literal block cannot stand in a {…} mapping
    for code in languages:
        new_text = cleaned[code]
        if not new_text:
            if code in old:
                del old[code]
        elif str(old.get(code) or "").strip() != new_text:
            old[code] = _scalar(new_text)
    return old


def set_texts(
    node: CommentedMap,
    key: str,
    texts: dict[str, str],
    languages: tuple[str, ...],
    *,
    optional: bool = True,
) -> None:
    """Set a text key of ``node`` in every language; all empty: as :func:`set_text` with ``""``."""
    if not any(text.strip() for text in texts.values()):
        set_text(node, key, "", optional=optional)
        return
    node[key] = with_texts(node.get(key), texts, languages)


_RISKY = re.compile(r"[,:?\[\]{}#&*!|>'\"%@`-]|^\s|\s$")
_PLAIN_WORDS = re.compile(
    r"^(?:[+-]?[\d.]+(?:e[+-]?\d+)?|true|false|yes|no|on|off|null|~|y|n)$", re.I
)


def _scalar(text: str) -> Any:
    """A new text as YAML will read it back: quoted where a plain scalar could mean something
    else (``?0`` in a ``{…}`` entry, ``ja: nein``, ``1.0``, ``no``)."""
    if "\n" in text:
        return LiteralScalarString(text + "\n")
    if _RISKY.search(text) or _PLAIN_WORDS.match(text):
        return DoubleQuotedScalarString(text)
    return text


def set_text(node: CommentedMap, key: str, new: str, *, optional: bool = True) -> None:
    """Set a text key of ``node``; an empty optional text removes the key."""
    if not new.strip():
        if optional and key in node:
            del node[key]
        elif not optional:
            node[key] = ""
        return
    node[key] = with_text(node.get(key), new)


def set_value(node: CommentedMap, key: str, value: Any, default: Any = None) -> None:
    """Set ``key`` to ``value``; a value equal to the default is left out unless it was written."""
    if value is None or (value == default and key not in node):
        if value is None and key in node:
            del node[key]
        return
    if node.get(key) == value and type(node.get(key)) is type(value):
        return
    node[key] = value


# --- lists: sections, questions, options -------------------------------------------------------


def flow_map(**entries: Any) -> CommentedMap:
    """A mapping written on one line, like the example's options: ``{code: ja, label: Ja}``."""
    node = CommentedMap()
    for key, value in entries.items():
        node[key] = value
    node.fa.set_flow_style()
    return node


def block_map(**entries: Any) -> CommentedMap:
    node = CommentedMap()
    for key, value in entries.items():
        node[key] = value
    node.fa.set_block_style()
    return node


def move(seq: CommentedSeq | list[Any], index: int, delta: int) -> bool:
    """Move entry ``index`` by ``delta`` places; False if that leaves the list."""
    target = index + delta
    if not (0 <= index < len(seq) and 0 <= target < len(seq)):
        return False
    item = seq.pop(index)
    seq.insert(target, item)
    return True


def sections(data: CommentedMap) -> CommentedSeq:
    found = data.get("sections")
    if not isinstance(found, list):
        found = CommentedSeq()
        data["sections"] = found
    return found


def questions(section: CommentedMap) -> CommentedSeq:
    found = section.get("questions")
    if not isinstance(found, list):
        found = CommentedSeq()
        section["questions"] = found
    return found


def find_question(data: CommentedMap, qid: str) -> tuple[int, int] | None:
    """(section index, question index) of the question ``qid``."""
    for si, section in enumerate(sections(data)):
        for qi, question in enumerate(questions(section)):
            if isinstance(question, dict) and str(question.get("id")) == qid:
                return si, qi
    return None


def find_section(data: CommentedMap, sid: str) -> int | None:
    for si, section in enumerate(sections(data)):
        if isinstance(section, dict) and str(section.get("id")) == sid:
            return si
    return None


def question_ids(data: CommentedMap) -> list[str]:
    return [
        str(q.get("id"))
        for s in sections(data)
        for q in questions(s)
        if isinstance(q, dict) and q.get("id") is not None
    ]


def move_question(data: CommentedMap, qid: str, delta: int) -> bool:
    """Move a question one place up (-1) or down (+1); across a section border it joins the
    neighbouring section (at its end going up, at its start going down)."""
    where = find_question(data, qid)
    if where is None:
        return False
    si, qi = where
    all_sections = sections(data)
    own = questions(all_sections[si])
    if move(own, qi, delta):
        return True
    neighbour = si + delta
    if not 0 <= neighbour < len(all_sections) or len(own) < 2:
        return False
    node = own.pop(qi)
    target = questions(all_sections[neighbour])
    if delta < 0:
        target.append(node)
    else:
        target.insert(0, node)
    return True


def quoted(value: str) -> DoubleQuotedScalarString:
    """A value written in double quotes (wave ids such as "2023" stay text)."""
    return DoubleQuotedScalarString(value)


# --- where a problem points --------------------------------------------------------------------


def paths_by_line(source: SourceMap) -> dict[int, list[Path_]]:
    """Every path of the document, per line (several on a line written as ``{…}``)."""
    found: dict[int, list[Path_]] = {}
    for path, line in source.lines.items():
        found.setdefault(line, []).append(path)
    return found


def path_of(problem: Problem, by_line: dict[int, list[Path_]], within: Path_) -> Path_ | None:
    """The path under ``within`` that ``problem``'s line points at (None: elsewhere)."""
    if problem.line is None:
        return None
    candidates = [p for p in by_line.get(problem.line, ()) if p[: len(within)] == within]
    if not candidates:
        return None
    # On a line like "- {code: x, label: y}" the entry itself is the shortest path; the
    # builder shows the problem at that row.
    return min(candidates, key=len)


# --- a text question's codebook: merging and splitting categories ------------------------------


def codebook(data: CommentedMap, qid: str) -> CommentedSeq | None:
    """The codebook of question ``qid``: a text question's ``categories``, or those of its
    ``other: true`` option (None: the question has none)."""
    where = find_question(data, qid)
    if where is None:
        return None
    node = questions(sections(data)[where[0]])[where[1]]
    if not isinstance(node, dict):
        return None
    found = node.get("categories")
    for option in node.get("options") or ():
        if isinstance(option, dict) and option.get("other") is True:
            found = option.get("categories")
    return found if isinstance(found, CommentedSeq) and found else None


def _category_code(entry: Any) -> str:
    return str(entry.get("code")) if isinstance(entry, dict) else ""


def merge_categories(
    categories: CommentedSeq, codes: list[str], *, keep: str | None = None, label: str = ""
) -> str:
    """Merge the categories ``codes`` into one and return its code.

    ``keep`` names the category that stays (its code and label; ``label`` may rename it); without
    it a new category with ``label`` takes the place of the first merged one, its code made from
    the label. The merged categories' descriptions are joined (in codebook order, each once) and
    their key words combined (each word once, case does not matter). ValueError (German) if the
    codes do not name two categories of the list or ``keep`` is not one of them.
    """
    known = [_category_code(c) for c in categories]
    chosen = [c for c in known if c in codes]
    if len(set(codes)) < 2 or len(chosen) != len(set(codes)):
        raise ValueError("Wählen Sie mindestens zwei Kategorien dieser Frage.")
    if keep is not None and keep not in chosen:
        raise ValueError(f"„{keep}“ ist keine der gewählten Kategorien.")
    if keep is None and not label.strip():
        raise ValueError("Geben Sie der neuen Kategorie eine Bezeichnung.")
    entries = [categories[known.index(c)] for c in chosen]
    descriptions: list[str] = []
    keywords: list[str] = []
    for entry in entries:
        description = str(entry.get("description") or "").strip()
        if description and description not in descriptions:
            descriptions.append(description)
        for word in entry.get("keywords") or ():
            if str(word).casefold() not in {k.casefold() for k in keywords}:
                keywords.append(str(word))
    if keep is not None:
        target = entries[chosen.index(keep)]
        code = keep
    else:
        taken = [c for c in known if c not in chosen]
        code = code_from_label(label, taken)
        target = flow_map(code=code, label=_scalar(label.strip()))
    if label.strip():
        target["label"] = _scalar(label.strip())
    if descriptions:
        target["description"] = _scalar(" ".join(descriptions))
    if keywords:
        words = CommentedSeq(keywords)
        words.fa.set_flow_style()
        target["keywords"] = words
    first = known.index(chosen[0])
    for c in reversed(chosen):
        categories.pop(known.index(c))
    categories.insert(first, target)
    return code


def add_category(categories: CommentedSeq, after: str, label: str, description: str = "") -> str:
    """A new category with ``label`` (and ``description``) right after ``after``; its code.

    ValueError (German) if ``after`` is not a category of the list or the label is empty.
    """
    known = [_category_code(c) for c in categories]
    if after not in known:
        raise ValueError(f"„{after}“ ist keine Kategorie dieser Frage.")
    if not label.strip():
        raise ValueError("Geben Sie der neuen Kategorie eine Bezeichnung.")
    code = code_from_label(label, known)
    node = flow_map(code=code, label=_scalar(label.strip()))
    if description.strip():
        node["description"] = _scalar(description.strip())
    categories.insert(known.index(after) + 1, node)
    return code
