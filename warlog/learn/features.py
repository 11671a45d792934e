"""Sparse features of one event sentence, read from spaCy tokens, for the learned typer
(warlog.learn.model).

Every feature is a string; a sentence gives a set of them:

    w=kill          lowercased lemma of a word (numbers: `#num`; words inside a named entity: `@GPE`,
                    `@ORG`, ...; punctuation and determiners are left out)
    b=kill_#num     two consecutive kept words
    ent=NORP        a named-entity label present in the sentence
    pred=kill       a predicate: the sentence root, and the clausal complements and conjuncts of the
                    root ("police said gunmen killed ..." gives pred=say and pred=kill)
    pred.dobj=civilian, pred.neg, pred.aux=will
                    the predicates' arguments by dependency label, their negation and auxiliaries
    trig=kill       with a trigger token: its lemma, part of speech (`trig.pos=VERB`), dependency
                    label (`trig.dep=ROOT`), head lemma (`trig.head=say`) and each child as
                    `<dep>=<lemma>` (`dobj=civilian`, `nsubj=gunman`)

    lex=ASSAULT     the type the trigger lexicon chooses for the sentence (warlog.vocab.typer.choose;
                    `lex=NONE` when it finds none), `lexm=<type>` each trigger match's type and
                    `lexmode=<mode>` the chosen first mode: the learned model weighs the lexicon's
                    verdict against the words around it (distractors, aggregates, metaphors)

`FEATURE_SCHEME` names this scheme; a saved model records the scheme it was trained with, and a
model of another scheme is refused when loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any

from ..vocab import Vocabulary, load_vocabulary
from ..vocab.matching import find_triggers
from ..vocab.typer import choose

FEATURE_SCHEME = "warlog-typer-features-1+lexicon"

_SKIP_POS = frozenset({"PUNCT", "DET", "SPACE", "SYM", "X"})
_PREDICATE_DEPS = frozenset({"ccomp", "xcomp", "conj", "advcl", "parataxis"})
_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr", "agent", "acomp", "prt", "oprd",
                       "npadvmod", "compound"})
_MAX_PREDICATES = 4


def _word(token: Any) -> str | None:
    """The form a token contributes to the bag of words, or None for one left out."""
    if str(token.pos_) in _SKIP_POS or token.is_space:
        return None
    if token.like_num or str(token.pos_) == "NUM":
        return "#num"
    if token.ent_type_ and str(token.pos_) == "PROPN":
        return "@" + str(token.ent_type_)
    lemma = str(token.lemma_ or token.text).lower().strip()
    return lemma or None


def _lemma(token: Any) -> str:
    """A token's lemma for structural features (numbers and names generalised as in `_word`)."""
    return _word(token) or str(token.lemma_ or token.text).lower()


def _bag(tokens: Sequence[Any]) -> list[str]:
    words = [w for w in (_word(t) for t in tokens) if w is not None]
    out = [f"w={w}" for w in words]
    out += [f"b={a}_{b}" for a, b in pairwise(words)]
    out += [f"ent={t.ent_type_}" for t in tokens if t.ent_type_ and t.ent_iob_ == "B"]
    return out


def _predicates(tokens: Sequence[Any]) -> list[Any]:
    """The roots of the sentences the tokens cover and, for each, the verbs that hang from it as
    clausal complements, conjuncts or adverbial clauses (first _MAX_PREDICATES in all)."""
    positions = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i == t.i or t.head.i not in positions]
    out: list[Any] = []
    for root in roots:
        out.append(root)
        out += [c for c in root.children if str(c.dep_) in _PREDICATE_DEPS and str(c.pos_) in ("VERB", "AUX", "NOUN")]
    return out[:_MAX_PREDICATES]


def _around(token: Any, prefix: str) -> list[str]:
    """The features of a token's neighbourhood: its arguments by dependency label, negation and
    auxiliaries, each prefixed (`pred.dobj=civilian`, or `dobj=civilian` with an empty prefix)."""
    out: list[str] = []
    for child in token.children:
        dep = str(child.dep_)
        if dep == "neg":
            out.append(f"{prefix}neg")
        elif dep in ("aux", "auxpass") or dep in _ARG_DEPS:
            out.append(f"{prefix}{dep}={_lemma(child)}")
        elif dep == "prep":
            objects = [g for g in child.children if str(g.dep_) == "pobj"]
            out += [f"{prefix}{_lemma(child)}={_lemma(g)}" for g in objects]
    return out


def _trigger_features(token: Any) -> list[str]:
    out = [f"trig={_lemma(token)}", f"trig.pos={token.pos_}", f"trig.dep={token.dep_}"]
    if token.head.i != token.i:
        out.append(f"trig.head={_lemma(token.head)}")
    out += _around(token, "")
    return out


def _lexicon_features(tokens: Sequence[Any], vocab: Vocabulary) -> list[str]:
    matches = find_triggers(tokens, vocab)
    chosen, modes = choose(tokens, matches, vocab)
    out = [f"lex={chosen or 'NONE'}"]
    out += [f"lexm={m.trigger.type}" for m in matches if not m.instrument]
    out += [f"lexmode={mode}" for mode in modes[:1]]
    return out


def span_features(span: Any, trigger: int | None = None, *, vocab: Vocabulary | None = None) -> list[str]:
    """The features of a spaCy Span or Doc (one sentence, or a short passage); `trigger` is the
    index of the trigger token in the span (0 = its first token), if one is known; `vocab` the
    vocabulary whose lexicon gives the `lex` features (default: warlog's). Sorted, each once."""
    tokens = list(span)
    feats = _bag(tokens) + _lexicon_features(tokens, vocab or load_vocabulary())
    for pred in _predicates(tokens):
        feats.append(f"pred={_lemma(pred)}")
        feats += _around(pred, "pred.")
    if trigger is not None and 0 <= trigger < len(tokens):
        feats += _trigger_features(tokens[trigger])
    return sorted(set(feats))


def find_trigger(span: Any, trigger: str | None) -> int | None:
    """The index in the span of the first token whose text or lemma is the trigger's first word
    (case-insensitive), or None."""
    if not trigger or not trigger.split():
        return None
    word = trigger.split()[0].lower()
    for k, token in enumerate(span):
        if str(token.text).lower() == word or str(token.lemma_).lower() == word:
            return k
    return None


def text_features(text: str, nlp: Any, trigger: str | None = None) -> list[str]:
    """Parse `text` with `nlp` (a spaCy Language, e.g. warlog.nlp.load_pipeline()) and return its
    features; `trigger` is the trigger word as written in the text (its first word is looked up)."""
    doc = nlp(text)
    return span_features(doc, find_trigger(doc, trigger))


def texts_features(items: Iterable[tuple[str, str | None]], nlp: Any, batch_size: int = 64) -> list[list[str]]:
    """Features of many (text, trigger) pairs, parsed together with nlp.pipe."""
    pairs = list(items)
    docs = nlp.pipe((text for text, _ in pairs), batch_size=batch_size)
    return [span_features(doc, find_trigger(doc, trig)) for doc, (_, trig) in zip(docs, pairs, strict=True)]
