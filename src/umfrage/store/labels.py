"""Labels, not codes, where staff read: register values (``BW``, ``lt5k``) by their answer labels.

A register column such as ``bundesland`` or ``gemeindegroesse`` holds the codes of the question of
the same id; the newest wave whose questionnaire asks it names them. The Länder are known by
name even where no questionnaire asks for them. A value without a label is shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from umfrage.store.models import Organisation, Survey

# The 16 Länder with their ISO 3166-2:DE codes (the codes the example register uses).
LAENDER: list[tuple[str, str]] = [
    ("BW", "Baden-Württemberg"),
    ("BY", "Bayern"),
    ("BE", "Berlin"),
    ("BB", "Brandenburg"),
    ("HB", "Bremen"),
    ("HH", "Hamburg"),
    ("HE", "Hessen"),
    ("MV", "Mecklenburg-Vorpommern"),
    ("NI", "Niedersachsen"),
    ("NW", "Nordrhein-Westfalen"),
    ("RP", "Rheinland-Pfalz"),
    ("SL", "Saarland"),
    ("SN", "Sachsen"),
    ("ST", "Sachsen-Anhalt"),
    ("SH", "Schleswig-Holstein"),
    ("TH", "Thüringen"),
]

REGISTER_FIELDS = ("bundesland", "gemeindegroesse")


@dataclass(frozen=True)
class Labelled:
    """A code with its label (``label`` equals ``code`` when nothing names it)."""

    code: str
    label: str

    @property
    def named(self) -> bool:
        return self.label != self.code

    def __str__(self) -> str:
        return self.label


def register_labels(survey: Survey) -> dict[str, dict[str, str]]:
    """Column → code → label for the register columns that a questionnaire of the survey asks."""
    labels: dict[str, dict[str, str]] = {"bundesland": dict(LAENDER)}
    for wave in survey.waves.order_by("position"):
        questionnaire = wave.questionnaire()
        for column in REGISTER_FIELDS:
            if not questionnaire.has_question(column):
                continue
            question = questionnaire.question(column)
            codes = question.condition_codes() or []
            named = {code: _label(question, code) for code in codes}
            labels.setdefault(column, {}).update({c: n for c, n in named.items() if n})
    return labels


def _label(question: object, code: str) -> str | None:
    option = getattr(question, "option", None)
    found = option(code) if callable(option) else None
    return str(found.label) if found is not None and found.label else None


def labelled(organisation: Organisation, labels: dict[str, dict[str, str]]) -> dict[str, Labelled]:
    """The organisation's register values with their labels, by column."""
    out = {}
    for column in REGISTER_FIELDS:
        code = str(getattr(organisation, column) or "")
        out[column] = Labelled(code, labels.get(column, {}).get(code, code))
    return out
