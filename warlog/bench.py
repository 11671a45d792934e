"""Throughput benchmark: warlog's whole pipeline against the bare spaCy parse of the same texts, in one
run, with peak memory of the whole process tree and database size per document.

Texts: the real news articles in ../shared/data (LGL, GeoWebNews, WikiEvents) cycled, or, where that
folder is absent, articles generated from templates. `min_words` joins consecutive articles into
documents of at least that many words (the issue's "documents of ~700 words").
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import WarlogError

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@dataclass(frozen=True, slots=True)
class Article:
    title: str
    text: str


def real_articles(data: Path = DATA) -> list[Article]:
    """News articles of the development data sets, in a fixed order."""
    out: list[Article] = []
    for name in ("geoparsing/lgl.xml", "geoparsing/GWN.xml"):
        path = data / name
        if path.exists():
            for art in ET.parse(path).getroot().iter("article"):
                text = (art.findtext("text") or "").strip()
                if text:
                    out.append(Article((art.findtext("title") or text[:80]).strip(), text))
    wiki = data / "wikievents" / "dev.jsonl"
    if wiki.exists():
        for line in wiki.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            sentences = [_sentence(s) for s in doc.get("sentences", [])]
            if sentences:
                out.append(Article(sentences[0][:120], "\n\n".join(sentences[1:]) or sentences[0]))
    return out


def _sentence(s: Any) -> str:
    """WikiEvents sentences are [[tokens...], text] or token lists."""
    if isinstance(s, list) and len(s) == 2 and isinstance(s[1], str):
        return s[1]
    if isinstance(s, list):
        return " ".join(t[0] if isinstance(t, list) else str(t) for t in s)
    return str(s)


PLACES = ["Mosul", "Kandahar", "Goma", "Kharkiv", "Idlib", "Mogadishu", "Maiduguri", "Gao", "Sagaing", "Juba"]
GROUPS = ["militants", "gunmen", "rebels", "insurgents", "fighters of the Northern Front"]
FORCES = ["Iraqi police", "Afghan troops", "the army", "security forces", "government forces"]


def generated_articles(n: int, seed: int = 7) -> list[Article]:
    """Articles from templates, with varied places, actors, dates and event mixes (when no real
    data is at hand)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        place, group, force = rng.choice(PLACES), rng.choice(GROUPS), rng.choice(FORCES)
        k, w, d = rng.randint(1, 30), rng.randint(0, 40), rng.randint(1, 9)
        paras = [
            f"{group.capitalize()} attacked a checkpoint near {place} on Tuesday, killing {k} people and "
            f"wounding {w} others, officials said.",
            f"{force.capitalize()} said they detained {d} suspects in a raid on a house in the city the "
            f"following day. A spokesman said the men were planning further attacks.",
            f"The attack was the deadliest in the province this year. Residents said the road to {place} "
            "remained closed and that markets were shut for a second day.",
            "Aid agencies warned that thousands of families had fled their homes since the fighting began, "
            "and called for safe passage for civilians leaving the area.",
        ] * rng.randint(2, 4)
        out.append(Article(f"Attack near {place} kills {k} ({i})", "\n\n".join(paras)))
    return out


def documents(n: int, words: int = 0, data: Path = DATA) -> list[str]:
    """n document texts (headline, blank line, body), cycling the articles. With `words`, each document
    is about that long: consecutive articles are joined, and the body ends at the first sentence end at
    or after `words` words (the issue's "documents of ~700 words"); without, one article each."""
    arts = real_articles(data) or generated_articles(max(n, 50))
    out: list[str] = []
    i = 0
    while len(out) < n:
        head = arts[i % len(arts)]
        if not words:
            body = [head.text]
            i += 1
        else:
            body, count = [], 0
            while count < words:
                paras, count = _take(arts[i % len(arts)].text, words - count, count)
                body.extend(paras)
                i += 1
        # a unique line keeps repeated cycles from being stored as the same document
        out.append(f"{head.title}\n\n" + "\n\n".join(body) + f"\n\n(benchmark copy {len(out)})")
    return out


_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'’”)]))\s+(?=[\"'‘“(]?[A-Z0-9])")


def _take(text: str, wanted: int, count: int) -> tuple[list[str], int]:
    """Paragraphs of `text` up to the first sentence end at or after `wanted` more words; and the
    running word count."""
    out: list[str] = []
    goal = count + wanted
    for para in (p.strip() for p in re.split(r"\n\s*\n|\n", text)):
        if not para:
            continue
        kept: list[str] = []
        for sentence in _SENTENCE_END.split(para):
            kept.append(sentence)
            count += len(sentence.split())
            if count >= goal:
                break
        out.append(" ".join(kept))
        if count >= goal:
            break
    return out, count


class PeakRSS:
    """Peak memory of a process tree (a phase's child and its workers), sampled: resident (RSS, each
    process counted whole, so pages the workers share with their parent count twice) and
    proportional (PSS, shared pages split between their users: the tree's real footprint)."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_rss = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = tree_memory(self.pid)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            time.sleep(self.interval)


def tree_memory(pid: int) -> tuple[int, int]:
    """Resident and proportional bytes of a process and all its descendants (Linux /proc)."""
    rss = pss = 0
    stack = [pid]
    seen: set[int] = set()
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm") as fh:
                rss += int(fh.read().split()[1]) * page
            with open(f"/proc/{p}/smaps_rollup") as fh:
                pss += next((int(line.split()[1]) * 1024 for line in fh if line.startswith("Pss:")), 0)
            with open(f"/proc/{p}/task/{p}/children") as fh:
                stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return rss, pss


def tree_rss(pid: int) -> int:
    return tree_memory(pid)[0]


@dataclass(slots=True)
class BenchResult:
    docs: int
    processes: int
    repeats: int
    words_per_doc: float
    bare_docs_per_s: float
    full_docs_per_s: float
    bare_words_per_s: float
    full_words_per_s: float
    ratio: float
    peak_rss_mb: float
    peak_pss_mb: float
    bare_peak_rss_mb: float
    db_bytes_per_doc: float
    full_docs_per_s_by_tenth: list[float] = field(default_factory=list)
    # with `compare_dedup`: the full pipeline once more with cross-document dedup off, and time(on)/time(off)
    nodedup_docs_per_s: float | None = None
    dedup_time_factor: float | None = None
    # the learned typer (warlog.learn) on parsed sentences: ms a sentence, and the share of the full
    # pipeline's time it would add were every sentence an event's (it runs on events' sentences only,
    # and only with a model the user fitted: `warlog train`)
    typer_ms_per_sentence: float | None = None
    typer_share_of_full: float | None = None
    runs: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 3) if isinstance(v, float) else [round(x, 2) for x in v] if k.endswith("tenth")
                    else v) for k, v in asdict(self).items() if v is not None}


def run_bench(docs: int, processes: int = 1, *, repeats: int = 3, words: int = 0, batch_size: int = 32,
              data: Path = DATA, progress: Callable[[str], None] | None = None,
              compare_dedup: bool = False) -> BenchResult:
    """Bare `nlp.pipe` and the full pipeline (segment, NLP, events, actors, places, dates, store in a
    fresh SQLite file) over the same texts, `repeats` times each, alternating; medians.

    Each phase runs in a child process of its own, which loads what it needs (outside the timing, as a
    long-running ingest would) and then times its work; this process only samples the child's process
    tree for memory. So a phase's memory is its own, not the other phase's leftovers. `compare_dedup`
    adds a third phase: the full pipeline with cross-document dedup off."""
    texts = documents(docs, words, data)
    words_per_doc = statistics.mean(len(t.split()) for t in texts)
    say = progress or (lambda s: None)
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "docs.jsonl"
        src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
        for r in range(repeats):
            bare = _phase("bare", src, processes, batch_size, Path(tmp) / f"run{r}.db")
            full = _phase("full", src, processes, batch_size, Path(tmp) / f"run{r}.db")
            runs.append({"bare_s": bare["seconds"], "full_s": full["seconds"], "db_bytes": full["db_bytes"],
                         "bare_peak_rss": bare["peak_rss"], "full_peak_rss": full["peak_rss"],
                         "full_peak_pss": full["peak_pss"], "full_tenths_s": full["tenths"]})
            if compare_dedup:
                off = _phase("nodedup", src, processes, batch_size, Path(tmp) / f"run{r}-nodedup.db")
                runs[-1]["nodedup_s"] = off["seconds"]
            say(f"run {r + 1}/{repeats}: bare {docs / bare['seconds']:.1f} docs/s, "
                f"full {docs / full['seconds']:.1f} docs/s, full peak RSS {full['peak_rss'] / 1e6:.0f} MB")
    bare_s = statistics.median(x["bare_s"] for x in runs)
    full_s = statistics.median(x["full_s"] for x in runs)
    typer_ms, sentences = typer_cost(texts[:20])
    sentences_per_doc = sentences / max(1, min(20, len(texts)))
    tenths = [statistics.median(x["full_tenths_s"][i] for x in runs) for i in range(len(runs[0]["full_tenths_s"]))]
    return BenchResult(
        docs=docs, processes=processes, repeats=repeats, words_per_doc=words_per_doc,
        bare_docs_per_s=docs / bare_s, full_docs_per_s=docs / full_s,
        bare_words_per_s=docs * words_per_doc / bare_s, full_words_per_s=docs * words_per_doc / full_s,
        ratio=bare_s / full_s, peak_rss_mb=max(x["full_peak_rss"] for x in runs) / 1e6,
        peak_pss_mb=max(x["full_peak_pss"] for x in runs) / 1e6,
        bare_peak_rss_mb=max(x["bare_peak_rss"] for x in runs) / 1e6,
        db_bytes_per_doc=statistics.median(x["db_bytes"] for x in runs) / docs,
        full_docs_per_s_by_tenth=[(docs / 10) / t if t > 0 else 0.0 for t in tenths], runs=runs,
        nodedup_docs_per_s=docs / statistics.median(x["nodedup_s"] for x in runs) if compare_dedup else None,
        dedup_time_factor=full_s / statistics.median(x["nodedup_s"] for x in runs) if compare_dedup else None,
        typer_ms_per_sentence=typer_ms,
        typer_share_of_full=typer_ms / 1000 * sentences_per_doc * docs / full_s)


def typer_cost(texts: list[str]) -> tuple[float, int]:
    """(ms per sentence, sentences timed) of the learned typer's support (features, the lexicon pass
    among them, and the prediction) on the parsed sentences of `texts`, with the shipped model."""
    from .learn import shipped_model
    from .learn.support import support
    from .nlp import load_pipeline

    model, nlp = shipped_model(), load_pipeline()
    sents = [sent for doc in nlp.pipe(texts) for sent in doc.sents]
    t = time.perf_counter()
    for sent in sents:
        support(model, sent, 0, "ASSAULT")
    return (time.perf_counter() - t) * 1000 / max(1, len(sents)), len(sents)


def _phase(kind: str, src: Path, processes: int, batch_size: int, db: Path) -> dict[str, Any]:
    """Run one phase in a child process (`python -m warlog.bench`), sampling its tree's memory."""
    cmd = [sys.executable, "-m", "warlog.bench", kind, str(src), str(processes), str(batch_size), str(db)]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) as child, PeakRSS(child.pid) as mem:
        out, _ = child.communicate()
    if child.returncode != 0:
        raise WarlogError(f"the benchmark's {kind} phase failed (exit {child.returncode}); its error is above")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result.update(peak_rss=mem.peak_rss, peak_pss=mem.peak_pss)
    return result


def _bare_phase(texts: list[str], processes: int, batch_size: int) -> dict[str, Any]:
    """The model's own pipeline, as shipped (no warlog component, none swapped) over the texts."""
    import spacy

    from .nlp import available_model

    nlp = spacy.load(available_model())
    t = time.perf_counter()
    for _ in nlp.pipe(iter(texts), batch_size=batch_size, n_process=processes):
        pass
    return {"seconds": time.perf_counter() - t}


def _full_phase(src: Path, processes: int, batch_size: int, db: Path, dedup: bool = True) -> dict[str, Any]:
    """`warlog ingest` of the texts into a fresh store, with the resources loaded first (workers, when
    there are several, are forked from this process and share them)."""
    from .run import ingest
    from .run.analysis import Resources
    from .settings import Settings
    from .store import open_store

    resources = Resources.default()
    n = sum(1 for _ in src.open(encoding="utf-8"))
    marks: list[float] = []
    t = time.perf_counter()

    def mark(_: object) -> None:
        marks.append(time.perf_counter() - t)

    with open_store(str(db), dedup=dedup) as store:
        ingest([str(src)], store, settings=Settings(db=str(db), processes=processes, batch_size=batch_size),
               resources=resources, on_outcome=mark)
    seconds = time.perf_counter() - t
    cuts = [marks[min(len(marks) - 1, (i * n) // 10 - 1)] if i else 0.0 for i in range(11)] if marks else [0.0] * 11
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    return {"seconds": seconds, "db_bytes": size, "tenths": [b - a for a, b in itertools.pairwise(cuts)]}


def main(argv: list[str]) -> int:
    """Child entry: `python -m warlog.bench bare|full SRC PROCESSES BATCH_SIZE DB` prints one JSON line."""
    from .settings import tune_gc

    tune_gc()  # as the command line does
    kind, src, processes, batch_size, db = argv[0], Path(argv[1]), int(argv[2]), int(argv[3]), Path(argv[4])
    if kind == "bare":
        texts = [json.loads(line)["text"] for line in src.open(encoding="utf-8")]
        result = _bare_phase(texts, processes, batch_size)
    else:
        result = _full_phase(src, processes, batch_size, db, dedup=kind != "nodedup")
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
