"""Masking free texts: planted names, places, organisations and addresses never come through."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from umfrage.example.municipalities import MUNICIPALITIES
from umfrage.reporting.masking import Masker

REGISTER = (
    Path(__file__).resolve().parents[2] / "examples" / "buendnisumfrage" / "organisations.csv"
)


@pytest.fixture(scope="module")
def masker() -> Masker:
    with REGISTER.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    places = [name for land in MUNICIPALITIES.values() for names in land.values() for name in names]
    return Masker(
        organisations=tuple(r["name"] for r in rows),
        people=tuple(r["contact_name"] for r in rows if r["contact_name"]),
        places=tuple(places),
    )


PLANTED = [
    (
        "Das Lokales Bündnis für Familie Aalen arbeitet eng mit Bad Mergentheim zusammen.",
        ["Lokales Bündnis für Familie Aalen", "Aalen", "Bad Mergentheim"],
        "Das [Organisation] arbeitet eng mit [Ort] zusammen.",
    ),
    (
        "Mehmet Berger und Frau Dr. Kowalczyk vom Jugendamt haben uns sehr geholfen, Berger vor allem.",
        ["Mehmet", "Berger", "Kowalczyk"],
        "[Name] und [Name] vom Jugendamt haben uns sehr geholfen, [Name] vor allem.",
    ),
    (
        "Fragen an buendnis-aalen@example.org oder 07361 / 52-1234, mobil +49 171 2345678.",
        ["buendnis-aalen", "example.org", "07361", "2345678"],
        "Fragen an [E-Mail] oder [Telefon], mobil [Telefon].",
    ),
    (
        "Alles unter https://www.aalen.de/familie?id=3 und www.buendnis-example.de.",
        ["aalen.de", "buendnis-example"],
        "Alles unter [Link] und [Link].",
    ),
    (
        "Herr Okonkwo-Schmidt aus Wartburgkreis lädt ein.",
        ["Okonkwo", "Wartburgkreis"],
        "[Name] aus [Ort] lädt ein.",
    ),
]


@pytest.mark.parametrize(("text", "planted", "expected"), PLANTED)
def test_planted_names_places_and_addresses_are_masked(
    masker: Masker, text: str, planted: list[str], expected: str
) -> None:
    masked = masker.mask(text)
    for secret in planted:
        assert secret not in masked
    assert masked == expected


@pytest.mark.parametrize(
    "text",
    [
        "Die Kita ist zu klein, und es dauert lange.",
        "2024 kamen 25 Familien, 0,5 Stellen fehlen.",
        "Mehr Zeit für die Koordination.",
    ],
)
def test_ordinary_words_and_figures_stay(masker: Masker, text: str) -> None:
    assert masker.mask(text) == text


def test_the_examples_topic_texts_keep_their_words(masker: Masker) -> None:
    from umfrage.example.generator import THEMEN_WEITERE

    changed = [t for t in THEMEN_WEITERE if masker.mask(t) != t]
    assert changed == []
