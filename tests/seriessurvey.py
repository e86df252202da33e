"""A four-wave survey folder (2019, 2021, 2023, 2024) for the series tests: synthetic test data,
made up so that every figure can be checked by hand.

Like every survey folder, each wave declares its recodes against every earlier wave (``umfrage
check`` insists); a series chains only the steps between consecutive waves.

- ``social_media`` (single) renames "ja" to "ja_aktiv" in 2021 and back in 2023, and 2024 adds
  "planung", which counts as "nein": a series through recodes over all four waves.
- ``kanal`` (multi) is first asked in 2021; 2024 adds "tiktok", merged into "facebook".
- ``thema`` (single) is asked in 2023 and 2024; 2024's "c" has no counterpart: the series stops.

Counts (min_cell 3): social_media 2019 ja 5 / nein 15, 2021 ja_aktiv 2 / nein 8 (a small cell:
the public 2021 table hides it and, for the sum, "nein" too), 2023 ja 6 / nein 6, 2024 ja 8 /
planung 3 / nein 5.
"""

from __future__ import annotations

from pathlib import Path

SURVEY_YAML = """\
id: reihe
title: Reihen-Umfrage (synthetische Testdaten)
owner: Testteam
synthetic: true
waves:
  - {id: "2019", title: Reihe 2019}
  - {id: "2021", title: Reihe 2021}
  - {id: "2023", title: Reihe 2023}
  - {id: "2024", title: Reihe 2024}
min_cell: 3
"""

SOCIAL = {
    "2019": "options: [{code: ja, label: Ja}, {code: nein, label: Nein}]",
    "2021": (
        "options: [{code: ja_aktiv, label: Ja (aktiv)}, {code: nein, label: Nein}]\n"
        '        compare: [{wave: "2019", recode: {ja_aktiv: ja}}]'
    ),
    "2023": (
        "options: [{code: ja, label: Ja}, {code: nein, label: Nein}]\n"
        '        compare: [{wave: "2021", recode: {ja: ja_aktiv}}]'
    ),
    "2024": (
        "options: [{code: ja, label: Ja}, {code: planung, label: In Planung}, "
        "{code: nein, label: Nein}]\n"
        '        compare: [{wave: "2023", recode: {planung: nein}, '
        "note: 2023 gab es „In Planung“ noch nicht.}, "
        '{wave: "2021", recode: {ja: ja_aktiv, planung: nein}}, '
        '{wave: "2019", recode: {planung: nein}}]'
    ),
}

KANAL = {
    "2021": "options: [{code: insta, label: Instagram}, {code: facebook, label: Facebook}]",
    "2023": "options: [{code: insta, label: Instagram}, {code: facebook, label: Facebook}]",
    "2024": (
        "options: [{code: insta, label: Instagram}, {code: facebook, label: Facebook}, "
        "{code: tiktok, label: TikTok}]\n"
        '        compare: [{wave: "2023", recode: {tiktok: facebook}}, '
        '{wave: "2021", recode: {tiktok: facebook}}]'
    ),
}

THEMA = {
    "2023": "options: [{code: a, label: A}, {code: b, label: B}]",
    "2024": (
        "options: [{code: a, label: A}, {code: b, label: B}, {code: c, label: C}]\n"
        '        compare: [{wave: "2023", recode: {c: null}}]'
    ),
}


def questionnaire(wave: str) -> str:
    text = f'wave: "{wave}"\ntitle: Reihe {wave}\nsections:\n  - id: A\n    title: Teil A\n'
    text += "    questions:\n"
    text += (
        "      - id: social_media\n        type: single\n"
        f"        text: Eigener Social-Media-Kanal?\n        {SOCIAL[wave]}\n"
    )
    if wave in KANAL:
        text += f"      - id: kanal\n        type: multi\n        text: Welche Kanäle?\n        {KANAL[wave]}\n"
    if wave in THEMA:
        text += f"      - id: thema\n        type: single\n        text: Welches Thema?\n        {THEMA[wave]}\n"
    return text


def rows(wave: str) -> list[dict[str, str]]:
    """The wave's answers, one dict per respondent (anonymous, complete)."""
    social = {
        "2019": ["ja"] * 5 + ["nein"] * 15,
        "2021": ["ja_aktiv"] * 2 + ["nein"] * 8,
        "2023": ["ja"] * 6 + ["nein"] * 6,
        "2024": ["ja"] * 8 + ["planung"] * 3 + ["nein"] * 5,
    }[wave]
    found = [{"social_media": code} for code in social]
    if wave == "2021":
        # 10 answered: Instagram 4, Facebook 7.
        for i, row in enumerate(found):
            row["kanal.insta"] = "1" if i < 4 else "0"
            row["kanal.facebook"] = "1" if i >= 3 else "0"
    if wave == "2023":
        # 12 answered: Instagram 6, Facebook 6.
        for i, row in enumerate(found):
            row["kanal.insta"] = "1" if i < 6 else "0"
            row["kanal.facebook"] = "0" if i < 6 else "1"
        for i, row in enumerate(found):
            row["thema"] = "a" if i < 7 else "b"
    if wave == "2024":
        # 16 answered: Instagram 10, Facebook 3, TikTok 4 (one of them also Facebook), so
        # "Facebook" in 2023's codes is 6.
        for i, row in enumerate(found):
            row["kanal.insta"] = "1" if i < 10 else "0"
            row["kanal.facebook"] = "1" if i in (10, 11, 12) else "0"
            row["kanal.tiktok"] = "1" if i in (12, 13, 14, 15) else "0"
            row["thema"] = "a" if i < 8 else ("b" if i < 12 else "c")
    return found


def responses(wave: str) -> str:
    data = rows(wave)
    columns = ["organisation", "submitted_at", "status"]
    for row in data:
        columns.extend(c for c in row if c not in columns)
    lines = [",".join(columns)]
    for row in data:
        cells = {"status": "complete", "submitted_at": f"{wave}-05-10T10:00:00+02:00", **row}
        lines.append(",".join(cells.get(c, "") for c in columns))
    return "\n".join(lines) + "\n"


def make_series_survey(base: Path, overrides: dict[str, str | None] | None = None) -> Path:
    """Write the folder ``reihe``; ``overrides`` replace files by relative path (None: leave
    the file out)."""
    folder = base / "reihe"
    files: dict[str, str | None] = {"survey.yaml": SURVEY_YAML}
    for wave in ("2019", "2021", "2023", "2024"):
        files[f"waves/{wave}/questionnaire.yaml"] = questionnaire(wave)
        files[f"waves/{wave}/responses.csv"] = responses(wave)
    files.update(overrides or {})
    for relative, text in files.items():
        if text is None:
            continue
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
