"""Longer texts of a questionnaire file (intro, privacy notice, a section's intro) as HTML.

A questionnaire file wraps its texts wherever the author's editor did (``intro: |`` keeps every
line break); shown line for line, a phone breaks the sentences in odd places ("aufgestellt ist
und / welche Themen"). So the text flows, and only what docs/questionnaire-format.md documents
structures it (a small subset of Markdown):

- a blank line separates paragraphs; a single line break inside a paragraph is a space;
- lines that start with ``- `` or ``* `` make a bulleted list (a line that does not start so
  continues the item above).

Everything else is text: it is escaped, no HTML and no other Markdown passes through.
Plain Python, no Django: the respondent pages (``collect.jinja``, filter ``prose``) and the
admin preview (``umfrage.templatefilters``, filter ``prose``) mark the result safe.
"""

from __future__ import annotations

import re
from html import escape

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ITEM = re.compile(r"^\s*[-*]\s+")


def _flow(lines: list[str]) -> str:
    """Lines of one paragraph or item as one escaped line of text."""
    return escape(" ".join(line.strip() for line in lines if line.strip()), quote=True)


def _block(block: str) -> str:
    lines = block.split("\n")
    if not _ITEM.match(lines[0]):
        return f"<p>{_flow(lines)}</p>"
    items: list[list[str]] = []
    for line in lines:
        if _ITEM.match(line):
            items.append([_ITEM.sub("", line, count=1)])
        else:
            items[-1].append(line)
    return "<ul>" + "".join(f"<li>{_flow(item)}</li>" for item in items) + "</ul>"


def blocks(text: str) -> list[str]:
    """The text's paragraphs and lists, each as its lines (blank-line separated, trimmed)."""
    normalised = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return [b.strip("\n") for b in _BLANK_LINE.split(normalised) if b.strip()]


def prose_html(text: str) -> str:
    """The text as paragraphs (``<p>``) and bulleted lists (``<ul>``), everything escaped."""
    parts = []
    for block in blocks(text):
        # A list may follow a paragraph line without a blank line between them.
        lines = block.split("\n")
        start = next((i for i, line in enumerate(lines) if _ITEM.match(line)), None)
        if start:
            parts.append(_block("\n".join(lines[:start])))
            parts.append(_block("\n".join(lines[start:])))
        else:
            parts.append(_block(block))
    return "\n".join(parts)  # every text part was escaped in _flow


def plain(text: str) -> str:
    """The text as one line per paragraph (for the sentence checks of the welcome page)."""
    return " ".join(" ".join(line.strip() for line in b.split("\n")) for b in blocks(text))
