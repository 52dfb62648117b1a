"""Fast tokens with character offsets, and a small rule-based lemmatiser.

Event patterns are written with lemmas ("condemn"), so every token carries one. Lemmas come
from two directions: forward, every pattern word is inflected by rule (condemn -> condemns,
condemned, condemning) and the forms go into one dict, which is exact and a single lookup per
token; backward, :func:`lemmatize` strips suffixes for words no pattern named, which is good
enough for context words and for tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from dyads.nlp import lexicon

# Words, possessive/clitic endings ("'s", "'t") and single punctuation marks. Hyphenated and
# dotted words stay whole ("full-scale", "U.S") so offsets map one token to one word.
# Numbers keep their thousands separators ("1,141 refugees" is one token, not three).
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,])|[’']\w*|\w+(?:[-.]\w+)*|[^\w\s]")

_NT_STEMS = {
    "don": "do", "doesn": "do", "didn": "do", "won": "will", "wouldn": "would", "can": "can",
    "couldn": "could", "shouldn": "should", "isn": "be", "aren": "be", "wasn": "be",
    "weren": "be", "hasn": "have", "haven": "have", "hadn": "have", "mustn": "must",
    "ain": "be",
}  # fmt: skip

_VOWELS = frozenset("aeiou")
_E_STEMS = ("ak", "ok", "ik", "uk", "us", "vid", "cid", "lud", "vad", "uad")


@dataclass(slots=True)
class Tokens:
    """The tokens of one stretch of text, as parallel lists (cheaper than one object each)."""

    starts: list[int]
    ends: list[int]
    lower: list[str]
    lemmas: list[str]
    capitalised: list[bool] = field(default_factory=list)  # the shape the rules read

    def shape(self, text: str, i: int) -> str:
        """Token ``i``'s shape ("Xxxxx", "dd", "X.X"), as spaCy writes it: letters as X or x,
        digits as d, runs longer than four cut to four."""
        return word_shape(text[self.starts[i] : self.ends[i]])

    def __len__(self) -> int:
        return len(self.starts)


def _load_table(name: str) -> dict[str, list[str]]:
    table = lexicon.table(name) or {}
    return {str(k): [str(v) for v in vs] for k, vs in table.items()}


@cache
def irregular_forms() -> dict[str, str]:
    """Inflected form -> lemma for irregular verbs and nouns."""
    forms: dict[str, str] = {}
    for name in ("irregular-verbs.yaml", "irregular-nouns.yaml"):
        for lemma, inflected in _load_table(name).items():
            for form in inflected:
                forms.setdefault(form, lemma)
    return forms


def inflections(lemma: str) -> set[str]:
    """Every form a regular verb or noun ``lemma`` may take (over-generating is harmless)."""
    forms = {lemma}
    if not lemma.replace("-", "").isalpha():  # "cyber-attack" inflects like "attack"
        return forms
    last = lemma[-1]
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(lemma + "es")
    elif last == "y" and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    else:
        forms.add(lemma + "s")
    if last == "e":
        forms |= {lemma + "d", lemma[:-1] + "ing"}
        if lemma.endswith("ie"):
            forms.add(lemma[:-2] + "ying")
    else:
        forms |= {lemma + "ed", lemma + "ing"}
        if last not in _VOWELS and last not in "wxy" and len(lemma) > 2 and lemma[-2] in _VOWELS:
            forms |= {lemma + last + "ed", lemma + last + "ing"}  # plan -> planned
    if lemma.endswith("ic"):
        forms |= {lemma + "ked", lemma + "king"}
    return forms


@cache
def lemmatize(word: str) -> str:
    """Best-effort lemma of any lower-case word, by irregular table and suffix rules."""
    irregular = irregular_forms().get(word)
    if irregular is not None:
        return irregular
    n = len(word)
    if n > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if n > 4 and word.endswith("ied"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if n > len(suffix) + 1 and word.endswith(suffix):
            stem = word[: -len(suffix)]
            if stem[-1] == "e" or stem.endswith(_E_STEMS):
                return stem + "e"  # agreed -> agree, making -> make, used -> use
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lszfd":
                return stem[:-1]  # planned -> plan, but shelled -> shell
            if stem.endswith(("at", "iz", "is", "us", "uc", "ag", "rg", "dg", "ev", "iv", "ov")):
                return stem + "e"  # negotiated -> negotiate, seized -> seize
            if stem[-1] == "v" or stem.endswith(("rc", "nc", "rs", "ps")):
                return stem + "e"
            return stem
    if n > 3 and word.endswith("es") and word[:-2].endswith(("ss", "sh", "ch", "x", "z")):
        return word[:-2]
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class Lemmatizer:
    """Form -> lemma for a known vocabulary (pattern words), falling back to :func:`lemmatize`."""

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        table: dict[str, str] = {}
        for lemma in sorted(set(vocabulary)):
            for form in inflections(lemma):
                table.setdefault(form, lemma)
        for form, lemma in irregular_forms().items():
            table[form] = lemma
        # The plural of a gerund noun has the gerund's lemma: "shootings" as "shooting" (a
        # form of "shoot"), so that the pattern word "shooting" matches both.
        for form, lemma in table.items():
            if form.endswith("ings") and lemma == form[:-1]:
                table[form] = table.get(lemma, lemma)
        self.table = table

    @classmethod
    def from_table(cls, table: dict[str, str]) -> Lemmatizer:
        """A lemmatiser whose table was built before (and cached as plain data)."""
        built = cls.__new__(cls)
        built.table = table
        return built

    def __call__(self, word: str) -> str:
        lemma = self.table.get(word)
        return lemma if lemma is not None else word


def word_shape(word: str) -> str:
    out: list[str] = []
    for ch in word:
        kind = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if len(out) < 4 or out[-1] != kind or out[-4:] != [kind] * 4:
            out.append(kind)
    return "".join(out)


def tokenize(text: str, start: int = 0, end: int | None = None, *,
             lemmatizer: Lemmatizer | None = None) -> Tokens:  # fmt: skip
    """Tokens of ``text[start:end]`` with offsets into ``text`` and lower-case lemmas.

    Without a ``lemmatizer`` the rule-based :func:`lemmatize` gives the lemmas.
    """
    stop = len(text) if end is None else end
    found = list(_TOKEN.finditer(text, start, stop))
    starts = [m.start() for m in found]
    ends = [m.end() for m in found]
    lower = [m.group().lower() for m in found]
    if text.find("’", start, stop) >= 0:
        lower = [w.replace("’", "'") for w in lower]
    if isinstance(lemmatizer, Lemmatizer):
        table = lemmatizer.table
        lemmas = [table.get(w, w) for w in lower]  # one dict lookup a token: the hot path
    else:
        lemmas = [lemmatize(w) for w in lower]
    capitalised = [text[s].isupper() for s in starts]
    for i, word in enumerate(lower if "'t" in lower else ()):
        if word == "'t" and i and lower[i - 1].endswith("n"):
            lemmas[i] = "not"
            lemmas[i - 1] = _NT_STEMS.get(lower[i - 1], lemmas[i - 1])
    return Tokens(starts, ends, lower, lemmas, capitalised)
