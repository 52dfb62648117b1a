"""What the event gate reads of one coded event: named features, hashed into a fixed space.

The gate (:mod:`dyads.events.gate`) scores each event the rule stages propose for "reports
a current, codable political act". Its features come from the event record and its
sentence only, so training (``dyads.eval.learn``, over `rules/1`'s output on the corpus)
and coding compute exactly the same ones:

- word unigrams and bigrams of the sentence, character 3- and 4-grams of a window around the
  trigger, the words right before and after the trigger;
- what the rule stages decided: trigger pattern, type, mode, roles filled and the kinds and
  sectors of their actors, the rules that fired (salience, resolution, absorption),
  modality flags, quoted, claimed, the raw confidence;
- where the sentence sits: its index in the article, its length, whether it looks like a
  headline or a dateline (no final stop, mostly capitals, "CITY (Agency) -").

A feature is a string; :func:`hashed` maps it into ``DIMENSIONS`` buckets with CRC-32
(stable across processes, unlike ``hash``). N-gram groups are weighted ``1/sqrt(count)``
so that a long sentence does not outvote the rule stages' few decisive features.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from dyads.model import Event

BITS = 18
DIMENSIONS = 1 << BITS
_MASK = DIMENSIONS - 1
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[^\sa-z0-9]")
_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,40}\s*(?:\([^)]{1,40}\)\s*)?[-–—:]\s")
_CAPITALISED = re.compile(r"(?<!\S)[A-Z]")  # a word that starts with a capital
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
WINDOW_CHARS = 20  # each side of the trigger, for the character n-grams
CHAR_NS = (3, 4)
NEAR_WORDS = 4  # each side of the trigger, for the bag of nearby words

Features = list[tuple[str, float]]
Hashed = tuple[np.ndarray, np.ndarray]


def _bucket(value: float, edges: Iterable[float]) -> int:
    return sum(1 for edge in edges if value >= edge)


def _group(prefix: str, grams: list[str]) -> Features:
    if not grams:
        return []
    weight = 1.0 / math.sqrt(len(grams))
    return [(prefix + g, weight) for g in grams]


def _actor_features(role: str, event: Event) -> list[str]:
    mentions = event.source if role == "src" else event.target
    found = [f"{role}:n={min(len(mentions), 2)}"]
    for m in mentions:
        found.append(f"{role}:kind={m.actor.kind}")
        found.append(f"{role}:sector={m.actor.sector or '-'}")
        found.append(f"{role}:kind={m.actor.kind}:{event.type}")
    return found


@lru_cache(maxsize=64)  # the sentence of the events at hand
def sentence_part(sentence: str) -> tuple[tuple[tuple[int, str], ...], bool, Features]:
    """What the sentence alone gives (the same for each of its events, so kept once): its
    tokens (offset, lower-cased word), whether it names a year, and its named features."""
    lower = sentence.lower()
    decisions = [f"words={_bucket(len(lower.split()), (6, 12, 25, 40))}"]
    stripped = sentence.rstrip(" \"'”’)")
    if not stripped.endswith((".", "!", "?")):
        decisions.append("no-final-stop")
    letters = sum(map(str.isalpha, sentence))
    if letters and sum(map(str.isupper, sentence)) * 2 > letters:
        decisions.append("mostly-capitals")
    words = sentence.split()
    if words and len(_CAPITALISED.findall(sentence)) * 3 > len(words) * 2:
        decisions.append("title-case")
    if _DATELINE.match(sentence):
        decisions.append("dateline")
    named: Features = [("bias", 1.0)] + [(name, 1.0) for name in decisions]
    tokens = tuple((m.start(), m.group()) for m in _WORD.finditer(lower))
    unigrams = [w for _, w in tokens]
    named += _group("w:", unigrams)
    named += _group("b:", [f"{a} {b}" for a, b in itertools.pairwise(unigrams)])
    return tokens, bool(_YEAR.search(lower)), named


@lru_cache(maxsize=64)
def _sentence_arrays(sentence: str) -> Hashed:
    return _arrays(sentence_part(sentence)[2])


def _event_part(event: Event, text: str) -> tuple[Features, Features, str]:
    """The sentence's named features, the event's own but its character n-grams, and the
    window those are taken from."""
    sent = event.sentence
    sentence = text[sent.start : sent.end]
    sentence_named, own, (start, end) = event_part(event, sentence)
    return sentence_named, own, sentence.lower()[start:end]


def event_part(event: Event, sentence: str) -> tuple[Features, Features, tuple[int, int]]:
    """The sentence's named features, the event's own but its character n-grams, and the
    window those are taken from, as offsets into the lower-cased ``sentence``."""
    sent = event.sentence
    tokens, has_year, sentence_named = sentence_part(sentence)
    t_start, t_end = event.trigger.start - sent.start, event.trigger.end - sent.start
    lower = sentence.lower()
    trigger = lower[t_start:t_end]
    kind = event.type
    decisions = [
        f"type={kind}", f"trigger={trigger}", f"trigger={trigger}:{kind}",
        f"pattern={event.pattern or '-'}", f"mode={kind}:{event.mode or '-'}",
        f"quad={event.quad_class}", f"conf={round(event.confidence, 1)}",
        f"sent={min(sent.index, 3)}",
        f"claimed={event.claimed_by is not None}", f"reported={event.reported_by is not None}",
        f"verbal-trigger={' ' not in trigger}",
    ]  # fmt: skip
    for flag in ("quoted", "hedged", "negated", "hypothetical"):
        if getattr(event, flag):
            decisions += [f"flag={flag}", f"flag={flag}:{kind}"]
    decisions += _actor_features("src", event) + _actor_features("tgt", event)
    if event.source and event.target:
        same = {m.actor.code for m in event.source} & {m.actor.code for m in event.target}
        decisions.append(f"self-dyad={bool(same)}")
    decisions += [f"rule={r.split(':', 1)[0]}" for r in event.rules]
    if has_year:
        decisions.append(f"year-in-sentence:{kind}")
    own: Features = [(name, 1.0) for name in decisions]
    before = [w for at, w in tokens if at < t_start][-NEAR_WORDS:]
    after = [w for at, w in tokens if at >= t_end][:NEAR_WORDS]
    near = [f"L{len(before) - k}:{w}" for k, w in enumerate(before)]
    near += [f"R{k + 1}:{w}" for k, w in enumerate(after)]
    own += _group("n:", near + [f"L:{w}" for w in before] + [f"R:{w}" for w in after])
    window = (max(0, t_start - WINDOW_CHARS), min(len(lower), t_end + WINDOW_CHARS))
    return sentence_named, own, window


def features(event: Event, text: str) -> Features:
    """The named features of ``event`` in the article ``text`` (offsets into it)."""
    sentence_named, own, window = _event_part(event, text)
    chars = [window[i : i + n] for n in CHAR_NS for i in range(len(window) - n + 1)]
    return sentence_named + own + _group("c:", chars)


def hashed_features(event: Event, text: str) -> Hashed:
    """The buckets and values of :func:`features`; the sentence's part is hashed once, the
    character n-grams all at once (:func:`char_buckets`)."""
    sent = event.sentence
    sentence_indices, sentence_values = _sentence_arrays(text[sent.start : sent.end])
    _, own, window = _event_part(event, text)
    indices, values = _arrays(own)
    chars = char_buckets(window)
    weight = np.full(len(chars), 1.0 / math.sqrt(len(chars)) if len(chars) else 0.0, np.float32)
    return (
        np.concatenate([sentence_indices, indices, chars]),
        np.concatenate([sentence_values, values, weight]),
    )


_CHAR_SALT = {n: 0x9E3779B97F4A7C15 + n for n in (1, 2, 3, 4, 5, 6)}


def char_buckets(window: str, sizes: tuple[int, ...] = CHAR_NS) -> np.ndarray:
    """Buckets of every character n-gram of ``window`` (n in ``sizes``, in that order): a
    multiplicative hash over code points in numpy, mixed as splitmix64 finishes; a hundred
    grams cost what a few CRCs do."""
    codes = np.frombuffer(window.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    found = []
    for n in sizes:
        count = len(codes) - n + 1
        if count <= 0:
            continue
        h = np.full(count, _CHAR_SALT[n], dtype=np.uint64)
        for k in range(n):
            h = (h * np.uint64(1000003)) ^ codes[k : k + count]
        found.append(h)
    if not found:
        return np.zeros(0, dtype=np.int64)
    h = np.concatenate(found)
    h ^= h >> np.uint64(31)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(29)
    return (h & np.uint64(_MASK)).astype(np.int64)


def _arrays(named: Features) -> Hashed:
    indices, values = hashed(named)
    return np.asarray(indices, dtype=np.int64), np.asarray(values, dtype=np.float32)


def hashed(named: Features) -> tuple[list[int], list[float]]:
    """Bucket indices and values of named features (a bucket may repeat: values add)."""
    crc = zlib.crc32
    indices = [
        int(char_buckets(name[2:], (len(name) - 2,))[0])
        if name.startswith("c:")
        else crc(name.encode("utf-8")) & _MASK
        for name, _ in named
    ]
    return indices, [value for _, value in named]
