"""``umfrage export`` of a large wave (issue 23): cold, from the frame cache, and a baseline.

    .venv/bin/python bench/reporting/exports.py --sizes 100000 --formats csv,sav --repeat 1
    .venv/bin/python bench/reporting/exports.py --folder COPY --baseline ../main/src

A copy of examples/buendnisumfrage gets two synthetic waves (bench/analysis/peers.py
``make_folder``, seeded, anonymous) of each size, or ``--folder`` names such a folder made before
(a million responses per wave take minutes to generate). Each run is a fresh
``umfrage export FOLDER --wave 2024 --format F --out FILE`` process, measured with wall time, CPU
time (user + system) and peak resident memory (``/usr/bin/time``):

- ``cold``: the frame cache off (``UMFRAGE_FRAME_CACHE=0``): read and validate the file;
- ``cached``: the frame cache filled by one unmeasured run before;
- ``baseline``: with ``--baseline SRC``, another checkout's ``src`` (e.g. ``main``'s) via
  ``PYTHONPATH``, which exported from the row reader's records (its import limits
  ``UMFRAGE_XLSX_MAX_*`` lifted: it refuses a file of more than 30 MB or 50,000 rows otherwise).

Every run's output must equal the first one's (CSV: the same bytes; SPSS: the same content read
back), or the script stops. The load average before and after is printed with each row.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
from peers import make_folder, measured_run

UMFRAGE = str(Path(sys.executable).with_name("umfrage"))


BASELINE_LIMITS = {
    "UMFRAGE_XLSX_MAX_MB": "100000",
    "UMFRAGE_XLSX_MAX_ROWS": str(10**9),
    "UMFRAGE_XLSX_MAX_CELLS": str(10**12),
    "UMFRAGE_XLSX_MAX_SECONDS": str(10**6),
}


def content(path: Path, format_name: str) -> str:
    """What must not change between runs: the bytes, or for SPSS the data and labels read back."""
    if format_name != "sav":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    import pandas as pd
    import pyreadstat

    data, meta = pyreadstat.read_sav(str(path))
    digest = hashlib.sha256(pd.util.hash_pandas_object(data, index=False).to_numpy().tobytes())
    digest.update(repr((meta.column_labels, meta.variable_value_labels)).encode())
    return digest.hexdigest()


def run_export(
    folder: Path, format_name: str, out: Path, cache: Path | None, source: Path | None
) -> dict[str, Any]:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
        # The row reader refuses files past the import limits (30 MB, 50,000 rows, 2 million
        # cells, 60 s): lifted for the baseline, or it would not export a large wave at all.
        env.update(BASELINE_LIMITS)
    if cache is None:
        env["UMFRAGE_FRAME_CACHE"] = "0"
    else:
        env["UMFRAGE_FRAME_CACHE_DIR"] = str(cache)
    command = [UMFRAGE, "export", str(folder), "--wave", "2024", "--format", format_name]
    command += ["--out", str(out)]
    result, _ = measured_run(command, env)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--formats", default="csv,sav")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--folder", type=Path, default=None, help="a folder of make_folder")
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout's src")
    args = parser.parse_args()
    print("| responses | format | run | wall (s) | CPU user+sys (s) | peak RSS (MB) | load |")
    print("|---:|---|---|---:|---:|---:|---|")
    sizes = [0] if args.folder else [int(s) for s in args.sizes.split(",")]
    for rows in sizes:
        with tempfile.TemporaryDirectory(prefix="umfrage-exports-") as name:
            tmp = Path(name)
            folder = args.folder or make_folder(rows, tmp, args.seed)
            shown = f"{rows:,}" if rows else str(folder)
            cache = tmp / "frames"
            for format_name in args.formats.split(","):
                out = tmp / f"antworten.{format_name}"
                run_export(folder, format_name, out, cache, None)  # fills the frame cache
                expected = content(out, format_name)
                runs: list[tuple[str, Path | None, Path | None]] = [
                    ("cold", None, None),
                    ("cached", cache, None),
                ]
                if args.baseline is not None:
                    runs.append(("baseline", None, args.baseline))
                for _ in range(args.repeat):
                    for label, cached, source in runs:
                        before = os.getloadavg()[0]
                        found = run_export(folder, format_name, out, cached, source)
                        if content(out, format_name) != expected:
                            raise SystemExit(f"{format_name}, {label}: the output differs")
                        print(
                            f"| {shown} | {format_name} | {label} | {found['seconds']:.2f} | "
                            f"{found['cpu']:.2f} | {found['peak_mb']:.0f} | "
                            f"{before:.1f} → {os.getloadavg()[0]:.1f} |",
                            flush=True,
                        )
                out.unlink(missing_ok=True)
            if args.folder is None:
                shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
