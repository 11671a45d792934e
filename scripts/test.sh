#!/usr/bin/env bash
# Install everything and run the whole test suite, then ruff and mypy. Used by .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# followthemoney (the FtM export's read-back test, dev extra) builds PyICU, which needs ICU's headers.
if ! pkg-config --exists icu-uc 2>/dev/null && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config >/dev/null) \
        || echo "warning: could not install libicu-dev; installing followthemoney may fail" >&2
fi
bash scripts/install.sh
# The browser test (tests/test_browser.py) drives Debian's Chromium; install it on a fresh machine.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
        || echo "warning: could not install chromium; the browser test will be skipped" >&2
fi
# The PostgreSQL store (issue 18): the suite runs again with every throw-away store on PostgreSQL, in a
# cluster started from the installed binaries (tests/postgres_server.py) unless TEST_POSTGRES_URL names one.
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 \
        && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
        || echo "warning: could not install PostgreSQL; the PostgreSQL run will skip its store tests" >&2
fi
.venv/bin/python -m pytest -q "$@"
.venv/bin/python -m pytest -q --store-backend postgres "$@"
.venv/bin/ruff check warlog tests benchmarks
.venv/bin/mypy
