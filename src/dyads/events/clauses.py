"""Clauses of one sentence for role reading, without a parser: tokens, mentions and cuts.

A sentence is cut into clauses at boundary words (";", quotes, "which", "who", "while", speech
verbs ...) and at the comma that opens a trailing reporting clause (", a UN official said
Monday"; ", according to police"): the reporter of a sentence is never a role of the events
it reports. Coordinated mentions ("China, North Korea and Iran") form groups.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from dyads.actors.forms import armed
from dyads.events.patterns import Match
from dyads.model import Mention
from dyads.nlp import lexicon
from dyads.nlp.tokens import Tokens


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PREPOSITIONS = lexicon.words("prepositions")
DETERMINERS = lexicon.words("determiners")
BE_FORMS = lexicon.words("be-forms")
SUBJECT_PRONOUNS = lexicon.words("subject-pronouns")
POSSESSIVE_PRONOUNS = lexicon.words("possessive-pronouns")
FIRST_PERSON = lexicon.words("first-person")
STAND_INS = lexicon.words("stand-ins")
BOUNDARY_WORDS = lexicon.words("clause-boundaries")
_AUXILIARIES = lexicon.words("auxiliaries")
RELATIVES = lexicon.words("relatives")
PAST_ENDINGS = ("ed", "en")


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    data = lexicon.table("light-verbs.yaml")
    return frozenset(data["light_verbs"]), frozenset(data["agent_heads"])


# Words whose boundary depends on their neighbours (the tests in make_view).
RAISING = lexicon.words("raising-report-verbs")
_CONTEXTUAL = frozenset({"that", "as", ",", "after", "before", "since", "until", "when"})


@dataclass(slots=True)
class View:
    """One sentence prepared for role reading: tokens, actor mentions and clause cuts."""

    tokens: Tokens
    mentions: list[Mention]
    first: list[int]  # token index of each mention's first token
    last: list[int]  # ... and last token
    owner: list[int]  # per token: index of the mention covering it, or -1
    boundary: list[bool]
    raw_first: list[bool]  # token starts with a capital letter
    trigger_ends: set[int] = field(default_factory=set)
    trigger_starts: set[int] = field(default_factory=set)
    verbal_triggers: set[int] = field(default_factory=set)  # token indices inside verbal triggers
    trigger_types: dict[int, str] = field(default_factory=dict)  # trigger start -> PLOVER type
    reporting: list[bool] = field(default_factory=list)  # per token: inside a reporting clause
    clauses: list[tuple[int, int]] | None = None  # per token index: its clause (segment)

    def reporter(self, m: int) -> bool:
        """Mention ``m`` is the source of the sentence's news, not an actor in it."""
        return bool(self.reporting) and self.reporting[self.first[m]]


def make_view(tokens: Tokens, mentions: Sequence[Mention], text: str = "") -> View:
    n = len(tokens.starts)
    if not text:
        raw_first = [False] * n
    else:  # the token layer's shape, made once with the tokens
        raw_first = tokens.capitalised or [text[s].isupper() for s in tokens.starts]
    owner = [-1] * n
    first: list[int] = []
    last: list[int] = []
    kept: list[Mention] = []
    for mention in mentions:
        a = bisect_left(tokens.starts, mention.start)
        b = bisect_left(tokens.starts, mention.end) - 1
        if a >= n or b < a or max(owner[a : b + 1]) >= 0:  # a token already taken
            continue
        owner[a : b + 1] = [len(kept)] * (b + 1 - a)
        kept.append(mention)
        first.append(a)
        last.append(b)
    lower = tokens.lower
    boundary = [w in BOUNDARY_WORDS for w in lower]
    # Only a few words need the tests below: find them in one pass first.
    for i in [k for k, w in enumerate(lower) if w in _CONTEXTUAL]:
        word = lower[i]
        if word == "that" and i and lower[i - 1] not in PREPOSITIONS:
            boundary[i] = True
        elif word == "as" and 0 < i < n - 1 and lower[i - 1] not in {"as", "such", "well"}:
            nxt = i + 1
            boundary[i] = owner[nxt] >= 0 or lower[nxt] in {"the", "it", "they", "he", "she"}
        elif (
            word == ","
            and i < n - 1
            and (lower[i + 1] in {"including", "while", "but"} or lower[i + 1].endswith("ing"))
        ):
            boundary[i] = True
        elif word in {"after", "before", "since", "until", "when"} and i > 0:
            nxt = i + 1
            boundary[i] = nxt < n and (owner[nxt] >= 0 or lower[nxt] in SUBJECT_PRONOUNS)
            # "died when a car bomb exploded": the clause has its own subject, no actor (an
            # actor there is the one the act hits: "detonated when a US convoy passed"), or
            # an unnamed attacker ("died when a gunman opened fire": never the one hit)
            own = word == "when" and nxt + 1 < n and lower[nxt] in {"a", "an", "the"}
            hit = own and owner[nxt + 1] >= 0 and not armed(kept[owner[nxt + 1]])
            boundary[i] |= own and not hit
    for i in range(1, n - 1):
        if boundary[i] and lower[i] in RAISING and lower[i - 1] in BE_FORMS:
            boundary[i] = lower[i + 1] != "to"  # "X were said to have killed": X's act
    reporting = _reporting_clauses(lower, boundary)
    return View(tokens, kept, first, last, owner, boundary, raw_first, reporting=reporting)


REPORT_VERBS = lexicon.words("report-verbs")
_CLAUSE_END = frozenset({".", "!", "?", ")"})
_QUOTE_MARKS = frozenset({",", '"', "”", "''", "’"})
MAX_REPORTER = 16  # tokens of the reporter's noun phrase: ", a senior official in Kabul said"
MAX_TAIL = 12  # tokens after the speech verb: "said on Monday in a statement"


def _reporting_clauses(lower: list[str], boundary: list[bool]) -> list[bool]:
    """Mark the trailing reporting clause (", officials said Monday", ", said a spokesman",
    ", according to police") and an opening "According to X," and cut the clause there, so
    the reporter takes no role in the events reported. ``boundary`` is updated in place."""
    n = len(lower)
    reporting = [False] * n
    end = n
    while end > 0 and lower[end - 1] in _CLAUSE_END:
        end -= 1
    for v in [k for k, w in enumerate(lower) if w in REPORT_VERBS]:
        word = lower[v]
        if word == "according":
            if v + 1 < n and lower[v + 1] == "to":
                stop = v + 1
                while stop < end and lower[stop] not in {",", ";"}:
                    stop += 1
                for i in range(v, stop):
                    reporting[i] = True
                if stop < n:
                    boundary[stop] = True
            continue
        if end - v - 1 > MAX_TAIL or "that" in lower[v + 1 : end] or "," in lower[v + 1 : end]:
            continue  # "said that ...": the speech verb governs what follows, not what precedes
        c = v - 1
        while c >= 0 and v - c <= MAX_REPORTER and lower[c] not in _QUOTE_MARKS:
            if boundary[c] or lower[c] in {"that", "and"}:
                c = -1
                break
            c -= 1
        if c < 1 or v - c > MAX_REPORTER:
            continue
        boundary[c] = True
        for i in range(c, n):
            reporting[i] = True
    return reporting


def segment(view: View, i: int) -> tuple[int, int]:
    """Token range ``[start, end)`` of the clause around token ``i``."""
    # Asked about ten times a sentence: every clause once, on first use.
    spans = view.clauses
    if spans is None:
        spans = view.clauses = _clause_spans(view.boundary)
    if 0 <= i < len(spans):
        return spans[i]
    start = i
    while start > 0 and not view.boundary[start - 1]:
        start -= 1
    end = i
    n = len(view.boundary)
    while end < n and not view.boundary[end]:
        end += 1
    return start, end


def _clause_spans(boundary: list[bool]) -> list[tuple[int, int]]:
    """``segment`` of every token index ``0 .. len(boundary)``: a clause runs from the token
    after a boundary to the next boundary token (itself included), or to the end."""
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [k for k, is_cut in enumerate(boundary) if is_cut]:
        spans += [(start, cut)] * (cut - start + 1)
        start = cut + 1
    n = len(boundary)
    spans += [(start, n)] * (n - start + 1)
    return spans


SEPARATORS = frozenset({
    (",",), ("and",), ("or",), ("&",), (",", "and"), (",", "or"), ("and", "the"),
    (",", "and", "the"), ("as", "well", "as"), (",", "as", "well", "as"), ("and", "also"),
})  # fmt: skip
_SEP_WORDS = frozenset(w for sep in SEPARATORS for w in sep)


# What may open the second of two coordinated actors: "Three Israelis and an Iranian",
# "25 Iraqis and seven US soldiers", "ISIS militants and at least four rebels".
_COUNTS = (lexicon.words("group-nouns") | lexicon.words("number-words")) - {"of", "to", "than"}
_COUNTS |= {"a", "an"}


def is_count(word: str) -> bool:
    """A number or count word that may open a counted actor ("seven", "1,200", "dozens")."""
    return word in _COUNTS or word.replace(",", "").isdigit()


def _joining(word: str) -> bool:
    return word in _SEP_WORDS or is_count(word)


def _separated(view: View, a: int, b: int) -> bool:
    """Tokens ``[a, b)`` join two coordinated actors ("," / "and" / "as well as"), the
    second perhaps counted ("and seven")."""
    lower = view.tokens.lower
    k = b
    while k > a + 1 and is_count(lower[k - 1]):
        k -= 1
    words = tuple(lower[a:k])
    if k < b and "and" not in words:
        return False  # "Iraqis, seven ...": a count after a bare comma is a new phrase
    return words in SEPARATORS and not any(view.boundary[a:b])


def governed_segment(view: View, match: Match) -> tuple[int, int]:
    """The clause of a governing trigger, reaching over "that" into its complement:
    "demanded (on Friday) that the US cancel ..."."""
    floor, ceiling = segment(view, match.start)
    lower = view.tokens.lower
    if ceiling < len(lower) and lower[ceiling] == "that" and ceiling - match.end <= 3:
        ceiling = segment(view, ceiling + 1)[1]
    return floor, ceiling


def group_left(view: View, m: int) -> list[int]:
    """Mention ``m`` and the mentions coordinated before it ("China, North Korea and Iran")."""
    group = [m]
    lower, owner = view.tokens.lower, view.owner
    while True:
        end = view.first[group[-1]]
        i = end - 1
        while i >= 0 and end - i <= 7 and owner[i] < 0 and _joining(lower[i]):
            i -= 1
        if i >= 0 and owner[i] < 0 and _separated(view, i + 1, end):
            i = _skip_name(view, i)  # "Libyan leader Muammar Gaddafi and Bulgarian ..."
        if i < 0 or owner[i] < 0:
            break
        j = view.last[owner[i]] + 1
        if not (_separated(view, j, end) or _named_then_separated(view, j, end)):
            break
        if is_possessive(view, owner[i]) or owner[i] in group:
            break
        if opening_locative(view, [owner[i]]):
            break  # "In Yemen, gunmen attacked": the scene, not a coordinated actor
        if "," in lower[j:end] and trigger_object(view, owner[i]):
            break  # "killed five soldiers, and the authorities blamed": a new clause
        group.append(owner[i])
    group.reverse()
    return group


def trigger_object(view: View, m: int) -> bool:
    """Mention ``m`` is the object right after a trigger ("killed five soldiers")."""
    lower, first = view.tokens.lower, view.first[m]
    k = first - 1  # over "the", "five", "at least", "over 200", but not "over" before X
    while k >= 0 and view.owner[k] < 0 and (lower[k] in DETERMINERS or is_count(lower[k])):
        if k + 1 == first and lower[k] in PREPOSITIONS:
            return False
        k -= 1
    return k + 1 in view.trigger_ends


OPENING_LOCATIVES = lexicon.words("locatives")
DIVISION_NOUNS = lexicon.words("division-nouns")


def opening_locative(view: View, group: list[int]) -> bool:
    """ "In Syria, coalition forces struck ...": the scene set before the clause, no actor."""
    lower = view.tokens.lower
    i = view.first[group[0]] - 1
    while i >= 0 and lower[i] in DETERMINERS:
        i -= 1
    if i > 0 and lower[i] == "of" and lower[i - 1] in DIVISION_NOUNS:
        # "In the province of Damascus, ...", "In the northern city of Kabul, ..."
        i -= 2
        while (
            i > 0
            and lower[i] not in OPENING_LOCATIVES
            and view.owner[i] < 0
            and (lower[i] in DETERMINERS or lower[i].isalpha())
        ):
            i -= 1
    after = view.last[group[-1]] + 1
    if i < 0 or lower[i] not in OPENING_LOCATIVES or after >= len(lower) or lower[after] != ",":
        return False
    return i == 0 or view.boundary[i - 1] or lower[i - 1] in {",", "and", "but"}


def _skip_name(view: View, i: int) -> int:
    """Leftwards over a title and a capitalised name (at most five words) to an actor."""
    _, agent_heads = _lexicon()
    text_tokens = view.tokens
    k = i
    while k >= 0 and i - k < 5 and view.owner[k] < 0:
        word = text_tokens.lower[k]
        raw_first = view.raw_first[k]
        if not (raw_first or word in agent_heads):
            return i
        k -= 1
    return k if k >= 0 and view.owner[k] >= 0 else i


def _named_then_separated(view: View, a: int, b: int) -> bool:
    """``[a, b)`` is a title and name followed by a separator: "leader Gaddafi and"."""
    _, agent_heads = _lexicon()
    k = a
    while k < b and (view.raw_first[k] or view.tokens.lower[k] in agent_heads):
        k += 1
    return a < k < b and _separated(view, k, b)


def group_right(view: View, m: int) -> list[int]:
    group = [m]
    lower, owner = view.tokens.lower, view.owner
    n = len(lower)
    while True:
        start = view.last[group[-1]] + 1
        i = start
        while i < n and i - start < 7 and owner[i] < 0 and _joining(lower[i]):
            i += 1
        if i >= n or owner[i] < 0 or not _separated(view, start, i):
            break
        if owner[i] in group:
            break
        group.append(owner[i])
    return group


def is_possessive(view: View, m: int) -> bool:
    i = view.last[m] + 1
    return i < len(view.tokens.lower) and view.tokens.lower[i] in {"'s", "'"}


CONDITION_REACH = 20  # tokens from the trigger to an "unless" that binds it


def conditional(view: View, match: Match) -> bool:
    """The trigger's clause is bound by a following "unless": "will withdraw unless ..."."""
    lower = view.tokens.lower
    _, ceiling = segment(view, match.start)
    for i in range(ceiling, min(len(lower), match.end + CONDITION_REACH)):
        if lower[i] == "unless":
            return True
        if lower[i] in {".", ";", "but"}:
            return False
    return False


def capacity(view: View, match: Match) -> list[int]:
    """ "resigned as president of Indonesia": the office names the actor who acts."""
    i = match.end
    lower = view.tokens.lower
    n = len(lower)  # "as" before an actor is a clause cut, so the clause ends before it
    if i + 1 >= n or lower[i] != "as":
        return []
    for k in range(i + 1, min(n, i + 5)):
        if view.owner[k] >= 0:
            return [view.owner[k]]
        if lower[k] in {",", ";", "and"}:
            break
    return []


def stand_in(lower: list[str], i: int) -> bool:
    """ "the ministry", "its government", "the two leaders": a word standing for an actor
    the text has named before."""
    return lower[i] in STAND_INS and (lower[i - 1] in {"the", "its", "their"} or the_two(lower, i))


def the_two(lower: list[str], i: int) -> bool:
    """ "the two leaders", "the two ministers": a stand-in for the two actors named before."""
    return lower[i] in STAND_INS and lower[i - 2 : i] == ["the", "two"]
