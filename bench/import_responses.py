"""Benchmark: planning and storing a large LimeSurvey response export (SQLite by default).

    .venv/bin/python bench/import_responses.py [ROWS]

Generates ROWS synthetic rows (seeded) for the LimeSurvey fixture questionnaire, then times
reading + checking (the dry-run plan), storing in one transaction, and the re-import check that
finds every row already present. Results go to docs/performance.md by hand.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("UMFRAGE_DATA_DIR", folder)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umfrage.settings")
        from umfrage.cli import ensure_database

        ensure_database()
        from umfrage.importers import plan_responses, plan_structure
        from umfrage.importers.database import apply_plan, plan_changes
        from umfrage.importers.mapping import Mapping

        lss = ROOT / "tests" / "importers" / "fixtures" / "ls6_all_types.lss"
        conversion = plan_structure(lss, survey="bench", wave="2019")
        apply_plan(conversion.plan)
        rng = random.Random(2024)
        header = (
            "id,submitdate,Bundesland,Gruendung,Koordination,Partner[SQ001],Partner[SQ002],"
            "Bewertung[SQ001],Bewertung[SQ002],Anzahl,Kommentar\n"
        )
        lines = []
        for i in range(rows):
            coordination = rng.choice(["A1", "A2"])
            rating = rng.choice(["A1", "A2", "A3"]) if coordination == "A1" else ""
            lines.append(
                f"{i},2019-05-13 10:{i % 60:02d}:00,{rng.choice(['BW', 'BY', 'BE'])},"
                f"{rng.randint(1990, 2019)},{coordination},Y,{rng.choice(['Y', ''])},{rating},,"
                f"{rng.randint(0, 40)},Antwort {i}"
            )
        export = Path(folder) / "results.csv"
        export.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")

        start = time.perf_counter()
        plan = plan_responses(
            export,
            conversion.questionnaire,
            mapping=Mapping(),
            organisations=set(),
            survey="bench",
            wave="2019",
        )
        planned = time.perf_counter()
        apply_plan(plan)
        stored = time.perf_counter()
        again = plan_changes(plan)
        checked = time.perf_counter()
        assert again.unchanged == rows
        print(f"rows: {rows}")
        print(f"read and check (dry-run plan): {planned - start:.2f} s")
        print(f"store in one transaction:      {stored - planned:.2f} s")
        print(f"re-import check (all present): {checked - stored:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
