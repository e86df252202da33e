"""``multi`` in the builder: options (exclusive, „other“), at most N chosen, free-text limit."""

from umfrage.web.builder.types.base import INT, BuilderType, ListSpec, Setting

TYPE = BuilderType(
    "multi",
    "Mehrere Antworten (Mehrfachauswahl)",
    settings=(
        Setting(
            "max",
            "Höchstens so viele Antworten wählbar",
            INT,
            None,
            help="Leer lassen: keine Grenze.",
            minimum=1,
        ),
        Setting(
            "other_max_length",
            "Längster Freitext bei „bitte angeben“ (Zeichen)",
            INT,
            500,
            minimum=1,
            maximum=100_000,
        ),
    ),
    lists=(
        ListSpec(
            "options",
            "Antworten",
            "Antwort",
            ("exclusive", "other", "exclude_from_base"),
            minimum=1,
            recode=True,
        ),
    ),
)
