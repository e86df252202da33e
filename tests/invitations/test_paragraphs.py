"""The plain-text part of an e-mail writes each paragraph on one line (issue 21): a wrapped
template line was a hard break in mid-sentence on a phone."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from umfrage.invitations.messages import letter_for
from umfrage.store.models import Invitation

# Where the shipped templates break a line on purpose: before the link, in the signature and
# the footer. Every other line ends a paragraph.
MEANT = ("Guten Tag", "Ihr persönlicher Link zum Fragebogen", "Mit freundlichen Grüßen", "--")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["invitation", "reminder"])
def test_paragraphs_are_single_lines_in_the_plain_text_part(make_wave: Any, kind: str) -> None:
    wave = make_wave(1)
    invitation = Invitation.objects.create(wave=wave, organisation=wave.survey.organisations.get())
    letter = letter_for(invitation, kind, "abc")
    for paragraph in letter.text.strip().split("\n\n"):
        lines = paragraph.split("\n")
        for line, following in pairwise(lines):
            assert line.startswith(MEANT) or following.startswith(("http", "Sie möchten")), (
                f"Zeilenumbruch mitten im Absatz: {line!r} / {following!r}"
            )
    sentence = "Ihre Antworten für" if kind == "invitation" else "Falls Sie noch nicht"
    paragraph = next(p for p in letter.text.split("\n\n") if sentence in p)
    assert "\n" not in paragraph and paragraph.rstrip().endswith(".")
    # The HTML part flows anyway: its line breaks are spaces inside a <p>.
    assert "<br>" not in letter.html.split("<p>", 2)[2].split("</p>")[0]
