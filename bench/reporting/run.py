"""Benchmark of the reports (issue 4): the example, and a wave of many synthetic responses.

    .venv/bin/python bench/reporting/run.py --rows 1000000

1. The example (examples/buendnisumfrage, 2024 with 80 responses against 2023): the analysis
   (read and validate both waves, analyse every question), then building the report (charts,
   tables, findings), the HTML and the PDF, each timed on its own (best of ``--repeat``).
   Building is timed twice: cold (an empty chart cache, every chart drawn by vl-convert) and
   with the charts cached (``UMFRAGE_CHART_CACHE_DIR``, reporting/charts/cache.py).
2. The same survey with a 2024 wave of ``--rows`` synthetic responses (seeded, anonymous) against
   the example's 2023: the same steps. The claim to check: the report costs at most the
   analysis plus what it costs at 80 responses, because rendering reads only the results (and
   at most ``FREE_TEXT_LIMIT`` free texts per question).

Results are printed as a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "buendnisumfrage"


def best(step: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = step()
        times.append(time.perf_counter() - start)
    return min(times), value


def measure(folder: Path, repeat: int) -> dict[str, float]:
    from umfrage.cli.report import report_input
    from umfrage.reporting.html import render_html
    from umfrage.reporting.pdf import render_pdf
    from umfrage.reporting.report import build_report

    analysis, data = best(lambda: report_input(str(folder), "2024", "2023", public=False), repeat)

    def cold_build() -> Any:
        # An empty chart cache each time: every chart is drawn by vl-convert.
        os.environ["UMFRAGE_CHART_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-charts-")
        return build_report(data)

    cold, _ = best(cold_build, repeat)
    build, report = best(lambda: build_report(data), repeat)  # charts from the cache
    html, _ = best(lambda: render_html(report), repeat)
    pdf, _ = best(lambda: render_pdf(report), repeat)
    # The public report prints no free texts; its figures would be suppressed where small,
    # which changes values but not the work of rendering them.
    public = replace(data, public=True, free_texts={}, free_text_totals={})
    public_build, public_report = best(lambda: build_report(public), repeat)
    public_pdf, _ = best(lambda: render_pdf(public_report), repeat)
    return {
        "analysis": analysis,
        "cold": cold,
        "build": build,
        "html": html,
        "pdf": pdf,
        "public": public_build + public_pdf,
    }


def large_copy(rows: int, target: Path, seed: int) -> Path:
    from umfrage.analysis.synthetic import generate_cells, write_cells
    from umfrage.surveyfolder.survey import read_survey_folder

    folder = target / "buendnisumfrage"
    shutil.copytree(EXAMPLE, folder)
    # A million anonymous responses cannot come from a register of 600 alliances; without the
    # register the reader has no organisation ids to check (and the report no invited count).
    (folder / "organisations.csv").unlink()
    questionnaire = read_survey_folder(folder, with_responses=False).questionnaire("2024")
    cells = generate_cells(questionnaire, rows, np.random.default_rng(seed))
    write_cells(folder / "waves" / "2024" / "responses.csv", questionnaire, cells)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    results = {"Beispiel (80 Antworten)": measure(EXAMPLE, args.repeat)}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        folder = large_copy(args.rows, Path(tmp), args.seed)
        print(
            f"generated {args.rows:,} responses in {time.perf_counter() - start:.1f} s",
            file=sys.stderr,
        )
        results[f"{args.rows:,} Antworten".replace(",", ".")] = measure(folder, 1)

    print(
        "| Daten | Analyse | aufbauen kalt | aufbauen (Diagramme im Cache) | HTML | PDF | "
        "HTML-Bericht (aufbauen + HTML) | PDF-Bericht (aufbauen + PDF) | PDF-Bericht kalt | "
        "öffentlich (aufbauen + PDF) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print(
            f"| {name} | {r['analysis']:.2f} s | {r['cold']:.2f} s | {r['build']:.2f} s | "
            f"{r['html']:.2f} s | {r['pdf']:.2f} s | {r['build'] + r['html']:.2f} s | "
            f"{r['build'] + r['pdf']:.2f} s | {r['cold'] + r['pdf']:.2f} s | "
            f"{r['public']:.2f} s |"
        )


if __name__ == "__main__":
    main()
