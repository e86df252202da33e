"""``text`` in the builder: one line or several, length limit, categories for coding."""

from umfrage.web.builder.types.base import BOOL, INT, BuilderType, ListSpec, Setting

TYPE = BuilderType(
    "text",
    "Freitext",
    settings=(
        Setting("multiline", "Mehrzeiliges Eingabefeld", BOOL, True),
        Setting("max_length", "Längste Antwort (Zeichen)", INT, 5000, minimum=1, maximum=100_000),
    ),
    lists=(ListSpec("categories", "Kategorien für die Auswertung", "Kategorie", ()),),
)
