"""Parts of a JSON-lines file (`warlog.ingest.parts`, issue 18): what a distributed ingest gives one
task. Read part by part, a file gives what it gives read whole: the same documents and rejections, with
the same origins (`path:line`), whatever its blank lines, line endings or over-long lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warlog.ingest import ReadOptions, read_sources
from warlog.ingest.parts import JsonlPart, jsonl_parts
from warlog.model import RawDocument
from warlog.run.distributed import Unit, cut


def record(i: int) -> bytes:
    return json.dumps({"text": f"Report {i}\n\nGunmen killed {i} people in a village on Monday.",
                       "url": f"https://example.org/{i}"}).encode()


def read(sources: list[str | JsonlPart], max_bytes: int = 10_000) -> list[tuple[str, str]]:
    out = []
    for item in read_sources(sources, ReadOptions(max_bytes=max_bytes)):
        out.append((item.origin, item.content if isinstance(item, RawDocument) else str(item.reason)))
    return out


@pytest.mark.parametrize("ending", [b"\n", b"\r\n"])
def test_parts_read_as_the_whole_file(tmp_path: Path, ending: bytes) -> None:
    lines = [record(i) for i in range(1, 12)]
    lines[3] = b""  # a blank line: counted, no document
    lines[6] = b'{"text": 5}'  # a bad record: a rejection, at its line
    lines[8] = b'{"text": "' + b"x" * 20_000 + b'"}'  # longer than the limit
    path = tmp_path / "batch.jsonl"
    path.write_bytes(ending.join(lines))  # the last line has no line ending
    parts = jsonl_parts(str(path), 3)
    assert parts is not None and [(p.first_line, p.lines) for p in parts] == [(1, 3), (4, 3), (7, 3), (10, 2)]
    whole = read([str(path)])
    assert len(whole) == 10 and whole[0][0] == f"{path}:1" and whole[-1][0] == f"{path}:11"
    assert read(list(parts)) == whole
    assert str(parts[1]) == f"{path}:4-6"


def test_small_files_and_other_kinds_stay_whole(tmp_path: Path) -> None:
    small = tmp_path / "small.jsonl"
    small.write_bytes(b"\n".join(record(i) for i in range(3)) + b"\n")
    assert jsonl_parts(str(small), 3) is None  # exactly one part
    assert jsonl_parts(str(small), 2) is not None
    text = tmp_path / "report.txt"
    text.write_text("Gunmen attacked a checkpoint.\n" * 50)
    assert jsonl_parts(str(text), 3) is None and jsonl_parts(str(tmp_path / "missing.jsonl"), 3) is None
    with pytest.raises(ValueError):
        jsonl_parts(str(small), 0)


def test_a_file_ending_where_a_part_would_start_has_no_empty_part(tmp_path: Path) -> None:
    path = tmp_path / "six.jsonl"
    path.write_bytes(b"".join(record(i) + b"\n" for i in range(6)))
    parts = jsonl_parts(str(path), 3)
    assert parts is not None and [(p.first_line, p.lines) for p in parts] == [(1, 3), (4, 3)]
    assert read(list(parts)) == read([str(path)])


def test_batches_are_cut_by_the_documents_they_hold() -> None:
    units = [Unit(JsonlPart("a.jsonl", 0, 1 + 8 * k, 8)) for k in range(8)] + [Unit(f"{k}.txt") for k in range(8)]
    batches = cut(units, 0, 32, 1)
    assert [u for b in batches for u in b] == units  # in order, each once
    assert all(sum(u.weight for u in b) <= 32 or len(b) == 1 for b in batches)
    assert len(batches[0]) == 2  # 72 documents ÷ (4 × 1 thread): 18 at most, two parts of 8
    assert [len(b) for b in batches[-3:]] == [1, 1, 1]  # one file each at the end
