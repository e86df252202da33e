"""The reporting docs cannot go stale: every export format and chart module is documented."""

from __future__ import annotations

import re
from pathlib import Path

from umfrage.reporting.charts import MODULES
from umfrage.reporting.exports import FORMATS

DOC = Path(__file__).resolve().parents[2] / "docs" / "reporting.md"


def _documented() -> set[str]:
    return set(re.findall(r"^\| `([\w-]+)` \|", DOC.read_text(encoding="utf-8"), re.M))


def test_every_export_format_is_documented() -> None:
    assert set(FORMATS) <= _documented()


def test_every_chart_module_is_documented() -> None:
    assert set(MODULES) <= _documented()


def test_the_export_command_offers_every_format() -> None:
    from umfrage.cli.export import export

    choice = next(p for p in export.params if p.name == "format_name")
    assert list(choice.type.choices) == list(FORMATS)  # type: ignore[attr-defined]


SNAPSHOT = re.compile(
    r"<!-- kurzfassung-snapshot:start -->\n```text\n(.*?)```\n<!-- kurzfassung-snapshot:end -->",
    re.S,
)


def test_the_kurzfassung_snapshot_in_the_docs_is_current() -> None:
    """docs/reporting.md shows the example's Kurzfassung as --kurzfassung writes it; refresh
    it with ``python tests/reporting/test_docs.py``."""
    found = SNAPSHOT.search(DOC.read_text(encoding="utf-8"))
    assert found is not None
    assert found.group(1) == kurzfassung_text()


def kurzfassung_text() -> str:
    from umfrage.cli.report import report_input
    from umfrage.reporting.kurzfassung import kurzfassung_for

    example = DOC.parents[1] / "examples" / "buendnisumfrage"
    data = report_input(str(example), "2024", "2023", public=True, quiet=True)
    return kurzfassung_for(data).text().replace("\u00a0", " ")


if __name__ == "__main__":
    text = DOC.read_text(encoding="utf-8")
    block = (
        "<!-- kurzfassung-snapshot:start -->\n```text\n"
        + kurzfassung_text()
        + "```\n<!-- kurzfassung-snapshot:end -->"
    )
    start = text.index("<!-- kurzfassung-snapshot:start -->")
    end = text.index("<!-- kurzfassung-snapshot:end -->") + len("<!-- kurzfassung-snapshot:end -->")
    DOC.write_text(text[:start] + block + text[end:], encoding="utf-8")
