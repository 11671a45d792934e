"""Name normalisation for the gazetteer: the same functions build the index and query it.

Three keys are derived from a place name:

* :func:`normalise` (the *key*): unidecode, casefold, apostrophes dropped, dots dropped ("U.S." → "us"),
  other punctuation and hyphens to spaces, Arabic articles dropped wherever they stand before another
  word ("Tal al-Afar" → "tal afar"; the sun-letter forms ``an-``, ``as-``, ``ad-`` … only before the
  letter they assimilate to: "An Najaf" → "najaf", "An Loc" stays), a leading "the" dropped. Type
  words ("province", "county", "city" …) are kept.
* :func:`strip_type_words` removes one leading or trailing type word ("Wasit province" → "wasit",
  "City of London" → "london") and says which kind of place the word points to (a *hint*).
* :func:`skeleton`: a looser key for transliteration variants: spaces removed, q→k, dh→d, kh→k,
  th→t, gh→g, sh→s, ph→f, c→k, z→s, final h dropped, vowels folded to the three of Arabic
  transliteration (ou/oo/o/w → u; ee/ay/ai/ei/ey/e/y → i: "Bayt" = "Beit"), doubled letters
  collapsed ("Dhi Qhar" and "Dhi Qar" both give "dikar").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

from ..vocab import load_vocabulary

# Arabic definite article: "al"/"el" before any word; its sun-letter forms ("an-Najaf", "as Sulaymaniyah",
# "ad-Diwaniyah") only before a word that starts with the letter they assimilate to, so English words
# ("An Loc", "As Is") stay. A leading "the" goes too.
ARTICLES: frozenset[str] = frozenset({"al", "el"})
SUN_ARTICLES: dict[str, str] = {
    "ad": "d",
    "adh": "dh",
    "an": "n",
    "ar": "r",
    "as": "s",
    "ash": "sh",
    "at": "t",
    "ath": "th",
    "az": "z",
}

# Type words → the kind of place they point to (warlog/vocab/data/place_types.csv, read through
# warlog.vocab). "region"/"area" point to no kind: they mark a place described loosely (ACLED precision 2)
# and leave the kind open. `strip`: trailing ("Wasit province"); `of`: in front, before "of" ("City of
# London", "Province of Quebec"); `lead`: in front, bare ("Muhafazat Wasit").
_VOCAB = load_vocabulary()
TYPE_WORDS: dict[str, str | None] = {w: p.kind for w, p in _VOCAB.place_words("strip").items()}
_PREFIX_TYPE_WORDS: frozenset[str] = frozenset(_VOCAB.place_words("of"))
_LEAD_TYPE_WORDS: dict[str, str | None] = {w: p.kind for w, p in _VOCAB.place_words("lead").items()}

_APOSTROPHES = re.compile(r"['`´ʼʻʿʾ’‘]")
_DOTS = re.compile(r"\.")
_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """unidecode + casefold, apostrophes and dots dropped, other punctuation → spaces, collapsed."""
    s = unidecode(text).casefold()
    s = _APOSTROPHES.sub("", s)
    s = _DOTS.sub("", s)
    s = _NON_WORD.sub(" ", s)
    return " ".join(s.split())


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The gazetteer key of a name (see the module docstring). May return "" for empty names."""
    words = fold(text).split()
    if not words:
        return ""
    out: list[str] = []
    for i, w in enumerate(words):
        if i < len(words) - 1:
            nxt = words[i + 1]
            if w in ARTICLES or (w in SUN_ARTICLES and nxt.startswith(SUN_ARTICLES[w])):
                continue
            if i == 0 and w == "the":
                continue
        out.append(w)
    return " ".join(out)


@dataclass(frozen=True, slots=True)
class Stripped:
    """A key with one type word removed: ``key`` is what is left, ``word`` the word removed, ``hint``
    the kind it points to (None when the word leaves the kind open, as "region" does)."""

    key: str
    word: str | None
    hint: str | None


@lru_cache(maxsize=65536)
def strip_type_words(key: str) -> Stripped:
    """Remove one trailing ("Wasit province") or leading ("City of London") type word from a key.

    Returns the key unchanged with ``word=None`` when there is none or when nothing would be left."""
    words = key.split()
    if len(words) >= 2 and words[-1] in TYPE_WORDS:
        return Stripped(" ".join(words[:-1]), words[-1], TYPE_WORDS[words[-1]])
    if len(words) >= 3 and words[0] in _PREFIX_TYPE_WORDS and words[1] == "of":
        return Stripped(" ".join(words[2:]), words[0], TYPE_WORDS[words[0]])
    if len(words) >= 2 and words[0] in _LEAD_TYPE_WORDS:
        return Stripped(" ".join(words[1:]), words[0], _LEAD_TYPE_WORDS[words[0]])
    return Stripped(key, None, None)


_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("q", "k"),
    ("ck", "k"),
    ("dh", "d"),
    ("kh", "k"),
    ("th", "t"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "c"),
    ("ph", "f"),
    ("c", "k"),
    ("z", "s"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ay", "i"),
    ("ai", "i"),
    ("ey", "i"),
    ("ei", "i"),
    ("o", "u"),
    ("w", "u"),
    ("e", "i"),
    ("y", "i"),
)
_RUNS = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """The loose transliteration key of a normalised key (see the module docstring)."""
    s = key.replace(" ", "")
    for a, b in _SKELETON_RULES:
        s = s.replace(a, b)
    if len(s) > 3 and s.endswith("h"):
        s = s[:-1]
    return _RUNS.sub(r"\1", s)


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is Latin script (accents allowed): names in other scripts
    are left out of the index, since unidecode turns them into strings no English text contains."""
    for ch in text:
        if ch.isalpha() and ch not in _LATIN_OK:
            try:
                name = unicodedata.name(ch)
            except ValueError:
                return False
            if not name.startswith("LATIN"):
                return False
    return True


_LATIN_OK = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
