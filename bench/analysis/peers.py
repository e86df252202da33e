"""Umfrage's analysis side by side with its peers (issue 23): the same files, interleaved runs.

    .venv/bin/python bench/analysis/peers.py --sizes 100000 --repeat 3

A copy of examples/buendnisumfrage gets two synthetic waves (2023 and 2024 questionnaires,
seeded, anonymous: no register) of each size. Every contender runs in a fresh child process
(its peak resident memory is its own, imports included), in rounds: each round runs every
contender once, in the same order, so a change in the machine's load hits all of them alike;
the median of the rounds is printed with the load average before and after. CPU time (user +
system of the child and its threads) is printed beside the wall time: on a machine shared with
other work it is the steadier figure (a process waiting for a core shows in wall time only).

- ``umfrage cold``: ``umfrage analyze FOLDER --wave 2024 --compare 2023 --format json`` with the
  frame cache off (``UMFRAGE_FRAME_CACHE=0``): read, validate, analyse, render.
- ``umfrage cached``: the same command with the frame cache filled (one unmeasured run first).
- ``pandas + scipy``: an analyst's script: ``pandas.read_csv`` (pyarrow engine), counts of every
  coded column in both waves, a chi-square test of each single-choice question 2024 vs. 2023.
- ``polars + scipy``: the same with polars (only if polars is installed: the ``peers`` extra).
- ``duckdb count``: DuckDB counting every option of every coded column (no statistics; only if
  duckdb is installed).
- ``pyarrow read``: pyarrow's CSV reader alone on both files (the floor of any reader).
- ``umfrage cold, baseline``: with ``--baseline SRC``, the cold run of another checkout's
  ``src`` folder (e.g. ``main``'s, via ``PYTHONPATH``) in the same rounds, for a before/after.

``--folder`` reuses a folder made before (``make_folder``; generating a million responses per
wave takes minutes). Every ``umfrage`` run's JSON must be byte-identical to the first one's.

The peers compute less than ``umfrage analyze`` (no conditions, no validation, no weighting of
bases, no JSON contract); they are the time an analyst would accept for the counts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import _peak_mb

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "buendnisumfrage"
UMFRAGE = str(Path(sys.executable).with_name("umfrage"))


def make_folder(rows: int, target: Path, seed: int) -> Path:
    """The example survey with two synthetic waves of ``rows`` anonymous responses each."""
    from umfrage.analysis.synthetic import generate_cells, write_cells
    from umfrage.surveyfolder.survey import read_survey_folder

    folder = target / "buendnisumfrage"
    shutil.copytree(EXAMPLE, folder)
    (folder / "organisations.csv").unlink()
    survey = read_survey_folder(folder, with_responses=False)
    rng = np.random.default_rng(seed)
    for wave in ("2023", "2024"):
        questionnaire = survey.questionnaire(wave)
        cells = generate_cells(questionnaire, rows, rng)
        write_cells(folder / "waves" / wave / "responses.csv", questionnaire, cells)
    return folder


def _coded(folder: Path) -> dict[str, dict[str, list[str]]]:
    """Per wave: the coded columns (single, matrix, multi, ranking), and the single questions."""
    from umfrage.surveyfolder.survey import read_survey_folder

    survey = read_survey_folder(folder, with_responses=False)
    found: dict[str, dict[str, list[str]]] = {}
    for wave in ("2023", "2024"):
        coded, single = [], []
        for q in survey.questionnaire(wave).questions():
            if q.type_name in ("text", "number"):
                continue
            coded.extend(c for c in q.columns() if not c.endswith(".other"))
            if q.type_name == "single":
                single.append(q.id)
        found[wave] = {"coded": coded, "single": single}
    return found


def _chi2(scipy_stats: Any, a: dict[str, int], b: dict[str, int]) -> float:
    keys = sorted((set(a) | set(b)) - {""})
    table = np.array([[a.get(k, 0) for k in keys], [b.get(k, 0) for k in keys]])
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] < 2:
        return float("nan")
    return float(scipy_stats.chi2_contingency(table)[1])


def child(kind: str, folder: Path) -> dict[str, Any]:
    paths = {w: folder / "waves" / w / "responses.csv" for w in ("2023", "2024")}
    start = time.perf_counter()
    result: dict[str, Any] = {}
    if kind == "pyarrow":
        from pyarrow import csv as pacsv

        result["rows"] = sum(pacsv.read_csv(p).num_rows for p in paths.values())
    elif kind == "pandas":
        import pandas as pd
        from scipy import stats

        columns = _coded(folder)
        counts = {}
        for wave, path in paths.items():
            frame = pd.read_csv(path, engine="pyarrow", dtype=str, keep_default_na=False)
            counts[wave] = {
                c: frame[c].value_counts().to_dict() for c in columns[wave]["coded"] if c in frame
            }
        both = set(columns["2023"]["single"]) & set(columns["2024"]["single"])
        result["p"] = {q: _chi2(stats, counts["2024"][q], counts["2023"][q]) for q in sorted(both)}
    elif kind == "polars":
        import polars as pl
        from scipy import stats

        columns = _coded(folder)
        counts = {}
        for wave, path in paths.items():
            frame = pl.read_csv(path, infer_schema=False)
            counts[wave] = {
                c: dict(frame[c].fill_null("").value_counts().iter_rows())
                for c in columns[wave]["coded"]
                if c in frame.columns
            }
        both = set(columns["2023"]["single"]) & set(columns["2024"]["single"])
        result["p"] = {q: _chi2(stats, counts["2024"][q], counts["2023"][q]) for q in sorted(both)}
    elif kind == "duckdb":
        import duckdb

        columns = _coded(folder)
        total = 0
        connection = duckdb.connect()
        for wave, path in paths.items():
            # Read once into DuckDB's own columnar table, then count every coded column there.
            connection.execute(
                f"CREATE TABLE w{wave} AS SELECT * FROM read_csv('{path}', all_varchar=true)"
            )
            for c in columns[wave]["coded"]:
                query = f'SELECT "{c}", count(*) FROM w{wave} GROUP BY 1'
                total += sum(n for _, n in connection.execute(query).fetchall())
        result["cells"] = total
    else:
        raise SystemExit(f"unknown contender {kind}")
    result["seconds"] = time.perf_counter() - start
    result["peak_mb"] = _peak_mb()
    return result


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measured_run(command: list[str], env: dict[str, str]) -> tuple[dict[str, Any], bytes]:
    """``command`` in a child process: wall and CPU seconds (user + system of the child and its
    threads), its peak resident memory (``/usr/bin/time``), and what it printed."""
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command], capture_output=True, env=env, check=False
    )
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(done.stderr.decode(errors="replace")[-2000:])
    peak_kb = int(done.stderr.decode().strip().splitlines()[-1])
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_kb / 1024}, done.stdout


def run_umfrage(folder: Path, cache: Path | None, source: Path | None = None) -> dict[str, Any]:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    if cache is None:
        env["UMFRAGE_FRAME_CACHE"] = "0"
    else:
        env["UMFRAGE_FRAME_CACHE_DIR"] = str(cache)
    command = [UMFRAGE, "analyze", str(folder), "--wave", "2024", "--compare", "2023"]
    command += ["--format", "json"]
    result, printed = measured_run(command, env)
    result["bytes"] = len(printed)
    result["sha256"] = hashlib.sha256(printed).hexdigest()
    return result


def run_child(kind: str, folder: Path) -> dict[str, Any]:
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    found["seconds"] = time.perf_counter() - start  # the whole process, imports included
    found["cpu"] = _children_cpu() - cpu
    return found


def available(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--child", nargs=2, default=None)
    parser.add_argument("--folder", type=Path, default=None, help="a folder of make_folder")
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout's src")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return
    contenders = ["umfrage cold", "umfrage cached"]
    contenders += ["umfrage cold, baseline"] if args.baseline else []
    contenders += ["pandas + scipy"]
    contenders += [name for name, module in (("polars + scipy", "polars"),) if available(module)]
    contenders += ["duckdb count"] if available("duckdb") else []
    contenders += ["pyarrow read"]
    kinds = {
        "pandas + scipy": "pandas",
        "polars + scipy": "polars",
        "duckdb count": "duckdb",
        "pyarrow read": "pyarrow",
    }
    print(
        "| responses per wave | contender | wall (median, s) | CPU user+sys (median, s) "
        "| peak RSS (MB) | load before → after |"
    )
    print("|---:|---|---:|---:|---:|---|")
    for rows in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="umfrage-peers-") as tmp:
            folder = args.folder or make_folder(rows, Path(tmp), args.seed)
            cache = Path(tmp) / "frames"
            output = run_umfrage(folder, cache)["sha256"]  # fills the frame cache
            times: dict[str, list[float]] = {c: [] for c in contenders}
            cpus: dict[str, list[float]] = {c: [] for c in contenders}
            peaks: dict[str, float] = dict.fromkeys(contenders, 0.0)
            load_before = os.getloadavg()[0]
            for _ in range(args.repeat):
                for name in contenders:
                    if name == "umfrage cold":
                        found = run_umfrage(folder, None)
                    elif name == "umfrage cached":
                        found = run_umfrage(folder, cache)
                    elif name == "umfrage cold, baseline":
                        found = run_umfrage(folder, None, args.baseline)
                    else:
                        found = run_child(kinds[name], folder)
                    if name.startswith("umfrage") and found["sha256"] != output:
                        raise SystemExit(f"{name}: the JSON differs from the first run's")
                    times[name].append(found["seconds"])
                    cpus[name].append(found["cpu"])
                    peaks[name] = max(peaks[name], found["peak_mb"])
            load_after = os.getloadavg()[0]
            for name in contenders:
                print(
                    f"| {rows:,} | {name} | {statistics.median(times[name]):.2f} | "
                    f"{statistics.median(cpus[name]):.2f} | "
                    f"{peaks[name]:.0f} | {load_before:.1f} → {load_after:.1f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
