"""Faster stand-ins for two of the English model's pure-Python components, giving the same annotations.

Timed per component over 150 documents of ~700 words (en_core_web_sm 3.8.0, one core): the
`attribute_ruler` took 18.8 ms a document, as long as the dependency parser. It runs spaCy's generic
Matcher over 179 one- and two-token patterns (tag → POS and morphology, a few lemma exceptions) and
then builds a Span and sets attributes once per match, several times per token. `FastAttributeRuler`
reads the same patterns, indexes them by the tag, lower-case form and dependency they require, finds
each token's rules from arrays, and sets each token's merged attributes once (later rules win, as in
spaCy, which applies matches in the order the patterns were added). `FastLemmatizer` asks the model's
own lemmatizer, but once per (form, POS, morphology): spaCy's caches only the rule-based branch, so
every singular noun and base verb is analysed again.

Both are checked against the originals token by token on real news text (tests/test_nlp_fast.py), and
`accelerate` leaves any model whose components it does not recognise as it is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, cast

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_ATTRS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_COLUMN = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


class _Predicate:
    """One token pattern: each attribute's accepted hashes (or rejected ones, or a regex)."""

    __slots__ = ("checks",)

    def __init__(self, token: dict[str, Any], strings: Any) -> None:
        self.checks: list[tuple[int, str, Any]] = []
        for name, value in token.items():
            if name not in _ATTRS:
                raise ValueError(f"unsupported attribute {name!r}")
            col = _COLUMN[name]
            if name == "IS_SPACE":
                self.checks.append((col, "eq", int(bool(value))))
            elif isinstance(value, str):
                self.checks.append((col, "eq", strings.add(value)))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                self.checks.append((col, "in", frozenset(strings.add(v) for v in value["IN"])))
            elif isinstance(value, dict) and set(value) == {"NOT_IN"}:
                self.checks.append((col, "not_in", frozenset(strings.add(v) for v in value["NOT_IN"])))
            elif isinstance(value, dict) and set(value) == {"REGEX"}:
                self.checks.append((col, "regex", re.compile(value["REGEX"])))
            else:
                raise ValueError(f"unsupported pattern value {value!r}")

    def accepts(self, row: tuple[int, ...], strings: Any) -> bool:
        for col, op, want in self.checks:
            v = row[col]
            if op == "eq":
                ok = v == want
            elif op == "in":
                ok = v in want
            elif op == "not_in":
                ok = v not in want
            else:
                ok = want.search(strings[v]) is not None
            if not ok:
                return False
        return True

    def anchor(self) -> tuple[int, tuple[int, ...]] | None:
        """A column and the values one of which a token must have (for the index), if any."""
        for col in (1, 0, 2):  # the lower-case form is the most selective
            for c, op, want in self.checks:
                if c == col and op == "eq":
                    return col, (want,)
                if c == col and op == "in":
                    return col, tuple(want)
        return None


class FastAttributeRuler:
    """Applies an AttributeRuler's patterns without the Matcher (see the module docstring)."""

    def __init__(self, ruler: Any) -> None:
        strings = ruler.vocab.strings
        self.vocab = ruler.vocab
        self.attrs: list[dict[int, Any]] = list(ruler.attrs)  # normalised attributes by rule order
        # (rule order, token predicates, target offset)
        self.rules: list[tuple[int, list[_Predicate], int]] = []
        for order, p in enumerate(ruler.patterns):
            for pattern in p["patterns"]:
                preds = [_Predicate(tok, strings) for tok in pattern]
                index = p["index"] if p["index"] >= 0 else len(pattern) + p["index"]
                if not 0 <= index < len(pattern):
                    raise ValueError(f"pattern {order} targets token {p['index']} of {len(pattern)}")
                self.rules.append((order, preds, index))
        # one-token rules depend on the token alone: their result is remembered per (tag, lower, dep,
        # space); the few longer ones are looked up through an index on their first token
        self.single = [k for k, r in enumerate(self.rules) if len(r[1]) == 1]
        self.index: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.unindexed: list[int] = []
        for k, (_, preds, _) in enumerate(self.rules):
            if len(preds) == 1:
                continue
            anchor = preds[0].anchor()
            if anchor is None:
                self.unindexed.append(k)
            else:
                for v in anchor[1]:
                    self.index[(anchor[0], v)].append(k)
        self._row_hits: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict[int, Any]] = {}

    def _single(self, row: tuple[int, ...]) -> tuple[int, ...]:
        found = self._row_hits.get(row)
        if found is None:
            strings = self.vocab.strings
            found = tuple(self.rules[k][0] for k in self.single if self.rules[k][1][0].accepts(row, strings))
            if len(self._row_hits) < 200_000:
                self._row_hits[row] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        rows = [tuple(r) for r in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        n = len(rows)
        strings = self.vocab.strings
        orders = [self._single(row) for row in rows]  # rule orders per target token
        index, rules, unindexed = self.index, self.rules, self.unindexed
        for i, row in enumerate(rows):
            cands = (*index.get((0, row[0]), ()), *index.get((1, row[1]), ()), *index.get((2, row[2]), ()),
                     *unindexed)
            for k in cands:
                order, preds, target = rules[k]
                if i + len(preds) <= n and all(p.accepts(rows[i + j], strings) for j, p in enumerate(preds)):
                    orders[i + target] = tuple(sorted({*orders[i + target], order}))
        merged_of = self._merged
        for i, key in enumerate(orders):
            if not key:
                continue
            merged = merged_of.get(key)
            if merged is None:
                merged = merged_of[key] = {}
                for o in key:
                    merged.update(self.attrs[o])
            set_token_attrs(doc[i], merged)
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


class FastLemmatizer:
    """The model's rule lemmatizer, asked once per (form, POS, morphology); tokens that already have
    a lemma (from the attribute ruler) keep it, as with `overwrite = False`."""

    def __init__(self, lemmatizer: Any, max_cache: int = 500_000) -> None:
        self.inner = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}
        self.max_cache = max_cache

    def __call__(self, doc: Doc) -> Doc:
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        out = arr[:, 3].copy()
        strings = doc.vocab.strings
        cache = self.cache
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            h = cache.get(key)
            if h is None:
                h = strings.add(self.inner.lemmatize(doc[i])[0])
                if len(cache) < self.max_cache:
                    cache[key] = h
            out[i] = h
        doc.from_array([LEMMA], out)  # type: ignore[arg-type]  # a column of hashes, as to_array gave
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


@Language.factory("warlog_fast_attribute_ruler")
def _make_attribute_ruler(nlp: Language, name: str) -> Any:
    return _Pending()


@Language.factory("warlog_fast_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str) -> Any:
    return _Pending()


class _Pending:
    """What the factories return; `accelerate` gives it the fast implementation and the original
    component, whose other attributes (a lemmatizer's `lookups`, say) it passes through."""

    impl: Any = None
    original: Any = None

    def __getattr__(self, name: str) -> Any:
        if name in ("impl", "original") or self.original is None:
            raise AttributeError(name)
        return getattr(self.original, name)

    def __call__(self, doc: Doc) -> Doc:
        return self.impl(doc)  # type: ignore[no-any-return]

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        return self.impl.pipe(docs, batch_size=batch_size)


def accelerate(nlp: Language) -> list[str]:
    """Swap the model's attribute ruler and rule lemmatizer for the fast equivalents, when the model has
    them in the form these understand; returns the names swapped."""
    done = []
    if "attribute_ruler" in nlp.pipe_names:
        old = nlp.get_pipe("attribute_ruler")
        try:
            impl: Any = FastAttributeRuler(old)
        except ValueError:
            impl = None  # a pattern form this does not handle: keep the original
        if impl is not None:
            _swap(nlp, "attribute_ruler", "warlog_fast_attribute_ruler", impl, old)
            done.append("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names:
        old = nlp.get_pipe("lemmatizer")
        if getattr(old, "mode", None) == "rule" and not getattr(old, "overwrite", True):
            _swap(nlp, "lemmatizer", "warlog_fast_lemmatizer", FastLemmatizer(old), old)
            done.append("lemmatizer")
    return done


def _swap(nlp: Language, name: str, factory: str, impl: Any, original: Any) -> None:
    stand_in = cast(_Pending, nlp.replace_pipe(name, factory))
    stand_in.impl, stand_in.original = impl, original
