"""``single`` in the builder: options (with „other“), ordinal scale, select box, free-text limit."""

from umfrage.web.builder.types.base import BOOL, INT, BuilderType, ListSpec, Setting

TYPE = BuilderType(
    "single",
    "Eine Antwort (Einfachauswahl)",
    settings=(
        Setting("ordinal", "Die Antworten bilden eine geordnete Skala", BOOL, False),
        Setting("dropdown", "Als Auswahlliste zeigen (für lange Listen)", BOOL, False),
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
            ("other", "exclude_from_base"),
            minimum=2,
            recode=True,
        ),
    ),
)
