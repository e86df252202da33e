"""``multi``: checkboxes in a fieldset; ``max`` and exclusive options are named in the hint.

A page posted with no box ticked stores no answer to the question (not an empty list): nothing
ticked is "no answer" (contracts.md §2, docs/web-questionnaire.md); migration
``collect/0005_multi_nothing_ticked`` turned the empty lists stored before into no answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from umfrage.collect.types.base import (
    Choice,
    Field,
    Frame,
    built,
    choice,
    fieldset_frame,
    format_html,
    labelled,
    name,
    no_posted_offer,
    no_preview_detail,
    other_problems,
    pick,
)
from umfrage.questionnaire.types import MultiQuestion


def anchor(question: MultiQuestion) -> str:
    return name(question.id, question.options[0].code)


def _parts(question: MultiQuestion) -> tuple[Frame, tuple[Choice, ...]]:
    """The frame and the options (exclusive ones last, after an "or"); see ``base.built``."""
    options = [choice(question, o, "checkbox") for o in question.options if not o.exclusive]
    for option in (o for o in question.options if o.exclusive):
        before = format_html('<p class="choices__or">{}</p>', _("oder"))
        options.append(
            choice(question, option, "checkbox", _("Nur ohne weitere Antworten möglich."), before)
        )
    if says_how_many(question):
        return fieldset_frame(question), tuple(options)
    how_id = name(question.id, "max")
    if question.max:
        how = ngettext(
            "Bitte wählen Sie höchstens %(n)d Antwort.",
            "Bitte wählen Sie höchstens %(n)d Antworten.",
            question.max,
        ) % {"n": question.max}
    else:
        how = _("Mehrere Antworten sind möglich.")
    before = format_html('<p class="hint" id="{}">{}</p>', how_id, how)
    return fieldset_frame(question, how_id, before=before), tuple(options)


# How a questionnaire's own text says that several answers are possible, or names the limit
# (German and English, as questionnaire files are written); see ``says_how_many``.
_SEVERAL = re.compile(
    r"mehrfachnennung|mehrere antworten|mehrfachantwort|multiple answers|several answers"
    r"|all that apply",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    1: ("eine", "einen", "eins", "one"),
    2: ("zwei", "two"),
    3: ("drei", "three"),
    4: ("vier", "four"),
    5: ("fünf", "five"),
    6: ("sechs", "six"),
    7: ("sieben", "seven"),
    8: ("acht", "eight"),
    9: ("neun", "nine"),
    10: ("zehn", "ten"),
}


def says_how_many(question: MultiQuestion) -> bool:
    """Whether the question's text or help already says how many answers may be ticked, so the
    page does not say it a second time (docs/web-questionnaire.md): without a limit a phrase
    such as „Mehrfachnennungen sind möglich“; with a limit „höchstens“ (or „bis zu“, "at most",
    "up to") followed by the limit in digits or as a word („höchstens drei“)."""
    text = " ".join(part for part in (question.text, question.help or "") if part)
    if not question.max:
        return bool(_SEVERAL.search(text))
    words = "|".join(map(re.escape, (str(question.max), *_NUMBER_WORDS.get(question.max, ()))))
    limit = re.compile(
        rf"(?:höchstens|maximal|bis zu|at most|up to|no more than)\s+(?:{words})\b",
        re.IGNORECASE,
    )
    return bool(limit.search(text))


def render(field: Field[MultiQuestion]) -> SafeString:
    frame, options = built(field.question, _parts)
    return frame.around(field, '<div class="choices">' + pick(field, options) + "</div>")


def parse(
    question: MultiQuestion, post: QueryDict, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    posted = post.getlist(name(question.id))
    if any(question.option(code) is None for code in posted):
        return {}, [_("Bitte wählen Sie nur unter den angebotenen Antworten.")]
    # Option order, not click order, so the stored answer does not depend on the browser.
    chosen = [code for code in question.codes() if code in posted]
    other, problems = other_problems(question, post, chosen)
    if not chosen:
        # Nothing ticked is no answer, like a skipped single choice (contracts.md §2): no key,
        # so the question is outside the base. An exclusive "none" option is the explicit
        # answer "none of these"; it is ticked, so it is in ``chosen``.
        return other, problems
    return {question.id: chosen, **other}, problems


def summary(question: MultiQuestion, answers: Mapping[str, Any]) -> list[str]:
    chosen = answers.get(question.id)
    if chosen is None:
        return []
    if not chosen:
        return [_("(nichts ausgewählt)")]
    other = answers.get(f"{question.id}.other")
    return [
        labelled(o.label, other) if o.other and other else o.label
        for o in question.options
        if o.code in chosen
    ]


posted_offer = no_posted_offer
preview_detail = no_preview_detail
