"""Building blocks shared by every question type: options, conditions, comparisons.

Spec objects are immutable (frozen pydantic models). An *answers* mapping is what a respondent
gave, keyed by question id; its value's shape belongs to the question type (see ``types/``).
The free text of an "other, please specify" option is kept under ``"<qid>.other"``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from umfrage import formatting as fmt
from umfrage.questionnaire.texts import RequiredText, Text

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_]*$"
ID_PATTERN = r"^[a-z][a-z0-9_]*$"

Answers = Mapping[str, Any]

# Every free text has a length limit, checked wherever answers are stored (the web questionnaire,
# imports, the admin): a text question's ``max_length`` and a choice question's
# ``other_max_length`` (its "please specify" text), with these defaults, at most LENGTH_CEILING.
TEXT_MAX_LENGTH = 5000
OTHER_MAX_LENGTH = 500
LENGTH_CEILING = 100_000


def count_text(n: int) -> str:
    """A count as German writes it: 5.000."""
    return fmt.number(n)


def too_long(text: str, limit: int, what: str = "Ihre Antwort") -> str | None:
    """The German request to shorten ``text``, or None if it fits."""
    if len(text) <= limit:
        return None
    return (
        f"Bitte kürzen Sie {what} auf höchstens {count_text(limit)} Zeichen "
        f"(jetzt {count_text(len(text))})."
    )


class CellError(ValueError):
    """A CSV cell that cannot be read as an answer; names the column."""

    def __init__(self, column: str, message: str) -> None:
        self.column = column
        self.message = message
        super().__init__(f"{column}: {message}")


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Option(Frozen):
    """One answer option (or one scale point of a matrix)."""

    code: str = Field(pattern=CODE_PATTERN, max_length=40)
    label: RequiredText
    exclusive: bool = False
    """Choosing it excludes every other option (e.g. "Wir benötigen keine Unterstützung")."""
    exclude_from_base: bool = False
    """Counts as an answer but not in the base of shares and means (e.g. "kann ich nicht beurteilen")."""
    other: bool = False
    """Asks for a free text when chosen ("Sonstiges, bitte angeben"); stored as ``<qid>.other``."""
    categories: tuple[Category, ...] = ()
    """The codebook of the "please specify" texts (only on the ``other: true`` option of a
    single or multi question; checks.py refuses it elsewhere). Their codes: ``<qid>.other.codes``."""

    @model_validator(mode="before")
    @classmethod
    def _code_as_text(cls, data: Any) -> Any:
        # YAML reads `1` as an int; codes are always text so that `1` and "1" are one code.
        if isinstance(data, dict) and isinstance(data.get("code"), int | float):
            return {**data, "code": str(data["code"])}
        return data


class Category(Option):
    """One category of a codebook: a text question's or an "other" option's (docs/
    questionnaire-format.md, "Coding free texts")."""

    description: str | None = Field(default=None, min_length=1)
    """What belongs in this category (shown to the staff who code)."""
    keywords: tuple[str, ...] = ()
    """Words that suggest this category for a text (case does not matter; word stems match)."""
    option: str | None = None
    """In an "other" option's codebook: the option of the question this category stands for
    (a text that names an option the respondent could have chosen). Counted apart, next to it."""

    @field_validator("option", mode="before")
    @classmethod
    def _option_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("keywords")
    @classmethod
    def _keywords_filled(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(k.strip() for k in value)
        if any(not k for k in cleaned):
            raise ValueError(
                "Ein Stichwort unter „keywords“ ist leer. → Tragen Sie ein Wort ein oder "
                "entfernen Sie den leeren Eintrag."
            )
        return cleaned


Option.model_rebuild()


class Item(Frozen):
    """One row of a matrix question."""

    code: str = Field(pattern=CODE_PATTERN, max_length=40)
    label: RequiredText


OPERATORS = ("equals", "not_equals", "in_", "contains", "gt", "ge", "lt", "le", "answered")
COMBINATORS = ("all", "any", "not_")


class Condition(Frozen):
    """When a question (or section) is shown.

    Either a comparison on one earlier question (``question`` plus exactly one operator) or a
    combination (``all``, ``any``, ``not``). A question without an answer satisfies no comparison
    except ``answered: false``.
    """

    question: str | None = None
    equals: str | float | None = None
    not_equals: str | float | None = None
    in_: tuple[str, ...] | None = Field(default=None, alias="in")
    contains: str | None = None
    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None
    answered: bool | None = None
    all: tuple[Condition, ...] | None = None
    any: tuple[Condition, ...] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="before")
    @classmethod
    def _codes_as_text(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            if isinstance(data.get("contains"), int) and not isinstance(data["contains"], bool):
                data["contains"] = str(data["contains"])
            if isinstance(data.get("in"), list):
                data["in"] = [str(v) for v in data["in"]]
        return data

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        operators = [op for op in OPERATORS if getattr(self, op) is not None]
        combinators = [c for c in COMBINATORS if getattr(self, c) is not None]
        if combinators:
            if len(combinators) > 1 or operators or self.question is not None:
                raise ValueError(
                    "Eine Bedingung ist entweder ein Vergleich (question + ein Operator) "
                    "oder genau eine Verknüpfung (all, any oder not). → Teilen Sie die Bedingung auf, "
                    "z. B. all: [{question: a, equals: x}, {question: b, equals: y}]."
                )
            return self
        if self.question is None:
            raise ValueError(
                "Die Bedingung nennt keine Frage. → Ergänzen Sie „question: <id einer früheren Frage>“."
            )
        if len(operators) != 1:
            raise ValueError(
                "Die Bedingung braucht genau einen Operator: equals, not_equals, in, contains, "
                "gt, ge, lt, le oder answered. → Schreiben Sie z. B. {question: social_media, equals: ja}."
            )
        return self

    @property
    def operator(self) -> str | None:
        for op in OPERATORS:
            if getattr(self, op) is not None:
                return op.rstrip("_")
        return None

    def questions(self) -> list[str]:
        """Every question id this condition reads, in order of appearance."""
        if self.question is not None:
            return [self.question]
        found: list[str] = []
        for child in self.children():
            found.extend(child.questions())
        return found

    def children(self) -> tuple[Condition, ...]:
        if self.all is not None:
            return self.all
        if self.any is not None:
            return self.any
        if self.not_ is not None:
            return (self.not_,)
        return ()

    def evaluate(self, answers: Answers) -> bool:
        if self.all is not None:
            return all(c.evaluate(answers) for c in self.all)
        if self.any is not None:
            return any(c.evaluate(answers) for c in self.any)
        if self.not_ is not None:
            return not self.not_.evaluate(answers)
        assert self.question is not None
        return self._compare(answers.get(self.question))

    def _compare(self, value: Any) -> bool:
        present = value not in (None, "", [], {})
        if self.answered is not None:
            return present == self.answered
        if not present:
            return False
        if self.equals is not None:
            return _same(value, self.equals)
        if self.not_equals is not None:
            return not _same(value, self.not_equals)
        if self.in_ is not None:
            return str(value) in self.in_
        if self.contains is not None:
            return self.contains in (value if isinstance(value, list | dict) else [value])
        number = _as_number(value)
        if number is None:
            return False
        if self.gt is not None:
            return number > self.gt
        if self.ge is not None:
            return number >= self.ge
        if self.lt is not None:
            return number < self.lt
        assert self.le is not None
        return number <= self.le


def _same(value: Any, expected: str | float) -> bool:
    if isinstance(expected, str):
        return str(value) == expected
    number = _as_number(value)
    return number is not None and number == expected


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


class Comparison(Frozen):
    """How a question lines up with the same question of an earlier wave.

    ``recode`` maps this wave's codes onto the earlier wave's (codes not named map to themselves;
    ``null`` means "has no counterpart"). ``note`` is carried by every comparison, e.g. when the
    wording changed.
    """

    wave: str = Field(min_length=1)
    question: str | None = Field(default=None, pattern=ID_PATTERN)
    recode: dict[str, str | None] = Field(default_factory=dict)
    note: str | None = None
    comparable: bool = True

    @model_validator(mode="before")
    @classmethod
    def _text_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            if isinstance(data.get("wave"), int):
                data["wave"] = str(data["wave"])
            if isinstance(data.get("recode"), dict):
                data["recode"] = {
                    str(k): (None if v is None else str(v)) for k, v in data["recode"].items()
                }
        return data

    def map_code(self, code: str) -> str | None:
        """This wave's code as the earlier wave's code (None: no counterpart there)."""
        return self.recode.get(code, code)


class QuestionBase(Frozen):
    """What every question type has. Each type adds its own fields and behaviour."""

    type_name: ClassVar[str] = ""
    has_options: ClassVar[bool] = False

    # What the spec checks, the web layer and the erasure ask of a type; each type module sets
    # its own values, so no code outside ``types/`` switches on the type (see QuestionType).
    allows_exclusive: ClassVar[bool] = False
    """An option may be ``exclusive``."""
    allows_other: ClassVar[bool] = False
    """An option may ask for a free text (``other: true``)."""
    reserves_other_code: ClassVar[bool] = False
    """The option code ``other`` is taken by a column ``<qid>.other`` of another meaning."""
    numeric: ClassVar[bool] = False
    """Conditions may compare the answer with gt, ge, lt and le."""
    set_valued: ClassVar[bool] = False
    """The answer holds several codes: conditions use ``contains``, not equals or in."""
    splits_results: ClassVar[bool] = False
    """Results can be broken down by the answer (one code per respondent)."""

    id: str = Field(pattern=ID_PATTERN, max_length=60)
    text: RequiredText
    help: Text | None = None
    required: bool = False
    condition: Condition | None = Field(default=None, alias="if")
    compare: tuple[Comparison, ...] = ()

    def columns(self) -> list[str]:
        """The question's columns in ``responses.csv`` (contracts.md §2)."""
        raise NotImplementedError  # every concrete type overrides

    def answer_keys(self) -> list[str]:
        """Keys this question may use in an answers mapping."""
        return [self.id]

    def is_shown(self, answers: Answers) -> bool:
        return self.condition is None or self.condition.evaluate(answers)

    def validate_answer(self, answers: Answers) -> list[str]:
        """Problems with this question's answer, in the respondent's words (empty if fine)."""
        value = answers.get(self.id)
        if _is_empty(value):
            return ["Bitte beantworten Sie diese Frage."] if self.required else []
        return self.check_value(value, answers)

    def check_value(self, value: Any, answers: Answers) -> list[str]:
        raise NotImplementedError  # every concrete type overrides

    def from_cells(self, cells: Mapping[str, str]) -> dict[str, Any]:
        """Read this question's answer from its CSV cells (already stripped strings)."""
        raise NotImplementedError  # every concrete type overrides

    def to_cells(self, answers: Answers) -> dict[str, str]:
        raise NotImplementedError  # every concrete type overrides

    def comparison_with(self, wave: str) -> Comparison | None:
        for comparison in self.compare:
            if comparison.wave == wave:
                return comparison
        return None

    def recode_codes(self) -> list[str] | None:
        """The codes ``compare.recode`` may name (None: the type has no codes to recode)."""
        return None

    def condition_codes(self) -> list[str] | None:
        """The codes a condition on this question may name (None: it names no codes)."""
        return None

    def keeps_empty(self, value: Any) -> bool:
        """Whether an empty ``value`` is still an answer (a multi with nothing chosen is)."""
        return False

    def offered(self, answers: Answers) -> list[str] | None:
        """The options the respondent may answer given earlier answers (None: not limited)."""
        return None

    def upper_limit(self) -> float | None:
        """The highest value an answer may have (None: no numeric limit)."""
        return None

    def coding(self) -> tuple[str, list[str]] | None:
        """The answer key and the category codes of analysts' coding (None: not coded)."""
        return None

    def codebook(self) -> tuple[Category, ...]:
        """The categories of analysts' coding (empty: not coded)."""
        return ()

    def coded_text_key(self) -> str:
        """The answer key of the text that analysts code (a text question's own answer)."""
        return self.id

    def in_canonical_order(self, key: str, value: Any) -> Any:
        """``value`` of answer ``key`` in the order the library keeps it (e.g. option order)."""
        return value

    def free_text_keys(self) -> list[str]:
        """Answer keys whose values are typed freely (besides any ``<qid>.other``)."""
        return []

    def spec_problems(self, path: tuple[Any, ...], add: Callable[..., None]) -> None:
        """Report problems of the spec fields that only this type has via ``add``."""

    def reference_problems(
        self,
        path: tuple[Any, ...],
        index: int,
        position: Mapping[str, int],
        lookup: Callable[[str], QuestionBase],
        add: Callable[..., None],
    ) -> None:
        """Report problems with references to other questions (``position``: qid -> index)."""


CODE_SEPARATOR = ";"
"""Between the codes of one ``…codes`` cell."""


def codes_problems(codes: Any, known: list[str]) -> list[str]:
    """Problems of a stored list of codebook codes."""
    if not isinstance(codes, list | tuple):
        return ["Die Kategorien müssen eine Liste von Codes sein."]
    problems = [f"„{c}“ ist keine Kategorie dieser Frage." for c in codes if c not in known]
    if not problems and len(set(codes)) != len(codes):
        problems.append("Jede Kategorie kann einer Antwort nur einmal zugeordnet werden.")
    return problems


def read_codes(raw: str, known: list[str]) -> list[str]:
    """The codes of one ``…codes`` cell in codebook order; ValueError names the fault."""
    given = [p.strip() for p in raw.split(CODE_SEPARATOR) if p.strip()]
    unknown = [p for p in given if p not in known]
    if unknown:
        raise ValueError(
            f"„{unknown[0]}“ ist keine Kategorie dieser Frage "
            f"(erlaubt: {', '.join(known)}; mehrere mit „;“ getrennt)"
        )
    if len(set(given)) != len(given):
        raise ValueError("eine Kategorie steht mehrfach in der Zelle")
    return [c for c in known if c in given]


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def is_empty(value: Any) -> bool:
    return _is_empty(value)


class ChoiceMixin:
    """Helpers for types with a list of options."""

    options: tuple[Option, ...]

    def codes(self) -> list[str]:
        return [o.code for o in self.options]

    def condition_codes(self) -> list[str] | None:
        return self.codes()

    def recode_codes(self) -> list[str] | None:
        return self.codes()

    def option(self, code: str) -> Option | None:
        for o in self.options:
            if o.code == code:
                return o
        return None

    def other_option(self) -> Option | None:
        for o in self.options:
            if o.other:
                return o
        return None

    # --- the codebook of the "please specify" texts (``categories`` under the other option) ---

    def codebook(self) -> tuple[Category, ...]:
        option = self.other_option()
        return option.categories if option is not None else ()

    @property
    def other_codes_key(self) -> str:
        return f"{getattr(self, 'id', '')}.other.codes"

    def coded_text_key(self) -> str:
        return f"{getattr(self, 'id', '')}.other"

    def coding(self) -> tuple[str, list[str]] | None:
        found = self.codebook()
        return (self.other_codes_key, [c.code for c in found]) if found else None

    def other_coding_keys(self) -> list[str]:
        """``[<qid>.other.codes]`` when the "other" texts have a codebook (a column and a key)."""
        return [self.other_codes_key] if self.codebook() else []

    def other_codes_problems(self, answers: Answers) -> list[str]:
        codes = answers.get(self.other_codes_key)
        if not self.codebook() or codes in (None, []):
            return []
        return codes_problems(codes, [c.code for c in self.codebook()])

    def other_codes_from_cell(self, cells: Mapping[str, str]) -> dict[str, Any]:
        raw = cells.get(self.other_codes_key, "")
        if not self.codebook() or not raw.strip():
            return {}
        try:
            return {self.other_codes_key: read_codes(raw, [c.code for c in self.codebook()])}
        except ValueError as exc:
            raise CellError(self.other_codes_key, str(exc)) from None

    def other_codes_to_cells(self, answers: Answers) -> dict[str, str]:
        if not self.codebook():
            return {}
        given = answers.get(self.other_codes_key) or []
        known = [c.code for c in self.codebook()]
        return {self.other_codes_key: CODE_SEPARATOR.join(c for c in known if c in given)}

    @property
    def other_limit(self) -> int:
        """The longest "please specify" text this question takes."""
        return int(getattr(self, "other_max_length", OTHER_MAX_LENGTH))

    def other_problems(self, answers: Answers) -> list[str]:
        """Problems with the "please specify" text (``<qid>.other``): it must be a text that fits."""
        option = self.other_option()
        text = answers.get(f"{getattr(self, 'id', '')}.other")
        if option is None or text in (None, ""):
            return []
        if not isinstance(text, str):
            return [f"Die Angabe bei „{option.label}“ muss ein Text sein."]
        problem = too_long(text, self.other_limit, f"Ihre Angabe bei „{option.label}“")
        return [problem] if problem else []

    def other_from_cell(self, cells: Mapping[str, str]) -> dict[str, Any]:
        """The "please specify" text of a CSV row; CellError names the column if it is too long."""
        column = f"{getattr(self, 'id', '')}.other"
        other = cells.get(column, "")
        if not other:
            return {}
        if len(other) > self.other_limit:
            raise CellError(
                column,
                f"Der Text ist {count_text(len(other))} Zeichen lang, erlaubt sind höchstens "
                f"{count_text(self.other_limit)} (other_max_length der Frage)",
            )
        return {column: other}
