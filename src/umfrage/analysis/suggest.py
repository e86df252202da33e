"""Suggestions for coding free texts: groups of similar texts and categories from key words.

Offline and deterministic: each text becomes the German word stems of its words (Snowball's
German stemmer from ``snowballstemmer``, without a list of common function words), weighted by
TF-IDF (scikit-learn); k-means with a fixed seed groups the texts (k: the codebook's number of
categories unless given). Per group the most typical texts are those nearest its centre. A
category is suggested for a text when one of the category's ``keywords`` has the stem of one of
the text's words; a group's suggestions are the categories suggested for most of its texts.

Nothing here codes anything: the results are proposals that staff confirm one by one
(docs/analysis.md, "Suggestions for coding"). Pure Python, no Django.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import snowballstemmer
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

from umfrage.questionnaire.types.text import Category

WORD = re.compile(r"[a-zäöüß]+(?:-[a-zäöüß]+)*")
_FUNCTION_WORDS = """aber alle als am an auch auf aus bei bin bis da das dass dem den der des die dies diese
    dieser ein eine einem einen einer es für gibt hat haben im in ist ja kaum kein keine mehr
    mit nach nicht noch nur oder oft sehr sich sie sind so und uns unser unsere unserer viele
    vom von vor war wir wird wie zu zum zur über"""
STOP_WORDS = frozenset(_FUNCTION_WORDS.split())
TYPICAL = 3
"""The most typical texts named per group."""


@dataclass(frozen=True)
class Group:
    """Texts that read alike, with their most typical members and suggested categories."""

    members: tuple[int, ...]
    """Indices into the texts given, most typical first."""
    typical: tuple[int, ...]
    """Up to ``TYPICAL`` members nearest the group's centre."""
    suggested: tuple[str, ...]
    """Category codes suggested for most texts of the group (by key words), most often first."""


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("german")


def stems(text: str) -> list[str]:
    """The text's word stems, lower case, without common function words."""
    words = [w for w in WORD.findall(text.casefold()) if w not in STOP_WORDS and len(w) > 1]
    parts = [p for w in words for p in (w, *w.split("-")[1:]) if p]
    return [str(s) for s in _stemmer().stemWords(parts)]


def keyword_stems(categories: Sequence[Category]) -> dict[str, frozenset[str]]:
    """Per category code the stems of its key words (a key word of several words: each)."""
    return {c.code: frozenset(s for k in c.keywords for s in stems(k)) for c in categories}


def suggest_categories(text: str, categories: Sequence[Category]) -> list[str]:
    """The categories whose key words occur in ``text`` (as stems), in codebook order."""
    found = set(stems(text))
    return [code for code, words in keyword_stems(categories).items() if words & found]


def group_texts(
    texts: Sequence[str],
    categories: Sequence[Category] = (),
    groups: int | None = None,
    seed: int = 0,
) -> list[Group]:
    """Similar texts grouped (largest group first); empty texts are left out of every group."""
    filled = [i for i, t in enumerate(texts) if stems(t)]
    if not filled:
        return []
    k = groups if groups is not None else max(len(categories), 1)
    k = max(1, min(k, len(filled)))
    vectorizer = TfidfVectorizer(analyzer=stems, sublinear_tf=True)
    matrix = vectorizer.fit_transform([texts[i] for i in filled])
    model = KMeans(n_clusters=k, n_init=10, random_state=seed)
    labels = model.fit_predict(matrix)
    distances = model.transform(matrix)
    found: list[Group] = []
    for label in range(k):
        rows = [r for r in range(len(filled)) if labels[r] == label]
        if not rows:
            continue
        rows.sort(key=lambda r: (float(distances[r, label]), r))
        members = tuple(filled[r] for r in rows)
        votes: Counter[str] = Counter()
        for index in members:
            votes.update(suggest_categories(texts[index], categories))
        # A category is suggested for the group when it fits at least half of its texts.
        suggested = tuple(
            code
            for code, n in sorted(votes.items(), key=lambda item: (-item[1], item[0]))
            if 2 * n >= len(members)
        )
        found.append(Group(members, members[:TYPICAL], suggested))
    found.sort(key=lambda g: (-len(g.members), g.members[0]))
    return found


def group_agreement(groups: Sequence[Group], known: Sequence[Sequence[str]]) -> float:
    """The share of grouped texts whose group's most common known category is one of theirs.

    ``known`` holds each text's confirmed categories (as in ``<qid>.codes``); texts without
    any are left out. 1.0 means every group holds one category only."""
    hits = total = 0
    for group in groups:
        coded = [i for i in group.members if known[i]]
        if not coded:
            continue
        counts = Counter(code for i in coded for code in known[i])
        majority = min(counts, key=lambda code: (-counts[code], code))
        hits += sum(1 for i in coded if majority in known[i])
        total += len(coded)
    return hits / total if total else float(np.nan)
