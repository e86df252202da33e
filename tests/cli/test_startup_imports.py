"""``umfrage --help`` imports no heavy library (issue 23: start-up well under half a second).

Every ``umfrage`` call loads every command's module to register it; a module that imports
gunicorn, pydantic, pandas or Django at the top makes every call pay for it. What each command
needs is imported when it runs: checking one questionnaire file needs ruamel.yaml and pydantic,
nothing for data or the web. Checked by the modules loaded, not by a timing.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import EXAMPLE

HEAVY = ("gunicorn", "pydantic", "pandas", "django", "numpy", "pyarrow", "ruamel.yaml", "scipy")

PROBE = f"""
import sys
import umfrage.cli
try:
    umfrage.cli.main(sys.argv[1:])
except SystemExit:
    pass
print("LOADED:" + ",".join(m for m in {HEAVY!r} if m in sys.modules))
"""


def _loaded(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    last = done.stdout.splitlines()[-1]
    assert last.startswith("LOADED:"), done.stdout
    return [m for m in last.removeprefix("LOADED:").split(",") if m]


def test_help_imports_no_heavy_library() -> None:
    assert _loaded("--help") == []


def test_each_command_help_imports_no_heavy_library() -> None:
    for command in ("check", "analyze", "serve", "export", "report"):
        assert _loaded(command, "--help") == [], command


def test_checking_a_questionnaire_file_imports_no_data_or_web_library() -> None:
    questionnaire = EXAMPLE / "waves" / "2024" / "questionnaire.yaml"
    assert sorted(_loaded("check", str(questionnaire))) == ["pydantic", "ruamel.yaml"]
