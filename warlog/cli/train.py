"""`warlog train` (fit the learned typer on the user's own coded data) and `warlog eval-typer`
(score the lexicon, the shipped model and the user's current model on a coded file)."""

from __future__ import annotations

from pathlib import Path

import click

from ..learn.training import Example
from .common import db_option, open_db


@click.command("train")
@click.option("--review", "use_review", is_flag=True,
              help="the analysts' decisions in the database: confirmed/edited events by type, rejected as NONE")
@click.option("--acled", "acled", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="an ACLED export CSV (event_type, sub_event_type, notes); repeatable")
@click.option("--gtd", "gtd", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="a GTD export CSV (summary, attacktype1_txt); repeatable")
@click.option("--with-shipped-data", is_flag=True,
              help="also the shipped model's training data (warlog's own annotations; PLOVER records when "
                   "../shared is beside the checkout)")
@click.option("--models", "models", metavar="DIR",
              help="models folder (env WARLOG_MODELS; default: models/typer in the user data directory)")
@db_option
def train_cmd(use_review: bool, acled: tuple[str, ...], gtd: tuple[str, ...], with_shipped_data: bool,
              models: str | None, db: str | None) -> None:
    """Fit the learned event typer on your own coded data and save it as the next version of your
    local model: prints the examples used, the new model's cross-validated accuracy, the shipped
    model's accuracy on the same examples, and where the model was written. Without --acled or
    --gtd, the review decisions are used."""
    from ..learn import ModelStore, fit_local
    from ..learn.training import ReadReport, examples_from_acled_csv, examples_from_gtd_csv
    from ..nlp import load_pipeline

    examples: list[Example] = []
    for path in acled:
        report = ReadReport()
        examples += examples_from_acled_csv(path, report)
        click.echo(f"{path}: {report.summary()}", err=True)
    for path in gtd:
        report = ReadReport()
        examples += examples_from_gtd_csv(path, report)
        click.echo(f"{path}: {report.summary()}", err=True)
    if use_review or not (acled or gtd):
        from ..review import examples_from_review

        with open_db(db) as store:
            reviewed = examples_from_review(store)
        click.echo(f"review decisions: {len(reviewed)} examples", err=True)
        examples += reviewed
    if with_shipped_data:
        examples += _shipped_data()
    result = fit_local(examples, load_pipeline(), store=ModelStore.open(models))
    shipped = "n/a" if result.shipped_accuracy is None else f"{result.shipped_accuracy:.3f}"
    click.echo(f"examples: {result.n_examples}")
    click.echo(f"cross-validated accuracy (v{result.model.version}): {result.report.accuracy:.3f}")
    click.echo(f"shipped model on the same examples: {shipped}")
    click.echo(f"saved: {result.path}")


def _shipped_data() -> list[Example]:
    from ..learn.training import examples_from_jsonl, examples_from_plover
    from ..vocab.plover_eval import DEFAULT_GOLD

    out = examples_from_jsonl(Path(__file__).parent / "learn" / "data" / "own_examples.jsonl", "warlog-own")
    if DEFAULT_GOLD.exists():
        out += examples_from_plover(DEFAULT_GOLD)
    return out


@click.command("eval-typer")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--models", "models", metavar="DIR",
              help="models folder (env WARLOG_MODELS; default: models/typer in the user data directory)")
def eval_typer_cmd(files: tuple[str, ...], models: str | None) -> None:
    """Event type accuracy of the trigger lexicon, the shipped learned typer and your current local
    model (if any) side by side, on coded files: PLOVER_GSR_CAMEO.json, a snippets JSONL file
    ({"text", "plover": ["TYPE/mode", ...]}, [] for no event) or {"text", "label"} lines."""
    from ..learn import ModelStore, shipped_model
    from ..learn.evaluate import compare_typers
    from ..learn.training import read_coded_file
    from ..nlp import load_pipeline

    candidates = {"shipped": shipped_model()}
    local = ModelStore.open(models).current()
    if local is not None:
        candidates[f"local v{local.version}"] = local
    nlp = load_pipeline()
    for path in files:
        click.echo(f"{path}")
        click.echo(compare_typers(read_coded_file(path), nlp, candidates).format())


COMMANDS = (train_cmd, eval_typer_cmd)
