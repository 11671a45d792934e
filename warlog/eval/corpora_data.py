"""Reading the event corpora that `warlog.eval.corpora` scores against, and the type mapping.

Each corpus becomes a list of `CorpusDoc`: the text warlog is given (rebuilt from the corpus' own
sentences) and the gold event mentions with their trigger and argument offsets into that text.

- WikiEvents (KAIROS, `dev.jsonl`): every document stores its sentences as strings with token
  offsets. The file's `text` field runs sentences together without a separator, so the text is rebuilt
  from the sentence strings: a blank line (a new paragraph) where the original offsets leave a gap of
  more than one character, or where a sentence ends without terminal punctuation (a headline or a
  caption line); one space otherwise. Trigger and argument token spans map to character offsets.
- RAMS (AIDA, `dev.jsonlines`): a passage of tokenised sentences with one trigger. The tokens are
  joined back into text (no space before closing punctuation and clitics such as `'s` and `n't`,
  none after opening brackets and quotes, none around `-`: the corpus splits hyphenated words) and the
  passage is one paragraph.

The mapping table (`data/kairos_to_plover.csv`) says which PLOVER type each corpus type stands for.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MAPPING_PATH = Path(__file__).parent / "data" / "kairos_to_plover.csv"

#: Gold argument roles and the slot of a warlog event they correspond to. Other roles are not scored.
ROLE_SLOTS: dict[str, str] = {
    # who acts
    "attacker": "actor", "killer": "actor", "injurer": "actor", "jailer": "actor", "demonstrator": "actor",
    "communicator": "actor", "executioner": "actor", "investigator": "actor", "prosecutor": "actor",
    "damager": "actor", "destroyer": "actor", "damagerdestroyer": "actor", "preventer": "actor",
    "giver": "actor", "extraditer": "actor", "surrenderer": "actor", "retreater": "actor", "yielder": "actor",
    "rejecternullifier": "actor",
    # who is acted on
    "target": "recipient", "victim": "recipient", "detainee": "recipient", "recipient": "recipient",
    "defendant": "recipient",
    # where
    "place": "place",
}

#: Arguments that are pronouns are left out: the corpora's files carry no coreference to resolve them.
PRONOUNS = frozenset({
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it", "its", "they",
    "them", "their", "who", "whom", "whose", "which", "that", "this", "these", "those", "one", "himself",
    "herself", "themselves", "itself",
})

_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")


@dataclass(frozen=True, slots=True)
class TypeMapping:
    """One row of the mapping table: `plover` None means the corpus type is unmapped."""

    corpus_type: str
    plover: str | None
    mode: str | None
    note: str


@dataclass(frozen=True, slots=True)
class GoldArg:
    role: str
    start: int
    end: int
    text: str

    @property
    def slot(self) -> str | None:
        return ROLE_SLOTS.get(self.role.lower())


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One annotated event mention: its corpus type, trigger offsets into the CorpusDoc text, the
    corpus sentence it lies in (offsets too) and its arguments."""

    mention_id: str
    corpus_type: str
    start: int
    end: int
    trigger: str
    sentence: int
    args: tuple[GoldArg, ...] = ()


@dataclass(frozen=True, slots=True)
class CorpusDoc:
    key: str
    text: str
    sentences: tuple[tuple[int, int], ...]
    mentions: tuple[GoldMention, ...]

    def sentence_of(self, start: int) -> str:
        """The corpus sentence holding character `start` (the whole text if none does)."""
        for a, b in self.sentences:
            if a <= start < b:
                return self.text[a:b]
        return self.text


# --- mapping -----------------------------------------------------------------------------------------

def read_mapping(path: Path | None = None) -> dict[str, TypeMapping]:
    """The mapping table keyed by lower-case corpus type (or prefix)."""
    lines = (path or MAPPING_PATH).read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader(line for line in lines if line.strip() and not line.startswith("#"))
    out: dict[str, TypeMapping] = {}
    for row in rows:
        key = row["corpus_type"].strip().lower()
        out[key] = TypeMapping(key, row["plover_type"].strip() or None, row["mode"].strip() or None,
                               row["note"].strip())
    return out


@lru_cache(maxsize=1)
def default_mapping() -> dict[str, TypeMapping]:
    return read_mapping()


def map_type(corpus_type: str, table: dict[str, TypeMapping] | None = None) -> TypeMapping | None:
    """The row of the longest listed prefix of `corpus_type` (case-insensitive); None when no row covers
    it (unmapped as well)."""
    table = default_mapping() if table is None else table
    parts = corpus_type.strip().lower().split(".")
    while parts:
        row = table.get(".".join(parts))
        if row is not None:
            return row
        parts.pop()
    return None


def plover_of(corpus_type: str, table: dict[str, TypeMapping] | None = None) -> str | None:
    row = map_type(corpus_type, table)
    return row.plover if row else None


# --- WikiEvents --------------------------------------------------------------------------------------

def read_wikievents(path: str | Path, limit: int | None = None) -> list[CorpusDoc]:
    out: list[CorpusDoc] = []
    for record in _json_lines(Path(path)):
        out.append(wikievents_doc(record))
        if limit is not None and len(out) >= limit:
            break
    return out


def wikievents_doc(record: dict[str, Any]) -> CorpusDoc:
    """One WikiEvents record as text with gold mentions (see the module docstring for the layout)."""
    parts: list[str] = []
    pos = 0
    token_spans: list[tuple[int, int]] = []
    sentences: list[tuple[int, int]] = []
    token_sentence: list[int] = []
    prev_end: int | None = None
    prev_text = ""
    for index, (tokens, sentence) in enumerate(record["sentences"]):
        if prev_end is not None:
            gap = tokens[0][1] - prev_end if tokens else 1
            sep = "\n\n" if gap > 1 or not _TERMINAL.search(prev_text.rstrip()) else " "
            parts.append(sep)
            pos += len(sep)
        first = tokens[0][1] if tokens else 0
        for _, start, end in tokens:
            token_spans.append((pos + start - first, pos + end - first))
            token_sentence.append(index)
        sentences.append((pos, pos + len(sentence)))
        parts.append(sentence)
        pos += len(sentence)
        prev_end = tokens[-1][2] if tokens else prev_end
        prev_text = sentence
    text = "".join(parts)

    def span(start: int, end: int) -> tuple[int, int]:
        return token_spans[start][0], token_spans[max(start, end - 1)][1]

    entities = {e["id"]: e for e in record.get("entity_mentions", [])}
    mentions: list[GoldMention] = []
    for ev in record.get("event_mentions", []):
        trig = ev["trigger"]
        a, b = span(trig["start"], trig["end"])
        args: list[GoldArg] = []
        for arg in ev.get("arguments", []):
            ent = entities.get(arg.get("entity_id", ""))
            if ent is None:
                continue
            s, e = span(ent["start"], ent["end"])
            args.append(GoldArg(arg["role"], s, e, text[s:e]))
        mentions.append(GoldMention(ev["id"], ev["event_type"], a, b, text[a:b], token_sentence[trig["start"]],
                                    tuple(args)))
    return CorpusDoc(record["doc_id"], text, tuple(sentences), tuple(mentions))


# --- RAMS --------------------------------------------------------------------------------------------

_NO_SPACE_BEFORE = frozenset({"-", ".", ",", ":", ";", "!", "?", "%", ")", "]", "}", "'s", "’s", "n't", "n’t", "'re",
                              "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m", "''", "”", "...", "…"})
_NO_SPACE_AFTER = frozenset({"-", "(", "[", "{", "$", "``", "“", "#"})
_QUOTES = {"``": "\u201c", "''": "\u201d"}


def detokenize(tokens: Sequence[str], start: int = 0) -> tuple[str, list[tuple[int, int]]]:
    """Tokens joined into readable text, with each token's (start, end) offset (plus `start`)."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = start
    glue = True
    open_quote = False
    for tok in tokens:
        text = _QUOTES.get(tok, tok)
        attach = tok in _NO_SPACE_BEFORE
        if tok == '"':
            attach = open_quote
            open_quote = not open_quote
        if parts and not glue and not attach:
            parts.append(" ")
            pos += 1
        spans.append((pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
        glue = tok in _NO_SPACE_AFTER or (tok == '"' and open_quote)
    return "".join(parts), spans


def read_rams(path: str | Path, limit: int | None = None) -> list[CorpusDoc]:
    out: list[CorpusDoc] = []
    for record in _json_lines(Path(path)):
        out.append(rams_doc(record))
        if limit is not None and len(out) >= limit:
            break
    return out


def rams_doc(record: dict[str, Any]) -> CorpusDoc:
    """One RAMS passage as one paragraph of text, with its trigger and arguments."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    token_sentence: list[int] = []
    sentences: list[tuple[int, int]] = []
    pos = 0
    for index, tokens in enumerate(record["sentences"]):
        if parts:
            parts.append(" ")
            pos += 1
        text, tok_spans = detokenize(tokens, pos)
        spans.extend(tok_spans)
        token_sentence.extend([index] * len(tok_spans))
        sentences.append((pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    text = "".join(parts)

    def span(first: int, last: int) -> tuple[int, int]:  # RAMS spans are inclusive token ranges
        return spans[first][0], spans[last][1]

    mentions: list[GoldMention] = []
    for n, (first, last, labels) in enumerate(record.get("evt_triggers", [])):
        corpus_type = labels[0][0]
        a, b = span(first, last)
        args = []
        for trigger, arg, role in record.get("gold_evt_links", []):
            if tuple(trigger) != (first, last):
                continue
            s, e = span(arg[0], arg[1])
            args.append(GoldArg(_rams_role(role), s, e, text[s:e]))
        mentions.append(GoldMention(f"{record['doc_key']}-E{n + 1}", corpus_type, a, b, text[a:b],
                                    token_sentence[first], tuple(args)))
    return CorpusDoc(record["doc_key"], text, tuple(sentences), tuple(mentions))


def _rams_role(role: str) -> str:
    """`evt089arg01victim` -> `victim`."""
    m = re.match(r"evt\d+arg\d+(.+)$", role)
    return m.group(1) if m else role


def _json_lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                if isinstance(record, dict):
                    yield record
