"""The learned typer (warlog.learn): features, training, calibration, saving, versions, the readers of
coded data (ACLED/GTD exports, review decisions) and `warlog train` / `warlog eval-typer`."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from warlog import review
from warlog.cli import cli
from warlog.errors import ConfigError
from warlog.learn import MIN_EXAMPLES, ModelStore, TyperModel, fit_local, shipped_model
from warlog.learn.features import span_features, text_features
from warlog.learn.model import NONE, Labelled, TrainConfig, cross_validate, fit_temperature, train
from warlog.learn.training import (
    Example,
    ReadReport,
    acled_to_plover,
    examples_from_acled_csv,
    examples_from_gold,
    examples_from_gtd_csv,
    examples_from_jsonl,
    examples_from_plover,
    featurise,
    read_coded_file,
)
from warlog.nlp import load_pipeline
from warlog.query import EventQuery
from warlog.review import examples_from_review
from warlog.run import ingest
from warlog.store import Store

from .conftest import FIXTURES, REPO, shared_path

LEARN = FIXTURES / "learn"
ACLED = LEARN / "acled_small.csv"
GTD = LEARN / "gtd_small.csv"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


@pytest.fixture(scope="module")
def coded(nlp) -> list[Labelled]:  # type: ignore[no-untyped-def]
    return featurise(examples_from_acled_csv(ACLED) + examples_from_gtd_csv(GTD), nlp)


def test_features_of_a_parsed_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Gunmen killed 12 civilians in a market in Kandahar on Friday, police said.")
    trigger = next(t.i for t in doc if t.text == "killed")
    feats = span_features(doc, trigger)
    assert feats == sorted(set(feats))
    for expected in ("w=kill", "w=#num", "b=#num_civilian", "trig=kill", "dobj=civilian", "nsubj=gunman",
                     "pred=say", "pred=kill", "pred.dobj=civilian", "lex=ASSAULT"):
        assert expected in feats, expected
    assert "w=12" not in feats and not any(f.startswith("trig") for f in span_features(doc))
    assert text_features("Gunmen killed 12 civilians in a market in Kandahar on Friday, police said.", nlp,
                         "killed") == feats


def test_acled_and_gtd_readers_label_through_the_codebook() -> None:
    report = ReadReport()
    acled = examples_from_acled_csv(ACLED, report)
    assert report.kept == len(acled) == 21
    assert report.skipped == {"no notes": 1}
    by_text = {e.text.split(", ", 1)[1]: e.label for e in acled}
    assert by_text["rebels set up a new base in the forest near Kora."] == "MOBILIZE"  # MOBILIZE/base
    assert by_text["police arrested six members of the opposition party in Kora."] == "COERCE"
    assert by_text["teachers protested in front of the town hall of Kora over unpaid wages."] == "PROTEST"
    assert by_text["gunmen killed four villagers in their homes in Tobi village."] == "ASSAULT"
    assert acled_to_plover()[("Explosions/Remote violence", "")] == "ASSAULT"
    gtd = examples_from_gtd_csv(GTD)
    assert len(gtd) == 5 and {e.label for e in gtd} == {"ASSAULT"} and {e.source for e in gtd} == {"gtd"}


def test_bad_csv_gives_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no column sub_event_type, notes"):
        examples_from_acled_csv(LEARN / "bad_acled.csv")
    with pytest.raises(ConfigError, match="needs the columns summary, attacktype1_txt"):
        examples_from_gtd_csv(ACLED)
    binary = tmp_path / "export.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 10)
    with pytest.raises(ConfigError, match="cannot read"):
        examples_from_acled_csv(binary)


def test_training_fits_the_coded_file(coded: list[Labelled]) -> None:
    model, report = train(coded, created="2025-01-01", config=TrainConfig(folds=3))
    assert model.labels[-1] != NONE and set(model.labels) == {item.label for item in coded}
    right = sum(model.best(item.features)[0] == item.label for item in coded)
    assert right / len(coded) >= 0.9
    assert report.k == 3 and report.n == len(coded) and 0.0 <= report.accuracy <= 1.0
    assert sum(s.n for s in report.per_label) == len(coded)
    assert model.meta.n_examples == len(coded) and model.meta.cv_accuracy == round(report.accuracy, 4)


def test_calibrated_probabilities(coded: list[Labelled]) -> None:
    model, _ = train(coded, config=TrainConfig(folds=3))
    assert model.temperature > 0
    for item in coded[:5]:
        ranked = model.predict(item.features)
        probs = [p for _, p in ranked]
        assert all(0.0 < p < 1.0 for p in probs) and math.isclose(sum(probs), 1.0, rel_tol=1e-9)
        assert probs == sorted(probs, reverse=True)
    # an over-confident scorer is cooled (T > 1), an under-confident one sharpened (T < 1)
    import numpy as np

    gold = np.array([0, 1, 0, 1])
    assert fit_temperature(np.array([[9.0, 0], [0, 9], [0, 9], [9, 0]]), gold) > 1
    assert fit_temperature(np.array([[0.2, 0], [0, 0.2], [0.2, 0], [0, 0.2]]), gold) < 1


def test_save_load_round_trip_is_identical_and_deterministic(coded: list[Labelled], tmp_path: Path) -> None:
    first, _ = train(coded, created="2025-01-01", config=TrainConfig(folds=3))
    again, _ = train(coded, created="2025-01-01", config=TrainConfig(folds=3))
    assert first.to_json() == again.to_json()
    path = first.save(tmp_path / "m.json")
    loaded = TyperModel.load(path)
    assert loaded == first and loaded.to_json() == path.read_text("utf-8")
    assert loaded.save(tmp_path / "m2.json").read_bytes() == path.read_bytes()
    for item in coded:
        assert [lab for lab, _ in loaded.predict(item.features)] == [lab for lab, _ in first.predict(item.features)]
    (tmp_path / "junk.json").write_text("{}", "utf-8")
    with pytest.raises(ConfigError, match="not a warlog typer model"):
        TyperModel.load(tmp_path / "junk.json")


def test_versions_increment(coded: list[Labelled], tmp_path: Path) -> None:
    models = ModelStore(tmp_path / "typer")
    assert models.versions() == [] and models.current() is None
    model, _ = train(coded, config=TrainConfig(folds=2, steps=20))
    one, _ = models.save(model)
    two, path2 = models.save(model)
    assert (one.version, two.version) == (1, 2) and path2.name == "v2.json"
    assert models.versions() == [1, 2] and models.current_version() == 2
    models.set_current(1)
    current = models.current()
    assert current is not None and current.version == 1
    with pytest.raises(ConfigError):
        models.set_current(7)


def test_too_few_examples_or_one_label_are_refused(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = ModelStore(tmp_path)
    few = [Example(f"Soldiers attacked village number {i}.", "ASSAULT") for i in range(MIN_EXAMPLES - 2)]
    with pytest.raises(ConfigError, match="too few"):
        fit_local([*few, Example("It rained.", NONE)], nlp, store=store)
    with pytest.raises(ConfigError, match="two labels"):
        fit_local(few + few, nlp, store=store)


def test_examples_from_review_decisions(store: Store, tmp_path: Path) -> None:
    text = tmp_path / "report.txt"
    text.write_text("Gunmen kill five soldiers in northern Mali\n\nGunmen killed five soldiers at a checkpoint near "
                    "Gao on Monday, the army said. Police arrested two suspects in Bamako on Tuesday. Thousands of "
                    "people protested in Bamako against the junta on Wednesday.\n", "utf-8")
    ingest([str(text)], store)
    events = {e.evidence[0].quote: e for e in store.events(EventQuery())}
    arrest = next(e for q, e in events.items() if "arrested" in q)
    protest = next(e for q, e in events.items() if "protested" in q)
    headline = next(e for q, e in events.items() if q.startswith("Gunmen kill five"))
    review.confirm(store, arrest.event_id, author="ana")
    review.reject(store, protest.event_id, author="ana")
    review.edit(store, headline.event_id, "type", "COERCE", author="ana")
    got = {e.text: e.label for e in examples_from_review(store)}
    assert got == {arrest.evidence[0].quote: "COERCE", protest.evidence[0].quote: NONE,
                   headline.evidence[0].quote: "COERCE"}
    assert all(e.source == "review" for e in examples_from_review(store))


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARLOG_DB", str(tmp_path / "cli.db"))
    monkeypatch.delenv("WARLOG_MODELS", raising=False)
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_warlog_train_writes_v1_then_v2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    models = str(tmp_path / "models")
    code, out, err = run("train", "--acled", str(ACLED), "--gtd", str(GTD), "--models", models)
    assert code == 0, err
    assert "examples: 26" in out and "cross-validated accuracy (v1)" in out and "shipped model on the same" in out
    assert "1 row skipped" in err
    assert (tmp_path / "models" / "v1.json").exists()
    code, out, _ = run("train", "--acled", str(ACLED), "--models", models)
    assert code == 0 and "v2.json" in out and ModelStore(tmp_path / "models").versions() == [1, 2]
    saved = json.loads((tmp_path / "models" / "v2.json").read_text("utf-8"))
    assert saved["version"] == 2 and saved["meta"]["trained_on"][0]["name"] == "acled"
    code, _, err = run("train", "--acled", str(LEARN / "bad_acled.csv"), "--models", models)
    assert code == 2 and "no column" in err
    code, _, err = run("train", "--review", "--models", models)  # an empty database: nothing reviewed
    assert code == 2 and "too few" in err


def test_warlog_eval_typer_scores_each_typer(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    snippets = tmp_path / "snippets.jsonl"
    snippets.write_text("\n".join(json.dumps(r) for r in (
        {"text": "Gunmen shot dead two policemen at a checkpoint in Kano on Sunday.", "plover": ["ASSAULT/firearms"]},
        {"text": "Police arrested 14 protesters outside the parliament in Nairobi.", "plover": ["COERCE/arrest"]},
        {"text": "A strong earthquake shook the coastal city overnight, damaging buildings.", "plover": []},
    )) + "\n", "utf-8")
    assert [e.label for e in read_coded_file(snippets)] == ["ASSAULT", "COERCE", NONE]
    run("train", "--acled", str(ACLED), "--models", str(tmp_path / "m"))
    code, out, _ = run("eval-typer", str(snippets), "--models", str(tmp_path / "m"))
    assert code == 0 and "lexicon" in out and "shipped" in out and "local v1" in out and "3 sentences" in out


def test_shipped_model_and_own_examples() -> None:
    model = shipped_model()
    assert NONE in model.labels and model.meta.n_examples > 300 and model.version == 0
    assert {s.name for s in model.meta.trained_on} == {"plover-gsr", "warlog-own"}
    assert all("CC BY-SA 4.0" in s.licence for s in model.meta.trained_on)
    assert (REPO / "warlog" / "learn" / "data" / "typer.json").stat().st_size < 1_000_000
    own = examples_from_jsonl(REPO / "warlog" / "learn" / "data" / "own_examples.jsonl")
    assert len(own) >= 150 and sum(e.label == NONE for e in own) >= 35


def test_plover_gold_reads_as_examples() -> None:
    examples = examples_from_plover(shared_path("data", "plover", "PLOVER_GSR_CAMEO.json"))
    assert len(examples) > 300 and all(e.source == "plover-gsr" for e in examples)
    assert sum(e.trigger is not None for e in examples) > 300
    items = featurise(examples[:60], load_pipeline())
    report = cross_validate(items, 3, config=TrainConfig(steps=50))
    assert 0.0 < report.accuracy <= 1.0


def test_the_shipped_model_is_what_the_training_script_makes() -> None:
    """Reproducible: retraining on the PLOVER records and our own annotations gives the committed bytes
    (after a lexicon change, rerun `python scripts/train_typer.py`: the lexicon's verdict is a feature)."""
    import subprocess
    import sys

    gold = shared_path("data", "plover", "PLOVER_GSR_CAMEO.json")
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "train_typer.py"), str(gold), "--check"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def test_warlog_eval_typer_option_reads_the_gold_events(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gold = tmp_path / "g.json"
    report = tmp_path / "g.txt"
    report.write_text("Gunmen shot dead two policemen at a checkpoint in Kano on Sunday.\n", "utf-8")
    gold.write_text(json.dumps({"document": "g.txt", "events": [
        {"id": "E1", "types": ["ASSAULT/firearms", "ASSAULT"],
         "evidence": ["Gunmen shot dead two policemen at a checkpoint in Kano on Sunday."]}]}), "utf-8")
    assert [(e.label, e.text[:6]) for e in examples_from_gold(gold)] == [("ASSAULT", "Gunmen")]
    code, out, _ = run("eval", "--typer", str(gold))
    assert code == 0 and "1 gold events' quotes" in out and "lexicon" in out and "shipped" in out
