"""Trigger patterns: loading, checking and compiling the data files of ``data/patterns/``.

A pattern file names one PLOVER type and lists patterns; each pattern has an id, a CAMEO code,
optional mode and contexts, role hints, and ``phrases`` written in a tiny language:

- ``condemn``: a lemma; it matches every inflection (condemns, condemned, condemning);
- ``criticise|criticize``: alternatives; ``deep?``: optional; ``=shelled``: this exact form;
- ``*``: a gap of up to three words (no punctuation), as in ``express * concern``;
- ``+``: a gap of one to three words: ``return + to`` ("returned the paintings to"), not
  "returned to" (travel);
- ``(step up|bolster)``: alternatives of several words, expanded into one phrase each.

Phrases are matched on token lemmas, anchored on their first required word, longest first.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from dyads.errors import DataError
from dyads.nlp import lexicon, yamlfast
from dyads.nlp.tokens import Lemmatizer, Tokens

if TYPE_CHECKING:
    from dyads.events.codebook import Codebook

GAP_MAX = 3
KINDS = ("any", "verb", "noun")
GOVERNS = ("absorb", "negated")
_GAP_STOP = frozenset('.,;:!?"“”()[]')
_KEYS = frozenset({
    "id", "cameo", "mode", "context", "phrases", "kind", "target", "object", "reverse",
    "governs", "unless_next", "unless_prev", "requires", "reciprocal", "source_optional",
    "negated", "hypothetical", "note",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Element:
    """One position of a phrase: a set of lemmas (or exact forms), optional, or a gap."""

    words: frozenset[str]
    optional: bool = False
    exact: bool = False
    gap: bool = False


@dataclass(frozen=True)
class Pattern:
    id: str
    type: str
    cameo: str
    phrases: tuple[str, ...]
    mode: str | None = None
    context: tuple[str, ...] = ()
    kind: str = "any"
    target: tuple[str, ...] = ()  # prepositions that introduce the target
    object: bool = True  # a direct object after a verbal trigger is the target
    reverse: bool = False  # the subject receives ("Russia receives missiles from Iran")
    governs: str | None = None  # its complement: "absorb"ed ("agreed to meet") or "negated"
    unless_next: frozenset[str] = frozenset()
    unless_prev: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()  # a lemma of these must be near the trigger
    reciprocal: bool = False  # "between X and Y": all are sources
    source_optional: bool = False
    negated: bool = False
    hypothetical: bool = False
    where: str = ""
    compiled: tuple[tuple[Element, ...], ...] = field(default=(), compare=False)


# (pattern, phrase, words each later required element needs, phrase without gaps or options)
_Entry = tuple[Pattern, tuple[Element, ...], tuple[frozenset[str], ...], bool]


@dataclass(frozen=True, slots=True)
class Match:
    pattern: Pattern
    start: int  # token index
    end: int  # token index, exclusive


_GROUP = re.compile(r"\(([^()]*)\)")


def expand(phrase: str) -> list[str]:
    """``"(step up|bolster) ties"`` -> ``["step up ties", "bolster ties"]``."""
    group = _GROUP.search(phrase)
    if group is None:
        return [phrase]
    out: list[str] = []
    for alternative in group.group(1).split("|"):
        out += expand(phrase[: group.start()] + alternative.strip() + phrase[group.end() :])
    return out


def _parse_phrase(phrase: str, where: str) -> tuple[Element, ...]:
    elements: list[Element] = []
    for raw in phrase.split():
        if raw in {"*", "+"}:
            elements.append(Element(frozenset(), optional=raw == "*", gap=True))
            continue
        optional = raw.endswith("?")
        body = raw.rstrip("?")
        exact = body.startswith("=")
        words = frozenset(w.strip().lstrip("=").lower() for w in body.split("|") if w.strip())
        if not words:
            raise DataError(where, f"empty element in phrase {phrase!r}")
        elements.append(Element(words, optional=optional, exact=exact))
    if not elements or all(e.optional for e in elements):
        raise DataError(where, f"phrase {phrase!r} needs at least one required word")
    if elements[0].gap or elements[-1].gap:
        raise DataError(where, f"phrase {phrase!r} may not begin or end with a gap")
    return tuple(elements)


def _strings(value: Any, where: str, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise DataError(where, f"{what} must be a list of strings (quote on, off, no, yes)")


def _pattern(ptype: str, raw: Any, where: str) -> Pattern:
    if not isinstance(raw, dict):
        raise DataError(where, "each pattern must be a mapping")
    pid = raw.get("id")
    if not isinstance(pid, str) or not pid:
        raise DataError(where, "pattern without an 'id'")
    at = f"{where}: {pid}"
    unknown = set(raw) - _KEYS
    if unknown:
        raise DataError(at, f"unknown keys {sorted(unknown)}")
    cameo = raw.get("cameo")
    if not isinstance(cameo, str):
        raise DataError(at, 'cameo must be a quoted code string such as "112"')
    phrases = _strings(raw.get("phrases"), at, "phrases")
    if not phrases:
        raise DataError(at, "no phrases")
    kind = str(raw.get("kind", "any"))
    governs = raw.get("governs")
    if kind not in KINDS:
        raise DataError(at, f"kind must be one of {KINDS}")
    if governs is not None and governs not in GOVERNS:
        raise DataError(at, f"governs must be one of {GOVERNS}")

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in _strings(raw.get(key), at, key))

    return Pattern(
        id=pid,
        type=ptype,
        cameo=cameo,
        phrases=phrases,
        mode=raw.get("mode"),
        context=_strings(raw.get("context"), at, "context"),
        kind=kind,
        target=_strings(raw.get("target"), at, "target"),
        object=bool(raw.get("object", True)),
        reverse=bool(raw.get("reverse", False)),
        governs=governs,
        unless_next=words("unless_next"),
        unless_prev=words("unless_prev"),
        requires=words("requires"),
        reciprocal=bool(raw.get("reciprocal", False)),
        source_optional=bool(raw.get("source_optional", False)),
        negated=bool(raw.get("negated", False)),
        hypothetical=bool(raw.get("hypothetical", False)),
        where=at,
        compiled=tuple(_parse_phrase(e, at) for p in phrases for e in expand(p)),
    )


def read_pattern_file(text: str, where: str) -> list[Pattern]:
    try:
        data = yamlfast.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(where, f"invalid YAML: {exc}".replace("\n", " ")) from exc
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise DataError(where, "expected a mapping with 'type' and 'patterns'")
    raw_patterns = data.get("patterns") or []
    if not isinstance(raw_patterns, list):
        raise DataError(where, "'patterns' must be a list")
    return [_pattern(data["type"].upper(), raw, where) for raw in raw_patterns]


def packaged_pattern_files() -> Iterator[tuple[str, str]]:
    folder = resources.files("dyads.data").joinpath("patterns")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            yield f"dyads/data/patterns/{entry.name}", entry.read_text(encoding="utf-8")


def patterns_fingerprint(extra: Sequence[Path] = ()) -> str:
    """A short hash of the packaged pattern files and the user's (the data version)."""
    digest = hashlib.sha1()
    for where, text in packaged_pattern_files():
        digest.update(where.encode() + b"\0" + text.encode("utf-8"))
    for path in extra:
        try:
            digest.update(str(path).encode() + b"\0" + Path(path).read_bytes())
        except OSError:
            digest.update(str(path).encode() + b"\0?")  # load_patterns says what is wrong
    return digest.hexdigest()[:12]


def load_patterns(extra: Sequence[Path] = ()) -> list[Pattern]:
    """The packaged patterns, then the user's files (a user pattern replaces one by id)."""
    by_id: dict[str, Pattern] = {}
    sources = list(packaged_pattern_files())
    for path in extra:
        try:
            sources.append((str(path), Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(str(path), f"cannot read ({exc})") from exc
    for where, text in sources:
        for pattern in read_pattern_file(text, where):
            by_id[pattern.id] = pattern
    return list(by_id.values())


APPEAL_ROOT = "02"


def plover_type_of(codebook: Codebook, cameo: str) -> str | None:
    """The PLOVER type a pattern with this CAMEO code must have.

    CAMEO 02 appeals ("urged", "called on") are PLOVER REQUESTs: the 2021 crosswalk leaves
    them unmapped (so the codebook gives no type), but coding them 10x demands would make a
    cooperative appeal (quad class 1) a conflictual demand (quad class 3).
    """
    mapped = codebook.cameo(cameo).plover_type
    if mapped is None and cameo.startswith(APPEAL_ROOT):
        return "REQUEST"
    return mapped


def validate_patterns(codebook: Codebook, patterns: Iterable[Pattern] | None = None) -> list[str]:
    """Problems in the pattern data, one line each (empty: sound)."""
    patterns = list(load_patterns() if patterns is None else patterns)
    problems: list[str] = []
    contexts = {c.name for c in codebook.contexts}
    seen: dict[str, str] = {}
    for pattern in patterns:
        at = pattern.where or pattern.id
        if pattern.id in seen and seen[pattern.id] != at:
            problems.append(f"{at}: id also used at {seen[pattern.id]}")
        seen[pattern.id] = at
        try:
            ptype = codebook.plover(pattern.type)
        except DataError:
            problems.append(f"{at}: unknown PLOVER type {pattern.type}")
            continue
        if not codebook.has_code(pattern.cameo):
            problems.append(f"{at}: unknown CAMEO code {pattern.cameo}")
        elif plover_type_of(codebook, pattern.cameo) != pattern.type:
            mapped = plover_type_of(codebook, pattern.cameo)
            problems.append(f"{at}: CAMEO {pattern.cameo} is {mapped}, not {pattern.type}")
        if pattern.mode is not None and pattern.mode not in ptype.modes:
            problems.append(f"{at}: mode {pattern.mode!r} is not a {pattern.type} mode")
        problems += [f"{at}: unknown context {c!r}" for c in pattern.context if c not in contexts]
    types = {p.type for p in patterns}
    problems += [
        f"PLOVER type {t.name}: no patterns" for t in codebook.types if t.name not in types
    ]
    return problems


@cache
def light_verbs() -> frozenset[str]:
    """Verbs that hand their subject to a nominal trigger, from ``light-verbs.yaml``."""
    data = lexicon.table("light-verbs.yaml") or {}
    return frozenset(str(w) for w in data.get("light_verbs", []))


class PatternSet:
    """Compiled patterns, indexed by the lemmas that can begin them."""

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.patterns = list(patterns)
        # Light verbs hand their subject to a nominal trigger ("announced a suspension of
        # aid"), so their inflections must lemmatise too.
        vocabulary: set[str] = set(light_verbs())
        for pattern in self.patterns:
            vocabulary |= pattern.requires
            for phrase in pattern.compiled:
                for element in phrase:
                    if not element.exact:
                        vocabulary |= element.words
        self.lemmatizer = Lemmatizer(vocabulary)
        self.patterns = [
            replace(p, requires=frozenset(self.lemmatizer(w) for w in p.requires) | p.requires)
            for p in self.patterns
        ]
        self._index: dict[str, list[_Entry]] = {}
        for pattern in self.patterns:
            for raw_phrase in pattern.compiled:
                phrase = tuple(self._normalise(e) for e in raw_phrase)
                # Words every match needs beyond its anchor: a phrase whose later words are
                # not in the sentence at all is skipped without trying it (most candidates).
                needs = tuple(e.words for e in phrase[1:] if not (e.gap or e.optional))
                simple = not any(e.gap or e.optional for e in phrase)
                entry = (pattern, phrase, needs, simple)
                for word in self._first_words(phrase):
                    self._index.setdefault(word, []).append(entry)
        # An anchor all of whose phrases need a later word: the words any of them needs next.
        # Without one of these in the sentence, the anchor has no chance (a set test).
        self._next_words: dict[str, frozenset[str]] = {
            word: frozenset().union(*(needs[0] for _, _, needs, _ in entries))
            for word, entries in self._index.items()
            if all(needs for _, _, needs, _ in entries)
        }

    def _normalise(self, element: Element) -> Element:
        if element.exact or element.gap:
            return element
        return Element(
            frozenset(self.lemmatizer(w) for w in element.words), optional=element.optional
        )

    @staticmethod
    def _first_words(phrase: tuple[Element, ...]) -> set[str]:
        words: set[str] = set()
        for element in phrase:
            words |= element.words
            if not element.optional:
                break
        return words

    def find(self, tokens: Tokens, keep: Callable[[Match], bool] | None = None) -> list[Match]:
        """Every non-overlapping match in ``tokens``, longest first, in text order. ``keep``
        screens matches before overlaps are settled, so a vetoed long match ("welcome" as a
        visit) leaves its words to a shorter one ("welcome" as praise)."""
        found: list[Match] = []
        index = self._index
        lemmas, lower = tokens.lemmas, tokens.lower
        n = len(lemmas)
        present = set(lemmas)
        present.update(lower)
        next_words = self._next_words
        anchors = {  # the words that begin a phrase that may match, found in one step
            w
            for w in index.keys() & present
            if w not in next_words or not present.isdisjoint(next_words[w])
        }
        for i, lemma in enumerate(lemmas if anchors else ()):
            word = lower[i]
            if lemma in anchors:
                candidates = index[lemma]
                if word != lemma and word in anchors:
                    candidates = candidates + index[word]
            elif word != lemma and word in anchors:
                candidates = index[word]
            else:
                continue
            for pattern, phrase, needs, simple in candidates:
                # The first need settles most candidates, without a generator.
                if needs and (
                    present.isdisjoint(needs[0])
                    or (len(needs) > 1 and any(present.isdisjoint(w) for w in needs[1:]))
                ):
                    continue
                if simple:  # no gap, nothing optional: one word per element
                    end = i + len(phrase)
                    if end > n:
                        continue
                    k = i
                    for element in phrase:
                        word = lower[k] if element.exact else lemmas[k]
                        if word not in element.words:
                            break
                        k += 1
                    else:
                        found.append(Match(pattern, i, end))
                    continue
                end = _match(phrase, 0, tokens, i)
                if end > i:
                    found.append(Match(pattern, i, end))
        if keep is not None:
            found = [m for m in found if keep(m)]
        if len(found) < 2:
            return found
        found.sort(key=lambda m: (m.start - m.end, m.start))
        taken: list[Match] = []
        used: set[int] = set()
        for match in found:
            span = range(match.start, match.end)
            if any(i in used for i in span):
                continue
            used.update(span)
            taken.append(match)
        taken.sort(key=lambda m: m.start)
        return taken


def _match(phrase: tuple[Element, ...], j: int, tokens: Tokens, i: int) -> int:
    """End token index of the longest match of ``phrase[j:]`` at token ``i``, or -1."""
    if j == len(phrase):
        return i
    element = phrase[j]
    n = len(tokens.lemmas)
    if element.gap:
        best = _match(phrase, j + 1, tokens, i) if element.optional else -1
        k = i
        while k < n and k - i < GAP_MAX and tokens.lower[k] not in _GAP_STOP:
            k += 1
            best = max(best, _match(phrase, j + 1, tokens, k))
        return best
    best = -1
    if i < n:
        word = tokens.lower[i] if element.exact else tokens.lemmas[i]
        if word in element.words:
            best = _match(phrase, j + 1, tokens, i + 1)
    if element.optional:
        best = max(best, _match(phrase, j + 1, tokens, i))
    return best
