"""Speaker phrases around speech verbs, and the attribution lexicon, behind ``nlp.quotes``.

A speaker phrase is a short noun phrase ("the statement", "Russia's foreign ministry
spokeswoman Maria Zakharova", "the G7 ministers", "they") found without a parser: a run of
words that are not function words, verbs-in-passing or clause boundaries, at most a dozen long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from dyads.nlp import lexicon as word_lists
from dyads.nlp import yamlfast
from dyads.nlp.tokens import inflections, irregular_forms

__all__ = ["after_quote_speaker", "before_verb_speaker", "following_phrase", "is_outlet", "lexicon"]

_TOKEN = re.compile(r"\w+(?:[-.’']\w+)*[’']?|[^\w\s]")

# fmt: off
# Words between a speaker and its verb that belong to neither: "the ministry also said".
_SKIP = word_lists.words("speaker-skip")
# Words that end a speaker phrase: clause boundaries, auxiliaries, negation, most prepositions.
_STOP = word_lists.words("speaker-stop")
_INNER_PREPOSITIONS = word_lists.words("speaker-inner-prepositions")
_LEADING_DROP = _STOP | _INNER_PREPOSITIONS | {"and", "&", "the", "a", "an"}
_DETERMINERS = word_lists.words("speaker-determiners")
_PRONOUNS = word_lists.words("speaker-pronouns")
_ED_ING_OK = word_lists.words("speaker-ed-ing-words")
# fmt: on
_WEEKDAYS = word_lists.words("weekdays")
_PERIODS = word_lists.words("periods")
_MAX_TOKENS = 12


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(text, start, end):
        s, e, word = m.start(), m.end(), m.group()
        # "U.S." keeps its last dot.
        if word == "." and out and "." in out[-1][2] and out[-1][1] == s and len(out[-1][2]) <= 6:
            ps, _, pword = out.pop()
            out.append((ps, e, pword + "."))
            continue
        out.append((s, e, word))
    return out


def _is_word(word: str) -> bool:
    return word[0].isalnum()


def _is_cap(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


def _strip_adverbials(toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop "also", "has", "on Tuesday", "last week", "in a statement" at the end."""
    while toks:
        low = toks[-1][2].lower()
        if low in _SKIP or (low.endswith("ly") and low.islower() and len(low) > 4):
            toks = toks[:-1]
        elif len(toks) >= 2 and (
            (low in _WEEKDAYS and toks[-2][2].lower() == "on")
            or (low in _PERIODS and toks[-2][2].lower() in ("last", "this"))
        ):
            toks = toks[:-2]
        elif low in ("statement", "interview", "post", "message"):
            i = len(toks) - 2
            while i >= 0 and toks[i][2].lower() in {"a", "an", "joint", "separate", "written"}:
                i -= 1
            if i >= 0 and toks[i][2].lower() == "in" and i < len(toks) - 2:
                toks = toks[:i]
            else:
                break
        else:
            break
    return toks


def _collect(toks: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The speaker phrase at the end of ``toks`` (already stripped of adverbials)."""
    picked: list[tuple[int, int, str]] = []
    depth = 0
    for i in range(len(toks) - 1, -1, -1):
        s, e, word = toks[i]
        low = word.lower()
        if word == ")":
            depth += 1
        elif word == "(" and depth:
            depth -= 1
        elif (not _is_word(word) and word not in ("&", "-", "’s", "'s", "’", "'")) or low in _STOP:
            break
        elif low in ("and", "&"):
            left = toks[i - 1][2] if i > 0 else ""
            right = picked[-1][2] if picked else ""
            if not (left and right and _is_cap(left) and _is_cap(right)):
                break
        elif (
            word.islower()
            and low.endswith(("ed", "ing"))
            and low not in _ED_ING_OK
            and len(low) > 4
        ):
            break
        picked.append((s, e, word))
        if len(picked) >= _MAX_TOKENS:
            break
    if picked and picked[0][2].lower() in _INNER_PREPOSITIONS:
        return None  # "the official in charge": a preposition cannot end a speaker
    picked.reverse()
    while picked and (picked[0][2].lower() in _LEADING_DROP - _DETERMINERS or picked[0][2] == ")"):
        picked = picked[1:]
    while picked and picked[0][2] == "(":
        picked = picked[1:]
    if not picked:
        return None
    content = [w for _, _, w in picked if w.lower() not in _DETERMINERS and _is_word(w)]
    if not content:
        return None
    lone = picked[0][2] if len(picked) == 1 else ""
    if lone.islower() and lone not in _PRONOUNS and lone.endswith(("ed", "ing")):
        return None  # a lone common noun ("officials said") is fine; a verb-looking word is not
    return picked[0][0], picked[-1][1]


def before_verb_speaker(text: str, verb_start: int, *, floor: int) -> tuple[int, int] | None:
    """The speaker phrase ending just before the speech verb at ``verb_start``.

    >>> t = "Russia's foreign ministry spokeswoman Maria Zakharova also said on Monday"
    >>> s = before_verb_speaker(t, t.index("said"), floor=0); t[s[0]:s[1]]
    "Russia's foreign ministry spokeswoman Maria Zakharova"
    >>> t = "In a joint statement after their meeting in Naples, they emphasized"
    >>> s = before_verb_speaker(t, t.index("emphasized"), floor=0); t[s[0]:s[1]]
    'they'
    """
    toks = _tokens(text, max(floor, verb_start - 200), verb_start)
    toks = _strip_adverbials(toks)
    if toks and toks[-1][2].lower() in _DETERMINERS:
        return None  # "the report", "a claim": a noun, not a verb
    return _collect(toks)


_PHRASE_STOP = _STOP | {"on", "in", "at", "during", "told", "to", "says", "said", "and"}


def following_phrase(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The short noun phrase starting at ``pos`` ("according to <the ministry>, ...").

    >>> t = "according to Ukraine's general staff, Russia lost"
    >>> s = following_phrase(t, 13, len(t)); t[s[0]:s[1]]
    "Ukraine's general staff"
    """
    picked: list[tuple[int, int, str]] = []
    toks = _tokens(text, pos, min(end, pos + 160))
    for i, (s, e, word) in enumerate(toks):
        low = word.lower()
        if not _is_word(word) and word not in ("&", "-"):
            break
        if low in _PHRASE_STOP and picked:
            coordinated = i + 1 < len(toks) and _is_cap(toks[i + 1][2])
            if low == "and" and _is_cap(picked[-1][2]) and coordinated:
                picked.append((s, e, word))
                continue
            break
        picked.append((s, e, word))
        if len(picked) >= _MAX_TOKENS:
            break
    while picked and picked[-1][2].lower() in _INNER_PREPOSITIONS | {"and", "&", "-"}:
        picked.pop()
    if not picked:
        return None
    return picked[0][0], picked[-1][1]


_SEGMENT_END = re.compile(r"[.!?;:\n“«\"]")
_APPOSITIVE = re.compile(r"\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*,\s*")


def after_quote_speaker(
    text: str, pos: int, speech: re.Pattern[str]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``((speaker_start, speaker_end), (cue_start, cue_end))`` right after a closing quote
    mark at ``pos - 1``: '"...," the statement reads', '"...," said Lavrov'.

    >>> import re
    >>> speech = re.compile(r"\\b(?:said|reads)\\b")
    >>> t = '"We condemn it," the statement reads.'
    >>> (s, c) = after_quote_speaker(t, 16, speech); t[s[0]:s[1]], t[c[0]:c[1]]
    ('the statement', 'reads')
    """
    seg_start = pos
    while seg_start < len(text) and text[seg_start] in " ,\u00a0":
        seg_start += 1
    stop = _SEGMENT_END.search(text, seg_start, min(len(text), seg_start + 160))
    seg_end = stop.start() if stop else min(len(text), seg_start + 160)
    verb = speech.search(text, seg_start, seg_end)
    if verb is None:
        return None
    cue = (verb.start(), verb.end())
    if not text[seg_start : verb.start()].strip():
        phrase = following_phrase(text, verb.end(), seg_end)
        return (phrase, cue) if phrase else None
    appositive = _APPOSITIVE.fullmatch(text, seg_start, verb.start())
    if appositive is None:
        # "Lavrov, the foreign minister, said": the name before the first comma.
        comma = text.find(",", seg_start, verb.start())
        if comma > 0:
            head = _APPOSITIVE.match(text, seg_start, comma + 1)
            if head is not None and head.end() == comma + 1:
                return (head.start(1), head.end(1)), cue
    speaker = before_verb_speaker(text, verb.start(), floor=seg_start)
    if speaker is None:
        return None
    gap = text[seg_start : speaker[0]]
    if gap.strip(" ,"):
        return None
    return speaker, cue


# ---------------------------------------------------------------- the attribution lexicon


# A run of the characters a speech verb is made of (and may not touch).
_RUN = re.compile(r"(?<![\w’'-])[\w’'-]+")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    speech: re.Pattern[str]
    speech_words: frozenset[str] | None  # what ``speech`` matches, if each is one _RUN
    free_verbs: frozenset[str]  # attribute with any complement; the others need "that"
    outlet_verbs: frozenset[str]
    noun_forms: frozenset[str]
    not_after: re.Pattern[str]
    according: re.Pattern[str]
    according_phrases: tuple[str, ...]  # lower case: a cheap test before ``according``
    outlets: frozenset[str]


def _forms(lemma: str, irregular: dict[str, list[str]]) -> set[str]:
    return inflections(lemma) | set(irregular.get(lemma, ()))


@cache
def lexicon() -> _Lexicon:
    """The attribution cue words, compiled once."""
    raw = resources.files("dyads.data.lexicon").joinpath("attribution.yaml").read_text("utf-8")
    data = yamlfast.safe_load(raw)
    irregular: dict[str, list[str]] = {}
    for form, lemma in irregular_forms().items():
        irregular.setdefault(lemma, []).append(form)
    free: set[str] = set()
    for lemma in data["speech_verbs"]:
        free |= _forms(str(lemma), irregular)
    speech = set(free)
    for lemma in data["that_verbs"]:
        speech |= _forms(str(lemma), irregular)
    outlet_verbs: set[str] = set()
    for lemma in data["outlet_verbs"]:
        outlet_verbs |= _forms(str(lemma), irregular)
    alternation = "|".join(sorted(map(re.escape, speech), key=len, reverse=True))
    according = "|".join(re.escape(str(p)) for p in data["according_to"])
    return _Lexicon(
        speech=re.compile(rf"(?<![\w’'-])(?:{alternation})(?![\w’'-])"),
        speech_words=frozenset(speech) if all(_RUN.fullmatch(w) for w in speech) else None,
        free_verbs=frozenset(free),
        outlet_verbs=frozenset(outlet_verbs),
        noun_forms=frozenset(str(f) for f in data["noun_forms"]),
        not_after=re.compile(
            r"\s+(?:" + "|".join(re.escape(str(w)) for w in data["not_speech_after"]) + r")\b"
        ),
        according=re.compile(
            rf"\b{_first_letters(data['according_to'])}(?:{according})\b", re.IGNORECASE
        ),
        according_phrases=tuple(str(p).lower() for p in data["according_to"]),
        outlets=frozenset(str(o).lower() for o in data["outlets"]),
    )


# Letters whose IGNORECASE match takes a non-ASCII character too ("İ", "ı"; "ſ"; Kelvin "K").
_ASCII_FOLDS = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}


def _first_letters(phrases: list[str]) -> str:
    """A lookahead for the characters an IGNORECASE match of ``phrases`` can begin with, so
    the regex engine rejects other positions at once; empty unless all begin with a letter
    a-z, whose case variants are known."""
    firsts = {str(p)[:1].lower() for p in phrases}
    if not firsts or not all(len(c) == 1 and "a" <= c <= "z" for c in firsts):
        return ""
    chars = "".join(sorted(c + c.upper() + _ASCII_FOLDS.get(c, "") for c in firsts))
    return f"(?=[{chars}])"


def speech_verbs(text: str, start: int, end: int) -> list[re.Match[str]]:
    """What ``lexicon().speech.finditer(text, start, end)`` finds, several times faster.

    A speech verb matches only as a whole run of word characters (the regex's lookbehind and
    lookahead), so looking each run up in a set gives the same matches as trying the long
    alternation at every position.
    """
    lex = lexicon()
    words = lex.speech_words
    if words is None:  # pragma: no cover - a cue of several words
        return list(lex.speech.finditer(text, start, end))
    if words.isdisjoint(_RUN.findall(text, start, end)):
        return []  # most sentences: no speech verb, and no match objects to build
    return [run for run in _RUN.finditer(text, start, end) if run.group() in words]


def according_phrases(text: str, start: int, end: int) -> list[re.Match[str]]:
    """What ``lexicon().according.finditer(text, start, end)`` finds. On ASCII text its
    IGNORECASE match is a lower-case one, so a window without any phrase in lower case has
    none (most sentences): no regex scan there."""
    lex = lexicon()
    window = text[start:end]
    if window.isascii():
        lowered = window.lower()
        if not any(p in lowered for p in lex.according_phrases):
            return []
    return list(lex.according.finditer(text, start, end))


def is_outlet(name: str) -> bool:
    """True for a known outlet or a dotted name like "Caliber.Az".

    >>> is_outlet("Caliber.Az"), is_outlet("Reuters"), is_outlet("the minister")
    (True, True, False)
    """
    name = name.strip()
    if name.lower() in lexicon().outlets:
        return True
    return bool(re.fullmatch(r"[A-Z][\w-]*\.[A-Za-z]{2,4}", name))
