#!/usr/bin/env bash
# Install warlog into a virtual environment (.venv by default) on a fresh machine with Python 3.11+.
# Every dependency version is pinned in requirements/lock.txt. Usage:
#   bash scripts/install.sh          # runtime + development tools (tests, ruff, mypy) + Dask (scale)
#   bash scripts/install.sh --runtime  # runtime only
# Environment: VENV=path to use another virtual environment; PYTHON=interpreter to create it with.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${VENV:-$here/.venv}
python=${PYTHON:-python3}
extras="[dev,scale]"
[ "${1:-}" = "--runtime" ] && extras=""

"$python" - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"warlog needs Python 3.11 or newer; this is {sys.version.split()[0]} (set PYTHON=...)")
PY
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)
"${pip[@]}" install --upgrade "pip>=24" 2>&1 | grep -v "^WARNING: Location" || true
"${pip[@]}" install -c "$here/requirements/lock.txt" -e "$here$extras" 2>&1 | grep -v "^WARNING: Location" || true
"$venv/bin/python" -c "import warlog, trafilatura, httpx, feedparser, warcio" \
  || { echo "install.sh: the install did not complete (see the pip messages above)" >&2; exit 1; }
echo "warlog installed in $venv: run $venv/bin/warlog --help"
