#!/usr/bin/env bash
# Install everything and run the whole test suite, then ruff and mypy. Used by .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install.sh
.venv/bin/python -m pytest -q "$@"
.venv/bin/ruff check warlog tests benchmarks
.venv/bin/mypy
