"""Every question type has its module in the analysis and reporting layers, and no code outside
those per-type folders switches on the question type (issue 17 §1)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from umfrage.analysis import types as analysis_types
from umfrage.analysis.types.base import AnalysisType
from umfrage.questionnaire.types import QUESTION_TYPES
from umfrage.reporting import charts
from umfrage.reporting import types as report_types
from umfrage.reporting.charts import ChartType
from umfrage.reporting.types.base import ReportType

SRC = Path(__file__).resolve().parents[2] / "src" / "umfrage"
TYPE_NAMES = set(QUESTION_TYPES)
CLASS_NAMES = {cls.__name__ for cls in QUESTION_TYPES.values()}


def members(protocol: type) -> set[str]:
    """A Protocol's members: annotated attributes and methods (not dunders)."""
    found = set(getattr(protocol, "__annotations__", {}))
    found |= {n for n, v in vars(protocol).items() if inspect.isfunction(v) and n[0] != "_"}
    return found


def missing(module: Any, protocol: type) -> set[str]:
    return {name for name in members(protocol) if not hasattr(module, name)}


LAYERS: list[tuple[str, dict[str, Any], type]] = [
    ("analysis", dict(analysis_types.MODULES), AnalysisType),
    ("reporting", report_types.modules(), ReportType),
    ("charts", dict(charts.MODULES), ChartType),
]


@pytest.mark.parametrize(("layer", "modules", "protocol"), LAYERS, ids=[x[0] for x in LAYERS])
def test_every_question_type_has_a_module_with_every_member(
    layer: str, modules: dict[str, Any], protocol: type
) -> None:
    assert set(modules) == TYPE_NAMES, f"{layer}: types without a module"
    for name, module in modules.items():
        assert isinstance(module, ModuleType)
        assert missing(module, protocol) == set(), f"{layer}/{name}"


def test_the_member_check_notices_a_module_that_lacks_a_member() -> None:
    incomplete = SimpleNamespace(**{n: None for n in members(ReportType) if n != "findings"})
    assert missing(incomplete, ReportType) == {"findings"}
    assert {"summarise", "present", "store_cells", "synthesise"} <= members(AnalysisType)


def test_an_unknown_type_is_a_clear_error() -> None:
    with pytest.raises(LookupError, match="known: single"):
        analysis_types.named("slider")
    with pytest.raises(LookupError, match="known: single"):
        report_types.named("slider")


def switches(path: Path) -> list[int]:
    """Lines that test a question type: a comparison with a type's name on something called
    type/kind, an isinstance on a question class, or a dict keyed by three or more types."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
            names = [
                e
                for p in parts
                for e in (p.elts if isinstance(p, ast.Tuple | ast.List | ast.Set) else [p])
                if isinstance(e, ast.Constant) and e.value in TYPE_NAMES
            ]
            text = ast.unparse(node)
            if names and ("type" in text or "kind" in text):
                found.append(node.lineno)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "isinstance":
            if any(c in ast.unparse(node) for c in CLASS_NAMES):
                found.append(node.lineno)
        elif isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            if len([k for k in keys if k in TYPE_NAMES]) >= 3:
                found.append(node.lineno)
    return found


def test_no_type_switch_outside_the_type_modules() -> None:
    files = [
        *(SRC / "analysis").rglob("*.py"),
        *(SRC / "reporting").rglob("*.py"),
        *(SRC / "importers").rglob("*.py"),
        SRC / "cli" / "report.py",
    ]
    outside = [
        f"{path.relative_to(SRC)}:{line}"
        for path in files
        if not any(
            part.endswith("types") or part == "charts" for part in path.relative_to(SRC).parts[:-1]
        )
        for line in switches(path)
    ]
    assert outside == []


def test_the_switch_finder_finds_a_switch(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'if q.type_name == "single":\n    pass\nif isinstance(q, NumberQuestion):\n    pass\n'
        'NAMES = {"single": 1, "multi": 2, "text": 3}\n',
        encoding="utf-8",
    )
    assert switches(sample) == [1, 3, 5]
