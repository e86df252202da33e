"""A small two-wave survey folder that tests build in tmp_path (synthetic, made up for tests)."""

from __future__ import annotations

from pathlib import Path

SURVEY_YAML = """\
id: mini
title: Mini-Umfrage (synthetische Testdaten)
owner: Testteam
synthetic: true
waves:
  - {id: "2023", title: Mini 2023, opens: 2023-05-02, closes: 2023-06-30, status: published}
  - {id: "2024", title: Mini 2024, opens: 2024-05-06, closes: 2024-06-28, status: closed}
population:
  total: 4
  margins:
    bundesland: {BE: 2, HH: 2}
# Three answers per wave: a threshold of 3 lets the public report be made (issue 18 refuses to
# publish a wave with fewer answers than the threshold) and still hides every cell of 1 or 2.
min_cell: 3
# Publishing needs this many complete answers (the default of 20 is for real surveys).
publish_min_responses: 2
"""

Q2023 = """\
wave: "2023"
title: Mini 2023
sections:
  - id: A
    title: Teil A
    questions:
      - id: bundesland
        type: single
        text: Bundesland?
        options: [{code: BE, label: Berlin}, {code: HH, label: Hamburg}]
      - id: social_media
        type: single
        text: Eigener Social-Media-Kanal?
        options: [{code: ja, label: Ja}, {code: nein, label: Nein}]
"""

Q2024 = """\
wave: "2024"
title: Mini 2024
sections:
  - id: A
    title: Teil A
    questions:
      - id: bundesland
        type: single
        text: Bundesland?
        options: [{code: BE, label: Berlin}, {code: HH, label: Hamburg}]
      - id: social_media
        type: single
        text: Eigener Social-Media-Kanal?
        options: [{code: ja, label: Ja}, {code: planung, label: In Planung}, {code: nein, label: Nein}]
        compare:
          - {wave: "2023", recode: {planung: nein}, note: 2023 gab es „In Planung“ nicht.}
      - id: kanaele
        type: multi
        text: Welche Kanäle?
        if: {question: social_media, equals: ja}
        options: [{code: insta, label: Instagram}, {code: sonstige, label: Sonstige, other: true}]
      - id: partner
        type: number
        text: Wie viele Partner:innen?
        min: 0
        max: 999
"""

# 2024 as a wave that can be published: three answers share "ja" and Instagram (min_cell 3), so
# the public page keeps a figure. Publishing R2024 itself is refused: each of its cells is hidden.
R2024_PUBLISHABLE = """\
organisation,submitted_at,status,bundesland,social_media,kanaele.insta,kanaele.sonstige,kanaele.other,partner
B-1,2024-05-10T10:00:00+02:00,complete,BE,ja,1,1,"Threads, Bluesky",12
B-2,2024-05-12T09:15:00+02:00,complete,BE,ja,1,,,3
H-2,2024-05-13T08:00:00+02:00,complete,HH,ja,1,,,5
"""

ORGANISATIONS = """\
id,name,bundesland,gemeindegroesse,municipality,contact_name,email,telefon
B-1,Bündnis Mitte,BE,ge100k,Berlin-Mitte,Anna Beispiel,mitte@example.org,030 123
B-2,Bündnis Pankow,BE,ge100k,Berlin-Pankow,,pankow@example.org,
H-1,Bündnis Altona,HH,ge100k,Hamburg-Altona,Ömer Test,altona@example.org,
H-2,"Bündnis Nord, Hamburg",HH,ge100k,Hamburg-Nord,,,
"""

R2023 = """\
organisation,submitted_at,status,bundesland,social_media
B-1,2023-05-10T10:00:00+02:00,complete,BE,ja
H-1,2023-05-11T11:30:00+02:00,complete,HH,nein
,,partial,HH,
"""

R2024 = """\
organisation,submitted_at,status,bundesland,social_media,kanaele.insta,kanaele.sonstige,kanaele.other,partner
B-1,2024-05-10T10:00:00+02:00,complete,BE,ja,1,1,"Threads, Bluesky",12
B-2,2024-05-12T09:15:00+02:00,complete,BE,planung,,,,3
H-2,,partial,HH,,,,,
"""


def make_minisurvey(base: Path, overrides: dict[str, str] | None = None) -> Path:
    """Write the mini survey folder; ``overrides`` replace files by relative path."""
    folder = base / "mini"
    files = {
        "survey.yaml": SURVEY_YAML,
        "organisations.csv": ORGANISATIONS,
        "waves/2023/questionnaire.yaml": Q2023,
        "waves/2024/questionnaire.yaml": Q2024,
        "waves/2023/responses.csv": R2023,
        "waves/2024/responses.csv": R2024,
    }
    files.update(overrides or {})
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
