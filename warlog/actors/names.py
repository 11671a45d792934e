"""Actor name normalisation: the same functions build the knowledge-base index and query it.

Keys derived from a name:

* :func:`normalise` (the *key*): unidecode, casefold, apostrophes and dots dropped ("U.S." → "us",
  "Asa'ib" → "asaib"), hyphens joined ("Multi-National" → "multinational", "IRGC-QF" → "irgcqf") except
  after an Arabic article, Arabic articles dropped wherever they stand ("al-", "el-", "ad-", "as-", "an-",
  "ash-", "ul-" … with a hyphen; "al"/"el" also standing alone: "Muqtada al Sadr" → "muqtada sadr"),
  "the" dropped, other punctuation to spaces.
* :func:`person_key`: the key with leading titles and honorifics removed ("General David Petraeus" →
  "david petraeus", "Grand Ayatollah Ali al-Sistani" → "ali sistani").
* :func:`skeleton`: a loose key for transliteration variants of Arabic and Persian names: spaces removed,
  q/kh/ck/c → k, gh → g, dh/z → z, th → t, ph → f, "ibn" → "bin", "abdul"/"abdel" → "abd", English plural
  type words singular ("Forces" → "force"), every vowel (and a non-initial y, the w of "ow") folded to
  "a", doubled letters collapsed, a final h dropped. "Qods"/"Quds", "Qazali"/"Khazali", "Layith"/"Laith",
  "Hezbollah"/"Hizballah", "Mahmud"/"Mahmoud", "Musa"/"Mussa" share a skeleton; "Iran"/"Iraq" and
  "Hamas"/"Hama" do not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

#: Arabic article forms removed when written with a hyphen ("as-Sunna", "ul-Mujahideen").
HYPHEN_ARTICLES: frozenset[str] = frozenset({
    "al", "el", "il", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ud", "ul", "ur", "us",
    "ush", "ut", "uz", "ed", "en", "er", "es", "et", "ez",
})
#: Article forms removed when they stand alone ("Muqtada al Sadr", "The Iraqi police").
STANDALONE_ARTICLES: frozenset[str] = frozenset({"al", "el", "the"})

#: Titles and honorifics dropped from the front of person names.
TITLES: frozenset[str] = frozenset({
    "general", "gen", "lieutenant", "lt", "ltgen", "colonel", "col", "ltcol", "major", "maj", "majgen",
    "captain", "capt", "cpt", "brigadier", "brig", "briggen", "sergeant", "sgt", "staff", "corporal", "cpl",
    "private", "pvt", "admiral", "adm", "vice", "rear", "commander", "cmdr", "cdr", "commodore", "marshal",
    "field", "air", "chief", "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "lord", "dame",
    "sheikh", "sheik", "shaikh", "shaykh", "shaik", "ayatollah", "ayatullah", "grand", "hojatoleslam",
    "hojatolislam", "hojjatoleslam", "hujjat", "mullah", "mulla", "maulana", "mawlana", "maulvi",
    "mawlawi", "imam", "sayyed", "sayyid", "seyed", "seyyed", "syed", "sayed", "haji", "hajji", "hajj",
    "emir", "king", "queen", "prince", "princess", "crown", "sultan", "president", "presidentelect",
    "former", "late", "prime", "minister", "pm", "deputy", "defence", "defense", "foreign", "interior",
    "secretary", "senator", "sen", "rep", "representative", "congressman", "congresswoman", "governor",
    "gov", "mayor", "cleric", "comrade", "supreme", "leader", "spokesman", "spokeswoman", "ambassador",
    "judge", "justice", "father", "rev", "reverend", "bishop", "pope", "patriarch", "archbishop",
    "chairman", "warlord", "militant", "insurgent", "rebel", "commandant", "mujahid",
})

#: English plural type words made singular in the skeleton, so "Forces" matches "Force".
PLURAL_TYPE_WORDS: dict[str, str] = {
    "forces": "force", "groups": "group", "brigades": "brigade", "battalions": "battalion",
    "guards": "guard", "cells": "cell", "units": "unit", "commands": "command", "committees": "committee",
    "councils": "council", "fronts": "front", "movements": "movement", "networks": "network",
    "organizations": "organization", "organisations": "organization", "armies": "army",
    "militias": "militia", "regiments": "regiment", "divisions": "division", "squadrons": "squadron",
    "companies": "company", "legions": "legion", "battalion": "battalion", "nuclei": "nucleus",
    "tigers": "tiger", "martyrs": "martyr", "lions": "lion", "eagles": "eagle", "hawks": "hawk",
}

_APOSTROPHES = re.compile(r"['`´ʼʻʿʾ’‘\u02b9\u02bb\u02bc\u02bd]")
_DOTS = re.compile(r"\.")
_HYPHENS = re.compile(r"[-‐‑‒–—―]")
_NON_WORD = re.compile(r"[^0-9a-z\-]+")
_RUNS = re.compile(r"(.)\1+")
_WORDS = re.compile(r"[0-9a-z]+")

_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("ck", "k"),
    ("kh", "k"),
    ("q", "k"),
    ("gh", "g"),
    ("dh", "z"),
    ("th", "t"),
    ("ph", "f"),
    ("sh", "S"),  # keep sh apart from s before c → k
    ("ch", "C"),
    ("c", "k"),
    ("S", "sh"),
    ("C", "ch"),
    ("isation", "ization"),
    ("ence", "ense"),
)
_VOWELS = frozenset("aeiou")


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` as a set (for word lists written as paragraphs)."""
    return frozenset(text.split())


@lru_cache(maxsize=131072)
def fold(text: str) -> str:
    """unidecode + casefold, apostrophes and dots dropped, dashes unified to "-", other punctuation to
    spaces, whitespace collapsed. Hyphens are kept for :func:`normalise` to decide on."""
    s = unidecode(text).casefold()
    s = _APOSTROPHES.sub("", s)
    s = _DOTS.sub("", s)
    s = _HYPHENS.sub("-", s)
    s = s.replace("&", " and ").replace("_", " ")
    s = _NON_WORD.sub(" ", s)
    return " ".join(s.split())


@lru_cache(maxsize=131072)
def normalise(text: str) -> str:
    """The key of an actor name (see the module docstring); "" for a name with no letters or digits."""
    out: list[str] = []
    for word in fold(text).split():
        parts = [p for p in word.split("-") if p]
        kept: list[str] = []
        for i, p in enumerate(parts):
            if i < len(parts) - 1 and p in HYPHEN_ARTICLES:
                # an article: what came before stays a word of its own ("Ansar al-Islam")
                if kept:
                    out.append("".join(kept))
                    kept = []
                continue
            kept.append(p)
        if kept:
            joined = "".join(kept)
            if joined in STANDALONE_ARTICLES and len(parts) == 1:
                continue
            out.append(joined)
    return " ".join(out)


def strip_titles(key: str) -> str:
    """A normalised key without its leading titles; the key itself when nothing would be left."""
    words = key.split()
    i = 0
    while i < len(words) - 1 and words[i] in TITLES:
        i += 1
    return " ".join(words[i:])


@lru_cache(maxsize=131072)
def person_key(text: str) -> str:
    """The key of a person's name: :func:`normalise` without leading titles and honorifics."""
    return strip_titles(normalise(text))


def _skeleton_word(word: str) -> str:
    w = PLURAL_TYPE_WORDS.get(word, word)
    if w == "ibn" or w == "ben":
        w = "bin"
    w = re.sub(r"^abd[aeiou]l", "abd", w)
    for a, b in _SKELETON_RULES:
        w = w.replace(a, b)
    out: list[str] = []
    prev_vowel = False
    for i, ch in enumerate(w):
        vowel = ch in _VOWELS or (ch == "y" and i > 0) or (ch == "w" and i > 0 and w[i - 1] == "o")
        if vowel:
            if not prev_vowel:
                out.append("a")
            prev_vowel = True
        else:
            out.append(ch)
            prev_vowel = False
    return "".join(out)


@lru_cache(maxsize=131072)
def skeleton(key: str) -> str:
    """The loose transliteration key of a normalised key (see the module docstring)."""
    s = "".join(_skeleton_word(w) for w in key.split())
    s = _RUNS.sub(r"\1", s)
    if len(s) > 3 and s.endswith("h"):
        s = s[:-1]
    return s


def words(key: str) -> list[str]:
    """The words of a normalised key."""
    return _WORDS.findall(key)


def is_acronym(text: str) -> bool:
    """An upper-case abbreviation such as "MNF-I", "IRGC", "U.S." or "JAM" (2 to 8 letters)."""
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 8 and all(c.isupper() for c in letters) and " " not in text.strip()


def slug(key: str) -> str:
    """A slug for ids: the key's words joined by "-" (a normalised key maps to exactly one slug)."""
    return "-".join(words(key)) or "unnamed"


#: Words that mark a name as an organisation rather than a person (used to guess kinds).
ORG_WORDS: frozenset[str] = wordset("""
army armies front fronts brigade brigades battalion battalions group groups organization organisation
organizations movement movements party parties council councils committee committees cell cells nuclei
nucleus commando commandos league union alliance federation association society force forces guard guards
corps command commands network networks faction factions resistance liberation revolutionary revolution
jihad mujahideen mujahidin mujahedeen mujahedin ansar jaish jaysh jaysh kataib katiba kataeb liwa saraya
harakat harakah hizb hezb tanzim jamaat jamaah jamaa jamiat militia militias squad squads unit units
regiment regiments division divisions legion legions ministry department agency office bureau service
services police government parliament assembly court bank company institute university center centre
foundation fund program programme commission authority administration secretariat mission tribunal
initiative academy school hospital media news radio television press times post sons martyrs soldiers
fighters warriors partisans defenders guardians followers lions tigers eagles hawks wolves islamic
national people peoples popular democratic republic state emirate caliphate coalition taskforce task
squadron fleet navy airforce intelligence directorate
""")
