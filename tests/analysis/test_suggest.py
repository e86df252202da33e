"""Suggestions for coding: word stems, key words, groups of similar texts (nothing is coded)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from umfrage.analysis.suggest import group_agreement, group_texts, stems, suggest_categories
from umfrage.questionnaire.types.text import Category

CODEBOOK = (
    Category(code="wohnen", label="Wohnen", keywords=("Wohnung", "Miete")),
    Category(code="kita", label="Kita", keywords=("Kita", "Betreuung")),
    Category(code="alter", label="Alter", keywords=("Einsamkeit",)),
)


def test_word_forms_share_their_stem_and_function_words_are_dropped() -> None:
    assert stems("Wohnungen") == stems("Wohnung")
    assert stems("Die Mieten und die Wohnungen") == stems("Miete Wohnung")
    assert stems("") == [] and stems("und die") == []


def test_key_words_suggest_categories_in_codebook_order_whatever_the_case() -> None:
    assert suggest_categories("KITA und teure MIETEN", CODEBOOK) == ["wohnen", "kita"]
    assert suggest_categories("Zu wenig Betreuungsplätze", CODEBOOK) == []
    assert suggest_categories("Einsamkeit im Alter", CODEBOOK) == ["alter"]


TEXTS = [
    "Bezahlbare Wohnungen fehlen.",
    "Die Mieten steigen, Wohnungen sind knapp.",
    "Zu wenig Kitaplätze und Betreuung.",
    "",
    "Die Betreuung in der Kita ist unsicher.",
    "Wohnungen für große Familien.",
    "Kita-Betreuung am Nachmittag.",
]
KNOWN = [["wohnen"], ["wohnen"], ["kita"], [], ["kita"], ["wohnen"], ["kita"]]


def test_similar_texts_are_grouped_with_typical_texts_and_suggestions() -> None:
    groups = group_texts(TEXTS, CODEBOOK, groups=2)
    assert sorted(sorted(g.members) for g in groups) == [[0, 1, 5], [2, 4, 6]]
    # The empty text belongs to no group.
    assert all(3 not in g.members for g in groups)
    for group in groups:
        assert group.typical == group.members[: len(group.typical)]
        assert group.suggested == (("wohnen",) if 0 in group.members else ("kita",))
    assert group_agreement(groups, KNOWN) == 1.0
    # Same input, same groups: the seed is fixed.
    assert group_texts(TEXTS, CODEBOOK, groups=2) == groups


def test_agreement_counts_texts_outside_their_groups_majority() -> None:
    groups = group_texts(TEXTS, CODEBOOK, groups=1)
    assert len(groups) == 1 and len(groups[0].members) == 6
    assert group_agreement(groups, KNOWN) == 0.5


def test_the_benchmark_finds_the_examples_topics_well() -> None:
    path = Path(__file__).resolve().parents[2] / "bench" / "coding" / "suggestions.py"
    spec = importlib.util.spec_from_file_location("suggestions_bench", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    found = bench.measure("2023", "themen_weitere")
    assert found is not None
    texts, agreement, keywords = found
    assert texts == 52
    # A floor, not the exact figure: at least four in five texts sit in a group whose most
    # common known category is theirs, and key words alone are right for most texts.
    assert agreement >= 0.8
    assert keywords is not None and keywords >= 0.8
