"""Saving a page again keeps the categories analysts gave a free text."""

from __future__ import annotations

from umfrage.collect.flow import merge, page_keys
from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml

QUESTIONNAIRE = """\
wave: "2024"
title: Test
sections:
  - id: A
    title: Teil A
    questions:
      - id: hindernisse
        type: text
        text: Was erschwert die digitale Umsetzung?
        categories:
          - {code: zeit, label: Fehlende Zeit}
          - {code: technik, label: Technische Ausstattung}
"""


def test_a_resaved_page_replaces_the_text_but_keeps_the_codes() -> None:
    data, source = parse_yaml(QUESTIONNAIRE, "questionnaire.yaml")
    section = parse_questionnaire(data, source).sections[0]
    assert page_keys(section) == ["hindernisse"]
    stored = {"hindernisse": "Keine Zeit", "hindernisse.codes": ["zeit"]}
    merged = merge(stored, section, {"hindernisse": "Keine Zeit und alte Technik"})
    assert merged == {"hindernisse": "Keine Zeit und alte Technik", "hindernisse.codes": ["zeit"]}
    assert merge(stored, section, {}) == {"hindernisse.codes": ["zeit"]}
