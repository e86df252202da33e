"""The report layer's quote rules (umfrage.reporting.quotes), without a database."""

from __future__ import annotations

from umfrage.analysis.results import OptionResult, QuestionResult
from umfrage.reporting.masking import Masker
from umfrage.reporting.quotes import QUOTE_LIMIT, ChosenQuote, masked_quotes, quotes_of


def answer(*, hidden: tuple[str, ...] = (), suppressed: bool = False) -> QuestionResult:
    return QuestionResult(
        id="q",
        type="text",
        text="Was erschwert es?",
        base=10,
        asked=10,
        not_asked=0,
        no_answer=0,
        small_base=False,
        suppressed=suppressed,
        answered=10,
        coded=10,
        categories=tuple(
            OptionResult(code, code.title(), 5, 0.5, None, suppressed=code in hidden)
            for code in ("zeit", "geld")
        ),
    )


def test_masked_released_and_limited() -> None:
    masker = Masker(people=("Erika Mustermann",), places=("Quedlinburg",))
    chosen = [
        ChosenQuote("q", "zeit", f"Frau Mustermann aus Quedlinburg, Nummer {i}", i % 2 == 0)
        for i in range(QUOTE_LIMIT + 2)
    ]
    internal = masked_quotes(chosen, masker, public=False)["q"]["zeit"]
    assert len(internal) == QUOTE_LIMIT
    assert internal[0] == "Frau [Name] aus [Ort], Nummer 0"
    public = masked_quotes(chosen, masker, public=True)["q"]["zeit"]
    assert public == (
        "Frau [Name] aus [Ort], Nummer 0",
        "Frau [Name] aus [Ort], Nummer 2",
        "Frau [Name] aus [Ort], Nummer 4",
    )


def test_hidden_categories_and_questions_have_no_quotes_in_public() -> None:
    quotes = {"zeit": ("a",), "geld": ("b",)}
    shown = quotes_of(answer(hidden=("geld",)), quotes, public=True)
    assert [(g.code, g.texts) for g in shown] == [("zeit", ("a",))]
    assert len(quotes_of(answer(hidden=("geld",)), quotes, public=False)) == 2
    assert quotes_of(answer(suppressed=True), quotes, public=True) == ()
