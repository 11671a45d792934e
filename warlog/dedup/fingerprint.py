"""Near-duplicate documents (reposts, syndicated wire copy, a blog quoting an article): MinHash over
word 5-shingles of the headline and body, with LSH bands as the index keys.

`fingerprint(text)` gives 96 min-hashes (deterministic: CRC-32 of each shingle, then 96 fixed
universal hash functions) and 32 band keys of 3 rows each; two documents that share a band key are
compared on their signatures. `similarity` estimates the Jaccard index of their shingle sets and the
containment of the smaller in the larger (a blog that quotes most of an article and adds its own
lines). A pair whose Jaccard index is 0.4 shares a band key with probability 0.88, 0.5 with 0.99;
unrelated reports (Jaccard about 0.02) with probability 0.0003.

Near-duplicates: Jaccard at least 0.5 (a repost, wire copy with a changed line), or the smaller text
at least half contained in the larger with 25 or more shingles shared (a quotation of whole paragraphs).
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

import numpy as np

from .features import words

SHINGLE = 5
PERMUTATIONS = 96
BANDS, ROWS = 32, 3
MIN_SHINGLES = 12  # shorter texts (a headline and a line) are not fingerprinted: too easily alike
NEAR_JACCARD = 0.5
NEAR_CONTAINMENT = 0.5
NEAR_SHARED = 25  # shingles the two texts must share for containment alone to count
_PRIME = 4_294_967_291  # largest prime below 2**32
_rng = np.random.default_rng(20240608)
_A = _rng.integers(1, 2**31, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, 2**31, size=PERMUTATIONS, dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """`signature`: the min-hashes (PERMUTATIONS values below 2**32); `size`: distinct shingles."""

    signature: tuple[int, ...]
    size: int

    def bands(self) -> list[int]:
        """One signed 64-bit key per band (band number and its rows hashed together)."""
        out = []
        for b in range(BANDS):
            rows = self.signature[b * ROWS:(b + 1) * ROWS]
            digest = hashlib.blake2b(repr((b, *rows)).encode(), digest_size=8).digest()
            out.append(int.from_bytes(digest, "big", signed=True))
        return out

    def to_bytes(self) -> bytes:
        return np.asarray(self.signature, dtype="<u4").tobytes()

    @staticmethod
    def from_bytes(data: bytes, size: int) -> Fingerprint:
        return Fingerprint(tuple(int(x) for x in np.frombuffer(data, dtype="<u4")), size)


@dataclass(frozen=True, slots=True)
class Similarity:
    jaccard: float
    containment: float  # of the smaller shingle set in the larger
    shared: int  # shingles in both (estimated)

    @property
    def near_duplicate(self) -> bool:
        return self.jaccard >= NEAR_JACCARD or (self.containment >= NEAR_CONTAINMENT and self.shared >= NEAR_SHARED)


def shingles(text: str) -> set[str]:
    w = words(text)
    return {" ".join(w[i:i + SHINGLE]) for i in range(max(0, len(w) - SHINGLE + 1))}


def fingerprint(text: str) -> Fingerprint | None:
    """The MinHash signature of a text's word shingles; None when the text is too short."""
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in found), dtype=np.uint64, count=len(found))
    mins = ((np.outer(_A, hashes) + _B[:, None]) % _PRIME).min(axis=1)
    return Fingerprint(tuple(int(x) for x in mins), len(found))


def similarity(a: Fingerprint, b: Fingerprint) -> Similarity:
    same = sum(1 for x, y in zip(a.signature, b.signature, strict=True) if x == y)
    j = same / len(a.signature)
    # |A∩B| = J(|A|+|B|)/(1+J); containment of the smaller set in the larger
    inter = j * (a.size + b.size) / (1 + j)
    return Similarity(round(j, 3), round(min(1.0, inter / min(a.size, b.size)), 3), round(inter))
