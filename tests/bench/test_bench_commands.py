"""Every command under bench/ runs, on tiny sizes (no timing is asserted: figures belong in
docs/performance.md, measured by hand on a quiet machine).

A benchmark that no test runs breaks unnoticed (``bench/analysis/run.py --postgres`` failed on
a model field added after it was written). Each command here is the one its docstring documents,
with sizes small enough for seconds; they need the ``bench`` extra (``make install`` brings it).
With ``DATABASE_URL`` on PostgreSQL the database benchmarks also run against a scratch database
of their own, created and dropped here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"

pytest.importorskip("aiohttp", reason="the bench extra is not installed")

COMMANDS = {
    "analysis": ["analysis/run.py", "--sizes", "300"],
    "analysis-peers": ["analysis/peers.py", "--sizes", "300", "--repeat", "1"],
    "import-responses": ["import_responses.py", "40"],
    "invitations": ["invitations/bench_send.py", "--sizes", "15"],
    "reporting": ["reporting/run.py", "--rows", "200", "--repeat", "1"],
    "exports": ["reporting/exports.py", "--sizes", "200", "--formats", "csv,sav"],
    "readability": ["reporting/readability.py", "--rows", "200"],
    "coding-suggestions": ["coding/suggestions.py"],
    "middleware-cost": ["collect/middleware_cost.py", "--requests", "10"],
    "profile-pages": ["collect/profile_pages.py", "--respondents", "2", "--top", "3"],
    "costs": ["collect/costs.py", "--floor-requests", "10", "--respondents", "2"],
    "load": [
        "collect/load.py",
        "--respondents",
        "3",
        "--concurrency",
        "2",
        "--floor-seconds",
        "0.3",
        "--time-limit",
        "60",
    ],
    "fault": ["collect/fault.py", "--respondents", "3", "--concurrency", "2", "--kill-after", "20"],
}
"""Each benchmark command and its tiny arguments."""

WRITES_RESULTS = {"load", "fault"}


def _environment(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # the benchmarks choose their own databases
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    env["UMFRAGE_DATA_DIR"] = str(data)
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, str(BENCH / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def test_every_bench_command_is_listed() -> None:
    scripts = {
        str(p.relative_to(BENCH))
        for p in BENCH.rglob("*.py")
        if p.name != "common.py" and "__pycache__" not in p.parts
    }
    assert scripts == {args[0] for args in COMMANDS.values()}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_bench_command_runs(name: str, tmp_path: Path) -> None:
    args = list(COMMANDS[name])
    if name in WRITES_RESULTS:
        args += ["--out", str(tmp_path / "results")]
    done = _run(args, _environment(tmp_path), tmp_path)
    assert done.stdout.strip() or done.stderr.strip()


@pytest.fixture
def scratch_postgres() -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL is not a PostgreSQL database")
    import psycopg

    base, _, name = url.rpartition("/")
    scratch = f"{name.split('?')[0]}_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        yield f"{base}/{scratch}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def test_analysis_bench_on_postgres(scratch_postgres: str, tmp_path: Path) -> None:
    done = _run(
        ["analysis/run.py", "--sizes", "200", "--postgres", scratch_postgres],
        _environment(tmp_path),
        tmp_path,
    )
    assert "load_wave into frame" in done.stdout


def test_invitations_bench_on_postgres(scratch_postgres: str, tmp_path: Path) -> None:
    env = _environment(tmp_path)
    env["DATABASE_URL"] = scratch_postgres
    done = _run(["invitations/bench_send.py", "--sizes", "10"], env, tmp_path)
    assert "10" in done.stdout


def test_peers_reuse_a_folder_and_run_a_baseline(tmp_path: Path) -> None:
    """``--folder`` (a folder of ``make_folder``) and ``--baseline`` (another checkout's src; here
    this one's, so its JSON must equal the cold run's or the script stops)."""
    env = _environment(tmp_path)
    made = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
            "from peers import make_folder; print(make_folder(200, Path(sys.argv[2]), 5))",
            str(BENCH / "analysis"),
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    folder = made.stdout.strip().splitlines()[-1]
    args = ["analysis/peers.py", "--sizes", "200", "--repeat", "1", "--folder", folder]
    done = _run([*args, "--baseline", str(ROOT / "src")], env, tmp_path)
    assert "| umfrage cold, baseline |" in done.stdout
    assert "| umfrage cached |" in done.stdout
