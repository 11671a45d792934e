"""Fuzz the desk's API from its OpenAPI schema for longer than CI does, and print the figures (issue 16).

The set-up of tests/test_openapi_fuzz.py (a store filled through the real ingest pipeline, the app
from `create_app`, the schema Schemathesis loads from it, completed with the routes' own query
parameters and form fields, real ids planted half the time), with many more examples per operation
and fresh random ones each run (or `--seed N` to repeat one). Unlike the test, a 5xx does not stop the
run: every one is counted and the first few of each operation are printed with a curl command that
reproduces them. Exits 1 when any 5xx was found.

    .venv/bin/python scripts/desk_fuzz.py --examples 300
    .venv/bin/python scripts/desk_fuzz.py --examples 1000 --only POST --modes user --seed 1
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.test_openapi_fuzz import Desk, fuzz_operation, load_schema, make_desk, operations  # noqa: E402

SHOW = 3  # 5xx answers printed per operation


class Survey:
    """What the run saw: requests per operation and mode, status codes, the 5xx answers."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.errors: dict[str, list[str]] = {}

    def seen(self, key: str) -> Any:
        def record(case: Any, response: Any) -> None:
            self.requests[key] += 1
            if isinstance(response, BaseException):  # raised in the app: a server answers 500
                answer = f"500: {type(response).__name__}: {response}"
            elif response.status_code >= 500:
                answer = f"{response.status_code}: {response.text[:300]!r}"
            else:
                return
            found = self.errors.setdefault(key, [])
            found.append(f"{answer}\n    {request_of(case)}" if len(found) < SHOW else "")
        return record


def request_of(case: Any) -> str:
    """A curl command that repeats the request; the parts themselves where one cannot be written (a NUL
    in the query string: requests refuses to build the URL)."""
    try:
        return str(case.as_curl_command())
    except Exception:
        return (f"{case.method} {case.formatted_path} query={case.query!r} body={case.body!r}")


def run(desk: Desk, schema: Any, *, examples: int, modes: list[str], only: str, seed: int | None) -> Survey:
    """Each operation whose label contains `only`, in each mode (anon, user), `examples` requests."""
    survey = Survey()
    for mode in modes:
        for op in operations(schema):
            if only not in op.label:
                continue
            key = f"{mode} {op.label}"
            started = time.monotonic()
            fuzz_operation(desk, op, examples=examples, logged_in=mode == "user", derandomize=False, check=False,
                           seed=seed, seen=survey.seen(key))
            codes = " ".join(f"{code}×{n}" for code, n in sorted(desk.statuses[key].items()))
            errors = len(survey.errors.get(key, []))
            print(f"{key:50} {survey.requests[key]:6} requests {time.monotonic() - started:6.1f} s  {codes}"
                  + (f"  ** {errors} 5xx **" if errors else ""), flush=True)
    return survey


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="requests per operation and mode (200)")
    parser.add_argument("--modes", default="anon,user", help="anon (no login), user (logged in); default both")
    parser.add_argument("--only", default="", help="only operations whose label contains this (e.g. POST, /events)")
    parser.add_argument("--seed", type=int, default=None, help="repeat a run: Hypothesis' seed")
    args = parser.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip() in ("anon", "user")]
    warnings.simplefilter("ignore")  # Starlette's test client suggests httpx2; Schemathesis warns on thin schemas
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        desk = make_desk(Path(folder))
        schema = load_schema(desk)
        survey = run(desk, schema, examples=args.examples, modes=modes, only=args.only, seed=args.seed)
        desk.store.close()
    total = Counter[int]()
    for counts in desk.statuses.values():
        total.update(counts)
    errors = sum(len(v) for v in survey.errors.values())
    print(f"\noperations tried: {len(survey.requests)} (operation × mode); requests: {sum(survey.requests.values())}; "
          f"{time.monotonic() - started:.0f} s")
    print("status codes: " + ", ".join(f"{code}: {n}" for code, n in sorted(total.items())))
    print(f"5xx found: {errors}")
    for key, found in survey.errors.items():
        print(f"\n{key}: {len(found)} × 5xx")
        for line in filter(None, found):
            print("  " + line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
