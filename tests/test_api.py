"""The library API (issue 17): every name in `warlog.__all__` resolves, and `import warlog` alone loads
none of the heavy stages (that `__all__` is what the README documents: tests/test_architecture.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import warlog

README = Path(__file__).parent.parent / "README.md"


def test_every_name_resolves() -> None:
    for name in warlog.__all__:
        assert getattr(warlog, name) is not None, name


def test_importing_warlog_loads_no_stage() -> None:
    code = "import sys, warlog; print(sorted(m for m in sys.modules if m.startswith(('warlog.', 'spacy'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
