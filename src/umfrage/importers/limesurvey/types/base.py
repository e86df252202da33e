"""What every LimeSurvey type module provides: the :class:`LimeSurveyType` protocol, and the
parts several of them share.

A module of this package holds what is specific to one of *our* question types in the
LimeSurvey conversion: the question dict it builds from a LimeSurvey question (which LimeSurvey
attributes it carries over and which it reports as lost), the response columns and variable
names it answers to, how a relevance equation compares a value with its answers, and whether an
array filter can become ``among``. The builder (:mod:`..questions`), the conversion
(:mod:`..convert`), the expressions (:mod:`..expressions`) and the response import
(:mod:`..responses`) call these and never ask for the type themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from umfrage.importers.limesurvey.reference import Reference, Untranslatable
from umfrage.importers.tabular import Target
from umfrage.questionnaire.base import QuestionBase

if TYPE_CHECKING:
    from umfrage.importers.limesurvey.questions import QuestionBuilder
    from umfrage.importers.limesurvey.xmlread import LsQuestion

Q = TypeVar("Q", bound=QuestionBase, contravariant=True)


class LimeSurveyType(Protocol[Q]):
    """One of our question types in the LimeSurvey conversion (a module of this package);
    ``Q`` is the type's questionnaire class."""

    def build(
        self, builder: QuestionBuilder, q: LsQuestion, source: str, base: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Our question(s) for the LimeSurvey question ``q`` (``base``: text, help, required),
        with the builder's references, response columns and plan notes."""
        ...

    def build_part(
        self, builder: QuestionBuilder, q: LsQuestion, qid: str, base: dict[str, Any]
    ) -> dict[str, Any]:
        """Our question for one subquestion of a LimeSurvey question that becomes one question
        per subquestion (``split`` in :data:`..typemap.TYPES`)."""
        ...

    def compare(
        self,
        reference: Reference,
        question: dict[str, Any],
        op: str,
        value: str,
        numeric: bool,
    ) -> dict[str, Any]:
        """Our condition for ``<reference> <op> <value>`` in a relevance equation; raises
        :class:`Untranslatable` (with the reason) where the type has no such comparison."""
        ...

    def takes_filter(self, question: dict[str, Any], source: dict[str, Any]) -> bool:
        """Whether LimeSurvey's array filter by the earlier question ``source`` becomes
        ``among`` on ``question``."""
        ...

    def response_columns(self, question: Q, columns: dict[str, Target]) -> None:
        """The LimeSurvey response columns of a question of a questionnaire converted earlier
        (question ids = lower-cased LimeSurvey codes), added to ``columns``."""
        ...


def no_parts(
    builder: QuestionBuilder, q: LsQuestion, qid: str, base: dict[str, Any]
) -> dict[str, Any]:
    """The ``build_part`` of a type no LimeSurvey question is split into."""
    raise ValueError(
        f"LimeSurvey-Fragetyp „{q.type}“ ({q.title}): seine Teilfragen werden nicht zu Fragen "
        "dieses Typs (split in typemap.TYPES)"
    )


def not_comparable(
    reference: Reference, question: dict[str, Any], op: str, value: str, numeric: bool
) -> dict[str, Any]:
    """The ``compare`` of a type relevance equations cannot compare with a value."""
    raise Untranslatable(f"Vergleich bei einer Frage vom Typ {question['type']}")


def no_filter(question: dict[str, Any], source: dict[str, Any]) -> bool:
    """The ``takes_filter`` of a type that has nothing like ``among``."""
    return False


def one_question(builder: QuestionBuilder, q: LsQuestion, source: str) -> str:
    """A new id for the one question ``q`` becomes; ``q``'s code and response column name it."""
    qid = builder.new_id(q.title, f"q{q.qid}", source)
    builder.references[q.title] = Reference("question", qid)
    builder.columns[q.title] = Target("cell", qid)
    return qid


def cell_columns(q: QuestionBase, columns: dict[str, Target], other: bool = False) -> None:
    """Response columns of a one-column question (single, number, text): the code, its
    ``[other]`` form where the question has "other", and the ``[comment]`` and ``[sub]`` forms
    of questions split off a LimeSurvey question."""
    columns[q.id] = Target("cell", q.id)
    if other:
        columns[f"{q.id}[other]"] = Target("cell", f"{q.id}.other")
    if q.id.endswith("_comment"):
        columns[f"{q.id[: -len('_comment')]}[comment]"] = Target("cell", q.id)
    head, _, tail = q.id.rpartition("_")
    if head and tail:
        columns.setdefault(f"{head}[{tail}]", Target("cell", q.id))
