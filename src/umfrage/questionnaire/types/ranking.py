"""``ranking``: order the top N options. Answer value: ``{code: rank}``, rank 1 = highest.

With ``among: <multi question>`` only the options chosen there may be ranked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field

from umfrage.questionnaire.base import Answers, CellError, ChoiceMixin, Option, QuestionBase
from umfrage.questionnaire.types.multi import MultiQuestion


class RankingQuestion(ChoiceMixin, QuestionBase):
    type_name: ClassVar[str] = "ranking"
    has_options: ClassVar[bool] = True
    reserves_other_code: ClassVar[bool] = True
    set_valued: ClassVar[bool] = True

    type: Literal["ranking"] = "ranking"
    options: tuple[Option, ...] = Field(min_length=2)
    top: int = Field(ge=1)
    among: str | None = None
    """Id of an earlier multi question: only options chosen there can be ranked."""

    def columns(self) -> list[str]:
        return [f"{self.id}.{code}" for code in self.codes()]

    def rankable(self, answers: Answers) -> list[str]:
        if self.among is None:
            return self.codes()
        chosen = answers.get(self.among) or []
        return [c for c in self.codes() if c in chosen]

    def in_canonical_order(self, key: str, value: Any) -> Any:
        return dict(sorted(value.items(), key=lambda item: item[1]))

    def offered(self, answers: Answers) -> list[str] | None:
        return self.rankable(answers)

    def spec_problems(self, path: tuple[Any, ...], add: Callable[..., None]) -> None:
        if self.top > len(self.options):
            add(
                (*path, "top"),
                self.id,
                f"top ist {self.top}, es gibt aber nur {len(self.options)} Antworten.",
                f"Setzen Sie top auf höchstens {len(self.options)}.",
            )

    def reference_problems(
        self,
        path: tuple[Any, ...],
        index: int,
        position: Mapping[str, int],
        lookup: Callable[[str], QuestionBase],
        add: Callable[..., None],
    ) -> None:
        among = self.among
        if among is None:
            return
        where = (*path, "among")
        if among not in position:
            add(
                where,
                self.id,
                f"„among“ nennt die unbekannte Frage „{among}“.",
                "Nennen Sie die id einer früheren Mehrfachauswahl-Frage.",
            )
            return
        if position[among] >= index:
            add(
                where,
                self.id,
                f"„among“ nennt die Frage „{among}“, die erst später kommt.",
                "Die Frage, aus deren Antworten gewählt wird, muss vorher kommen.",
            )
            return
        source_q = lookup(among)
        if not isinstance(source_q, MultiQuestion):
            add(
                where,
                self.id,
                f"„among“ nennt „{among}“, das ist aber keine Mehrfachauswahl (multi), "
                f"sondern {source_q.type_name}.",
                "Eine Rangfolge kann nur unter den Antworten einer multi-Frage gebildet werden.",
            )
            return
        missing = [c for c in self.codes() if c not in source_q.codes()]
        if missing:
            add(
                where,
                self.id,
                f"Die Codes {', '.join(missing)} gibt es in „{among}“ nicht.",
                f"Verwenden Sie dieselben Codes wie „{among}“.",
            )

    def check_value(self, value: Any, answers: Answers) -> list[str]:
        if not isinstance(value, dict):
            return ["Die Antwort muss Rangplätze je Antwort enthalten."]
        problems: list[str] = []
        for code, rank in value.items():
            if self.option(str(code)) is None:
                problems.append(f"„{code}“ ist keine der Antwortmöglichkeiten.")
            elif not isinstance(rank, int) or isinstance(rank, bool) or not 1 <= rank <= self.top:
                problems.append(f"Rang „{rank}“ ist nicht möglich: bitte 1 bis {self.top}.")
        if problems:
            return problems
        ranks = sorted(value.values())
        if len(set(ranks)) != len(ranks):
            return ["Jeder Rang kann nur einmal vergeben werden."]
        if ranks != list(range(1, len(ranks) + 1)):
            return ["Bitte vergeben Sie die Ränge ohne Lücke, beginnend mit 1."]
        allowed = self.rankable(answers)
        outside = [c for c in value if c not in allowed]
        if outside and self.among is not None:
            return ["Bitte ordnen Sie nur Antworten, die Sie in der vorigen Frage gewählt haben."]
        return []

    def from_cells(self, cells: Mapping[str, str]) -> dict[str, Any]:
        ranks: dict[str, int] = {}
        for code in self.codes():
            column = f"{self.id}.{code}"
            raw = cells.get(column, "").strip()
            if raw == "":
                continue
            text = raw[:-2] if raw.endswith(".0") else raw
            if not text.isdigit():
                raise CellError(column, f"„{raw}“ ist kein Rangplatz (1 bis {self.top})")
            ranks[code] = int(text)
        return {self.id: ranks} if ranks else {}

    def to_cells(self, answers: Answers) -> dict[str, str]:
        value = answers.get(self.id) or {}
        return {f"{self.id}.{code}": str(value.get(code, "")) for code in self.codes()}
