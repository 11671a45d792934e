"""Train the shipped learned typer, reproducibly: warlog/learn/data/typer.json.

    .venv/bin/python scripts/train_typer.py [PLOVER_GSR_CAMEO.json] [--out PATH] [--check]

Training data, and only these (their licences allow shipping the weights, see NOTICE):
  - the PLOVER gold-standard records (Open Event Data Alliance, CC BY-SA 4.0), default path
    ../shared/data/plover/PLOVER_GSR_CAMEO.json beside the checkout;
  - warlog's own annotations, warlog/learn/data/own_examples.jsonl.
Prints the cross-validated accuracy and per-label figures. `--check` trains without writing and
exits 1 when the result differs from the committed file (reproducibility check). The model's
`created` date is fixed (CREATED) so the same data give the same bytes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from warlog.learn.model import TrainConfig, train  # noqa: E402
from warlog.learn.store import shipped_path  # noqa: E402
from warlog.learn.training import examples_from_jsonl, examples_from_plover, featurise, sources_of  # noqa: E402
from warlog.nlp import load_pipeline  # noqa: E402
from warlog.vocab.plover_eval import DEFAULT_GOLD  # noqa: E402

CREATED = "2025-06-01"
OWN = REPO / "warlog" / "learn" / "data" / "own_examples.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("plover", nargs="?", default=str(DEFAULT_GOLD))
    parser.add_argument("--out", default=str(shipped_path()))
    parser.add_argument("--check", action="store_true", help="train, compare with --out, write nothing")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    examples = examples_from_plover(args.plover) + examples_from_jsonl(OWN, "warlog-own")
    nlp = load_pipeline()
    items = featurise(examples, nlp)
    model, report = train(items, sources=sources_of(examples), created=CREATED, config=TrainConfig())
    print(f"{len(items)} examples: " + ", ".join(f"{s.name} {s.n_examples}" for s in sources_of(examples)))
    print(report.format())
    text = model.to_json()
    out = Path(args.out)
    print(f"{len(model.weights)} features kept, {len(text.encode()) / 1e3:.0f} kB, "
          f"{time.perf_counter() - started:.1f} s")
    if args.check:
        same = out.exists() and out.read_text("utf-8") == text
        print(f"{out}: {'identical' if same else 'DIFFERS'}")
        return 0 if same else 1
    model.save(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
