"""``number`` in the builder: lower and upper limit, decimals, unit, thousands separator."""

from umfrage.questionnaire.types.number import WAVE_YEAR
from umfrage.web.builder.types.base import BOOL, INT, NUMBER, TEXT, BuilderType, Setting

TYPE = BuilderType(
    "number",
    "Zahl",
    settings=(
        Setting("min", "Kleinster erlaubter Wert", NUMBER, None, help="Leer lassen: keine Grenze."),
        Setting(
            "max",
            "Größter erlaubter Wert",
            NUMBER,
            None,
            help="Leer lassen: keine Grenze. Für ein Gründungsjahr o. Ä.: „bis zum Jahr der "
            "Welle“ ankreuzen, dann folgt die Grenze jeder neuen Welle (eine Zahl im Feld gilt "
            "dann nicht).",
            token=WAVE_YEAR,
            token_label="bis zum Jahr der Welle",
        ),
        Setting("decimals", "Nachkommastellen (0 = ganze Zahl)", INT, 0, minimum=0, maximum=6),
        Setting("unit", "Einheit (z. B. Stunden)", TEXT, None, translated=True),
        Setting(
            "grouping",
            "Tausenderpunkt in Berichten (für Jahreszahlen ausschalten)",
            BOOL,
            True,
        ),
    ),
)
