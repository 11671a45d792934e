"""Sentences glued together by a careless scrape ("…in SyriaThe desert…", "…reported.Major General…",
"…since 2017.A onetime friend…", "…==Background==The Rolando Cafe…") pulled apart again.

Corpora built from stripped HTML often join a headline, a caption, a wiki heading or the next paragraph to
the text before it without a space or newline. The parser then reads two sentences as one, and everything
downstream (roles, places, dates, quotes) suffers. `unglue` cuts a line at such joins only:
- terminal punctuation followed at once by a capital ("reported.Major", "said.“They"), unless the word
  before is an abbreviation or an initial ("Mr.Smith", "U.S.Army");
- a wiki heading (`==Background==`), cut out as a line of its own;
- a lower-case letter or digit followed at once by a capitalised word that commonly opens a sentence
  ("SyriaThe", "SuspectA court", "2018The") or an upper-case dateline ("ProbeBOSTON —");
- a photo caption run into the text ("image copyright AFP image caption …", ". Caption People …").
A name written in camel case ("McDonald", "MacStiofain", "YouTube") is never cut: its second part is not
one of those opening words.
"""

from __future__ import annotations

import re

#: Capitalised words that commonly open a sentence and never end a camel-case name.
OPENERS = (
    "The", "A", "An", "In", "On", "At", "By", "For", "From", "With", "After", "Before", "During", "But", "And",
    "It", "He", "She", "They", "We", "I", "His", "Her", "Their", "Its", "This", "That", "These", "Those", "There",
    "Some", "Many", "Most", "Police", "Authorities", "Officials", "Former", "Earlier", "Later", "Last", "Since",
    "While", "When", "Although", "Though", "However", "According", "Meanwhile", "Also", "Another", "Such", "Read",
    "Related", "Image", "Photo", "Video", "Witnesses", "Residents", "Security", "Local", "Several", "Other",
    "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Officers", "Troops", "Soldiers",
    "Militants", "Gunmen", "Government", "President", "Prime", "Minister", "Mr", "Mrs", "Ms", "Dr",
)
#: Words before a full stop that do not end a sentence.
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "cpt", "maj", "rev", "jr", "sr", "no",
    "vs", "prof", "gov", "sen", "rep", "corp", "inc", "ltd", "co", "fig", "vol", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "adm", "brig", "cmdr", "mt", "ft", "etc",
})

_HEADING = re.compile(r"={2,}\s*[^=\n]{1,80}?\s*={2,}")
_TERMINAL = re.compile(r"(?<=[a-z0-9%)\]])([.!?]+[\"”’)]?)(?=[\"“‘]?[A-Z])")
_OPENER = re.compile(r"(?<=[a-z0-9])(?=(?:" + "|".join(OPENERS) + r")\b(?![.\-’']))")
_DATELINE = re.compile(r"(?<=[a-z])(?=[A-Z]{3,}(?:,\s[A-Z][a-z]+)?\s[—–-]\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)$")
#: A photo caption run into the text ("… mistreatment. Caption People took …", "image copyright AFP
#: image caption …"): it starts a line of its own, so that it is parsed apart from the sentence before.
_CAPTION = re.compile(r"(?:(?<=[.!?\"”’] )|(?<=[a-z.!?]))(?=image copyright\b|(?-i:Caption) (?-i:[A-Z]))",
                      re.IGNORECASE)


def _cuts(line: str) -> list[int]:
    cuts: set[int] = set()
    for m in _HEADING.finditer(line):
        cuts.update((m.start(), m.end()))
    for m in _TERMINAL.finditer(line):
        before = _WORD_BEFORE.search(line[:m.start()])
        word = before.group(1) if before else ""
        if word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            continue
        cuts.add(m.end())
    for rx in (_OPENER, _DATELINE, _CAPTION):
        cuts.update(m.start() for m in rx.finditer(line))
    return sorted(c for c in cuts if 0 < c < len(line))


def unglue(line: str) -> list[str]:
    """The pieces of one cleaned line, cut where sentences were glued together; `"".join(pieces)`
    differs from `line` only by the whitespace around the cuts. A heading comes out as its own piece
    without its `==` marks."""
    pieces: list[str] = []
    last = 0
    for cut in [*_cuts(line), len(line)]:
        piece = line[last:cut].strip()
        last = cut
        if not piece:
            continue
        heading = _HEADING.fullmatch(piece)
        pieces.append(piece.strip("= ") if heading else piece)
    return [p for p in pieces if p]
