"""``ranking`` in the builder: options, ranking depth (top N), only among an earlier multi."""

from collections.abc import Sequence
from typing import Any

from umfrage.web.builder.types.base import CHOICE, INT, BuilderType, ListSpec, Setting


def _earlier_multi(earlier: Sequence[Any]) -> list[tuple[str, str]]:
    return [(q.id, f"{q.id}: {q.text}") for q in earlier if q.type_name == "multi"]


TYPE = BuilderType(
    "ranking",
    "Rangfolge",
    settings=(
        Setting("top", "So viele Plätze vergeben (Rangtiefe)", INT, None, minimum=1),
        Setting(
            "among",
            "Nur unter den Antworten dieser früheren Frage ordnen",
            CHOICE,
            None,
            help="Leer lassen: alle Antworten werden geordnet. Die Codes müssen dort gleich sein.",
            choices=_earlier_multi,
        ),
    ),
    lists=(ListSpec("options", "Antworten", "Antwort", (), minimum=2, recode=True),),
)
