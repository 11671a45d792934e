"""Fuzz warlog's readers and segmenter for a while and print the figures (issue 16).

Runs the generators of tests/test_fuzz_ingest.py (plain text, HTML, JSON lines, RSS/Atom, WARC, random
bytes; as files, on stdin and fetched from a fake web; truncated, mixed encodings, NUL bytes, huge
lines, deep nesting, wrong JSON types) through `read_sources` and `build_document`, in rounds of
fresh random examples until the time or the example budget is spent. A crash is any exception other
than a refusal, a refusal without a reason or message, or an internal_error rejection; each is
printed, and saved with --save.

    .venv/bin/python scripts/fuzz.py --seconds 300
    .venv/bin/python scripts/fuzz.py --examples 20000 --kinds jsonl,html --save /tmp/fuzz-crashes
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

from tests.test_fuzz_ingest import GENERATORS, Case, cases, check_case  # noqa: E402
from warlog.model import Rejection  # noqa: E402

ROUND = 200  # examples per hypothesis run; each run starts from a fresh random seed


class Fuzz:
    """The budget and the figures of one fuzzing run."""

    def __init__(self, seconds: float, examples: int, save: Path | None) -> None:
        self.end = time.monotonic() + seconds
        self.examples = examples
        self.save = save
        self.figures: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()

    def spent(self) -> bool:
        return time.monotonic() >= self.end or self.figures["inputs"] >= self.examples

    def one(self, case: Case) -> None:
        """Try one input; a crash is counted and kept, never raised (no shrinking: this is a survey)."""
        if self.spent():
            return
        self.figures["inputs"] += 1
        self.kinds[f"{case.kind}/{case.how}"] += 1
        try:
            items = check_case(case)
        except Exception:
            self.figures["crashes"] += 1
            report = f"{case!r}\n{traceback.format_exc()}"
            print(f"CRASH #{self.figures['crashes']}: {report}", file=sys.stderr)
            if self.save is not None:
                self.save.mkdir(parents=True, exist_ok=True)
                stem = self.save / f"crash-{self.figures['crashes']:04d}"
                stem.with_suffix(".bin").write_bytes(case.data)
                stem.with_suffix(".txt").write_text(report, encoding="utf-8", errors="replace")
            return
        for item in items:
            if isinstance(item, Rejection):
                self.figures["rejections"] += 1
                self.reasons[str(item.reason)] += 1
            else:
                self.figures["documents"] += 1

    def print(self, took: float) -> None:
        f = self.figures
        print(f"inputs tried: {f['inputs']:,} in {took:.0f} s ({f['inputs'] / max(took, 1e-9):.1f}/s)")
        print(f"crashes: {f['crashes']:,}")
        print(f"rejections recorded: {f['rejections']:,} "
              f"({', '.join(f'{r} {n:,}' for r, n in self.reasons.most_common())})")
        print(f"documents read and segmented: {f['documents']:,}")
        print(f"inputs by kind: {', '.join(f'{k} {n:,}' for k, n in sorted(self.kinds.items()))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget (default 60)")
    parser.add_argument("--examples", type=int, default=10**9, help="most inputs to try")
    parser.add_argument("--kinds", default=",".join(GENERATORS),
                        help=f"comma-separated input kinds (default all: {','.join(GENERATORS)})")
    parser.add_argument("--save", type=Path, help="folder to save each crashing input and its traceback in")
    args = parser.parse_args()
    kinds = tuple(k for k in args.kinds.split(",") if k)
    unknown = set(kinds) - set(GENERATORS)
    if unknown:
        parser.error(f"unknown kinds {sorted(unknown)}; choose from {','.join(GENERATORS)}")
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="feedparser")
    fuzz = Fuzz(args.seconds, args.examples, args.save)
    survey = settings(max_examples=ROUND, deadline=None, database=None, phases=[Phase.generate],
                      suppress_health_check=list(HealthCheck))
    start = time.monotonic()
    while not fuzz.spent():
        survey(given(cases(kinds=kinds))(fuzz.one))()
    fuzz.print(time.monotonic() - start)
    return 1 if fuzz.figures["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
