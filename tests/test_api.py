"""The library API (issue 17): `warlog.__all__` is what the README documents, every name in it
resolves, and `import warlog` alone loads none of the heavy stages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import warlog

README = Path(__file__).parent.parent / "README.md"


def test_all_is_what_the_readme_documents() -> None:
    text = README.read_text("utf-8")
    para = text[text.index("API (`warlog.__all__`"):]
    para = para[:para.index("\n\n")]
    documented = set(re.findall(r"`(\w+)`", para))
    assert documented == set(warlog.__all__) - {"__version__"}


def test_every_name_resolves() -> None:
    for name in warlog.__all__:
        assert getattr(warlog, name) is not None, name


def test_importing_warlog_loads_no_stage() -> None:
    code = "import sys, warlog; print(sorted(m for m in sys.modules if m.startswith(('warlog.', 'spacy'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
