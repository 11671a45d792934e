"""The learned event typer: multinomial logistic regression over sparse sentence features
(warlog.learn.features), with a calibration temperature, in numpy alone.

    model, report = train(items, sources=..., created="2025-01-01")
    model.predict(features)        # [(label, probability), ...], most probable first
    model.save(path); TyperModel.load(path)

Labels are PLOVER event types plus NONE (no codable event). Training is full-batch Adam on the mean
cross-entropy with an L2 penalty, from zero weights: deterministic, and seconds for a few thousand
sentences. The temperature is the one that minimises the negative log-likelihood of k-fold
cross-validated predictions (each sentence scored by a model that did not see it); `cross_validate`
returns those held-out figures. Saved models are JSON, written deterministically (sorted, rounded,
near-zero weights pruned).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from .features import FEATURE_SCHEME

NONE = "NONE"
MODEL_FORMAT = 1
_DECIMALS = 4

__all__ = ["NONE", "CrossValidation", "LabelScore", "Labelled", "ModelMeta", "SourceInfo", "TrainConfig",
           "TyperModel", "cross_validate", "fit", "fit_temperature", "train"]


@dataclass(frozen=True, slots=True)
class Labelled:
    """One training sentence as the model sees it: its features and its label."""

    features: tuple[str, ...]
    label: str


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Where training sentences came from, under which licence, and how many."""

    name: str
    licence: str
    n_examples: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "licence": self.licence, "n_examples": self.n_examples}


@dataclass(frozen=True, slots=True)
class ModelMeta:
    trained_on: tuple[SourceInfo, ...] = ()
    n_examples: int = 0
    created: str = ""
    feature_scheme: str = FEATURE_SCHEME
    cv_accuracy: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"trained_on": [s.to_dict() for s in self.trained_on], "n_examples": self.n_examples,
                "created": self.created, "feature_scheme": self.feature_scheme,
                "cv_accuracy": None if self.cv_accuracy is None else round(self.cv_accuracy, _DECIMALS)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelMeta:
        sources = tuple(SourceInfo(str(s["name"]), str(s["licence"]), int(s["n_examples"]))
                        for s in data.get("trained_on", ()))
        cv = data.get("cv_accuracy")
        return cls(sources, int(data.get("n_examples", 0)), str(data.get("created", "")),
                   str(data.get("feature_scheme", "")), None if cv is None else float(cv))


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Optimiser settings. `l2` is the penalty on the squared weights (added to the mean loss);
    `prune` drops saved weights smaller than it in absolute value."""

    l2: float = 1e-3
    steps: int = 250
    learning_rate: float = 0.1
    prune: float = 0.02
    folds: int = 5
    seed: int = 13


@dataclass(frozen=True, slots=True)
class TyperModel:
    """A trained typer. `weights[feature]` holds (label index, weight) pairs for the labels whose
    weight is not negligible; `biases` one per label; `temperature` divides the scores before the
    softmax; `version` is the model's number in the user's model store (0: the shipped model)."""

    labels: tuple[str, ...]
    weights: Mapping[str, tuple[tuple[int, float], ...]]
    biases: tuple[float, ...]
    temperature: float = 1.0
    version: int = 0
    meta: ModelMeta = field(default_factory=ModelMeta)

    def scores(self, features: Iterable[str]) -> list[float]:
        """Unscaled scores (logits), one per label."""
        out = list(self.biases)
        for f in features:
            for j, w in self.weights.get(f, ()):
                out[j] += w
        return out

    def predict(self, features: Iterable[str]) -> list[tuple[str, float]]:
        """Every label with its calibrated probability, most probable first."""
        probs = _softmax(np.asarray(self.scores(features)) / self.temperature)
        ranked = sorted(zip(self.labels, probs.tolist(), strict=True), key=lambda lp: (-lp[1], lp[0]))
        return [(label, float(p)) for label, p in ranked]

    def best(self, features: Iterable[str]) -> tuple[str, float]:
        return self.predict(features)[0]

    def with_version(self, version: int) -> TyperModel:
        return replace(self, version=version)

    def to_dict(self) -> dict[str, Any]:
        return {"format": MODEL_FORMAT, "version": self.version, "labels": list(self.labels),
                "biases": [round(b, _DECIMALS) for b in self.biases],
                "temperature": round(self.temperature, _DECIMALS), "meta": self.meta.to_dict(),
                "weights": {f: [[j, round(w, _DECIMALS)] for j, w in pairs]
                            for f, pairs in sorted(self.weights.items())}}

    def to_json(self) -> str:
        """The model as JSON: the same model always gives the same text (one weight row a line)."""
        data = self.to_dict()
        weights = data.pop("weights")
        head = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        rows = [f"{json.dumps(f, ensure_ascii=False)}:{json.dumps(pairs, separators=(',', ':'))}"
                for f, pairs in weights.items()]
        return head[:-1] + ',"weights":{\n' + ",\n".join(rows) + "\n}}\n"

    def save(self, path: Path | str) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_text(self.to_json(), "utf-8")
        tmp.replace(target)
        return target

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TyperModel:
        if data.get("format") != MODEL_FORMAT:
            raise ConfigError(f"typer model format {data.get('format')!r} is not {MODEL_FORMAT}; "
                              "retrain it with `warlog train`")
        meta = ModelMeta.from_dict(data.get("meta", {}))
        if meta.feature_scheme != FEATURE_SCHEME:
            raise ConfigError(f"typer model uses features {meta.feature_scheme!r}, this warlog makes "
                              f"{FEATURE_SCHEME!r}; retrain it with `warlog train`")
        weights = {str(f): tuple((int(j), float(w)) for j, w in pairs) for f, pairs in data["weights"].items()}
        return cls(tuple(str(x) for x in data["labels"]), weights, tuple(float(b) for b in data["biases"]),
                   float(data["temperature"]), int(data.get("version", 0)), meta)

    @classmethod
    def load(cls, path: Path | str) -> TyperModel:
        try:
            data = json.loads(Path(path).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read the typer model {path}: {exc}; retrain it with `warlog train` "
                              "or remove the file") from None
        if not isinstance(data, dict) or "weights" not in data or "labels" not in data:
            raise ConfigError(f"{path} is not a warlog typer model; retrain it with `warlog train`")
        return cls.from_dict(data)


# -- training -------------------------------------------------------------------------------------------

def _softmax(z: Any) -> Any:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True, slots=True)
class _Design:
    """A sparse binary design matrix: for each non-zero, its row and its column."""

    rows: Any
    cols: Any
    n_rows: int
    n_cols: int

    def times(self, w: Any) -> Any:
        picked = w[self.cols]
        return np.stack([np.bincount(self.rows, weights=picked[:, j], minlength=self.n_rows)
                         for j in range(w.shape[1])], axis=1)

    def transpose_times(self, g: Any) -> Any:
        picked = g[self.rows]
        return np.stack([np.bincount(self.cols, weights=picked[:, j], minlength=self.n_cols)
                         for j in range(g.shape[1])], axis=1)


def _design(items: Sequence[Labelled], index: Mapping[str, int]) -> _Design:
    rows: list[int] = []
    cols: list[int] = []
    for r, item in enumerate(items):
        for f in item.features:
            c = index.get(f)
            if c is not None:
                rows.append(r)
                cols.append(c)
    return _Design(np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), len(items), len(index))


def fit(items: Sequence[Labelled], labels: Sequence[str], config: TrainConfig = TrainConfig()) -> TyperModel:
    """Fit weights and biases on `items` for `labels` (temperature 1, version 0, empty metadata)."""
    index = {f: k for k, f in enumerate(sorted({f for item in items for f in item.features}))}
    x = _design(items, index)
    label_index = {lab: k for k, lab in enumerate(labels)}
    y = np.zeros((len(items), len(labels)))
    y[np.arange(len(items)), [label_index[item.label] for item in items]] = 1.0
    w = np.zeros((len(index), len(labels)))
    b = np.zeros(len(labels))
    moments = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    n = max(len(items), 1)
    for step in range(1, config.steps + 1):
        g = (_softmax(x.times(w) + b) - y) / n
        grads = (x.transpose_times(g) + config.l2 * w, g.sum(axis=0))
        for k, (param, grad) in enumerate(zip((w, b), grads, strict=True)):
            m, v = moments[2 * k], moments[2 * k + 1]
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            param -= config.learning_rate * (m / (1 - beta1 ** step)) / (np.sqrt(v / (1 - beta2 ** step)) + eps)
    features = sorted(index)
    weights: dict[str, tuple[tuple[int, float], ...]] = {}
    for f in features:
        row = w[index[f]]
        pairs = tuple((j, round(float(row[j]), _DECIMALS)) for j in range(len(labels))
                      if abs(row[j]) >= config.prune)
        if pairs:
            weights[f] = pairs
    # rounded as saved, so that a model and the same model loaded back predict alike
    return TyperModel(tuple(labels), weights, tuple(round(float(v), _DECIMALS) for v in b))


def _nll(logits: Any, gold: Any, temperature: float) -> float:
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(z).sum(axis=1))
    return float(np.mean(log_norm - z[np.arange(len(gold)), gold]))


def fit_temperature(logits: Any, gold: Any) -> float:
    """The temperature in [0.05, 20] that minimises the mean negative log-likelihood of `gold` (label
    indices) under softmax(logits / T): golden-section search on log T."""
    if len(gold) == 0:
        return 1.0
    lo, hi = math.log(0.05), math.log(20.0)
    ratio = (math.sqrt(5) - 1) / 2
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = _nll(logits, gold, math.exp(a)), _nll(logits, gold, math.exp(b))
    for _ in range(60):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = _nll(logits, gold, math.exp(a))
        else:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = _nll(logits, gold, math.exp(b))
    return round(math.exp((lo + hi) / 2), _DECIMALS)


@dataclass(frozen=True, slots=True)
class LabelScore:
    """Held-out figures for one label: gold sentences, those predicted right, sentences predicted
    with it (precision = correct / predicted)."""

    label: str
    n: int
    correct: int
    predicted: int

    @property
    def recall(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """k-fold cross-validated figures: accuracy, per-label scores, the temperature fitted on the
    held-out scores and the held-out NLL at that temperature; `predictions` the held-out label of
    each item, in input order."""

    k: int
    n: int
    accuracy: float
    per_label: tuple[LabelScore, ...]
    temperature: float
    nll: float
    predictions: tuple[str, ...] = ()

    def format(self) -> str:
        lines = [f"{self.k}-fold cross-validated accuracy {self.accuracy:.3f} on {self.n} examples "
                 f"(temperature {self.temperature:.2f}, held-out NLL {self.nll:.3f})",
                 f"  {'label':<10} {'n':>4} {'recall':>7} {'precision':>9}"]
        lines += [f"  {s.label:<10} {s.n:>4} {s.recall:>7.2f} {s.precision:>9.2f}" for s in self.per_label]
        return "\n".join(lines)


def folds_of(items: Sequence[Labelled], k: int, seed: int) -> list[int]:
    """A fold number for each item: stratified by label (each label's items shuffled with `seed`
    and dealt round the folds)."""
    rng = np.random.default_rng(seed)
    out = [0] * len(items)
    by_label: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_label.setdefault(item.label, []).append(i)
    offset = 0
    for label in sorted(by_label):
        members = by_label[label]
        order = rng.permutation(len(members))
        for pos, m in enumerate(order):
            out[members[int(m)]] = (offset + pos) % k
        offset += len(members)
    return out


def cross_validate(items: Sequence[Labelled], k: int = 5, *, labels: Sequence[str] | None = None,
                   config: TrainConfig = TrainConfig()) -> CrossValidation:
    """Train on k-1 folds, score the k-th, for each fold; the temperature is fitted on all the
    held-out scores."""
    labs = list(labels) if labels is not None else sorted({item.label for item in items})
    k = max(2, min(k, len(items)))
    fold = folds_of(items, k, config.seed)
    logits = np.zeros((len(items), len(labs)))
    for f in range(k):
        train_items = [it for it, g in zip(items, fold, strict=True) if g != f]
        model = fit(train_items, labs, config)
        for i, (item, g) in enumerate(zip(items, fold, strict=True)):
            if g == f:
                logits[i] = model.scores(item.features)
    gold = np.asarray([labs.index(item.label) for item in items])
    temperature = fit_temperature(logits, gold)
    predicted = [labs[int(j)] for j in logits.argmax(axis=1)]
    made = Counter(predicted)
    right = Counter(p for p, item in zip(predicted, items, strict=True) if p == item.label)
    n_gold = Counter(item.label for item in items)
    per_label = tuple(LabelScore(lab, n_gold[lab], right[lab], made[lab]) for lab in labs if n_gold[lab] or made[lab])
    accuracy = sum(right.values()) / len(items) if items else 0.0
    return CrossValidation(k, len(items), accuracy, per_label, temperature, _nll(logits, gold, temperature),
                           tuple(predicted))


def train(items: Sequence[Labelled], *, sources: Sequence[SourceInfo] = (), created: str = "",
          labels: Sequence[str] | None = None, config: TrainConfig = TrainConfig()
          ) -> tuple[TyperModel, CrossValidation]:
    """Cross-validate (for the figures and the temperature), then fit on every item. The labels are
    those of the items (sorted, NONE last) unless given."""
    labs = list(labels) if labels is not None else _label_order({item.label for item in items})
    report = cross_validate(items, config.folds, labels=labs, config=config)
    model = fit(items, labs, config)
    meta = ModelMeta(tuple(sources), len(items), created, FEATURE_SCHEME, round(report.accuracy, _DECIMALS))
    return replace(model, temperature=report.temperature, meta=meta), report


def _label_order(labels: Iterable[str]) -> list[str]:
    return sorted(labels, key=lambda lab: (lab == NONE, lab))
