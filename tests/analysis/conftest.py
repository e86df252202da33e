"""Small survey folders for the analysis tests: two waves with every question type, a recode,
conditions, excluded codes and population margins; data generated with a seeded rng."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.questionnaire.spec import Questionnaire

SURVEY_YAML = """\
id: mini
title: Mini-Bündnisumfrage
synthetic: true
waves:
  - id: "2023"
  - id: "2024"
population:
  total: 600
  margins:
    region: {nord: 150, sued: 250, ost: 200}
    groesse: {klein: 300, gross: 300}
"""

QUESTIONNAIRE = """\
wave: "{wave}"
title: Mini {wave}
sections:
  - id: A
    title: Profil
    questions:
      - id: region
        type: single
        text: Region
        options:
          - {{code: nord, label: Nord}}
          - {{code: sued, label: Süd}}
          - {{code: ost, label: Ost}}
      - id: groesse
        type: single
        text: Größe
        options:
          - {{code: klein, label: klein}}
          - {{code: gross, label: groß}}
      - id: partner
        type: number
        text: Wie viele Partner:innen?
        min: 0
        max: 200
  - id: B
    title: Digital
    questions:
      - id: digital
        type: single
        ordinal: true
        text: Wie gut gelingt die digitale Umsetzung?
        options:
          - {{code: 1, label: sehr gut}}
          - {{code: 2, label: gut}}
          - {{code: 3, label: teils}}
          - {{code: 4, label: weniger gut}}
          - {{code: 9, label: kann ich nicht beurteilen, exclude_from_base: true}}
      - id: social
        type: single
        text: Social Media?
        options:
{social_options}
{social_compare}
      - id: kanaele
        type: multi
        text: Welche Kanäle?
        if: {{question: social, equals: ja}}
        options:
          - {{code: instagram, label: Instagram}}
          - {{code: facebook, label: Facebook}}
          - {{code: tiktok, label: TikTok}}
      - id: hilfe
        type: multi
        text: Welche Unterstützung?
        max: 3
        options:
          - {{code: schulung, label: Schulungen}}
          - {{code: vorlagen, label: Vorlagen}}
          - {{code: geld, label: Geld}}
          - {{code: technik, label: Technik}}
          - {{code: keine, label: keine, exclusive: true}}
      - id: wichtig
        type: ranking
        text: Was ist am wichtigsten?
        top: 2
        among: hilfe
        options:
          - {{code: schulung, label: Schulungen}}
          - {{code: vorlagen, label: Vorlagen}}
          - {{code: geld, label: Geld}}
          - {{code: technik, label: Technik}}
      - id: zufrieden
        type: matrix
        text: Wie zufrieden sind Sie?
        items:
          - {{code: newsletter, label: Newsletter}}
          - {{code: beratung, label: Beratung}}
        scale:
          - {{code: 1, label: sehr zufrieden}}
          - {{code: 2, label: zufrieden}}
          - {{code: 3, label: unzufrieden}}
          - {{code: 9, label: nicht genutzt, exclude_from_base: true}}
      - id: hindernisse
        type: text
        text: Was erschwert die Umsetzung?
{categories}{extra}"""

SOCIAL_2023 = """\
          - {code: ja, label: Ja}
          - {code: nein, label: Nein}
          - {code: dagegen, label: bewusst dagegen}"""
SOCIAL_2024 = """\
          - {code: ja, label: Ja}
          - {code: planung, label: In Planung}
          - {code: nein, label: Nein}
          - {code: dagegen, label: bewusst dagegen}"""
COMPARE_2024 = """\
        compare:
          - wave: "2023"
            recode: {planung: nein}
            note: 2023 gab es „In Planung“ noch nicht."""


EXTRA_2024 = """\
      - id: newsletter_neu
        type: single
        text: Lesen Sie den neuen Newsletter?
        options:
          - {code: ja, label: Ja}
          - {code: nein, label: Nein}
"""

# 2024 codes the free texts; 2023 did not.
CATEGORIES_2024 = """\
        categories:
          - {code: zeit, label: Zeit}
          - {code: technik, label: Technik}
          - {code: geld, label: Geld}
          - {code: sonst, label: Sonstiges}
"""


def questionnaire_text(wave: str) -> str:
    later = wave == "2024"
    return QUESTIONNAIRE.format(
        wave=wave,
        social_options=SOCIAL_2024 if later else SOCIAL_2023,
        social_compare=COMPARE_2024 if later else "",
        extra=EXTRA_2024 if later else "",
        categories=CATEGORIES_2024 if later else "",
    )


def questionnaire_for(wave: str) -> Questionnaire:
    data, source = parse_yaml(questionnaire_text(wave), f"{wave}.yaml")
    return parse_questionnaire(data, source)


@pytest.fixture
def q2023() -> Questionnaire:
    return questionnaire_for("2023")


@pytest.fixture
def q2024() -> Questionnaire:
    return questionnaire_for("2024")


def build_survey(
    folder: Path, rows_2023: int = 120, rows_2024: int = 80, seed: int = 7, panel: int = 40
) -> Path:
    """Write the two-wave survey folder with seeded, generated responses."""
    from umfrage.analysis.synthetic import generate_cells, write_cells

    rng = np.random.default_rng(seed)
    panel = min(panel, rows_2023, rows_2024)
    orgs = [f"b{i:04d}" for i in range(rows_2023 + rows_2024 + 1)]
    register = "id,name\n" + "".join(f"{o},Bündnis {o}\n" for o in orgs)
    (folder / "waves").mkdir(parents=True)
    (folder / "survey.yaml").write_text(SURVEY_YAML, encoding="utf-8")
    (folder / "organisations.csv").write_text(register, encoding="utf-8")
    # The first `panel` organisations answer both waves; the rest only one.
    first = orgs[:rows_2023]
    second = orgs[:panel] + orgs[rows_2023 : rows_2023 + rows_2024 - panel]
    for wave, rows, ids in (("2023", rows_2023, first), ("2024", rows_2024, second)):
        questionnaire = questionnaire_for(wave)
        (folder / "waves" / wave).mkdir()
        (folder / "waves" / wave / "questionnaire.yaml").write_text(
            questionnaire_text(wave), encoding="utf-8"
        )
        cells = generate_cells(questionnaire, rows, rng, organisations=ids)
        write_cells(folder / "waves" / wave / "responses.csv", questionnaire, cells)
    return folder


@pytest.fixture
def make_survey(tmp_path: Path) -> Callable[..., Path]:
    """A survey folder with generated responses: ``make_survey(rows_2023, rows_2024, seed)``."""

    def make(rows_2023: int = 120, rows_2024: int = 80, seed: int = 7, panel: int = 40) -> Path:
        return build_survey(tmp_path / "mini", rows_2023, rows_2024, seed, panel)

    return make
