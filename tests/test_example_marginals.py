"""The committed example reproduces every figure of the published Bündnisumfrage summaries.

The figures are those of the table "What the published summary says" in the shared questionnaire
document: shares are checked rounded to whole per cent as published, orderings as stated.
"""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path

from umfrage.questionnaire.loader import load_questionnaire
from umfrage.surveyfolder.organisations import read_register
from umfrage.surveyfolder.responses import ResponseRecord, read_responses_csv

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "buendnisumfrage"


@cache
def responses(wave: str) -> list[ResponseRecord]:
    questionnaire = load_questionnaire(EXAMPLE / "waves" / wave / "questionnaire.yaml")
    register = read_register(EXAMPLE / "organisations.csv")
    path = EXAMPLE / "waves" / wave / "responses.csv"
    return read_responses_csv(path, questionnaire, register.ids()).records


def single(wave: str, qid: str, excluded: tuple[str, ...] = ()) -> tuple[Counter[str], int]:
    """Counts per code and the base: everyone who gave a valid answer that counts in the base."""
    counts = Counter(
        r.answers[qid]
        for r in responses(wave)
        if qid in r.answers and r.answers[qid] not in excluded
    )
    return counts, sum(counts.values())


def multi(wave: str, qid: str) -> tuple[Counter[str], int]:
    answered = [r.answers[qid] for r in responses(wave) if qid in r.answers]
    return Counter(code for chosen in answered for code in chosen), len(answered)


def percent(count: int, base: int) -> int:
    """A share in whole per cent, rounded half up as the published figures are."""
    return int((Decimal(100 * count) / Decimal(base)).quantize(Decimal(1), ROUND_HALF_UP))


def ranked(counts: Counter[str]) -> list[str]:
    return [code for code, _ in counts.most_common()]


def strictly_first(counts: Counter[str], leaders: list[str]) -> bool:
    """The leaders come first in this order, each strictly ahead of the next and of the rest."""
    values = [counts[code] for code in leaders]
    rest = max(v for code, v in counts.items() if code not in leaders)
    return all(a > b for a, b in pairwise(values)) and values[-1] > rest


# --- Sizes --------------------------------------------------------------------------------------


def test_2023_has_230_complete_responses() -> None:
    assert len(responses("2023")) == 230
    assert {r.status for r in responses("2023")} == {"complete"}


def test_2024_has_80_complete_responses() -> None:
    assert len(responses("2024")) == 80
    assert {r.status for r in responses("2024")} == {"complete"}


def test_40_alliances_answered_both_waves() -> None:
    first = {r.organisation for r in responses("2023")}
    second = {r.organisation for r in responses("2024")}
    assert len(first & second) == 40


# --- Digitalisierung ----------------------------------------------------------------------------


def test_a_third_of_2024_alliances_implement_offers_digitally_well_or_very_well() -> None:
    counts, base = single("2024", "digital_umsetzung", excluded=("9",))
    assert base == 72
    assert percent(counts["1"] + counts["2"], base) == 33


def test_a_third_of_2024_alliances_implement_offers_digitally_poorly_or_not_at_all() -> None:
    counts, base = single("2024", "digital_umsetzung", excluded=("9",))
    assert percent(counts["4"] + counts["5"], base) == 33


def test_social_media_channels_rose_from_9_percent_in_2023_to_28_percent_in_2024() -> None:
    before, base_before = single("2023", "social_media")
    after, base_after = single("2024", "social_media")
    assert (before["ja"], base_before) == (21, 230)
    assert (after["ja"], base_after) == (22, 80)
    assert percent(before["ja"], base_before) == 9
    assert percent(after["ja"], base_after) == 28


def test_deciding_against_social_media_rose_from_3_percent_to_8_percent() -> None:
    before, base_before = single("2023", "social_media")
    after, base_after = single("2024", "social_media")
    assert percent(before["dagegen"], base_before) == 3
    assert percent(after["dagegen"], base_after) == 8


def test_only_2024_offers_in_planung_and_it_counts_as_nein_against_2023() -> None:
    before, _ = single("2023", "social_media")
    after, _ = single("2024", "social_media")
    assert set(before) == {"ja", "nein", "dagegen"}
    assert set(after) == {"ja", "planung", "nein", "dagegen"}


# --- Prioritäten --------------------------------------------------------------------------------


def test_visibility_was_a_priority_for_20_percent_in_2023() -> None:
    counts, base = multi("2023", "prioritaeten")
    assert (counts["sichtbarkeit"], base) == (46, 230)
    assert percent(counts["sichtbarkeit"], base) == 20


def test_visibility_is_the_top_priority_of_2024_with_over_40_percent() -> None:
    counts, base = multi("2024", "prioritaeten")
    assert ranked(counts)[0] == "sichtbarkeit"
    assert counts["sichtbarkeit"] / base > 0.40


def test_resources_and_generational_change_follow_visibility_in_2024() -> None:
    counts, _ = multi("2024", "prioritaeten")
    assert strictly_first(counts, ["sichtbarkeit", "ressourcen", "generationenwechsel"])


def test_resources_and_generational_change_gained_weight_since_2023() -> None:
    before, base_before = multi("2023", "prioritaeten")
    after, base_after = multi("2024", "prioritaeten")
    for code in ("sichtbarkeit", "ressourcen", "generationenwechsel"):
        assert after[code] / base_after > before[code] / base_before, code


def test_no_alliance_names_more_than_three_priorities() -> None:
    for wave in ("2023", "2024"):
        assert all(len(r.answers.get("prioritaeten", [])) <= 3 for r in responses(wave))


# --- Partner:innen ------------------------------------------------------------------------------


def rank_counts() -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Per partner in 2024: how often ranked first, ranked at all, and points (3, 2, 1)."""
    first: Counter[str] = Counter()
    top: Counter[str] = Counter()
    points: Counter[str] = Counter()
    for r in responses("2024"):
        for code, rank in r.answers.get("partner_wichtigste", {}).items():
            top[code] += 1
            points[code] += 4 - rank
            if rank == 1:
                first[code] += 1
    return first, top, points


def test_local_administration_is_the_most_important_partner_in_2024() -> None:
    first, top, _ = rank_counts()
    assert ranked(first)[0] == "verwaltung"
    assert ranked(top)[0] == "verwaltung"


def test_clubs_welfare_associations_and_schools_follow_in_that_order() -> None:
    order = ["verwaltung", "vereine", "sozialverbaende", "bildung"]
    for counts in rank_counts():
        assert strictly_first(counts, order)


def test_companies_are_the_partners_most_alliances_want_to_involve_more() -> None:
    counts, _ = multi("2024", "partner_staerker")
    assert strictly_first(counts, ["unternehmen"])


# --- Themen -------------------------------------------------------------------------------------


def test_migration_generations_non_traditional_families_and_locations_lead_in_2024() -> None:
    counts, _ = multi("2024", "themen")
    leaders = {"migration", "generationen", "nicht_traditionell", "standorte"}
    assert set(ranked(counts)[:4]) == leaders
    assert min(counts[c] for c in leaders) > max(v for c, v in counts.items() if c not in leaders)


def test_2023_future_topics_are_led_by_compatibility_poverty_childcare_and_migration() -> None:
    counts, base = multi("2023", "themen")
    assert base == 230
    leaders = ["vereinbarkeit", "armut", "betreuung", "migration"]
    assert strictly_first(counts, leaders)
    assert [percent(counts[c], base) for c in leaders] == [63, 56, 51, 45]
