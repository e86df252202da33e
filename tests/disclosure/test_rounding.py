"""Controlled rounding of breakdowns (issue 18): the rounding itself, the gain on the example,
what the JSON and the report tell, and determinism. The attacker tests judge its safety."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.disclosure.artifacts import EXAMPLE, analyze
from tests.disclosure.attacker import Model, add_json
from umfrage.analysis.disclosure.rounding import round_table
from umfrage.reporting.tables import crosstab_tables

K = 5


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(
    st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=3), min_size=1, max_size=6),
    st.integers(0, 3),
)
def test_controlled_rounding_adds_up_and_stays_adjacent(
    values: list[list[int]], attempt: int
) -> None:
    bases = [sum(row[j] for row in values) for j in range(3)]
    found = round_table(values, bases, K, exclusive=True, seed="t", attempt=attempt)
    for j, base in enumerate(bases):
        assert found.bases[j] == base // K * K
        assert sum(row[j] for row in found.cells) == found.bases[j]
    for row, rounded in zip(values, found.cells, strict=True):
        for x, r in zip(row, rounded, strict=True):
            assert r % K == 0 and abs(r - x) < K
            if x % K == 0:
                assert r == x  # multiples (and zeros) stay
    again = round_table(values, bases, K, exclusive=True, seed="t", attempt=attempt)
    assert again == found  # deterministic: no noise per run


def test_exact_columns_keep_their_base() -> None:
    found = round_table([[3, 6], [4, 1]], [7, 7], K, exclusive=True, seed="t", exact=[True, False])
    assert found.bases == [7, 5]
    assert [found.cells[0][1] + found.cells[1][1]] == [5]


def _counts(doc: dict) -> tuple[int, int, int]:
    shown = hidden = rounded = 0
    for q in doc["questions"]:
        tables = [q.get("crosstab")] + [i.get("crosstab") for i in q.get("items") or []]
        for t in tables:
            if not t:
                continue
            for row in t["rows"]:
                for c in row["counts"]:
                    if c is None:
                        hidden += 1
                    elif t.get("rounded"):
                        rounded += 1
                    else:
                        shown += 1
    return shown, hidden, rounded


def test_the_example_by_bundesland_publishes_most_cells_rounded() -> None:
    run = analyze(EXAMPLE, "2024", "--by", "bundesland", "--publish")
    assert run.doc is not None, run.output
    shown, hidden, rounded = _counts(run.doc)
    assert rounded + shown > 4 * hidden  # before: 11 shown, 2,005 hidden
    assert run.doc["suppression"]["rounded"] == K
    assert "kontrollierte Rundung" in run.doc["suppression"]["note"]
    table = next(
        q["crosstab"] for q in run.doc["questions"] if (q.get("crosstab") or {}).get("rounded")
    )
    assert table["rounded"] == K and table.get("test") is None and table.get("p_value") is None
    for row in table["rows"]:
        assert all(c is None or c % K == 0 for c in row["counts"])
    again = analyze(EXAMPLE, "2024", "--by", "bundesland", "--publish")
    assert again.doc == run.doc  # the same data, the same published figures


def test_2023_by_bundesland_is_rounded_with_the_hidden_laender_left_out() -> None:
    """2023 hides HB (2) and HH (3) in the bundesland table: rounded down, both bases read 0
    (0 ... 4 each) and their known sum 5 would leave each only 1 ... 4. Those two columns are
    therefore left out (base and cells hidden) and the other columns rounded."""
    run = analyze(EXAMPLE, "2023", "--by", "bundesland", "--publish")
    assert run.doc is not None, run.output
    _shown, hidden, rounded = _counts(run.doc)
    assert rounded > hidden  # before: 27 shown, 1,269 hidden, 0 rounded
    tables = [
        q["crosstab"] for q in run.doc["questions"] if (q.get("crosstab") or {}).get("rounded")
    ]
    assert tables
    for table in tables:
        left_out = {c["code"] for c in table["columns"] if c.get("base") is None}
        assert {"HB", "HH"} <= left_out
        assert left_out.isdisjoint(table["rounded_columns"])
        for row in table["rows"]:
            for column, count in zip(table["columns"], row["counts"], strict=True):
                if column["code"] in left_out and count is not None:
                    assert count == 0  # only a row every reader knows to be 0
    model = Model()
    add_json(model, run.doc)
    assert not model.audit(K, limit=5)


def test_the_attacker_reads_rounded_cells_as_intervals() -> None:
    run = analyze(EXAMPLE, "2024", "--by", "bundesland", "--publish")
    assert run.doc is not None
    model = Model()
    add_json(model, run.doc)
    judged = [c for c, where in model.protected.items() if where.endswith("(gerundet)")]
    assert judged  # rounded cells are judged, not taken as exact counts
    assert not any(c in model.published for c in judged)


def test_the_internal_breakdown_is_not_rounded() -> None:
    run = analyze(EXAMPLE, "2024", "--by", "bundesland")
    assert run.doc is not None
    assert _counts(run.doc)[1:] == (0, 0)
    assert "suppression" not in run.doc or not (run.doc["suppression"] or {}).get("rounded")


def test_the_report_table_names_the_rounding() -> None:
    from umfrage.analysis.results import CrossColumn, CrossRow, CrossTab, QuestionResult

    table = CrossTab(
        by="bundesland",
        columns=(
            CrossColumn("BE", "Berlin", 5, True),
            CrossColumn("BW", "Baden-Württemberg", 12, False),
        ),
        rows=(CrossRow("ja", "Ja", (5, 10), (1.0, 10 / 12)),),
        rounded=K,
        rounded_columns=("BE",),
    )
    q = QuestionResult(
        id="q",
        type="single",
        text="Frage",
        base=17,
        asked=17,
        not_asked=0,
        no_answer=0,
        small_base=False,
        crosstab=table,
    )
    (found,) = crosstab_tables(q, "Bundesland")
    assert "Werte auf Vielfache von 5 gerundet" in found.title
    assert found.header[1] == "Berlin (Basis ca. 5*)"
    assert found.header[2] == "Baden-Württemberg (Basis 12)"
    assert "kontrollierte Rundung" in found.note
