"""LimeSurvey's ExpressionScript: relevance equations → our conditions; expressions in texts.

Two jobs, both pure functions of strings:

- :func:`translate_relevance` reads the part of a relevance equation our conditions can say
  (comparisons of earlier questions with values, joined by and/or/not) and raises
  :class:`Untranslatable` with the reason otherwise; how a value compares with a question's
  answers is up to the module of the question's type (:mod:`.types`).
- :func:`clean_text` turns a LimeSurvey HTML text into plain text and reports what it had to
  take out: ``<script>``/``<style>`` blocks, images (their ``alt`` text is kept), and
  ExpressionScript in curly braces (``{Q1.NAOK}``, ``{count(…)}``, ``{TOKEN:FIRSTNAME}``), which
  our format cannot show (it has no piping) and which respondents must never see raw.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from umfrage.importers.limesurvey.reference import Reference, Untranslatable
from umfrage.importers.limesurvey.types import module_for

__all__ = [
    "CleanText",
    "Reference",
    "Untranslatable",
    "clean_text",
    "find_expressions",
    "plain_text",
    "translate_relevance",
]


def plain_text(value: str) -> str:
    """LimeSurvey's HTML texts as plain text (paragraphs and line breaks kept)."""
    text = re.sub(r"(?i)<br\s*/?>", "\n", value)
    text = re.sub(r"(?i)</p\s*>", "\n\n", text)
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", text)
    text = re.sub(r"<[^>]*>", "", text)
    text = html.unescape(text).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# ---------------------------------------------------------------------------------------------
# Relevance equations → our conditions


TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op>==|!=|<>|>=|<=|&&|\|\||[<>!()=,])
      | (?P<name>[A-Za-z_][A-Za-z0-9_#]*(?:\.[A-Za-z]+)?)
      | (?P<bad>\S)
    )""",
    re.VERBOSE,
)
WORD_OPS = {
    "and": "&&",
    "or": "||",
    "not": "!",
    "eq": "==",
    "ne": "!=",
    "gt": ">",
    "ge": ">=",
    "lt": "<",
    "le": "<=",
}
COMPARE = {
    "==": "equals",
    "!=": "not_equals",
    "<>": "not_equals",
    ">": "gt",
    ">=": "ge",
    "<": "lt",
    "<=": "le",
}
FLIP = {"==": "==", "!=": "!=", "<>": "<>", ">": "<", ">=": "<=", "<": ">", "<=": ">="}


def _tokens(expression: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for match in TOKEN.finditer(expression):
        kind = match.lastgroup
        value = match.group(kind) if kind else ""
        if kind == "bad":
            raise Untranslatable(f"Zeichen „{value}“ wird nicht übersetzt")
        if kind == "name" and value.lower() in WORD_OPS:
            kind, value = "op", WORD_OPS[value.lower()]
        if kind:
            tokens.append((kind, value))
    return tokens


class _Relevance:
    """A small recursive-descent reader for the part of LimeSurvey's expressions we can map."""

    def __init__(
        self,
        expression: str,
        references: dict[str, Reference],
        questions: dict[str, dict[str, Any]],
        earlier: set[str],
    ) -> None:
        cleaned = expression.strip()
        if cleaned.startswith("{") and cleaned.endswith("}"):
            cleaned = cleaned[1:-1]
        self.tokens = _tokens(cleaned)
        self.pos = 0
        self.references = references
        self.questions = questions
        self.earlier = earlier

    def parse(self) -> dict[str, Any] | None:
        if not self.tokens:
            return None
        result = self._or()
        if self.pos != len(self.tokens):
            raise Untranslatable(f"unerwartetes „{self.tokens[self.pos][1]}“")
        return result

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self, value: str | None = None) -> tuple[str, str]:
        token = self._peek()
        if token is None or (value is not None and token[1] != value):
            raise Untranslatable("unvollständiger Ausdruck")
        self.pos += 1
        return token

    def _or(self) -> Any:
        parts = [self._and()]
        while self._peek() == ("op", "||"):
            self._take()
            parts.append(self._and())
        if len(parts) == 1:
            return parts[0]
        if any(p is True for p in parts):
            return True
        return _collapse_any(parts)

    def _and(self) -> Any:
        parts = [self._unary()]
        while self._peek() == ("op", "&&"):
            self._take()
            parts.append(self._unary())
        parts = [p for p in parts if p is not True]
        if not parts:
            return True
        return parts[0] if len(parts) == 1 else {"all": parts}

    def _unary(self) -> Any:
        if self._peek() == ("op", "!"):
            self._take()
            inner = self._unary()
            if inner is True:
                raise Untranslatable("„nie anzeigen“ hat keine Entsprechung")
            if isinstance(inner, dict) and set(inner) == {"question", "answered"}:
                return {"question": inner["question"], "answered": not inner["answered"]}
            return {"not": inner}
        return self._primary()

    def _primary(self) -> Any:
        token = self._take()
        if token == ("op", "("):
            inner = self._or()
            self._take(")")
            return inner
        if token[0] == "name" and self._peek() == ("op", "("):
            return self._function(token[1])
        if (
            token[0] in ("number", "name")
            and token[1].lower() in ("1", "true")
            and (
                self._peek() is None or self._peek()[1] in (")", "&&", "||")  # type: ignore[index]
            )
        ):
            return True
        operator = self._peek()
        if operator is None or operator[1] not in COMPARE:
            raise Untranslatable(f"„{token[1]}“ ist kein Vergleich")
        self._take()
        right = self._take()
        if token[0] == "name" and right[0] != "name":
            return self._compare(token[1], operator[1], right)
        if right[0] == "name" and token[0] != "name":
            return self._compare(right[1], FLIP[operator[1]], token)
        raise Untranslatable("Vergleich zweier Fragen oder zweier Werte")

    def _function(self, name: str) -> Any:
        if name.lower() != "is_empty":
            raise Untranslatable(f"Funktion „{name}“ wird nicht übersetzt")
        self._take("(")
        variable = self._take()
        self._take(")")
        if variable[0] != "name":
            raise Untranslatable("is_empty ohne Frage")
        reference = self._resolve(variable[1])
        if reference.kind == "option":
            return {"not": {"question": reference.qid, "contains": reference.code}}
        if reference.kind != "question":
            raise Untranslatable(f"„{variable[1]}“ lässt sich nicht auf Beantwortung prüfen")
        return {"question": reference.qid, "answered": False}

    def _resolve(self, name: str) -> Reference:
        base = re.sub(r"\.(NAOK|code|value)$", "", name, flags=re.IGNORECASE)
        if "." in base:
            raise Untranslatable(
                f"„{name}“ (Eigenschaft {name.split('.', 1)[1]}) wird nicht übersetzt"
            )
        reference = self.references.get(base)
        if reference is None:
            raise Untranslatable(f"„{base}“ ist keine übernommene Frage")
        if reference.qid not in self.earlier:
            raise Untranslatable(f"„{base}“ steht nicht vor dieser Frage")
        return reference

    def _compare(self, name: str, operator: str, literal: tuple[str, str]) -> Any:
        reference = self._resolve(name)
        value = literal[1]
        if literal[0] == "string":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        question = self.questions[reference.qid]
        op = COMPARE[operator]
        if reference.kind not in ("question", "option"):
            raise Untranslatable(f"„{name}“ (Matrixzeile oder Freitext) wird nicht übersetzt")
        if reference.kind == "question" and value == "" and op in ("equals", "not_equals"):
            return {"question": reference.qid, "answered": op == "not_equals"}
        # How a value compares with an answer is the business of the question's type.
        return module_for(question["type"]).compare(
            reference, question, op, value, literal[0] == "number"
        )


def _collapse_any(parts: list[Any]) -> dict[str, Any]:
    """``Q1 == "a" or Q1 == "b"`` reads better as ``in: [a, b]``."""
    if all(isinstance(p, dict) and set(p) == {"question", "equals"} for p in parts):
        questions = {p["question"] for p in parts}
        if len(questions) == 1 and all(isinstance(p["equals"], str) for p in parts):
            return {"question": questions.pop(), "in": [p["equals"] for p in parts]}
    return {"any": parts}


def translate_relevance(
    expression: str,
    references: dict[str, Reference],
    questions: dict[str, dict[str, Any]],
    earlier: set[str],
) -> dict[str, Any] | None:
    """Our condition for a LimeSurvey relevance equation; None if always shown.

    Raises Untranslatable (with the reason) where the equation is more than comparisons of
    earlier questions with values, joined by and/or/not.
    """
    result = _Relevance(expression, references, questions, earlier).parse()
    if result is True or result is None:
        return None
    return dict(result)


# ---------------------------------------------------------------------------------------------
# Expressions and markup in texts

SCRIPT_STYLE = re.compile(r"(?is)<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)")
IMAGE = re.compile(r"(?is)<img\b[^>]*>")
ALT = re.compile(r"""(?is)\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


@dataclass
class CleanText:
    """A LimeSurvey text as plain text, and what had to be taken out of it."""

    text: str
    scripts: int = 0
    """``<script>``/``<style>`` blocks removed."""
    images: int = 0
    """Images; their alt text, if any, is kept."""
    images_without_alt: int = 0
    expressions: list[str] = field(default_factory=list)
    """ExpressionScript removed (``{Q1.NAOK}``), as written."""
    translated: list[tuple[str, str]] = field(default_factory=list)
    """ExpressionScript replaced by a fixed text: (expression, text)."""

    @property
    def only_markup(self) -> bool:
        """Nothing readable was left: the text was only scripts, images or expressions."""
        return not self.text and bool(self.scripts or self.images or self.expressions)


def find_expressions(text: str) -> list[tuple[int, int]]:
    """(start, end) of each ExpressionScript ``{…}`` in ``text``, outermost only.

    As in LimeSurvey, a brace followed by white space (or a closing brace preceded by it) is
    plain text, so CSS-like ``{ color: red }`` and typed braces stay.
    """
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if text[i] == "{" and i + 1 < len(text) and not text[i + 1].isspace():
            end = _closing_brace(text, i)
            if end is not None and not text[end - 1].isspace():
                spans.append((i, end + 1))
                i = end + 1
                continue
        i += 1
    return spans


def _closing_brace(text: str, start: int) -> int | None:
    depth = 0
    quote = ""
    for j in range(start, len(text)):
        char = text[j]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return j
    return None


def _alt_text(tag: str) -> str:
    match = ALT.search(tag)
    if not match:
        return ""
    return html.unescape(next(g for g in match.groups() if g is not None)).strip()


def clean_text(value: str, constants: dict[str, str] | None = None) -> CleanText:
    """``value`` as plain text; scripts, images and expressions handled and counted.

    ``constants`` maps expressions that stand for a fixed text (``SURVEYNAME``) to that text;
    every other expression is removed (our questionnaire has no piping).
    """
    result = CleanText("")
    text, result.scripts = SCRIPT_STYLE.subn("", value)
    text = _replace_images(text, result)
    pieces: list[str] = []
    last = 0
    for start, end in find_expressions(text):
        pieces.append(text[last:start])
        expression = text[start:end]
        inner = html.unescape(expression[1:-1]).strip()
        if constants and inner in constants:
            pieces.append(html.escape(constants[inner]))
            result.translated.append((expression, constants[inner]))
        else:
            result.expressions.append(html.unescape(expression))
        last = end
    pieces.append(text[last:])
    result.text = plain_text("".join(pieces))
    return result


def _replace_images(text: str, result: CleanText) -> str:
    def alt(match: re.Match[str]) -> str:
        result.images += 1
        found = _alt_text(match.group(0))
        if not found:
            result.images_without_alt += 1
        return html.escape(found)

    return IMAGE.sub(alt, text)
