"""Shared test data for the importers: a small questionnaire of every type, a stored survey."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from umfrage.questionnaire.loader import parse_questionnaire, parse_yaml
from umfrage.questionnaire.spec import Questionnaire
from umfrage.surveyfolder.responses import ResponseRecord

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BERLIN = ZoneInfo("Europe/Berlin")

QUESTIONNAIRE = """\
wave: "2024"
title: Bündnisumfrage 2024
sections:
  - id: A
    title: Ihr Bündnis
    questions:
      - id: social_media
        type: single
        text: Nutzt Ihr Bündnis soziale Medien?
        options:
          - {code: ja, label: Ja}
          - {code: nein, label: Nein}
      - id: koordination
        type: single
        text: Wer koordiniert?
        options:
          - {code: "1", label: Verein}
          - {code: "2", label: Kommune}
          - {code: "3", label: Andere, other: true}
      - id: partner
        type: multi
        text: Welche Partner:innen?
        options:
          - {code: unternehmen, label: Unternehmen}
          - {code: kirchen, label: Kirchen}
          - {code: keine, label: Keine, exclusive: true}
      - id: wichtig
        type: ranking
        text: Was ist am wichtigsten?
        top: 2
        options:
          - {code: zeit, label: Zeit}
          - {code: geld, label: Geld}
          - {code: pflege, label: Pflege}
      - id: bewertung
        type: matrix
        text: Wie bewerten Sie …
        items:
          - {code: kommune, label: die Kommune}
          - {code: wirtschaft, label: die Wirtschaft}
        scale:
          - {code: "1", label: sehr gut}
          - {code: "2", label: gut}
          - {code: "9", label: kann ich nicht beurteilen, exclude_from_base: true}
      - id: anzahl
        type: number
        text: Wie viele Partner:innen?
        min: 0
        max: 500
      - id: budget
        type: number
        text: Budget in Euro
        decimals: 2
        if: {question: social_media, equals: ja}
      - id: anmerkungen
        type: text
        text: Anmerkungen
"""


def parse(text: str, name: str = "questionnaire.yaml") -> Questionnaire:
    data, source = parse_yaml(text, name)
    return parse_questionnaire(data, source)


@pytest.fixture
def questionnaire() -> Questionnaire:
    return parse(QUESTIONNAIRE)


@pytest.fixture
def sample_records() -> list[ResponseRecord]:
    """Responses that use every type, "other" text, hidden questions and anonymous rows."""
    return [
        ResponseRecord(
            "lb-001",
            datetime(2024, 5, 13, 9, 41, tzinfo=BERLIN),
            "complete",
            {
                "social_media": "ja",
                "koordination": "3",
                "koordination.other": 'Stiftung; mit Komma, "Zitat"\nund Zeile',
                "partner": ["unternehmen", "kirchen"],
                "wichtig": {"geld": 1, "zeit": 2},
                "bewertung": {"kommune": "1", "wirtschaft": "9"},
                "anzahl": 12,
                "budget": 1234.5,
                "anmerkungen": "Grüße aus Köln",
            },
        ),
        ResponseRecord(
            "lb-002",
            datetime(2024, 5, 14, 12, 0, tzinfo=BERLIN),
            "complete",
            {"social_media": "nein", "partner": ["keine"], "anzahl": 0},
        ),
        ResponseRecord(None, None, "partial", {"social_media": "ja"}),
        ResponseRecord(None, None, "partial", {"social_media": "ja"}),
    ]


SURVEY_YAML = """\
id: buendnis
title: Bündnisumfrage
waves:
  - id: "2024"
    status: open
"""


def write_survey_folder(folder: Path, questionnaire_text: str = QUESTIONNAIRE) -> Path:
    (folder / "waves" / "2024").mkdir(parents=True)
    (folder / "survey.yaml").write_text(SURVEY_YAML, encoding="utf-8")
    (folder / "organisations.csv").write_text(
        "id,name\nlb-001,Bündnis Köln\nlb-002,Bündnis Jena\nlb-003,Bündnis Kiel\n",
        encoding="utf-8",
    )
    (folder / "waves" / "2024" / "questionnaire.yaml").write_text(
        questionnaire_text, encoding="utf-8"
    )
    return folder


@pytest.fixture
def survey_folder(tmp_path: Path) -> Path:
    """A survey folder „buendnis“ (wave 2024, three organisations, no responses)."""
    return write_survey_folder(tmp_path / "buendnis")


@pytest.fixture
def stored_survey(db: None, tmp_path: Path) -> object:
    """The survey „buendnis“ with wave 2024 (no responses) and three organisations."""
    from umfrage.store.folder import load_survey_folder
    from umfrage.store.models import Survey

    load_survey_folder(write_survey_folder(tmp_path / "buendnis"))
    return Survey.objects.get(slug="buendnis")
