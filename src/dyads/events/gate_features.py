"""What the event gate reads of one coded event: named features, hashed into a fixed space.

The gate (:mod:`dyads.events.gate`) scores each event the rule stages propose for "reports
a current, codable political act". Its features come from the event record and its
sentence only, so training (``dyads.eval.learn``, over `rules/1`'s output on the corpus)
and coding compute exactly the same ones:

- word unigrams and bigrams of the sentence, character 3-5-grams of a window around the
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

from dyads.model import Event

BITS = 18
DIMENSIONS = 1 << BITS
_MASK = DIMENSIONS - 1
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[^\sa-z0-9]")
_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,40}\s*(?:\([^)]{1,40}\)\s*)?[-–—:]\s")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
WINDOW_CHARS = 30  # each side of the trigger, for the character n-grams
NEAR_WORDS = 4  # each side of the trigger, for the bag of nearby words

Features = list[tuple[str, float]]


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


def features(event: Event, text: str) -> Features:
    """The named features of ``event`` in the article ``text`` (offsets into it)."""
    sent = event.sentence
    sentence = text[sent.start : sent.end]
    lower = sentence.lower()
    t_start, t_end = event.trigger.start - sent.start, event.trigger.end - sent.start
    trigger = lower[t_start:t_end]
    kind = event.type
    found: Features = [("bias", 1.0)]
    decisions = [
        f"type={kind}", f"trigger={trigger}", f"trigger={trigger}:{kind}",
        f"pattern={event.pattern or '-'}", f"mode={kind}:{event.mode or '-'}",
        f"quad={event.quad_class}", f"conf={round(event.confidence, 1)}",
        f"sent={min(sent.index, 3)}", f"words={_bucket(len(lower.split()), (6, 12, 25, 40))}",
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
    stripped = sentence.rstrip(" \"'”’)")
    if not stripped.endswith((".", "!", "?")):
        decisions.append("no-final-stop")
    letters = [c for c in sentence if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) * 2 > len(letters):
        decisions.append("mostly-capitals")
    words = sentence.split()
    if words and sum(w[:1].isupper() for w in words) * 3 > len(words) * 2:
        decisions.append("title-case")
    if _DATELINE.match(sentence):
        decisions.append("dateline")
    if _YEAR.search(lower):
        decisions.append(f"year-in-sentence:{kind}")
    found += [(name, 1.0) for name in decisions]
    tokens = [(m.start(), m.group()) for m in _WORD.finditer(lower)]
    unigrams = [w for _, w in tokens]
    found += _group("w:", unigrams)
    found += _group("b:", [f"{a} {b}" for a, b in itertools.pairwise(unigrams)])
    before = [w for at, w in tokens if at < t_start][-NEAR_WORDS:]
    after = [w for at, w in tokens if at >= t_end][:NEAR_WORDS]
    near = [f"L{len(before) - k}:{w}" for k, w in enumerate(before)]
    near += [f"R{k + 1}:{w}" for k, w in enumerate(after)]
    found += _group("n:", near + [f"L:{w}" for w in before] + [f"R:{w}" for w in after])
    window = lower[max(0, t_start - WINDOW_CHARS) : t_end + WINDOW_CHARS]
    chars = [window[i : i + n] for n in (3, 4, 5) for i in range(len(window) - n + 1)]
    found += _group("c:", chars)
    return found


def hashed(named: Features) -> tuple[list[int], list[float]]:
    """Bucket indices and values of named features (a bucket may repeat: values add)."""
    crc = zlib.crc32
    indices = [crc(name.encode("utf-8")) & _MASK for name, _ in named]
    return indices, [value for _, value in named]
