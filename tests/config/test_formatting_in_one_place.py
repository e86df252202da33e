"""German numbers, percentages and dates are written by ``umfrage.formatting`` only (issue 17 §3,
docs/reporting.md "Numbers and dates").

Eleven places used to format them by hand, with different rules (a plain or a no-break space
before %, a hyphen or a minus, "0.5" in a German sentence). This scan of ``src/umfrage`` – the
Python code by its syntax tree, the templates by their text – fails when such formatting appears
outside the module again, naming file, line and what to use instead. What it looks for:

- ``.replace(".", ",")``, and ``.replace(",", ".")`` on a just formatted number (the thousands
  dot by hand);
- a format spec with ``,`` or ``n`` (English grouping, the C locale);
- ``%`` or a unit of percentage points right after a formatted value, and a string that is only
  a space and ``%`` (``… + "\\u00a0%"``);
- ``%d.%m`` in a format spec or ``strftime`` (dates in figures by hand), German month names;
- Django's locale formatting from Python (``date_format``, ``number_format``, ``floatformat``,
  ``localize``, ``defaultfilters.date``);
- in templates, Django's ``|date:``, ``|time:``, ``|floatformat`` and ``|intcomma``, and Jinja2's
  ``|date(``.

Machine formats stay allowed: ISO dates (``%Y-%m-%d``), decimals with a point for CSV files
(``f"{rate:.4f}"``), parsing typed input (``text.replace(",", ".")`` on what was typed).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import umfrage

ROOT = Path(umfrage.__file__).parent

# The module itself, and the two places that may call Django's date formatting, both for a
# language other than German only: the respondent pages' ``date`` filter, and the deadline in a
# letter written in the organisation's language (invitations/messages.py).
ALLOWED = {
    "formatting.py": {"all"},
    "collect/jinja.py": {"django-locale"},
    "invitations/messages.py": {"django-locale"},
}

MONTHS = {
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
}
PERCENT_AFTER_VALUE = re.compile(r"^[ \u00a0\u202f]?%")
SPACE_PERCENT = re.compile(r"^[ \u00a0\u202f]%(?![(a-z])")
POINTS_AFTER_VALUE = re.compile(r"^[ \u00a0\u202f](Prozentpunkt|Pp\.)")
DJANGO_LOCALE = {"date_format", "number_format", "floatformat", "localize", "time_format"}
TEMPLATE_PATTERNS = (
    (re.compile(r"\|\s*(date|time)\s*:"), "Django's |date:/|time: filter"),
    (re.compile(r"\|\s*(floatformat|intcomma)\b"), "Django's |floatformat/|intcomma filter"),
    (re.compile(r"\|\s*date\s*\("), "Jinja2's |date(…) filter"),
)
USE = {
    "decimal-comma": "fmt.number / fmt.percent",
    "thousands-dot": "fmt.number",
    "grouping-spec": "fmt.number",
    "percent": "fmt.percent",
    "points": "fmt.points",
    "numeric-date": "fmt.numeric_date / fmt.numeric_date_time",
    "month-name": "fmt.german_date / fmt.MONTHS",
    "django-locale": "umfrage.formatting (fmt.*) or the template filters of umfrage.templatefilters",
    "template": "the filters of umfrage.templatefilters (admin pages) or long_date/"
    "long_date_time (respondent pages)",
}


def _constant(node: ast.AST, *values: str) -> bool:
    return isinstance(node, ast.Constant) and node.value in values


def _is_formatted(node: ast.AST) -> bool:
    """An f-string, ``format(…)`` or ``"…".format(…)``, under any number of ``.replace``."""
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "replace"
    ):
        node = node.func.value
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        return (isinstance(func, ast.Name) and func.id == "format") or (
            isinstance(func, ast.Attribute) and func.attr == "format"
        )
    return False


def _spec_text(spec: ast.AST | None) -> str:
    if not isinstance(spec, ast.JoinedStr):
        return ""
    return "".join(str(v.value) for v in spec.values if isinstance(v, ast.Constant))


def python_findings(source: str) -> Iterator[tuple[int, str]]:
    """(line, rule) for each piece of German formatting written by hand in ``source``."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            args = node.args
            if name == "replace" and len(args) >= 2:
                if _constant(args[0], ".") and _constant(args[1], ","):
                    yield node.lineno, "decimal-comma"
                elif _constant(args[0], ",") and _is_formatted(node.func.value):
                    yield node.lineno, "thousands-dot"
            if name == "strftime" and args and "%d.%m" in str(getattr(args[0], "value", "")):
                yield node.lineno, "numeric-date"
            if name in DJANGO_LOCALE or (
                name == "date"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "defaultfilters"
            ):
                yield node.lineno, "django-locale"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in DJANGO_LOCALE:
                yield node.lineno, "django-locale"
            if node.func.id == "format" and len(node.args) == 2:
                spec = node.args[1]
                if isinstance(spec, ast.Constant) and re.search(r",|n$", str(spec.value)):
                    yield node.lineno, "grouping-spec"
        if isinstance(node, ast.FormattedValue):
            spec = _spec_text(node.format_spec)
            if "," in spec or spec.endswith("n"):
                yield node.lineno, "grouping-spec"
            if "%d.%m" in spec:
                yield node.lineno, "numeric-date"
        if isinstance(node, ast.JoinedStr):
            for before, after in zip(node.values, node.values[1:], strict=False):
                if isinstance(before, ast.FormattedValue) and isinstance(after, ast.Constant):
                    text = str(after.value)
                    if PERCENT_AFTER_VALUE.match(text):
                        yield after.lineno, "percent"
                    if POINTS_AFTER_VALUE.match(text):
                        yield after.lineno, "points"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in MONTHS:
                yield node.lineno, "month-name"
            if SPACE_PERCENT.match(node.value) and len(node.value) <= 3:
                yield node.lineno, "percent"


def template_findings(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), 1):
        for pattern, what in TEMPLATE_PATTERNS:
            if pattern.search(line):
                yield number, f"template: {what}"


def scan(root: Path) -> list[str]:
    found: list[str] = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if "migrations" in path.parts or not path.is_file():
            continue
        allowed = ALLOWED.get(relative, set())
        if "all" in allowed:
            continue
        if path.suffix == ".py":
            hits = python_findings(path.read_text(encoding="utf-8"))
        elif path.suffix in {".html", ".txt", ".xml"} and (
            "templates" in path.parts or "jinja2" in path.parts
        ):
            hits = template_findings(path.read_text(encoding="utf-8"))
        else:
            continue
        for line, rule in hits:
            if rule not in allowed:
                key = "template" if rule.startswith("template") else rule
                finding = f"{relative}:{line}: {rule} – use {USE[key]}"
                if finding not in found:
                    found.append(finding)
    return found


def test_german_numbers_and_dates_are_formatted_only_by_umfrage_formatting() -> None:
    found = scan(ROOT)
    assert not found, "German formatting by hand:\n" + "\n".join(found)


OLD_FORMS = [
    ('f"{share * 100:.1f} %".replace(".", ",")', {"decimal-comma", "percent"}),
    ('f"{value * 100:.1f}".replace(".", ",") + "\\u00a0%"', {"decimal-comma", "percent"}),
    ('f"{n:,}".replace(",", ".")', {"thousands-dot", "grouping-spec"}),
    ('f"{value:n}".replace(",", ".")', {"thousands-dot", "grouping-spec"}),
    ('format(n, ",")', {"grouping-spec"}),
    ('f"{day:%d.%m.%Y}"', {"numeric-date"}),
    ('moment.strftime("%d.%m.%Y %H:%M:%S")', {"numeric-date"}),
    ('formats.date_format(day, "j. F Y")', {"django-locale"}),
    ('defaultfilters.date(day, "j. F Y")', {"django-locale"}),
    ('MONTHS = ("Januar", "Februar")', {"month-name"}),
    ('f"+{diff} Prozentpunkte"', {"points"}),
]


@pytest.mark.parametrize(("source", "rules"), OLD_FORMS)
def test_the_scan_finds_the_old_forms(source: str, rules: set[str]) -> None:
    """The check above cannot pass vacuously: each form the eleven places used is found."""
    assert {rule for _, rule in python_findings(source)} == rules


@pytest.mark.parametrize(
    "source",
    [
        'text.replace(",", ".")',  # parsing what was typed
        'f"{rate:.4f}"',  # a CSV column
        'f"{moment:%Y-%m-%d %H:%M}"',  # ISO
        '_("Bitte geben Sie %(n)s ein.") % {"n": n}',
        '"Differenz (Prozentpunkte)"',  # a column heading, no value
        'f"{fmt.percent(share)} der Bündnisse"',
    ],
)
def test_machine_formats_and_parsing_stay_allowed(source: str) -> None:
    assert list(python_findings(source)) == []


def test_templates_are_scanned_for_djangos_and_jinjas_date_filters() -> None:
    text = (
        '{{ a|date:"d.m.Y" }}\n{{ b|floatformat:1 }}\n{{ c|date("j. F Y") }}\n{{ d|numeric_date }}'
    )
    assert [line for line, _ in template_findings(text)] == [1, 2, 3]
