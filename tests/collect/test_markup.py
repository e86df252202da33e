"""The questionnaire's own ``format_html`` escapes exactly as Django's does, and every question
renders, byte for byte, the HTML of its reviewed snapshot (recorded from the markup code before
the markup was built from precomputed parts; see ``markup_cases``)."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from django.utils import html as django_html
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from tests.collect import markup_cases
from tests.collect.survey import QUESTIONNAIRE
from umfrage.collect.types import base, single
from umfrage.collect.types.base import format_html
from umfrage.questionnaire.loader import questionnaire_from_text

AWKWARD = [
    "<script>alert('x')</script>",
    'Say "hi" & <b>bye</b>',
    "Grüße – „Anführung“ ’",
    mark_safe("<em>schon sicher</em>"),
    SafeString("a & b"),
    gettext_lazy("Fehler:"),
    42,
    None,
    3.5,
    "",
]


def test_it_escapes_every_value_as_djangos_format_html() -> None:
    template = '<p class="{}" title="{}">{}</p>'
    for value in AWKWARD:
        ours = format_html(template, value, value, value)
        theirs = django_html.format_html(template, value, value, value)
        assert ours == theirs and isinstance(ours, SafeString), value


def test_escaped_values_cannot_break_out_of_an_attribute() -> None:
    out = format_html('<input value="{}">', '" onfocus="alert(1)')
    assert out == '<input value="&quot; onfocus=&quot;alert(1)">'


class MarkupSnapshot(SingleFileSnapshotExtension):
    """One question's cases in one plain file (``markup_cases.readable``), reviewed in diffs."""

    _write_mode = WriteMode.TEXT
    file_extension = "html"


QUESTIONS = [(label, language, q) for label, language, q in markup_cases.questions()]


@pytest.mark.parametrize(
    ("label", "language", "question"), QUESTIONS, ids=[f"{x[0]}-{x[2].id}" for x in QUESTIONS]
)
def test_every_question_renders_its_snapshot_in_every_state(
    label: str, language: str, question: Any, snapshot: SnapshotAssertion
) -> None:
    """Byte for byte the HTML in ``__snapshots__/test_markup/`` of every state of the question.

    The snapshot text maps back to each case's exact string (``markup_cases.parse``), checked
    here for today's cases, so an equal text means equal bytes. An intended change of the
    markup: review the diff of ``pytest tests/collect/test_markup.py --snapshot-update``.
    """
    found = list(markup_cases.question_cases(question, language))
    text = markup_cases.readable(found)
    assert markup_cases.parse(text) == found
    assert text == snapshot.use_extension(MarkupSnapshot)


def test_the_snapshot_format_gives_back_every_byte() -> None:
    awkward = ["", "\n", "a\n", "\n\n<b>", "↵", "↵\n", "x↵", "<a>\n<b>↵</b>", "<p></p>\r\n<i>"]
    cases = [(f"fall-{i}", markup) for i, markup in enumerate(awkward)] + [
        ("gleich", "<a>\n<b>↵</b>")
    ]
    assert markup_cases.parse(markup_cases.readable(cases)) == cases
    # Each different HTML gives a different text; an equal one is named, not repeated.
    texts = {markup_cases.readable([("f", markup)]) for markup in awkward}
    assert len(texts) == len(awkward)
    assert markup_cases.readable(cases).endswith("<!-- case: gleich = same as: fall-7 -->\n")


def test_parts_are_built_once_per_question_and_go_with_it() -> None:
    questionnaire = questionnaire_from_text(QUESTIONNAIRE, "a.yaml")
    question = questionnaire.question("koordination")
    made: list[str] = []

    def make(q: Any) -> object:
        made.append(q.id)
        return object()

    first = base.built(question, make)
    assert base.built(question, make) is first and made == ["koordination"]
    # Another language has its own parts (they hold translated texts), another maker too.
    with translation.override("en"):
        assert base.built(question, make) is not first
    assert base.built(question, lambda q: "andere") == "andere"
    # An equal question of another parse is another object with parts of its own.
    again = questionnaire_from_text(QUESTIONNAIRE, "a.yaml").question("koordination")
    assert again == question and base.built(again, make) is not first
    assert made == ["koordination"] * 3
    key = id(question)
    del question, questionnaire, first
    gc.collect()
    assert key not in base._BUILT


def test_a_changed_questionnaire_never_shows_the_old_markup() -> None:
    def koordination(text: str) -> str:
        question = questionnaire_from_text(text, "a.yaml").question("koordination")
        return str(single.render(base.Field(question, {"koordination": "verein"})))

    before = koordination(QUESTIONNAIRE)
    after = koordination(QUESTIONNAIRE.replace("Eingetragener Verein", "Verein & Co"))
    assert "Eingetragener Verein" in before and "Verein &amp; Co" not in before
    assert "Verein &amp; Co" in after and "Eingetragener Verein" not in after
    assert (
        'value="verein" checked><label class="choice__label" for="q-koordination-verein">'
        "Verein &amp; Co</label>" in after
    )
