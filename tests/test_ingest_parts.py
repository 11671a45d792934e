"""Parts of a JSON-lines or WARC file (`warlog.ingest.parts`, issue 18): what a distributed ingest gives
one task. Read part by part, a file gives what it gives read whole: the same documents and rejections,
with the same origins (`path:line`, `path::url`), whatever its blank lines, line endings, over-long
lines, compression or truncation."""

from __future__ import annotations

import gzip
import io
import itertools
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warlog.ingest import ReadOptions, read_sources
from warlog.ingest.parts import JsonlPart, Part, WarcPart, jsonl_parts, warc_parts
from warlog.model import RawDocument
from warlog.run.distributed import WARC_CUT_FILES, Unit, cut, units_of


def record(i: int) -> bytes:
    return json.dumps({"text": f"Report {i}\n\nGunmen killed {i} people in a village on Monday.",
                       "url": f"https://example.org/{i}"}).encode()


def read(sources: list[str | Part], max_bytes: int = 10_000) -> list[tuple[str, str]]:
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


def warc(records: int, *, compress: bool) -> bytes:
    """A WARC of `records` records: HTML pages, with a 404 page, a PDF and a request record among them."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for i in range(1, records + 1):
        status, ctype = ("404 Not Found", "text/html") if i == 2 else ("200 OK", "application/pdf") if i == 5 \
            else ("200 OK", "text/html; charset=utf-8")
        if i == 4:
            writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "request",
                                                          payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            continue
        body = f"<html><body><h1>Report {i}</h1><p>Gunmen killed {i} people in a village on Monday.</p>" \
               "</body></html>"
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                      payload=io.BytesIO(body.encode()), http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": "2019-06-05T11:00:00Z"}))
    return out.getvalue()


def documents_and_rejections(sources: list[str | Part]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    docs, rejected = [], []
    for item in read_sources(sources, ReadOptions(max_bytes=10_000)):
        if isinstance(item, RawDocument):
            docs.append((item.origin, item.content))
        else:
            rejected.append((item.origin, str(item.reason)))
    return docs, rejected


@pytest.mark.parametrize("compress", [True, False])
def test_warc_parts_read_as_the_whole_file(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(warc(8, compress=compress))
    parts = warc_parts(str(path), 3)
    assert parts is not None and [(p.first_record, p.records) for p in parts] == [(1, 3), (4, 3), (7, 2)]
    assert parts[0].start == 0 and parts[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
    docs, rejected = documents_and_rejections([str(path)])
    assert [d[0] for d in docs] == [f"{path}::https://example.org/{i}" for i in (1, 3, 6, 7, 8)]
    assert rejected == [(str(path), "unsupported")]  # the 404 and the PDF
    by_parts, rejected_by_parts = documents_and_rejections(list(parts))
    assert by_parts == docs
    assert rejected_by_parts == [(f"{path}:records 1-3", "unsupported"), (f"{path}:records 4-6", "unsupported")]
    assert [Unit(p).weight for p in parts] == [3, 3, 2]


@pytest.mark.parametrize("compress", [True, False])
def test_a_truncated_warc_read_by_parts_says_so_in_its_last_part(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    path.write_bytes(warc(8, compress=compress)[:-40])
    parts = warc_parts(str(path), 3)
    assert parts is not None and len(parts) == 3
    whole, by_parts = documents_and_rejections([str(path)]), documents_and_rejections(list(parts))
    assert by_parts[0] == whole[0]
    assert "invalid_record" in {r[1] for r in whole[1]} and "invalid_record" in {r[1] for r in by_parts[1]}


def test_warcs_that_cannot_be_cut_stay_whole(tmp_path: Path) -> None:
    whole_gzip = tmp_path / "one-member.warc.gz"  # gzipped whole: one member, no record bounds to seek to
    whole_gzip.write_bytes(gzip.compress(warc(8, compress=False)))
    small = tmp_path / "small.warc.gz"
    small.write_bytes(warc(3, compress=True))
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n\r\nno length" + warc(8, compress=False))
    for path in (whole_gzip, small, damaged, tmp_path / "missing.warc"):
        assert warc_parts(str(path), 3) is None, path
    assert warc_parts(str(small), 2) is not None
    units = units_of([str(tmp_path)], part_lines=3)
    assert [type(u.source) for u in units] == [str, str, str]  # damaged, one-member, small: whole
    with pytest.raises(ValueError):
        warc_parts(str(small), 0)


def test_units_of_cuts_a_large_warc_into_parts(tmp_path: Path) -> None:
    (tmp_path / "crawl.warc.gz").write_bytes(warc(8, compress=True))
    units = units_of([str(tmp_path)], part_lines=3)
    assert [str(u.source) for u in units] == [f"{tmp_path / 'crawl.warc.gz'}:records {a}-{b}"
                                             for a, b in ((1, 3), (4, 6), (7, 8))]
    assert all(isinstance(u.source, WarcPart) for u in units)


def test_many_warc_files_are_not_cut(tmp_path: Path) -> None:
    """Past WARC_CUT_FILES files the files themselves spread the work, and the client does not walk them."""
    data = warc(8, compress=True)
    for k in range(WARC_CUT_FILES + 1):
        (tmp_path / f"{k:03d}.warc.gz").write_bytes(data)
    assert [type(u.source) for u in units_of([str(tmp_path)], part_lines=3)] == [str] * (WARC_CUT_FILES + 1)
    assert len(units_of([str(tmp_path / "000.warc.gz")], part_lines=3)) == 3
