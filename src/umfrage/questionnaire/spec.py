"""A wave's questionnaire: sections of questions, immutable once loaded."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Any

from pydantic import Field

from umfrage.questionnaire.base import Answers, Condition, Frozen, is_empty
from umfrage.questionnaire.texts import RequiredText, Text, localized
from umfrage.questionnaire.types import (
    MatrixQuestion,
    MultiQuestion,
    NumberQuestion,
    RankingQuestion,
    SingleQuestion,
    TextQuestion,
)

Question = Annotated[
    SingleQuestion
    | MultiQuestion
    | RankingQuestion
    | MatrixQuestion
    | NumberQuestion
    | TextQuestion,
    Field(discriminator="type"),
]
ChoiceQuestion = SingleQuestion | MultiQuestion | RankingQuestion | MatrixQuestion


class Section(Frozen):
    """One part of the questionnaire; the web questionnaire shows one section per page."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_]*$", max_length=40)
    title: RequiredText
    intro: Text | None = None
    condition: Condition | None = Field(default=None, alias="if")
    questions: tuple[Question, ...] = Field(min_length=1)


class Questionnaire(Frozen):
    """The declared questionnaire of one wave (see docs/questionnaire-format.md)."""

    wave: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    title: RequiredText
    language: str = "de"
    languages: tuple[str, ...] = ()
    """The languages the respondent may choose, the first the base (see ``respondent_languages``)."""
    intro: Text | None = None
    privacy: Text | None = None
    estimated_minutes: int | None = Field(default=None, ge=1, le=600)
    anonymous: bool = False
    sections: tuple[Section, ...] = Field(min_length=1)

    def respondent_languages(self) -> tuple[str, ...]:
        """The languages a respondent may answer in, the base language (German) first:
        ``languages`` if the file declares them, else the one ``language``."""
        return self.languages or (self.language,)

    @property
    def base_language(self) -> str:
        return self.respondent_languages()[0]

    def in_language(self, language: str) -> Questionnaire:
        """This questionnaire with every respondent-facing text in ``language`` (the base text
        where a translation is missing). Ids, codes, conditions and checks are the same, so
        answers given in any language are the same data. Remembered per language."""
        if language == self.base_language or language not in self.respondent_languages():
            return self
        cache: dict[str, Questionnaire] = self.__dict__.setdefault("_in_language", {})
        if language not in cache:
            cache[language] = localized(self, language)
        return cache[language]

    # Derived once per parsed questionnaire (the parse is cached per stored text): the web
    # questionnaire asks for them many times on every page.
    @cached_property
    def _all(self) -> tuple[Any, ...]:
        return tuple(q for section in self.sections for q in section.questions)

    @cached_property
    def _by_id(self) -> dict[str, Any]:
        return {q.id: q for q in self._all}

    @cached_property
    def _section_by_id(self) -> dict[str, Section]:
        found: dict[str, Section] = {}
        for section in self.sections:
            for q in section.questions:
                found.setdefault(q.id, section)
        return found

    @cached_property
    def _answer_keys(self) -> frozenset[str]:
        return frozenset(key for q in self._all for key in q.answer_keys())

    def questions(self) -> list[Any]:
        return list(self._all)

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]
        return iter(self.questions())

    def question(self, qid: str) -> Any:
        """The question with that id; KeyError if there is none."""
        return self._by_id[qid]

    def has_question(self, qid: str) -> bool:
        return qid in self._by_id

    def section_of(self, qid: str) -> Section:
        """The section that holds the question; KeyError if there is none."""
        return self._section_by_id[qid]

    def columns(self) -> list[str]:
        """The question columns of ``responses.csv``, in questionnaire order."""
        return [col for q in self.questions() for col in q.columns()]

    def is_shown(self, qid: str, answers: Answers) -> bool:
        """Whether a question is shown, given its section's and its own condition."""
        section = self._section_by_id[qid]
        if section.condition is not None and not section.condition.evaluate(answers):
            return False
        return bool(self._by_id[qid].is_shown(answers))

    def clean(self, answers: Answers) -> dict[str, Any]:
        """The answers without those to questions that their conditions hide, nor empty ones.

        Conditions only look back, so walking the questions in order settles each one before
        anything that depends on it.
        """
        kept: dict[str, Any] = {}
        for q in self.questions():
            if not self.is_shown(q.id, kept):
                continue
            for key in q.answer_keys():
                value = answers.get(key)
                # An empty multi list means "shown, nothing chosen" and is kept as an answer.
                if not is_empty(value) or q.keeps_empty(value):
                    kept[key] = value
        return kept

    def validate(self, answers: Answers, *, complete: bool = True) -> dict[str, list[str]]:  # type: ignore[override]
        """Problems per question id (empty mapping if the answers are fine).

        With ``complete=False`` required questions may still be open (a partial response).
        """
        problems: dict[str, list[str]] = {}
        known = self._answer_keys
        for key in answers:
            if key not in known:
                problems.setdefault(key, []).append(f"„{key}“ ist keine Frage dieser Welle.")
        for q in self.questions():
            if not self.is_shown(q.id, answers):
                continue
            found = q.validate_answer(answers)
            if not complete and q.id not in answers:
                found = []
            if found:
                problems[q.id] = found
        return problems
