"""Near-duplicate detection: copies and rewrites of one story share a story id.

Each article gets a MinHash signature of its word 3-gram shingles; an LSH index (banding)
finds earlier articles that may be similar, the signatures' agreement estimates their Jaccard
similarity, and the new article joins the story of the most similar one above the threshold.
Wire rewrites (a new lead, a trimmed paragraph, another byline) keep most 3-grams, while two
reports of the same event written independently share few.

MinHash and LSH are a few lines of numpy here rather than datasketch's, because importing
datasketch pulls in scipy (0.4 s, a quarter of a small ingest). The signatures are stored with
the articles, so a later ingest rebuilds the index from the database instead of re-reading
every text.
"""

from __future__ import annotations

import re
import zlib
from collections import deque
from collections.abc import Iterable

import numpy as np

NUM_PERM = 128
BANDS, ROWS = 32, 4  # BANDS * ROWS == NUM_PERM; a pair at Jaccard 0.5 meets in a band 87% of runs
SHINGLE = 3
DEFAULT_THRESHOLD = 0.5
# Copies of a story appear within days of each other, so the index keeps only the most recent
# articles: memory stays flat however large the corpus grows.
DEFAULT_WINDOW = 5_000
_PRIME = np.uint64(4294967291)  # the largest prime below 2**32
_WORD = re.compile(r"\w+", re.UNICODE)
# Universal hashing h -> (a*h + b) mod p, one (a, b) per permutation. a and b stay below 2**31
# so that a*h + b (h < 2**32) never overflows 64 bits. Fixed seed: stored signatures must be
# comparable with new ones.
_rng = np.random.RandomState(1)
_A = _rng.randint(1, 2**31, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
_B = _rng.randint(0, 2**31, size=NUM_PERM, dtype=np.int64).astype(np.uint64)


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    if size == SHINGLE:
        return set(map(" ".join, zip(words, words[1:], words[2:], strict=False)))
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text: NUM_PERM uint32 values."""
    found = shingles(text)
    if not found:
        return np.full(NUM_PERM, int(_PRIME), dtype=np.uint32)
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, found)), dtype=np.uint64, count=len(found))
    # One permutation per row, computed in place: the same values as (a*h + b) mod p, without
    # three temporary arrays of shingles x permutations.
    permuted = np.multiply.outer(_A, hashes)
    permuted += _B[:, None]
    np.remainder(permuted, _PRIME, out=permuted)
    return permuted.min(axis=1).astype(np.uint32)


def similarity(one: np.ndarray, other: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(one == other)) / NUM_PERM


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype(np.uint32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint32).copy()


class StoryIndex:
    """Assigns story ids: an article's own id, or the story of its nearest earlier copy."""

    def __init__(
        self, *, threshold: float = DEFAULT_THRESHOLD, window: int = DEFAULT_WINDOW
    ) -> None:
        self.threshold = threshold
        self.window = max(1, window)
        self.signatures: dict[str, np.ndarray] = {}
        self.stories: dict[str, str] = {}
        self.buckets: list[dict[bytes, list[str]]] = [{} for _ in range(BANDS)]
        self._order: deque[str] = deque()

    def __len__(self) -> int:
        return len(self.stories)

    def load(self, stored: Iterable[tuple[str, str, bytes]]) -> None:
        """Add signatures saved by earlier ingests: ``(article_id, story_id, signature)``."""
        for article_id, story_id, data in stored:
            sig = from_bytes(data)
            if len(sig) == NUM_PERM:  # signatures of another shape can't be compared
                self._insert(article_id, story_id, sig)

    def assign(self, article_id: str, text: str) -> tuple[str, bytes]:
        """The story id of an article (adding it to the index) and its signature bytes."""
        if article_id in self.stories:
            return self.stories[article_id], to_bytes(self.signatures[article_id])
        sig = signature(text)
        return self._assign(article_id, sig), to_bytes(sig)

    def assign_signed(self, article_id: str, data: bytes) -> tuple[str, bytes]:
        """:meth:`assign` for an article whose signature was computed elsewhere (a worker)."""
        if article_id in self.stories:
            return self.stories[article_id], to_bytes(self.signatures[article_id])
        return self._assign(article_id, from_bytes(data)), data

    def _assign(self, article_id: str, sig: np.ndarray) -> str:
        story_id = self.match(sig) or article_id
        self._insert(article_id, story_id, sig)
        return story_id

    def match(self, sig: np.ndarray) -> str | None:
        candidates: set[str] = set()
        for band, key in enumerate(self._keys(sig)):
            candidates.update(self.buckets[band].get(key, ()))
        best: tuple[float, str] | None = None
        for candidate in candidates:
            score = similarity(sig, self.signatures[candidate])
            # Ties go to the earliest id in sort order, so that reruns choose alike.
            if score >= self.threshold and (
                best is None or (-score, candidate) < (-best[0], best[1])
            ):
                best = (score, candidate)
        return self.stories[best[1]] if best else None

    @staticmethod
    def _keys(sig: np.ndarray) -> list[bytes]:
        return [sig[band * ROWS : (band + 1) * ROWS].tobytes() for band in range(BANDS)]

    def _insert(self, article_id: str, story_id: str, sig: np.ndarray) -> None:
        if article_id in self.stories:
            return
        for band, key in enumerate(self._keys(sig)):
            self.buckets[band].setdefault(key, []).append(article_id)
        self.signatures[article_id] = sig
        self.stories[article_id] = story_id
        self._order.append(article_id)
        if len(self._order) > self.window:
            self._evict(self._order.popleft())

    def _evict(self, article_id: str) -> None:
        sig = self.signatures.pop(article_id)
        del self.stories[article_id]
        for band, key in enumerate(self._keys(sig)):
            bucket = self.buckets[band][key]
            bucket.remove(article_id)
            if not bucket:
                del self.buckets[band][key]
