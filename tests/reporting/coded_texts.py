"""The mini survey with a coded free-text question in 2024 (for the report and store tests)."""

from __future__ import annotations

from pathlib import Path

from tests.minisurvey import Q2024, make_minisurvey

Q2024_CODED = (
    Q2024
    + """\
      - id: hindernisse
        type: text
        text: Was erschwert die digitale Umsetzung?
        categories:
          - {code: zeit, label: Fehlende Zeit}
          - {code: technik, label: Technische Ausstattung}
          - {code: sonstiges, label: Sonstiges}
"""
)

# Eight respondents so that the published report keeps some categories (minimum cell 5):
# six answered, five of them coded; the sixth text is not coded yet.
HEADER = (
    "organisation,submitted_at,status,bundesland,social_media,kanaele.insta,kanaele.sonstige,"
    "kanaele.other,partner,hindernisse,hindernisse.codes\n"
)
ROWS = [
    ("B-1", "BE", "Keine Zeit für Pflege der Kanäle", "zeit"),
    ("B-2", "BE", "Alte Laptops und keine Zeit", "zeit;technik"),
    ("H-1", "HH", "Die Stunden reichen nicht", "zeit"),
    ("H-2", "HH", "Zu wenig Zeit, Datenschutz", "zeit;sonstiges"),
    ("B-3", "BE", "Keine Zeit", "zeit"),
    ("H-3", "HH", "Das Rathaus verbietet es", ""),
    ("B-4", "BE", "", ""),
    ("H-4", "HH", "", ""),
]
R2024_CODED = HEADER + "".join(
    f"{org},2024-05-1{i}T10:00:00+02:00,complete,{land},nein,,,,{i + 2},"
    + (f'"{text}"' if "," in text else text)
    + f",{codes}\n"
    for i, (org, land, text, codes) in enumerate(ROWS)
)
ORGANISATIONS = "id,name,bundesland\n" + "".join(
    f"{org},Bündnis {org},{land}\n" for org, land, _, _ in ROWS
)


def make_coded_survey(base: Path) -> Path:
    return make_minisurvey(
        base,
        {
            "waves/2024/questionnaire.yaml": Q2024_CODED,
            "waves/2024/responses.csv": R2024_CODED,
            "organisations.csv": ORGANISATIONS,
        },
    )
