"""Throughput benchmark: warlog's whole pipeline against the bare spaCy parse of the same texts, in one
run, with peak memory of the whole process tree and database size per document.

Texts: the real news articles in ../shared/data (LGL, GeoWebNews, WikiEvents) cycled, or, where that
folder is absent, articles generated from templates. `min_words` joins consecutive articles into
documents of at least that many words (the issue's "documents of ~700 words").
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

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


def documents(n: int, min_words: int = 0, data: Path = DATA) -> list[str]:
    """n document texts (headline, blank line, body), cycling the articles; each at least
    `min_words` long by joining consecutive articles."""
    arts = real_articles(data) or generated_articles(max(n, 50))
    out: list[str] = []
    i = 0
    while len(out) < n:
        head = arts[i % len(arts)]
        body = [head.text]
        words = len(head.text.split())
        i += 1
        while words < min_words:
            more = arts[i % len(arts)]
            body.append(more.text)
            words += len(more.text.split())
            i += 1
        # a unique line keeps repeated cycles from being stored as the same document
        out.append(f"{head.title}\n\n" + "\n\n".join(body) + f"\n\n(benchmark copy {len(out)})")
    return out


class PeakRSS:
    """Peak resident memory of this process and its children (spaCy workers), sampled."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
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
            self.peak = max(self.peak, tree_rss(os.getpid()))
            time.sleep(self.interval)


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    total = 0
    stack = [pid]
    seen: set[int] = set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/task/{p}/children") as fh:
                stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


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
    db_bytes_per_doc: float
    runs: list[dict[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _timed(fn: Callable[[], None]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def run_bench(docs: int, processes: int = 1, *, repeats: int = 3, min_words: int = 0, batch_size: int = 32,
              data: Path = DATA, progress: Callable[[str], None] | None = None) -> BenchResult:
    """Bare `nlp.pipe` and the full pipeline (segment, NLP, events, actors, places, dates, store in a
    fresh SQLite file) over the same texts, `repeats` times each; medians."""
    from .analysis import Resources
    from .pipeline import ingest
    from .settings import Settings
    from .store import open_store

    texts = documents(docs, min_words, data)
    words = statistics.mean(len(t.split()) for t in texts)
    resources = Resources.default()  # loaded once, outside the timings (as a long-running ingest would)
    say = progress or (lambda s: None)
    runs: list[dict[str, float]] = []
    with PeakRSS() as rss, tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "docs.jsonl"
        src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
        for r in range(repeats):
            bare = _timed(lambda: _drain(resources.nlp.pipe(iter(texts), batch_size=batch_size,
                                                             n_process=processes)))
            db = Path(tmp) / f"run{r}.db"
            settings = Settings(db=str(db), processes=processes, batch_size=batch_size)

            def full(db: Path = db, settings: Settings = settings) -> None:
                with open_store(str(db)) as store:
                    ingest([str(src)], store, settings=settings, resources=resources)

            full_s = _timed(full)
            size = sum(p.stat().st_size for p in Path(tmp).glob(f"run{r}.db*"))
            runs.append({"bare_s": bare, "full_s": full_s, "db_bytes": size})
            say(f"run {r + 1}/{repeats}: bare {docs / bare:.1f} docs/s, full {docs / full_s:.1f} docs/s")
    bare_s = statistics.median(x["bare_s"] for x in runs)
    full_s = statistics.median(x["full_s"] for x in runs)
    return BenchResult(
        docs=docs, processes=processes, repeats=repeats, words_per_doc=words,
        bare_docs_per_s=docs / bare_s, full_docs_per_s=docs / full_s,
        bare_words_per_s=docs * words / bare_s, full_words_per_s=docs * words / full_s,
        ratio=bare_s / full_s, peak_rss_mb=rss.peak / 1e6,
        db_bytes_per_doc=statistics.median(x["db_bytes"] for x in runs) / docs, runs=runs)


def _drain(it: Iterator[Any]) -> None:
    for _ in it:
        pass
