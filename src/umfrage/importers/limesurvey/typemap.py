"""LimeSurvey's question types and built-in labels, as tables (no logic).

``TYPES`` says for each one-letter LimeSurvey type code what it becomes in our format: the
builder in :mod:`.questions` hands the question to the module of that type in :mod:`.types`
(``kind``), once per subquestion where ``split`` is set, and drops the rest with the reason. Labels that LimeSurvey
writes itself (Yes/No, gender, "Other", the fixed array scales) are not in the ``.lss`` file;
they are taken from ``BUILTIN_LABELS`` in the questionnaire's language.
"""

from __future__ import annotations

from dataclasses import dataclass

KIND_STRUCTURE = "LimeSurvey-Struktur (.lss)"
KIND_STRUCTURE_TXT = "LimeSurvey-Struktur (tabulatorgetrennt, .txt)"
KIND_ARCHIVE = "LimeSurvey-Archiv (.lsa)"
KIND_RESPONSES = "LimeSurvey-Antwortexport"
OTHER_CODE = "sonstiges"


@dataclass(frozen=True)
class TypeInfo:
    """One LimeSurvey question type: its name in the editor and what it becomes here."""

    name: str
    kind: str
    """Our question type (a module of :mod:`.types`), or ``drop``."""
    reason: str = ""
    """For ``drop``: why it is not taken over (German, for the plan)."""
    split: bool = False
    """One question of type ``kind`` per subquestion (multiple numeric input, short texts)."""


TYPES: dict[str, TypeInfo] = {
    "1": TypeInfo("Array (duale Skala)", "matrix"),
    "5": TypeInfo("5-Punkte-Auswahl", "single"),
    "A": TypeInfo("Array (5-Punkte)", "matrix"),
    "B": TypeInfo("Array (10-Punkte)", "matrix"),
    "C": TypeInfo("Array (Ja/Unsicher/Nein)", "matrix"),
    "D": TypeInfo("Datum", "text"),
    "E": TypeInfo("Array (Mehr/Gleich/Weniger)", "matrix"),
    "F": TypeInfo("Array", "matrix"),
    "G": TypeInfo("Geschlecht", "single"),
    "H": TypeInfo("Array nach Spalte", "matrix"),
    "I": TypeInfo("Sprachumschaltung", "drop", "Sprachumschaltung ist keine inhaltliche Frage"),
    "K": TypeInfo("Mehrfache numerische Eingabe", "number", split=True),
    "L": TypeInfo("Liste (Optionsfelder)", "single"),
    "M": TypeInfo("Mehrfachauswahl", "multi"),
    "N": TypeInfo("Numerische Eingabe", "number"),
    "O": TypeInfo("Liste mit Kommentar", "single"),
    "P": TypeInfo("Mehrfachauswahl mit Kommentaren", "multi"),
    "Q": TypeInfo("Mehrere kurze Texte", "text", split=True),
    "R": TypeInfo("Rangfolge", "ranking"),
    "S": TypeInfo("Kurzer freier Text", "text"),
    "T": TypeInfo("Langer freier Text", "text"),
    "U": TypeInfo("Sehr langer freier Text", "text"),
    "X": TypeInfo("Textanzeige", "drop", "Textanzeige ohne Antwort"),
    "Y": TypeInfo("Ja/Nein", "single"),
    "!": TypeInfo("Liste (Klappfeld)", "single"),
    ":": TypeInfo(
        "Array (Zahlen)",
        "drop",
        "Zahlen-Array (eine Zahl je Zeile und Spalte) hat in unserem Format keine Entsprechung",
    ),
    ";": TypeInfo(
        "Array (Texte)",
        "drop",
        "Text-Array (ein Text je Zeile und Spalte) hat in unserem Format keine Entsprechung",
    ),
    "|": TypeInfo("Datei-Upload", "drop", "Datei-Upload wird nicht übernommen"),
    "*": TypeInfo("Gleichung", "drop", "Gleichung (berechneter Wert, keine Antwort)"),
}

# Derived views, kept for callers of the former single module.
TYPE_NAMES: dict[str, str] = {code: info.name for code, info in TYPES.items()}
DROPPED_TYPES: dict[str, str] = {
    code: info.reason for code, info in TYPES.items() if info.kind == "drop"
}

# Types whose "other" option LimeSurvey offers (and we carry over).
OTHER_TYPES = {"L", "!", "M", "P"}
# Only the fixed numeric scales are known to be ordered.
NOMINAL_MATRIX_TYPES = {"C", "F", "H", "1"}

# Built-in labels LimeSurvey shows in the survey's language; keys are label ids.
BUILTIN_LABELS: dict[str, dict[str, str]] = {
    "de": {
        "yes": "Ja",
        "no": "Nein",
        "uncertain": "Unsicher",
        "increase": "Mehr",
        "same": "Gleich",
        "decrease": "Weniger",
        "female": "weiblich",
        "male": "männlich",
        "other": "Sonstiges",
        "comment_on": "Kommentar zu: {text}",
        "section": "Abschnitt {n}",
        "survey": "LimeSurvey-Umfrage",
        "image": "Bild ohne Beschreibung ({code})",
    },
    "en": {
        "yes": "Yes",
        "no": "No",
        "uncertain": "Uncertain",
        "increase": "Increase",
        "same": "Same",
        "decrease": "Decrease",
        "female": "Female",
        "male": "Male",
        "other": "Other",
        "comment_on": "Comment on: {text}",
        "section": "Section {n}",
        "survey": "LimeSurvey survey",
        "image": "Image without description ({code})",
    },
}
FALLBACK_LANGUAGE = "en"

# Fixed answers of a type: (code, label id); label ids are looked up in BUILTIN_LABELS.
FIXED_OPTIONS: dict[str, list[tuple[str, str]]] = {
    "5": [(str(i), "") for i in range(1, 6)],
    "Y": [("Y", "yes"), ("N", "no")],
    "G": [("F", "female"), ("M", "male")],
}
FIXED_SCALES: dict[str, list[tuple[str, str]]] = {
    "A": [(str(i), "") for i in range(1, 6)],
    "B": [(str(i), "") for i in range(1, 11)],
    "C": [("Y", "yes"), ("U", "uncertain"), ("N", "no")],
    "E": [("I", "increase"), ("S", "same"), ("D", "decrease")],
}


def label_language(language: str) -> str | None:
    """Which table of BUILTIN_LABELS serves ``language`` (``de-informal`` → ``de``); None: none."""
    primary = language.lower().replace("_", "-").split("-")[0]
    return primary if primary in BUILTIN_LABELS else None


def builtin_label(language: str, key: str, **values: str) -> str:
    """A built-in label in ``language``; English where we have no table for it."""
    table = BUILTIN_LABELS[label_language(language) or FALLBACK_LANGUAGE]
    return table[key].format(**values)


def fixed_answers(
    table: dict[str, list[tuple[str, str]]], code: str, language: str
) -> list[tuple[str, str]]:
    """(code, label) of a type's fixed answers in ``language``; [] if the type has none."""
    return [
        (answer, builtin_label(language, key) if key else answer)
        for answer, key in table.get(code, [])
    ]
