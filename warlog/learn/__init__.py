"""The learned event typer: a small calibrated classifier of sentences into PLOVER types (or NONE,
no codable event), next to the trigger lexicon (warlog.vocab.typer).

    from warlog.learn import shipped_model, learned_typer, fit_local
    model = shipped_model()
    predict = learned_typer(model, nlp)        # sentence -> (type or None, [])
    result = fit_local(examples, nlp, store=ModelStore.open())

Modules: `features` (sparse features from spaCy tokens), `model` (the classifier, its training,
cross-validation and calibration), `training` (readers of coded data: PLOVER records, ACLED and
GTD exports, review decisions, own annotations), `store` (the shipped model and the user's
versioned models). `warlog train` and `warlog eval-typer` are the command-line shell over it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .features import span_features, text_features
from .model import NONE, CrossValidation, Labelled, TrainConfig, TyperModel, train
from .store import ModelStore, shipped_model
from .training import Example, featurise, sources_of

__all__ = ["MIN_EXAMPLES", "NONE", "Example", "LocalFit", "ModelStore", "TyperModel", "accuracy_of",
           "fit_local", "learned_typer", "shipped_model", "span_features", "text_features"]

#: Fewest examples `fit_local` trains on.
MIN_EXAMPLES = 10


def learned_typer(model: TyperModel, nlp: Any) -> Callable[[str], tuple[str | None, list[str]]]:
    """A predictor in warlog.vocab.plover_eval's shape: sentence -> (PLOVER type, or None for NONE;
    no modes)."""
    def predict(sentence: str) -> tuple[str | None, list[str]]:
        label, _ = model.best(text_features(sentence, nlp))
        return (None if label == NONE else label), []

    return predict


def accuracy_of(model: TyperModel, items: Sequence[Labelled]) -> float:
    """The share of items whose most probable label under `model` is their label."""
    if not items:
        return 0.0
    return sum(model.best(item.features)[0] == item.label for item in items) / len(items)


@dataclass(frozen=True, slots=True)
class LocalFit:
    """What `fit_local` did: the saved model and its path, its cross-validation, and the shipped
    model's accuracy on the same examples (None when there is no shipped model)."""

    model: TyperModel
    path: Path
    report: CrossValidation
    shipped_accuracy: float | None
    n_examples: int


def check_trainable(examples: Sequence[Example]) -> None:
    labels = {e.label for e in examples}
    if len(examples) < MIN_EXAMPLES:
        raise ConfigError(f"{len(examples)} coded sentences are too few to fit a typer (at least {MIN_EXAMPLES}); "
                          "review more events, or add --acled / --gtd exports or --with-shipped-data")
    if len(labels) < 2:
        raise ConfigError(f"every coded sentence has the label {next(iter(labels))}; a typer needs two labels "
                          "at least (reject some events, or add --with-shipped-data)")


def fit_local(examples: Sequence[Example], nlp: Any, *, store: ModelStore, created: str | None = None,
              config: TrainConfig | None = None) -> LocalFit:
    """Fit a typer on the user's examples, save it as the next version in `store` and make it
    current. Raises ConfigError when there are too few examples or one label only."""
    check_trainable(examples)
    items = featurise(examples, nlp)
    model, report = train(items, sources=sources_of(examples),
                          created=created or dt.date.today().isoformat(), config=config or TrainConfig())
    saved, path = store.save(model)
    try:
        shipped: float | None = accuracy_of(shipped_model(), items)
    except ConfigError:
        shipped = None
    return LocalFit(saved, path, report, shipped, len(items))
