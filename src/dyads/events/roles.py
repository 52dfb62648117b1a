"""Source and target from the clause, without a parser: token scans around the trigger.

A sentence is cut into clauses at boundary words (";", quotes, "which", "who", "while", speech
verbs ...). The subject is the nearest actor group before the trigger in its clause that is not
the object of a preposition or of an earlier trigger; the target is the first actor group after
the trigger that a direct object or one of the pattern's prepositions introduces. Nominal
triggers take their source from a possessive or adjective ("Russia's invasion", "Russian
strikes"), "by X", "between X and Y", or the subject of a light verb ("expressed support").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from dyads.events.patterns import Match
from dyads.model import Mention
from dyads.nlp.tokens import Tokens, irregular_forms


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PREPOSITIONS = words(
    "of in on at with against to for from into over about by between near after before since "
    "during than like including toward towards across along around among amid under upon "
    "within without via behind despite regarding through outside beyond"
)
DETERMINERS = words(
    "the a an its their his her our my your this these those such any some all both several "
    "many most other another each"
)
BE_FORMS = words("was were been being is are be get got gets getting")
SUBJECT_PRONOUNS = frozenset({"they", "he", "she", "it", "we", "i"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "my"})
FIRST_PERSON = frozenset({"we", "our", "us", "i", "my"})
STAND_INS = words(
    "ministers minister statement government leaders officials ministry communique communiqué "
    "declaration spokesman spokeswoman spokesperson president country"
)
BOUNDARY_WORDS = words(
    '; : " “ ” which who whom whose while whereas although though because but unless if where '
    "said says say told tells stated announced added noted claimed insisted reported "
    "according"
)
_AUXILIARIES = words(
    "has have had is are was were be been will would could should may might must did do does "
    "also not n't never once again today yesterday"
)
RELATIVES = frozenset({"which", "who", "whom", "whose", "that", "where"})
PAST_ENDINGS = ("ed", "en")

TYPE_TARGET_PREPS: dict[str, tuple[str, ...]] = {
    "AGREE": ("with", "to"),
    "CONSULT": ("with",),
    "SUPPORT": ("for", "to", "of"),
    "CONCEDE": ("to",),
    "COOPERATE": ("with",),
    "AID": ("to", "for"),
    "RETREAT": ("from",),
    "REQUEST": ("on", "to", "from"),
    "ACCUSE": ("of", "for", "against", "over", "at", "about"),
    "REJECT": (),
    "THREATEN": ("against", "with"),
    "PROTEST": ("against",),
    "SANCTION": ("on", "against"),
    "MOBILIZE": (),
    "COERCE": ("on", "against", "of"),
    "ASSAULT": ("on", "against", "of"),
}


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    raw = resources.files("dyads.data.lexicon").joinpath("light-verbs.yaml")
    data = yaml.safe_load(raw.read_text(encoding="utf-8"))
    return frozenset(data["light_verbs"]), frozenset(data["agent_heads"])


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


def make_view(tokens: Tokens, mentions: Sequence[Mention], text: str = "") -> View:
    n = len(tokens.starts)
    raw_first = [text[s].isupper() for s in tokens.starts] if text else [False] * n
    owner = [-1] * n
    first: list[int] = []
    last: list[int] = []
    kept: list[Mention] = []
    for mention in mentions:
        a = bisect_left(tokens.starts, mention.start)
        b = bisect_left(tokens.starts, mention.end) - 1
        if a >= n or b < a or any(owner[i] >= 0 for i in range(a, b + 1)):
            continue
        for i in range(a, b + 1):
            owner[i] = len(kept)
        kept.append(mention)
        first.append(a)
        last.append(b)
    lower = tokens.lower
    boundary = [w in BOUNDARY_WORDS for w in lower]
    for i, word in enumerate(lower):
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
    return View(tokens, kept, first, last, owner, boundary, raw_first)


def segment(view: View, i: int) -> tuple[int, int]:
    """Token range ``[start, end)`` of the clause around token ``i``."""
    start = i
    while start > 0 and not view.boundary[start - 1]:
        start -= 1
    end = i
    n = len(view.boundary)
    while end < n and not view.boundary[end]:
        end += 1
    return start, end


SEPARATORS = frozenset({
    (",",), ("and",), ("or",), ("&",), (",", "and"), (",", "or"), ("and", "the"),
    (",", "and", "the"), ("as", "well", "as"), (",", "as", "well", "as"), ("and", "also"),
})  # fmt: skip
_SEP_WORDS = frozenset(w for sep in SEPARATORS for w in sep)


def _separated(view: View, a: int, b: int) -> bool:
    """Tokens ``[a, b)`` join two coordinated actors ("," / "and" / "as well as")."""
    words = tuple(view.tokens.lower[a:b])
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
        while i >= 0 and end - i <= 4 and owner[i] < 0 and lower[i] in _SEP_WORDS:
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
        group.append(owner[i])
    group.reverse()
    return group


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
        while i < n and i - start < 4 and owner[i] < 0 and lower[i] in _SEP_WORDS:
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


@dataclass(slots=True)
class Roles:
    source: list[int] = field(default_factory=list)  # mention indices
    target: list[int] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    pronoun: int | None = None  # token index of a pronoun standing for the source
    relative: int | None = None  # token of a relative word whose antecedent is the source


def _gate_before(view: View, m: int, floor: int) -> str | None:
    """The preposition that introduces mention ``m`` ("of", "with"), skipping determiners."""
    i = view.first[m] - 1
    lower = view.tokens.lower
    while i >= floor and lower[i] in DETERMINERS:
        i -= 1
    if i < floor:
        return None
    return lower[i] if lower[i] in PREPOSITIONS else None


def find_subject(view: View, at: int, floor: int, roles: Roles) -> list[int]:
    """The actor group acting as subject before token ``at`` in the clause starting at
    ``floor``; records pronouns and relative words for the caller to resolve."""
    lower, owner = view.tokens.lower, view.owner
    _, agent_heads = _lexicon()
    i = at - 1
    while i >= floor and (lower[i] in _AUXILIARIES or lower[i].endswith("ly")):
        i -= 1
    if i > floor and lower[i] == ",":
        k = i - 1  # "Pakistan, a key U.S. ally in ..., has refused": skip the apposition
        while k > floor and lower[k] != "," and i - k < 15:
            k -= 1
        if k > floor and lower[k] == "," and lower[k + 1] in {"a", "an", "the", "which", "who"}:
            i = k - 1
    while i >= floor and at - i <= 30:
        m = owner[i]
        word = lower[i]
        if m >= 0:
            gate = _gate_before(view, m, floor)
            j = view.first[m] - 1
            while j >= floor and lower[j] in DETERMINERS:
                j -= 1
            after_trigger = j >= floor and (j + 1) in view.trigger_ends
            head_ok = gate == "of" and j - 1 >= floor and lower[j - 1] in agent_heads
            if (gate is None or head_ok) and not after_trigger:
                roles.rules.append("subject" if gate is None else "subject:N-of-X")
                return group_left(view, m)
            i = view.first[group_left(view, m)[0]] - 1
            continue
        if word in SUBJECT_PRONOUNS and (i + 1 >= len(lower) or lower[i + 1] not in {"'s"}):
            roles.pronoun = i
            roles.rules.append(f"pronoun:{word}")
            return []
        if word in STAND_INS and i > floor and lower[i - 1] in {"the", "its", "their"}:
            roles.pronoun = i
            roles.rules.append(f"stand-in:{word}")
            return []
        i -= 1
    rel = floor - 1
    if rel > 0 and lower[rel] in RELATIVES and lower[rel] != "where":
        roles.relative = rel
        roles.rules.append(f"relative:{lower[rel]}")
    return []


def antecedent(view: View, rel: int) -> list[int]:
    """The actor group just before a relative word ("Ukraine, which ...", "X, from where")."""
    lower = view.tokens.lower
    i = rel - 1
    while i >= 0 and lower[i] in {",", "from", "in", "to"}:
        i -= 1
    if i >= 0 and view.owner[i] >= 0:
        return group_left(view, view.owner[i])
    return []


def is_passive(view: View, match: Match) -> bool:
    lower = view.tokens.lower
    word = lower[match.start]
    if match.end < len(lower) and lower[match.end] == "to":
        return False  # "is committed to", "was set to"
    if not (word.endswith(PAST_ENDINGS) or word in irregular_forms()):
        return False
    i = match.start - 1
    while i >= 0 and lower[i].endswith("ly") and match.start - i < 3:
        i -= 1
    return i >= 0 and lower[i] in BE_FORMS


def find_objects(
    view: View, match: Match, preps: frozenset[str], *, direct: bool, ceiling: int
) -> tuple[list[int], list[int], list[int], str | None]:
    """Actor groups after the trigger: (target, agent from "by", "between" group, gate word)."""
    lower, owner = view.tokens.lower, view.owner
    gate: str | None = None
    target: list[int] = []
    agent: list[int] = []
    between: list[int] = []
    i = match.start + 1
    limit = min(ceiling, match.end + 14)
    only_between = False
    while i < limit:
        m = owner[i]
        if m >= 0 and only_between and gate != "between":
            break
        if m >= 0:
            if gate == "by" and not agent:
                agent = group_right(view, m)
                i = view.last[agent[-1]] + 1
                continue
            if gate == "between" and not between:
                between = group_right(view, m)
                return target, agent, between, gate
            accepted = (gate is None and direct) or (gate is not None and gate in preps)
            if accepted and not target:
                if is_possessive(view, m):
                    return [m], agent, between, gate
                target = group_right(view, m)
                i = view.last[target[-1]] + 1
                continue
            i = view.last[m] + 1
            gate = "?"  # a skipped actor: later ones are not the trigger's objects
            continue
        word = lower[i]
        if word == "of" and gate is not None and lower[i - 1] in _lexicon()[1]:
            i += 1  # "talks with leaders of Romania": the leaders stand for Romania
            continue
        if i >= match.end and i in view.trigger_starts:
            if target or only_between:
                break
            only_between = True  # "concern at the cooperation between X and Y"
        if word in PREPOSITIONS:
            gate = word
        elif word in {".", "!", "?"}:
            break
        i += 1
    return target, agent, between, gate


def nearest_before(view: View, at: int, floor: int) -> list[int]:
    """The last actor before the trigger in its clause, whatever introduces it."""
    for i in range(at - 1, max(floor, at - 15) - 1, -1):
        if view.owner[i] >= 0 and (i + 1) not in view.trigger_ends:
            return group_left(view, view.owner[i])
    return []


COMMENT_TYPES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "REQUEST", "AGREE"})


def nearest_after(view: View, match: Match, ceiling: int, exclude: set[int]) -> list[int]:
    """The first actor after the trigger in its clause: a weak target, when no rule found one."""
    for i in range(match.end, min(ceiling, match.end + 12)):
        if i in view.trigger_starts and match.pattern.type in COMMENT_TYPES:
            return []  # "condemned the attack on Somalia": Somalia is the attack's target
        m = view.owner[i]
        if m >= 0 and m not in exclude:
            return [m] if is_possessive(view, m) else group_right(view, m)
    return []


def nominal_source(view: View, match: Match, floor: int, roles: Roles) -> list[int]:
    """Possessive or adjectival actor right before a nominal trigger."""
    lower, owner = view.tokens.lower, view.owner
    i = match.start - 1
    steps = 0
    while i >= floor and steps < 6:
        word = lower[i]
        if owner[i] >= 0:
            roles.rules.append("adjective")
            return group_left(view, owner[i])
        if word in {"'s", "'"}:
            if i - 1 >= 0 and owner[i - 1] >= 0:
                roles.rules.append("possessive")
                return group_left(view, owner[i - 1])
            return []
        if word in POSSESSIVE_PRONOUNS:
            roles.pronoun = i
            roles.rules.append(f"possessive:{word}")
            return []
        if word in PREPOSITIONS or word in {"the", "a", "an", ",", ";", ":"}:
            return []
        if (i + 1) in view.trigger_ends or view.boundary[i]:
            return []
        i -= 1
        steps += 1
    return []


def light_verb_before(view: View, match: Match, floor: int) -> int | None:
    """Token index of a light verb ("express", "launch") governing a nominal trigger."""
    light, _ = _lexicon()
    lower, lemmas = view.tokens.lower, view.tokens.lemmas
    i = match.start - 1
    steps = 0
    while i >= floor and steps < 5:
        if lemmas[i] in light:
            return i
        if view.owner[i] >= 0 or lower[i] in PREPOSITIONS or lower[i] in {",", ";"}:
            return None
        i -= 1
        steps += 1
    return None
