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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyads.errors import DataError
from dyads.nlp import lexicon, yamlfast

if TYPE_CHECKING:
    from dyads.events.codebook import Codebook

GAP_MAX = 3
KINDS = ("any", "verb", "noun")
GOVERNS = ("absorb", "negated")
_GAP_STOP = frozenset('.,;:!?"“”()[]')
_KEYS = frozenset({
    "id", "cameo", "mode", "context", "phrases", "kind", "target", "object", "reverse",
    "governs", "unless_next", "unless_prev", "requires", "reciprocal", "source_optional",
    "negated", "hypothetical", "note", "by_armed_group", "unless_near",
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
    unless_near: frozenset[str] = frozenset()  # none of these may be near ("captured gold")
    reciprocal: bool = False  # "between X and Y": all are sources
    source_optional: bool = False
    negated: bool = False
    hypothetical: bool = False
    # The CAMEO code the act is when every source is a non-state armed actor: capturing
    # people is an arrest by police or soldiers, an abduction by rebels (codebook 1.3).
    by_armed_group: str | None = None
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
        unless_near=words("unless_near"),
        reciprocal=bool(raw.get("reciprocal", False)),
        source_optional=bool(raw.get("source_optional", False)),
        negated=bool(raw.get("negated", False)),
        hypothetical=bool(raw.get("hypothetical", False)),
        by_armed_group=_code(raw.get("by_armed_group"), at),
        where=at,
        compiled=tuple(_parse_phrase(e, at) for p in phrases for e in expand(p)),
    )


def _code(value: Any, at: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise DataError(at, 'by_armed_group must be a quoted CAMEO code such as "181"')
    return value


def read_pattern_file(text: str, where: str) -> list[Pattern]:
    try:
        data = yamlfast.safe_load(text)
    except yamlfast.YAMLError as exc:
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
