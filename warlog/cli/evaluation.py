"""`warlog` commands that evaluate extraction and manage the gazetteer."""

from __future__ import annotations

import sys
from typing import Any

import click

from .common import format_option
from .output import emit, emit_object


@click.command("eval")
@click.argument("gold_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--details", is_flag=True, help="table: also each gold event's result and the false positives")
@click.option("--typer", is_flag=True, help="also the type accuracy, on the gold events' quotes, of the trigger "
                                            "lexicon, the shipped learned typer and your local model (warlog train)")
@format_option(choices=("table", "json"))
def eval_cmd(gold_files: tuple[str, ...], details: bool, typer: bool, fmt: str) -> None:
    """Score extraction against gold files (../shared/gold/FORMAT.md): event P/R/F1 and per-argument
    accuracy, relations, places, segmentation. Each document runs in a throw-away database."""
    import json

    from ..eval.gold import evaluate_gold

    if typer:
        _typer_report(gold_files)
    report = evaluate_gold(gold_files)
    if fmt == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    emit(report.to_rows(), "table", ["measure", "value"], sys.stdout, title="warlog eval")
    if details:
        rows = [{"file": f, "event": k, "result": v} for f, d in report.details.items() for k, v in d.items()]
        emit(rows, "table", ["file", "event", "result"], sys.stdout, widths={"result": 80})


def _typer_report(gold_files: tuple[str, ...]) -> None:
    from ..learn import ModelStore, shipped_model
    from ..learn.evaluate import compare_typers
    from ..learn.training import examples_from_gold
    from ..nlp import load_pipeline

    models = {"shipped": shipped_model()}
    local = ModelStore.open().current()
    if local is not None:
        models[f"local v{local.version}"] = local
    examples = [x for f in gold_files for x in examples_from_gold(f)]
    click.echo(f"typers on {len(examples)} gold events' quotes")
    click.echo(compare_typers(examples, load_pipeline(), models).format())


@click.command("eval-geo")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@format_option()
def eval_geo_cmd(files: tuple[str, ...], fmt: str) -> None:
    """Toponym resolution on geoparsing corpora given gold toponym spans (LGL, GeoWebNews XML):
    accuracy (GeoNames id), accuracy within 161 km, mean and median error — Mordecai3's table."""
    from ..geo import Gazetteer, evaluate_geoparsing

    with Gazetteer.open() as gaz:
        reports = [evaluate_geoparsing(f, gaz).to_dict() for f in files]
    emit(reports, fmt, ["dataset", "documents", "count", "resolved", "accuracy", "acc_161km",
                        "mean_error_km", "median_error_km", "seconds"], sys.stdout)


@click.group("gazetteer")
def gazetteer_group() -> None:
    """The offline place index (GeoNames cities500, subdivisions, countries), built once."""


@gazetteer_group.command("build")
def gazetteer_build_cmd() -> None:
    """Build (or rebuild) the index now instead of on first use."""
    from ..geo import build_index

    report = build_index()
    click.echo(f"built {report.path}: {report.places:,} places, {report.names:,} names, "
               f"{report.size_bytes / 1e6:.0f} MB in {report.seconds:.1f} s")


@gazetteer_group.command("info")
@format_option()
def gazetteer_info_cmd(fmt: str) -> None:
    """Where the index is and what it holds."""
    from ..geo import Gazetteer

    with Gazetteer.open() as gaz:
        info: dict[str, Any] = {"path": str(gaz.path), **gaz.meta(), **gaz.stats()}
    emit_object(info, fmt, sys.stdout, title="gazetteer")


@gazetteer_group.command("add-places")
@click.argument("csv_path", type=click.Path(exists=True, dir_okay=False))
def gazetteer_add_cmd(csv_path: str) -> None:
    """Add your own places (villages GeoNames lacks) from a CSV with columns
    name,lat,lon,country,admin1,aliases,population,kind (aliases separated by ;). They are kept
    beside the index and survive rebuilds."""
    from ..geo import add_user_places

    click.echo(f"added {add_user_places(csv_path)} places")


@gazetteer_group.command("lookup")
@click.argument("name")
@click.option("--country", help="ISO2 or ISO3 code to restrict to")
@click.option("--fuzzy", is_flag=True, help="also fuzzy matches (needs --country)")
@format_option()
def gazetteer_lookup_cmd(name: str, country: str | None, fuzzy: bool, fmt: str) -> None:
    """Places a name can denote, best first."""
    from ..geo import Gazetteer

    with Gazetteer.open() as gaz:
        rows: list[dict[str, Any]] = [{**m.place.to_dict(), "how": m.how, "score": m.score}
                                      for m in gaz.matches(name, country=country)]
        if fuzzy and country:
            rows += [{**p.to_dict(), "how": "fuzzy", "score": round(sc / 100, 3)}
                     for p, sc in gaz.fuzzy(name, country=country)]
    emit(rows, fmt, ["place_id", "name", "kind", "admin1", "country_iso3", "lat", "lon", "population",
                     "how", "score"], sys.stdout)


@click.command("bench")
@click.option("--docs", type=click.IntRange(1), default=100, show_default=True, help="documents per run")
@click.option("--processes", type=click.IntRange(1, 64), default=1, show_default=True, help="spaCy processes")
@click.option("--repeats", type=click.IntRange(1), default=3, show_default=True, help="runs; medians reported")
@click.option("--words", type=click.IntRange(0), default=700, show_default=True,
              help="about this many words per document (consecutive articles joined, cut at a sentence end); "
                   "0: one article per document")
@click.option("--batch-size", type=click.IntRange(1), default=32, show_default=True)
@click.option("--compare-dedup", is_flag=True, help="also run the full pipeline with cross-document dedup off")
@format_option(choices=("table", "json"))
def bench_cmd(docs: int, processes: int, repeats: int, words: int, batch_size: int, compare_dedup: bool,
              fmt: str) -> None:
    """Throughput of the whole pipeline against the bare spaCy parse of the same texts, in one run:
    docs/s, words/s, their ratio, peak memory of the process tree, database size per document."""
    import json

    from ..bench import run_bench

    result = run_bench(docs, processes, repeats=repeats, words=words, batch_size=batch_size,
                       compare_dedup=compare_dedup,
                       progress=lambda line: click.echo(line, err=True))
    data: dict[str, Any] = result.to_dict()
    if fmt == "json":
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        emit_object({k: v for k, v in data.items() if k != "runs"}, "table", sys.stdout, title="warlog bench")


COMMANDS = (eval_cmd, eval_geo_cmd, gazetteer_group, bench_cmd)
