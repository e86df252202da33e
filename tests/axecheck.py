"""axe-core in a Playwright page: the one rule set every browser test applies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA plus best practice; experimental rules with these tags are included.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page: Any) -> list[str]:
    """Each violation as "rule: help → elements"; the script is evaluated, so no CSP stops it."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => v.id + ": " + v.help + " → "
                + v.nodes.map(n => n.target.join(" ")).join(", "));
        }""",
        AXE_TAGS,
    )
    return list(found)
