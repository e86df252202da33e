"""The analysis core stays pure Python: only ``dbload`` may touch Django."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import umfrage.analysis


def test_no_analysis_module_but_dbload_imports_django() -> None:
    modules = [
        m.name
        for m in pkgutil.walk_packages(umfrage.analysis.__path__, "umfrage.analysis.")
        if m.name != "umfrage.loaders.frames"
    ]
    assert "umfrage.analysis.types.single" in modules
    code = "import importlib, sys\n"
    code += "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "print('django' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
