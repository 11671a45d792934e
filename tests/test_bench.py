"""The throughput benchmark's machinery (not its figures: targets are measured by `warlog bench`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from warlog.bench import documents, generated_articles, run_bench, tree_rss


def test_documents_cycle_and_reach_the_length_asked(tmp_path: Path) -> None:
    texts = documents(7, words=300, data=tmp_path)  # no data here: generated articles
    assert len(texts) == 7 and len(set(texts)) == 7
    lengths = [len(t.split()) for t in texts]
    assert all(300 <= n <= 380 for n in lengths), lengths  # about the length asked: cut at a sentence end
    assert texts[0].split("\n\n")[0].startswith("Attack near")


def test_generated_articles_vary() -> None:
    arts = generated_articles(20)
    assert len({a.title for a in arts}) == 20 and len({a.text for a in arts}) > 10


def test_tree_rss_counts_this_process() -> None:
    assert tree_rss(os.getpid()) > 10_000_000


@pytest.mark.integration
def test_bench_runs_both_sides(tmp_path: Path) -> None:
    result = run_bench(4, 1, repeats=1, data=tmp_path).to_dict()
    for key in ("bare_docs_per_s", "full_docs_per_s", "ratio", "peak_rss_mb", "words_per_doc", "db_bytes_per_doc"):
        assert result[key] > 0, key
