"""``matrix`` in the builder: rows (items) rated on one scale; the scale may be ordinal."""

from umfrage.web.builder.types.base import BOOL, BuilderType, ListSpec, Setting

TYPE = BuilderType(
    "matrix",
    "Matrix (mehrere Zeilen, eine Skala)",
    settings=(Setting("ordinal", "Die Skala ist geordnet", BOOL, True),),
    lists=(
        ListSpec("items", "Zeilen", "Zeile", (), minimum=1),
        ListSpec("scale", "Skala", "Skalenwert", ("exclude_from_base",), minimum=2, recode=True),
    ),
)
