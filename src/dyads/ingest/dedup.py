"""Near-duplicate detection: copies and rewrites of one story share a story id.

Each article gets a MinHash signature of its word 3-gram shingles; an LSH index finds earlier
articles whose estimated Jaccard similarity passes the threshold, and the new article joins the
story of the most similar one. Wire rewrites (a new lead, a trimmed paragraph, another byline)
keep most 3-grams, while two reports of the same event written independently share few.

The signatures are stored with the articles, so a later ingest rebuilds the index from the
database instead of re-reading every text.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 3
DEFAULT_THRESHOLD = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


# Pinned, because stored signatures are only comparable with ones made the same way. CRC-32 is
# a fine shingle hash for MinHash and several times faster than datasketch's default SHA-1.
SCHEME = "affine32"
_HASH = zlib.crc32


@lru_cache(maxsize=1)
def _permutations() -> Any:
    # Building a MinHash draws its permutations anew each time: draw them once.
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def _empty(hashvalues: Any = None) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM,
        seed=1,
        scheme=SCHEME,
        hashfunc=_HASH,
        hashvalues=hashvalues,
        permutations=_permutations(),
    )


def signature(text: str) -> MinHash:
    minhash = _empty()
    minhash.update_batch(list(shingles(text)))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return _empty(np.frombuffer(data, dtype=np.uint32).copy())


class StoryIndex:
    """Assigns story ids: an article's own id, or the story of its nearest earlier copy."""

    def __init__(self, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.minhashes: dict[str, MinHash] = {}
        self.stories: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.stories)

    def load(self, stored: Iterable[tuple[str, str, bytes]]) -> None:
        """Add signatures saved by earlier ingests: ``(article_id, story_id, signature)``."""
        for article_id, story_id, data in stored:
            self._insert(article_id, story_id, from_bytes(data))

    def assign(self, article_id: str, text: str) -> tuple[str, bytes]:
        """The story id of an article (adding it to the index) and its signature bytes."""
        if article_id in self.stories:
            return self.stories[article_id], to_bytes(self.minhashes[article_id])
        minhash = signature(text)
        story_id = self.match(minhash) or article_id
        self._insert(article_id, story_id, minhash)
        return story_id, to_bytes(minhash)

    def match(self, minhash: MinHash) -> str | None:
        best: tuple[float, str] | None = None
        for candidate in self.lsh.query(minhash):
            similarity = minhash.jaccard(self.minhashes[candidate])
            if similarity < self.threshold:
                continue
            # Ties go to the earliest id in sort order, so that reruns choose alike.
            key = (-similarity, candidate)
            if best is None or key < (-best[0], best[1]):
                best = (similarity, candidate)
        return self.stories[best[1]] if best else None

    def _insert(self, article_id: str, story_id: str, minhash: MinHash) -> None:
        self.lsh.insert(article_id, minhash)
        self.minhashes[article_id] = minhash
        self.stories[article_id] = story_id
