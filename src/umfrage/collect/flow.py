"""Which pages and questions a respondent sees, given the answers so far. No HTTP, no database.

A page is a section of the questionnaire. Conditions only look back, so the answers given so far
settle what is shown; a page whose questions are all hidden is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

from umfrage.questionnaire.base import is_empty
from umfrage.questionnaire.spec import Questionnaire, Section

REVIEW = "pruefen"


def shown_questions(
    questionnaire: Questionnaire, section: Section, answers: Mapping[str, Any]
) -> list[Any]:
    """The section's questions that are shown; a ranking "among" nothing chosen is not shown."""
    shown = []
    for question in section.questions:
        if not questionnaire.is_shown(question.id, answers):
            continue
        offered = question.offered(answers)
        if offered is not None and not offered:
            continue
        shown.append(question)
    return shown


class Shown:
    """What one state of the answers shows: the pages and each page's shown questions.

    Each section is worked out once, when first asked, and then answered from memory as often
    as a request asks; build a new one for other answers (it must not outlive its request).
    """

    def __init__(self, questionnaire: Questionnaire, answers: Mapping[str, Any]) -> None:
        self.questionnaire = questionnaire
        self.answers = answers
        self._questions: dict[str, list[Any]] = {}

    def questions(self, section: Section) -> list[Any]:
        """The section's questions that are shown (none if the page is skipped)."""
        found = self._questions.get(section.id)
        if found is None:
            found = shown_questions(self.questionnaire, section, self.answers)
            self._questions[section.id] = found
        return found

    @cached_property
    def pages(self) -> list[Section]:
        return [s for s in self.questionnaire.sections if self.questions(s)]

    @cached_property
    def page_ids(self) -> list[str]:
        return [s.id for s in self.pages]

    def neighbour(self, section_id: str, step: int) -> str | None:
        """The id of the shown page ``step`` pages away (None before the first page; REVIEW
        after the last)."""
        ids = self.page_ids
        if section_id not in ids:
            return ids[0] if ids else REVIEW
        index = ids.index(section_id) + step
        if index < 0:
            return None
        return ids[index] if index < len(ids) else REVIEW

    def first_unfinished(self, done: list[str]) -> str:
        """Where a returning respondent continues: the first shown page not finished, else
        review."""
        for page_id in self.page_ids:
            if page_id not in done:
                return page_id
        return REVIEW


def section(questionnaire: Questionnaire, section_id: str) -> Section | None:
    return next((s for s in questionnaire.sections if s.id == section_id), None)


def page_keys(section: Section) -> list[str]:
    """Every answer key the respondent gives on a section's page.

    Not the codes of a codebook (a text's ``<qid>.codes``, an "other" text's
    ``<qid>.other.codes``): analysts assign those, and a respondent saving the page again must
    not erase them.
    """
    return [
        key
        for q in section.questions
        for key in q.answer_keys()
        if key != (q.coding() or (None, None))[0]
    ]


def merge(
    answers: Mapping[str, Any], section: Section, posted: Mapping[str, Any]
) -> dict[str, Any]:
    """The stored answers with this page's answers replaced by what was posted."""
    return merging(answers, section)(posted)


def merging(
    answers: Mapping[str, Any], section: Section
) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """``merge`` for one page and its stored answers, for the posted answers as a page is read
    question by question (the answers of other pages are picked out once)."""
    keys = set(page_keys(section))
    kept = {k: v for k, v in answers.items() if k not in keys}

    def merged(posted: Mapping[str, Any]) -> dict[str, Any]:
        result = dict(kept)
        result.update({k: v for k, v in posted.items() if not (is_empty(v) and v != [])})
        return result

    return merged


def same_page_answers(
    section: Section, before: Mapping[str, Any], after: Mapping[str, Any]
) -> bool:
    """Whether this page's answers are the same in two states of a response."""
    return all(before.get(k) == after.get(k) for k in page_keys(section))


def prune_rankings(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Drop ranks of options that are no longer rankable and close the gaps they leave.

    Unticking an option in the multi a ranking is "among" would otherwise leave a rank the
    respondent can no longer see or change.
    """
    pruned = dict(answers)
    for question in questionnaire.questions():
        value = pruned.get(question.id)
        allowed = question.offered(pruned)
        if allowed is None or not isinstance(value, dict):
            continue
        kept = sorted((rank, code) for code, rank in value.items() if code in allowed)
        if len(kept) != len(value):
            renumbered = {code: index for index, (_, code) in enumerate(kept, start=1)}
            if renumbered:
                pruned[question.id] = renumbered
            else:
                del pruned[question.id]
    return pruned
