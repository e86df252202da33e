"""The Content-Security-Policy of a report document (pure: it reads only the HTML).

The web's downloads and the public results pages serve report documents with it.
"""

from __future__ import annotations

import base64
import hashlib


def style_hashes(html: str) -> list[str]:
    """CSP hashes of the ``<style>`` elements of a report document (its only styles)."""
    hashes = []
    start = 0
    while (opened := html.find("<style>", start)) != -1:
        closed = html.index("</style>", opened)
        body = html[opened + len("<style>") : closed]
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
        start = closed
    return hashes


def report_policy(html: str) -> str:
    """A Content-Security-Policy for a report document: its own embedded styles and nothing
    else (no script at all, images only inline, no requests anywhere)."""
    styles = " ".join(style_hashes(html)) or "'none'"
    return (
        f"default-src 'none'; style-src {styles}; img-src data:; form-action 'none'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )
