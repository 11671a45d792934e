"""Rendering for the CLI: every listing as table, json, jsonl or csv; documents as text or json.
Article and comment text is untrusted: it is never interpreted as rich markup."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Document, SegmentKind

LIST_FORMATS = ("table", "json", "jsonl", "csv")
#: Columns kept on one line in tables (ids, codes, numbers).
NO_WRAP = frozenset({"doc_id", "place_id", "edtf", "start", "end", "lat", "lon", "precision", "status",
                     "reason", "kind", "sentence", "score", "times"})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit(rows: Sequence[Mapping[str, Any]], fmt: str, columns: Sequence[str], out: TextIO,
         *, title: str | None = None, widths: Mapping[str, int] | None = None) -> None:
    """Write `rows` (each a JSON-ready mapping) in `fmt`. json/jsonl keep every key; table and csv
    show `columns`."""
    if fmt == "json":
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        out.write(buf.getvalue())
    elif fmt == "table":
        table = Table(title=title, show_lines=False, header_style="bold")
        for c in columns:
            table.add_column(c, overflow="fold", max_width=(widths or {}).get(c),
                             no_wrap=c in NO_WRAP)
        for row in rows:
            table.add_row(*(Text(_cell(row.get(c))) for c in columns))
        probe = Console(file=out)
        console = Console(file=out, width=probe.width if probe.is_terminal else 220, soft_wrap=False)
        console.print(table)
        if not rows:
            console.print(Text("(none)", style="dim"))
    else:
        raise ValueError(f"unknown format {fmt!r}")


def emit_object(obj: Mapping[str, Any], fmt: str, out: TextIO, *, title: str | None = None) -> None:
    """One record (stats): json as an object; jsonl one line; table and csv as key/value rows."""
    if fmt == "json":
        out.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    else:
        emit([{"key": k, "value": v} for k, v in obj.items()], fmt, ["key", "value"], out, title=title)


KIND_STYLE = {
    SegmentKind.HEADLINE: "bold", SegmentKind.SUBHEADING: "bold cyan", SegmentKind.BODY: "",
    SegmentKind.BYLINE: "magenta", SegmentKind.AUTHOR_BIO: "magenta", SegmentKind.TAGS: "dim",
    SegmentKind.COMMENT: "yellow", SegmentKind.BOILERPLATE: "dim",
}


def print_document(doc: Document, out: TextIO) -> None:
    """Segments for a person: kind (and comment author), offsets, text; excluded kinds dimmed."""
    console = Console(file=out, highlight=False, soft_wrap=True)
    head = Text(f"{doc.doc_id}  ", style="bold")
    head.append(doc.title or "(untitled)")
    console.print(head)
    meta = [f"{k}: {v}" for k, v in (("url", doc.url), ("published", doc.published),
                                       ("source", doc.source), ("origin", doc.origin)) if v]
    console.print(Text("  ".join(meta), style="dim"))
    for seg in doc.segments:
        label = f"[{seg.kind}" + (f" by {seg.author}" if seg.author else "") + f" {seg.start}-{seg.end}]"
        line = Text(label, style=KIND_STYLE.get(seg.kind, "") or "green")
        line.append(" ")
        line.append(seg.text, style="dim" if seg.kind in (SegmentKind.BOILERPLATE, SegmentKind.TAGS) else "")
        console.print(line)
