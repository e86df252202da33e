"""Each command in a fresh process, as people and cron run it: bad input gets a message, no traceback.

The other CLI tests call the commands in the test process, where Django is already set up;
this catches a command that touches the database models before setting Django up.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CASES = [
    (["register", "import", "{tmp}/register.csv", "--survey", "nirgends"], "register.csv:3"),
    (["import", "{tmp}/register.csv"], "register.csv"),
    (["status", "--wave", "2024"], "Problem"),
    (["invite", "--wave", "2024", "--dry-run"], "Problem"),
    (["dump", "nirgends", "--out", "{tmp}/out"], "nirgends"),
]


@pytest.mark.parametrize(("args", "expected"), CASES, ids=[c[0][0] for c in CASES])
def test_bad_input_in_a_fresh_process_gets_a_message(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    (tmp_path / "register.csv").write_text("id,name,active\nb1,A,1\nb2,B,vielleicht\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.pop("DATABASE_URL", None)  # a database of its own
    env["UMFRAGE_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-c", "from umfrage.cli import main; main()"]
        + [a.format(tmp=tmp_path) for a in args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output
    assert expected in output
