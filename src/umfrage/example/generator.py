"""Seeded generator of the synthetic example Bündnisumfrage (``examples/buendnisumfrage/``).

It writes a whole survey folder except the two hand-written questionnaires: a register of 600
invented alliances (``organisations.csv``), ``survey.yaml`` with the register's margins, and the
responses of the waves 2023 (n = 230) and 2024 (n = 80), of which 40 alliances answered both.

Every figure of the published summaries (see the plans below) is reproduced *exactly*: for each
such question the count per code is fixed here, and the seed only decides which respondent gives
which answer. The other questions get plausible answers, also as fixed counts where they are
tables of choices, so a new seed changes who said what, never the published marginals.

Regenerate the committed example (byte for byte) with::

    python -m umfrage.example.generator examples/buendnisumfrage
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

from umfrage.example import municipalities as data
from umfrage.questionnaire.loader import load_questionnaire
from umfrage.questionnaire.problems import ProblemsError
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.csvio import atomic_write
from umfrage.surveyfolder.organisations import (
    LANGUAGE_COLUMN,
    STANDARD_COLUMNS,
    OrganisationRecord,
    Register,
    write_register,
)
from umfrage.surveyfolder.responses import ResponseRecord, write_responses_csv

DEFAULT_SEED = 2024
WAVES = ("2023", "2024")
FIELD_PERIODS: dict[str, tuple[date, date]] = {
    "2023": (date(2023, 5, 2), date(2023, 6, 30)),
    "2024": (date(2024, 5, 6), date(2024, 6, 28)),
}
PANEL_SIZE = 40
# Both field periods lie entirely in German summer time.
CEST = timezone(timedelta(hours=2))

Rng = np.random.Generator
Answers = dict[str, Any]


@dataclass(frozen=True)
class MultiPlan:
    """Exact counts for a multiple-choice question: how many answer it, how often each code."""

    answered: int
    counts: dict[str, int]
    exclusive: dict[str, int] | None = None
    """Counts of exclusive codes ("keine"); those respondents choose nothing else."""


@dataclass(frozen=True)
class WavePlan:
    n: int
    digital_umsetzung: dict[str, int]
    social_media: dict[str, int]
    social_media_kanaele: dict[str, int] | None
    digital_unterstuetzung: MultiPlan
    partner_vertreten: MultiPlan
    partner_wichtigste: dict[str, tuple[int, int, int]] | None
    partner_staerker: MultiPlan
    kundinnen: MultiPlan
    prioritaeten: MultiPlan
    themen: MultiPlan
    zufriedenheit: dict[str, dict[str, float]] | None
    zufriedenheit_answered: int = 0


# The tables keep one question's counts together on few lines, easier to check against the sources.
# fmt: off
PLANS: dict[str, WavePlan] = {
    "2023": WavePlan(
        n=230,
        digital_umsetzung={"1": 10, "2": 52, "3": 78, "4": 44, "5": 16, "9": 24},
        # Published: Social-Media-Kanal 9 % (21/230 = 9.1 %), bewusst dagegen 3 % (7/230 = 3.0 %).
        social_media={"ja": 21, "nein": 202, "dagegen": 7},
        social_media_kanaele=None,
        digital_unterstuetzung=MultiPlan(
            204,
            {"schulungen": 110, "vorlagen": 85, "austausch": 90, "technik": 60, "geld": 105},
            exclusive={"keine": 20},
        ),
        partner_vertreten=MultiPlan(
            226,
            {
                "verwaltung": 200, "vereine": 180, "sozialverbaende": 150, "bildung": 160,
                "kirchen": 110, "unternehmen": 90, "kammern": 35, "arbeitsagentur": 70,
                "gesundheit": 55, "politik": 120, "sonstige": 25,
            },
        ),
        partner_wichtigste=None,
        partner_staerker=MultiPlan(
            220,
            {
                "verwaltung": 15, "vereine": 30, "sozialverbaende": 25, "bildung": 35,
                "kirchen": 20, "unternehmen": 105, "kammern": 45, "arbeitsagentur": 38,
                "gesundheit": 42, "politik": 40, "sonstige": 8,
            },
        ),
        kundinnen=MultiPlan(
            226,
            {
                "familien": 200, "alleinerziehende": 110, "migration": 100, "behinderung": 40,
                "pflege": 55, "beschaeftigte": 80, "jugendliche": 60, "regenbogen": 18,
            },
        ),
        # Published: Öffentlichkeitsarbeit (later "Sichtbarkeit") 20 % = 46/230. Ressourcen
        # (23.9 %) and Generationenwechsel (14.8 %) stay below their 2024 shares.
        prioritaeten=MultiPlan(
            230,
            {
                "sichtbarkeit": 46, "ressourcen": 55, "generationenwechsel": 34,
                "neue_partner": 80, "digitalisierung": 92, "vernetzung": 60, "neue_themen": 50,
                "verstetigung": 75,
            },
        ),
        # Published: Vereinbarkeit 63 %, Armut 56 %, Betreuung 51 %, Migration 45 %, the four
        # most named: 145, 129, 117 and 104 of 230; every other topic stays below 104.
        themen=MultiPlan(
            230,
            {
                "vereinbarkeit": 145, "migration": 104, "generationen": 90,
                "nicht_traditionell": 70, "standorte": 60, "armut": 129, "betreuung": 117,
                "pflege": 85, "bildung": 95, "fachkraefte": 80, "klima": 40,
            },
        ),
        zufriedenheit=None,
    ),
    "2024": WavePlan(
        n=80,
        # Published: (sehr) gut one third, weniger gut / gar nicht one third of valid answers:
        # 24 of 72 each, with 6 "kann ich nicht beurteilen" outside the base and 2 missing.
        digital_umsetzung={"1": 6, "2": 18, "3": 24, "4": 16, "5": 8, "9": 6},
        # Published: Social-Media-Kanal 28 % (22/80 = 27.5 %), bewusst dagegen 8 % (6/80 = 7.5 %).
        social_media={"ja": 22, "planung": 14, "nein": 38, "dagegen": 6},
        social_media_kanaele={
            "instagram": 18, "facebook": 13, "whatsapp": 6, "youtube": 3, "linkedin": 4,
            "mastodon": 1, "tiktok": 2, "sonstige": 2,
        },
        digital_unterstuetzung=MultiPlan(
            72,
            {"schulungen": 40, "vorlagen": 30, "austausch": 33, "technik": 18, "geld": 36},
            exclusive={"keine": 6},
        ),
        partner_vertreten=MultiPlan(
            78,
            {
                "verwaltung": 70, "vereine": 64, "sozialverbaende": 55, "bildung": 58,
                "kirchen": 40, "unternehmen": 35, "kammern": 15, "arbeitsagentur": 30,
                "gesundheit": 22, "politik": 42, "sonstige": 10,
            },
        ),
        # Published order: Verwaltung, Vereine, Sozialverbände, Betreuung/Schulen. Counts of
        # (rank 1, rank 2, rank 3): the order holds for rank 1, for "ranked at all" and for
        # points (3-2-1). 77 rank three partners, one of them only two.
        partner_wichtigste={
            "verwaltung": (34, 14, 8),
            "vereine": (14, 18, 12),
            "sozialverbaende": (10, 14, 12),
            "bildung": (8, 11, 13),
            "kirchen": (3, 6, 8),
            "unternehmen": (3, 5, 7),
            "kammern": (0, 1, 2),
            "arbeitsagentur": (1, 2, 4),
            "gesundheit": (1, 2, 3),
            "politik": (2, 4, 6),
            "sonstige": (1, 0, 1),
        },
        # Published: Unternehmen are the partners most alliances want to involve more.
        partner_staerker=MultiPlan(
            76,
            {
                "verwaltung": 6, "vereine": 12, "sozialverbaende": 9, "bildung": 10,
                "kirchen": 8, "unternehmen": 38, "kammern": 18, "arbeitsagentur": 15,
                "gesundheit": 14, "politik": 16, "sonstige": 3,
            },
        ),
        kundinnen=MultiPlan(
            78,
            {
                "familien": 70, "alleinerziehende": 40, "migration": 38, "behinderung": 15,
                "pflege": 18, "beschaeftigte": 25, "jugendliche": 22, "regenbogen": 8,
            },
        ),
        # Published: Sichtbarkeit first with over 40 % (34/80 = 42.5 %), then Ressourcen
        # (28/80 = 35 %) and Generationenwechsel (22/80 = 27.5 %), both up from 2023.
        prioritaeten=MultiPlan(
            80,
            {
                "sichtbarkeit": 34, "ressourcen": 28, "generationenwechsel": 22,
                "neue_partner": 18, "digitalisierung": 16, "vernetzung": 12, "neue_themen": 10,
                "verstetigung": 14,
            },
        ),
        # Published: Migration, Generationen, nicht-traditionelle Familien and familienfreundliche
        # Standorte are the four most named topics.
        themen=MultiPlan(
            79,
            {
                "vereinbarkeit": 33, "migration": 44, "generationen": 41,
                "nicht_traditionell": 38, "standorte": 36, "armut": 30, "betreuung": 28,
                "pflege": 20, "bildung": 22, "fachkraefte": 18, "klima": 12,
            },
        ),
        zufriedenheit={
            "newsletter": {"1": 0.30, "2": 0.40, "3": 0.12, "4": 0.03, "5": 0.01, "9": 0.14},
            "webinare": {"1": 0.15, "2": 0.25, "3": 0.10, "4": 0.04, "5": 0.01, "9": 0.45},
            "beratung": {"1": 0.30, "2": 0.22, "3": 0.06, "4": 0.02, "5": 0.01, "9": 0.39},
            "materialien": {"1": 0.22, "2": 0.40, "3": 0.15, "4": 0.04, "5": 0.01, "9": 0.18},
            "website": {"1": 0.12, "2": 0.38, "3": 0.28, "4": 0.08, "5": 0.02, "9": 0.12},
        },
        zufriedenheit_answered=75,
    ),
}
# fmt: on

# Share of respondents who answer each profile question (item non-response).
PROFILE_RESPONSE = {
    "gemeindegroesse": 0.98,
    "gruendungsjahr": 0.94,
    "anzahl_partner": 0.92,
    "koordination": 0.98,
    "koordination_sonstiges": 0.85,
    "stunden_koordination": 0.96,
}
# Share of respondents who write something into each free-text question.
TEXT_SHARE = {
    "digital_hindernisse": 0.35,
    "prioritaeten_sonstiges": 0.12,
    "themen_weitere": 0.20,
    "wunsch_unterstuetzung": 0.30,
}

KOORDINATION = {
    "kommune": 0.46,
    "verein": 0.16,
    "traeger": 0.14,
    "familienzentrum": 0.10,
    "ehrenamt": 0.08,
    "sonstiges": 0.06,
}
STUNDEN_CODES = ("0", "1_5", "6_10", "11_20", "gt20")
# Hours for coordination depend on who coordinates: volunteers rarely have fixed hours.
STUNDEN_BY_KOORDINATION = {
    "kommune": (0.10, 0.30, 0.30, 0.20, 0.10),
    "verein": (0.20, 0.45, 0.20, 0.10, 0.05),
    "traeger": (0.10, 0.35, 0.30, 0.18, 0.07),
    "familienzentrum": (0.10, 0.40, 0.30, 0.15, 0.05),
    "ehrenamt": (0.60, 0.35, 0.05, 0.00, 0.00),
    "sonstiges": (0.25, 0.40, 0.20, 0.10, 0.05),
}
# The federal programme started in 2004, so most alliances were founded in its first years.
# fmt: off
FOUNDING_WEIGHTS = {
    **dict.fromkeys(range(1995, 2004), 0.6),
    2004: 18.0, 2005: 15.0, 2006: 11.0, 2007: 8.0, 2008: 6.0, 2009: 5.0, 2010: 4.0,
    2011: 3.5, 2012: 3.0,
    **dict.fromkeys(range(2013, 2020), 1.5),
    **dict.fromkeys(range(2020, 2024), 1.2),
}
# fmt: on

KOORDINATION_SONSTIGES = (
    "Gleichstellungsstelle der Stadt",
    "Volkshochschule",
    "Lenkungsgruppe aus mehreren Trägern",
    "Familienbüro im Landratsamt",
    "Wirtschaftsförderung des Kreises",
    "Stabsstelle Demografie und Familie",
    "Evangelische Kirchengemeinde",
    "Die Koordination wechselt jährlich zwischen den Partner:innen.",
)
DIGITAL_HINDERNISSE = (
    "Uns fehlt die Zeit für Pflege der Kanäle.",
    "Die Koordination hat nur wenige Stunden, für digitale Angebote bleibt kaum Zeit.",
    "Viele unserer Ehrenamtlichen sind mit Videokonferenzen nicht vertraut.",
    "Die Verwaltung erlaubt uns keine eigenen Social-Media-Kanäle.",
    "Datenschutzfragen sind ungeklärt, deshalb nutzen wir viele Werkzeuge nicht.",
    "Es fehlt Technik für hybride Veranstaltungen, z. B. Kamera und Mikrofon.",
    "Unsere Zielgruppen erreichen wir digital schlecht, persönliche Kontakte wirken besser.",
    "Im ländlichen Raum ist das Internet oft zu langsam.",
    "Für Lizenzen und Software haben wir kein Budget.",
    "Online-Veranstaltungen werden seit dem Ende der Pandemie kaum noch angenommen.",
    "Niemand im Bündnis fühlt sich für die digitalen Kanäle zuständig.",
    "Die IT-Vorgaben der Kommune schränken uns stark ein.",
    "Wir wissen nicht, welche Plattform für unsere Zielgruppe die richtige ist.",
    "Die Partner:innen arbeiten mit unterschiedlichen Programmen.",
)
# How an analyst codes each sentence of the pool (the 2024 questionnaire's categories). Codes
# follow from the text alone, so coding draws nothing from the random stream.
HINDERNIS_CODES: dict[str, tuple[str, ...]] = dict(
    zip(
        DIGITAL_HINDERNISSE,
        (
            ("zeit",),
            ("zeit",),
            ("kenntnisse",),
            ("sonstiges",),
            ("datenschutz",),
            ("technik",),
            ("zielgruppe",),
            ("technik",),
            ("geld",),
            ("zielgruppe",),
            ("sonstiges",),
            ("sonstiges",),
            ("kenntnisse", "zielgruppe"),
            ("technik",),
        ),
        strict=True,
    )
)
PRIORITAETEN_SONSTIGES = (
    "Eine feste Stelle für die Koordination schaffen.",
    "Mehr Väter erreichen.",
    "Junge Familien stärker beteiligen.",
    "Das Jubiläum des Bündnisses vorbereiten.",
    "Die Zusammenarbeit mit den Schulen ausbauen.",
    "Den Familienwegweiser neu auflegen.",
    "Die Zusammenarbeit mit dem Landkreis verbessern.",
    "Mehr Angebote in den Ortsteilen machen.",
    "Ein jährliches Familienfest etablieren.",
)
THEMEN_WEITERE = (
    "Bezahlbarer Wohnraum für Familien.",
    "Mobilität im ländlichen Raum, vor allem für Jugendliche.",
    "Psychische Gesundheit von Kindern und Jugendlichen.",
    "Einsamkeit im Alter.",
    "Der Rechtsanspruch auf Ganztagsbetreuung an Grundschulen.",
    "Medienkompetenz von Eltern und Kindern.",
    "Väterarbeit.",
    "Fachkräftemangel in den Kitas.",
    "Familienfreundliche Arbeitszeiten in der Pflege.",
    "Ankommen von Familien aus der Ukraine.",
    "Demokratie und Zusammenhalt vor Ort.",
    "Energiekosten und Preissteigerungen belasten viele Familien.",
)
# How the Servicebüro codes each topic sentence with the codebook of ``themen_weitere`` (the same
# in 2023 and 2024, so the coded topics compare between the waves). Synthetic, like the texts;
# coding follows from the text alone and draws nothing from the random stream.
THEMEN_CODES: dict[str, tuple[str, ...]] = dict(
    zip(
        THEMEN_WEITERE,
        (
            ("wohnen_mobilitaet",),
            ("wohnen_mobilitaet",),
            ("gesundheit",),
            ("generationen",),
            ("betreuung",),
            ("bildung_medien",),
            ("familienformen",),
            ("betreuung",),
            ("vereinbarkeit",),
            ("migration",),
            ("zusammenhalt",),
            ("belastung",),
        ),
        strict=True,
    )
)
CODED_TEXTS: dict[str, dict[str, tuple[str, ...]]] = {
    "digital_hindernisse": HINDERNIS_CODES,
    "themen_weitere": THEMEN_CODES,
}
"""Per coded text question the codes of each sentence of its pool."""
WUNSCH_UNTERSTUETZUNG = (
    "Mehr Praxisbeispiele aus anderen Bündnissen.",
    "Regionale Vernetzungstreffen, gern auch in Präsenz.",
    "Vorlagen für Social-Media-Beiträge.",
    "Eine Schulung zu Fördermitteln und Antragstellung.",
    "Beratung, wie wir neue Partner:innen gewinnen können.",
    "Webinare am frühen Abend, damit auch Ehrenamtliche teilnehmen können.",
    "Material in Leichter Sprache.",
    "Unterstützung beim Generationenwechsel in der Koordination.",
    "Kurze Arbeitshilfen statt langer Leitfäden.",
    "Eine Übersicht über Förderprogramme, die für Bündnisse in Frage kommen.",
    "Argumente für Gespräche mit der Kommunalpolitik.",
    "Weiter so, der Newsletter ist sehr hilfreich.",
)
KANAELE_SONSTIGE = ("Threads", "Bluesky", "Signal-Gruppe", "Telegram-Kanal", "Pinterest")

SURVEY_NOTE = (
    "Register und Antworten dieses Beispiels sind synthetisch erzeugt; nur die Randverteilungen "
    "folgen den veröffentlichten Ergebnissen der Bündnisumfragen 2023 und 2024."
)


@dataclass(frozen=True)
class Alliance:
    """A register entry and what the alliance would answer about itself in any wave."""

    record: OrganisationRecord
    founded: int
    koordination: str
    koordination_text: str
    stunden: str
    partners: int


# ---------------------------------------------------------------------------------------------
# Entry points


def generate_example(
    folder: Path, seed: int = DEFAULT_SEED, *, questionnaires: Path | None = None
) -> None:
    """Write register, survey.yaml and both waves' responses into ``folder``.

    The questionnaires are read from ``questionnaires`` (a survey folder, default ``folder``)
    and copied into ``folder`` if they come from elsewhere.
    """
    folder = Path(folder)
    source = Path(questionnaires) if questionnaires is not None else folder
    loaded: dict[str, Questionnaire] = {}
    for wave in WAVES:
        relative = Path("waves") / wave / "questionnaire.yaml"
        if source.resolve() != folder.resolve():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / relative, folder / relative)
        loaded[wave] = load_questionnaire(folder / relative)

    rng = np.random.default_rng(seed)
    alliances = build_register(rng)
    write_register(
        folder / "organisations.csv",
        Register([*STANDARD_COLUMNS, LANGUAGE_COLUMN], [a.record for a in alliances]),
    )
    atomic_write(folder / "survey.yaml", survey_yaml(alliances, seed))

    samples = draw_respondents(rng, len(alliances))
    earlier: dict[str, Answers] = {}
    for wave in WAVES:
        who = [alliances[i] for i in samples[wave]]
        records = build_wave(rng, wave, loaded[wave], who, earlier)
        write_responses_csv(folder / "waves" / wave / "responses.csv", loaded[wave], records)
        earlier = {r.organisation: r.answers for r in records if r.organisation}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m umfrage.example.generator",
        description="Erzeugt Register und Antworten der synthetischen Beispielumfrage neu.",
    )
    parser.add_argument(
        "folder",
        nargs="?",
        default="examples/buendnisumfrage",
        type=Path,
        help="Umfrageordner mit waves/<Welle>/questionnaire.yaml (Vorgabe: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Vorgabe: %(default)s")
    args = parser.parse_args(argv)
    try:
        generate_example(args.folder, args.seed)
    except ProblemsError as exc:
        sys.exit(f"Die Fragebögen in {args.folder} sind fehlerhaft:\n{exc}")
    print(f"Beispielumfrage in {args.folder} erzeugt (Seed {args.seed}).")


# ---------------------------------------------------------------------------------------------
# The register


GERMAN_LETTERS: dict[str, str | int | None] = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def slug(text: str) -> str:
    """ASCII form of a name for e-mail addresses: „Lörrach (Baden)“ → loerrach-baden."""
    german = text.lower().translate(str.maketrans(GERMAN_LETTERS))
    ascii_text = unicodedata.normalize("NFKD", german).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def register_language(number: int) -> str:
    """The register language of alliance ``number`` (issue 21): a few alliances in every forty
    asked for their letters in English or in Leichte Sprache; the rest in German (empty). Fixed
    by the number, not drawn, so the other invented values stay as they were."""
    return {3: "en", 23: "de-x-ls"}.get(number % 40, "")


def build_register(rng: Rng) -> list[Alliance]:
    laender = list(data.ALLIANCES_PER_LAND)
    entries: list[tuple[str, str, str]] = []
    for land in laender:
        pool = data.pool(land)
        picked = rng.choice(len(pool), size=data.ALLIANCES_PER_LAND[land], replace=False)
        entries.extend((land, *pool[int(i)]) for i in picked)
    # A register is a list ordered by Land and place, not the order of a random draw.
    entries.sort(key=lambda e: (laender.index(e[0]), slug(e[1])))
    alliances: list[Alliance] = []
    emails: set[str] = set()
    for number, (land, municipality, size) in enumerate(entries, start=1):
        email = f"buendnis-{slug(municipality)}@example.org"
        if email in emails:
            email = f"buendnis-{slug(municipality)}-{land.lower()}@example.org"
        emails.add(email)
        record = OrganisationRecord(
            id=f"LB-{number:04d}",
            name=f"Lokales Bündnis für Familie {municipality}",
            bundesland=land,
            gemeindegroesse=size,
            municipality=municipality,
            contact_name=f"{pick(rng, data.FIRST_NAMES)} {pick(rng, data.LAST_NAMES)}",
            email=email,
            language=register_language(number),
        )
        alliances.append(draw_profile(rng, record))
    return alliances


def draw_profile(rng: Rng, record: OrganisationRecord) -> Alliance:
    years = list(FOUNDING_WEIGHTS)
    founded = years[weighted(rng, list(FOUNDING_WEIGHTS.values()))]
    koordination = list(KOORDINATION)[weighted(rng, list(KOORDINATION.values()))]
    stunden = STUNDEN_CODES[weighted(rng, list(STUNDEN_BY_KOORDINATION[koordination]))]
    partners = int(np.clip(round(float(rng.lognormal(np.log(18.0), 0.6))), 3, 150))
    return Alliance(
        record=record,
        founded=founded,
        koordination=koordination,
        koordination_text=pick(rng, KOORDINATION_SONSTIGES),
        stunden=stunden,
        partners=partners,
    )


def survey_yaml(alliances: Sequence[Alliance], seed: int) -> str:
    laender = {land: 0 for land in data.ALLIANCES_PER_LAND}
    sizes = {size: 0 for size in data.SIZE_CLASSES}
    for alliance in alliances:
        laender[alliance.record.bundesland] += 1
        sizes[alliance.record.gemeindegroesse] += 1

    def flow(counts: Mapping[str, int]) -> str:
        return "{" + ", ".join(f"{k}: {v}" for k, v in counts.items()) + "}"

    waves = "\n".join(
        f'  - {{id: "{wave}", title: Bündnisumfrage {wave}, opens: {opens.isoformat()}, '
        f"closes: {closes.isoformat()}, status: published}}"
        for wave, (opens, closes) in FIELD_PERIODS.items()
    )
    return (
        f"# Erzeugt von umfrage.example.generator (Seed {seed}); bitte nicht von Hand ändern,\n"
        "# sondern neu erzeugen: python -m umfrage.example.generator examples/buendnisumfrage\n"
        "id: buendnisumfrage\n"
        "title: Bündnisumfrage der Lokalen Bündnisse für Familie\n"
        "owner: Servicebüro Lokale Bündnisse für Familie\n"
        "languages: [de]\n"
        "synthetic: true\n"
        f"note: {SURVEY_NOTE}\n"
        "waves:\n"
        f"{waves}\n"
        "population:\n"
        f"  source: Register der {len(alliances)} Lokalen Bündnisse für Familie (synthetisch)\n"
        f"  total: {len(alliances)}\n"
        "  margins:\n"
        f"    bundesland: {flow(laender)}\n"
        f"    gemeindegroesse: {flow(sizes)}\n"
    )


def draw_respondents(rng: Rng, register_size: int) -> dict[str, list[int]]:
    """Register positions of each wave's respondents; PANEL_SIZE of them answer both waves."""
    first = [int(i) for i in rng.choice(register_size, size=PLANS["2023"].n, replace=False)]
    panel = [first[int(i)] for i in rng.choice(len(first), size=PANEL_SIZE, replace=False)]
    others = sorted(set(range(register_size)) - set(first))
    fresh = [
        others[int(i)]
        for i in rng.choice(len(others), size=PLANS["2024"].n - PANEL_SIZE, replace=False)
    ]
    second = [*panel, *fresh]
    return {"2023": first, "2024": [second[int(i)] for i in rng.permutation(len(second))]}


# ---------------------------------------------------------------------------------------------
# One wave


def build_wave(
    rng: Rng,
    wave: str,
    questionnaire: Questionnaire,
    respondents: Sequence[Alliance],
    earlier: Mapping[str, Answers],
) -> list[ResponseRecord]:
    plan = PLANS[wave]
    n = plan.n
    if len(respondents) != n:
        raise ValueError(f"Welle {wave}: {len(respondents)} Befragte, geplant sind {n}.")
    year = int(wave)
    columns: dict[str, list[Any]] = {}
    columns.update(profile_columns(rng, respondents, year))

    columns["digital_umsetzung"] = place_counts(rng, n, plan.digital_umsetzung)
    # Alliances that already had a channel in the earlier wave still have it.
    keeps_channel = {
        i: "ja"
        for i, alliance in enumerate(respondents)
        if earlier.get(alliance.record.id, {}).get("social_media") == "ja"
    }
    columns["social_media"] = place_counts(rng, n, plan.social_media, fixed=keeps_channel)
    if plan.social_media_kanaele is not None:
        users = [i for i, code in enumerate(columns["social_media"]) if code == "ja"]
        channels = spread_multi(rng, n, users, plan.social_media_kanaele)
        columns["social_media_kanaele"] = channels
        columns["social_media_kanaele.other"] = [
            pick(rng, KANAELE_SONSTIGE) if c is not None and "sonstige" in c else None
            for c in channels
        ]
    columns["digital_unterstuetzung"] = multi_column(rng, n, plan.digital_unterstuetzung)
    columns["digital_hindernisse"] = text_column(rng, n, "digital_hindernisse", DIGITAL_HINDERNISSE)
    code_texts(questionnaire, columns, "digital_hindernisse")

    if plan.partner_wichtigste is not None:
        vertreten, wichtigste = partner_ranking(
            rng, n, plan.partner_vertreten, plan.partner_wichtigste
        )
        columns["partner_vertreten"] = vertreten
        columns["partner_wichtigste"] = wichtigste
    else:
        columns["partner_vertreten"] = multi_column(rng, n, plan.partner_vertreten)
    columns["partner_staerker"] = multi_column(rng, n, plan.partner_staerker)
    columns["kundinnen"] = multi_column(rng, n, plan.kundinnen, cap=5)

    columns["prioritaeten"] = multi_column(rng, n, plan.prioritaeten, cap=3)
    columns["prioritaeten_sonstiges"] = text_column(
        rng, n, "prioritaeten_sonstiges", PRIORITAETEN_SONSTIGES
    )
    columns["themen"] = multi_column(rng, n, plan.themen)
    columns["themen_weitere"] = text_column(rng, n, "themen_weitere", THEMEN_WEITERE)
    code_texts(questionnaire, columns, "themen_weitere")

    if plan.zufriedenheit is not None:
        columns["zufriedenheit"] = matrix_column(
            rng, n, plan.zufriedenheit_answered, plan.zufriedenheit
        )
        columns["wunsch_unterstuetzung"] = text_column(
            rng, n, "wunsch_unterstuetzung", WUNSCH_UNTERSTUETZUNG
        )

    times = submission_times(rng, wave, n)
    records = []
    for i, alliance in enumerate(respondents):
        raw = {key: values[i] for key, values in columns.items() if values[i] is not None}
        planned = ordered_answers(questionnaire, raw)
        answers = questionnaire.clean(planned)
        problems = questionnaire.validate(answers)
        # A planned answer that the questionnaire drops (unknown or hidden question) would
        # silently change the published counts, so it is as much an error as an invalid one.
        dropped = sorted(set(raw) - set(answers))
        if problems or dropped or answers != planned:
            raise RuntimeError(
                f"Welle {wave}, {alliance.record.id}: ungültige Antworten {problems}, "
                f"verworfen: {dropped}"
            )
        records.append(ResponseRecord(alliance.record.id, times[i], "complete", answers))
    return sorted(records, key=lambda r: (r.submitted_at, r.organisation))


def ordered_answers(questionnaire: Questionnaire, raw: Mapping[str, Any]) -> Answers:
    """Answers as the library keeps them: multi choices in option order, ranks by rank."""
    answers: Answers = {}
    for question in questionnaire.questions():
        for key in question.answer_keys():
            if key not in raw:
                continue
            answers[key] = question.in_canonical_order(key, raw[key])
    return answers


def profile_columns(rng: Rng, respondents: Sequence[Alliance], year: int) -> dict[str, list[Any]]:
    answered = {
        qid: (rng.random(len(respondents)) < share).tolist()
        for qid, share in PROFILE_RESPONSE.items()
    }
    # Alliances report their partner count afresh each year; it drifts a little.
    drift = rng.uniform(0.85, 1.2, size=len(respondents)).tolist()

    def column(qid: str, values: Sequence[Any]) -> list[Any]:
        return [v if answered[qid][i] else None for i, v in enumerate(values)]

    koordination = column("koordination", [a.koordination for a in respondents])
    return {
        "bundesland": [a.record.bundesland for a in respondents],
        "gemeindegroesse": column(
            "gemeindegroesse", [a.record.gemeindegroesse for a in respondents]
        ),
        "gruendungsjahr": column("gruendungsjahr", [min(a.founded, year) for a in respondents]),
        "anzahl_partner": column(
            "anzahl_partner",
            [min(999, round(a.partners * d)) for a, d in zip(respondents, drift, strict=True)],
        ),
        "koordination": koordination,
        "koordination_sonstiges": column(
            "koordination_sonstiges",
            [
                a.koordination_text if code == "sonstiges" else None
                for a, code in zip(respondents, koordination, strict=True)
            ],
        ),
        "stunden_koordination": column("stunden_koordination", [a.stunden for a in respondents]),
    }


# ---------------------------------------------------------------------------------------------
# Exact placement of counts


def place_counts(
    rng: Rng, n: int, counts: Mapping[str, int], fixed: Mapping[int, str] | None = None
) -> list[str | None]:
    """A single-choice column with exactly ``counts`` per code; the rest give no answer.

    ``fixed`` pins some respondents to a code (it counts towards that code's total).
    """
    fixed = dict(fixed or {})
    remaining = dict(counts)
    for i, code in sorted(fixed.items()):
        if remaining.get(code, 0) == 0:
            del fixed[i]  # more pinned than planned: the plan wins
            continue
        remaining[code] -= 1
    free = [i for i in range(n) if i not in fixed]
    values: list[str | None] = [code for code, c in remaining.items() for _ in range(c)]
    if len(values) > len(free):
        raise ValueError(f"{sum(counts.values())} Antworten geplant, aber nur {n} Befragte.")
    values += [None] * (len(free) - len(values))
    column: list[str | None] = [None] * n
    for i, code in fixed.items():
        column[i] = code
    for i, k in zip(free, rng.permutation(len(values)), strict=True):
        column[i] = values[int(k)]
    return column


def largest_remainder(total: int, shares: Mapping[str, float]) -> dict[str, int]:
    """Integer counts summing to ``total`` in the proportions of ``shares``."""
    weight = sum(shares.values())
    exact = {code: total * share / weight for code, share in shares.items()}
    counts = {code: int(value) for code, value in exact.items()}
    by_remainder = sorted(exact, key=lambda code: counts[code] - exact[code])
    for code in by_remainder[: total - sum(counts.values())]:
        counts[code] += 1
    return counts


def spread_multi(
    rng: Rng, n: int, members: Sequence[int], counts: Mapping[str, int], cap: int | None = None
) -> list[list[str] | None]:
    """Give each of ``members`` at least one and at most ``cap`` codes, each code exactly as
    often as ``counts`` says; everyone else gets None (not answered).

    Codes are first scattered at random, then moved from respondents with too many to those
    with none or room, one at a time, until every respondent fits; counts never change.
    """
    codes = list(counts)
    m = len(members)
    limit = cap if cap is not None else len(codes)
    total = sum(counts.values())
    if not m <= total <= m * limit or any(c > m for c in counts.values()):
        raise ValueError(f"{total} Nennungen passen nicht auf {m} Befragte (höchstens {limit}).")
    chosen: list[set[str]] = [set() for _ in range(m)]
    for code, count in counts.items():
        for k in rng.choice(m, size=count, replace=False):
            chosen[int(k)].add(code)

    def in_order(found: set[str]) -> list[str]:
        return [c for c in codes if c in found]

    while True:
        over = [k for k in range(m) if len(chosen[k]) > limit]
        empty = [k for k in range(m) if not chosen[k]]
        if over:
            donor = over[0]
            receivers = empty or [k for k in range(m) if len(chosen[k]) < limit]
            receiver = receivers[int(rng.integers(len(receivers)))]
        elif empty:
            receiver = empty[0]
            donors = [k for k in range(m) if len(chosen[k]) >= 2]
            donor = donors[int(rng.integers(len(donors)))]
        else:
            break
        movable = in_order(chosen[donor] - chosen[receiver])
        code = movable[int(rng.integers(len(movable)))]
        chosen[donor].remove(code)
        chosen[receiver].add(code)

    column: list[list[str] | None] = [None] * n
    for k, i in enumerate(members):
        column[i] = in_order(chosen[k])
    return column


def multi_column(
    rng: Rng, n: int, plan: MultiPlan, cap: int | None = None
) -> list[list[str] | None]:
    exclusive = plan.exclusive or {}
    order = [int(i) for i in rng.permutation(n)]
    alone = order[: sum(exclusive.values())]
    members = sorted(order[len(alone) : len(alone) + plan.answered])
    column = spread_multi(rng, n, members, plan.counts, cap)
    codes = [code for code, c in exclusive.items() for _ in range(c)]
    for i, code in zip(alone, codes, strict=True):
        column[i] = [code]
    return column


def place_distinct(
    rng: Rng, taken: Sequence[set[str]], values: Sequence[str | None]
) -> list[str | None]:
    """Deal ``values`` out so that no one gets a code they already hold (None: nothing)."""
    for _attempt in range(100):
        dealt = [values[int(k)] for k in rng.permutation(len(values))]
        for i in range(len(dealt)):
            if dealt[i] is None or dealt[i] not in taken[i]:
                continue
            swaps = [
                j
                for j in range(len(dealt))
                if dealt[j] not in taken[i] and dealt[i] not in taken[j]
            ]
            if not swaps:
                break
            j = swaps[int(rng.integers(len(swaps)))]
            dealt[i], dealt[j] = dealt[j], dealt[i]
        else:
            return dealt
    raise RuntimeError("Die Rangplätze lassen sich nicht ohne Doppelungen verteilen.")


def partner_ranking(
    rng: Rng, n: int, vertreten: MultiPlan, ranks: Mapping[str, tuple[int, int, int]]
) -> tuple[list[list[str] | None], list[dict[str, int] | None]]:
    """Partners present and the three most important among them, with exact counts for both.

    The ranking is dealt first, rank by rank; the partners present are then the ranked ones
    plus more, up to each partner's planned count. Only ranked partners can be ranked, and
    whoever ranks only two has only those two partners.
    """
    codes = list(vertreten.counts)
    n_rankers = sum(r[0] for r in ranks.values())
    order = [int(i) for i in rng.permutation(n)]
    rankers = order[:n_rankers]
    others = order[n_rankers : vertreten.answered]
    held: list[set[str]] = [set() for _ in rankers]
    ranking: list[dict[str, int]] = [{} for _ in rankers]
    for position in range(3):
        values: list[str | None] = [code for code, r in ranks.items() for _ in range(r[position])]
        values += [None] * (n_rankers - len(values))
        for k, code in enumerate(place_distinct(rng, held, values)):
            if code is not None:
                held[k].add(code)
                ranking[k][code] = position + 1
    need = {c: vertreten.counts[c] - sum(ranks[c]) for c in codes}
    present: dict[int, set[str]] = {i: set(held[k]) for k, i in enumerate(rankers)}
    for i in others:
        # Someone who ranks nobody still has partners.
        start = [c for c in codes if need[c] > 0]
        picked = {start[int(j)] for j in rng.choice(len(start), size=3, replace=False)}
        for code in picked:
            need[code] -= 1
        present[i] = picked
    open_to_more = [i for k, i in enumerate(rankers) if len(ranking[k]) == 3] + others
    for code in codes:
        candidates = [i for i in open_to_more if code not in present[i]]
        if need[code] > len(candidates):
            raise ValueError(
                f"partner_vertreten: {code} kann nicht {vertreten.counts[code]}-mal vorkommen."
            )
        for j in rng.choice(len(candidates), size=need[code], replace=False):
            present[candidates[int(j)]].add(code)
    vertreten_column: list[list[str] | None] = [None] * n
    ranking_column: list[dict[str, int] | None] = [None] * n
    for i, found in present.items():
        vertreten_column[i] = [c for c in codes if c in found]
    for k, i in enumerate(rankers):
        ranking_column[i] = ranking[k]
    return vertreten_column, ranking_column


def matrix_column(
    rng: Rng, n: int, answered: int, shares: Mapping[str, Mapping[str, float]]
) -> list[dict[str, str] | None]:
    members = sorted(int(i) for i in rng.choice(n, size=answered, replace=False))
    rows: dict[int, dict[str, str]] = {i: {} for i in members}
    for item, item_shares in shares.items():
        # One or two people skip a single row.
        skipping = int(rng.integers(0, 3))
        counts = largest_remainder(answered - skipping, item_shares)
        for k, code in enumerate(place_counts(rng, answered, counts)):
            if code is not None:
                rows[members[k]][item] = code
    column: list[dict[str, str] | None] = [None] * n
    for i, row in rows.items():
        column[i] = row or None
    return column


# ---------------------------------------------------------------------------------------------
# Free texts, times and small helpers


def text_column(rng: Rng, n: int, qid: str, pool: Sequence[str]) -> list[str | None]:
    writes = (rng.random(n) < TEXT_SHARE[qid]).tolist()
    return [free_text(rng, pool) if w else None for w in writes]


def code_texts(questionnaire: Questionnaire, columns: dict[str, Any], qid: str) -> None:
    """The ``.codes`` column of a coded text question, where the wave's questionnaire has a
    codebook for it (the 2023 obstacles have none)."""
    coding = questionnaire.question(qid).coding()
    if coding is None:
        return
    codes_key, categories = coding
    columns[codes_key] = [
        None if text is None else coded_text(CODED_TEXTS[qid], categories, text)
        for text in columns[qid]
    ]


def coded_text(pool: dict[str, tuple[str, ...]], categories: list[str], text: str) -> list[str]:
    """The categories of an answer built from the pool's sentences, in category order."""
    found = {c for sentence, codes in pool.items() if sentence in text for c in codes}
    return [code for code in categories if code in found]


def coded_hindernisse(categories: list[str], text: str) -> list[str]:
    """The categories of an obstacle text built from the pool's sentences."""
    return coded_text(HINDERNIS_CODES, categories, text)


def free_text(rng: Rng, pool: Sequence[str]) -> str:
    """One sentence from the pool, sometimes two, so that answers vary."""
    count = 2 if rng.random() < 0.3 else 1
    return " ".join(pool[int(k)] for k in rng.choice(len(pool), size=count, replace=False))


def submission_times(rng: Rng, wave: str, n: int) -> list[datetime]:
    """Submission times in the field period: most right after the invitation and the two
    reminders (after three and six weeks), few at weekends, all within office hours or the
    early evening."""
    opens, closes = FIELD_PERIODS[wave]
    days = (closes - opens).days + 1
    weights = []
    for d in range(days):
        w = 1.0 + 6.0 * np.exp(-d / 3.0)
        for reminder, strength in ((21, 4.0), (42, 3.0)):
            if d >= reminder:
                w += strength * np.exp(-(d - reminder) / 3.0)
        if (opens + timedelta(days=d)).weekday() >= 5:
            w *= 0.15
        weights.append(w)
    chosen_days = rng.choice(days, size=n, p=np.array(weights) / sum(weights))
    minutes = rng.integers(8 * 60, 19 * 60, size=n)
    return [
        datetime.combine(
            opens + timedelta(days=int(d)), time(int(m) // 60, int(m) % 60), tzinfo=CEST
        )
        for d, m in zip(chosen_days, minutes, strict=True)
    ]


def pick(rng: Rng, pool: Sequence[str]) -> str:
    return pool[int(rng.integers(len(pool)))]


def weighted(rng: Rng, weights: Sequence[float]) -> int:
    p = np.array(weights, dtype=float)
    return int(rng.choice(len(p), p=p / p.sum()))


if __name__ == "__main__":
    main()
