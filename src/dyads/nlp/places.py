"""Where an event happened: place names after locatives, resolved with the gazetteer
(:mod:`dyads.nlp.gazetteer`, which documents the data and how a name is resolved)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dyads.model import Mention, Place
from dyads.nlp import lexicon
from dyads.nlp.elsewhere import named_elsewhere, state_entries
from dyads.nlp.gazetteer import Gazetteer, GazetteerEntry, default_gazetteer, optional_gazetteer

__all__ = [
    "Gazetteer", "GazetteerEntry", "PlaceHit", "default_gazetteer", "event_location", "find_place",
    "first_locative", "has_locative", "optional_gazetteer", "place_hits",
]  # fmt: skip

# The lookahead holds the first letters of the prepositions (and "İ", "ı", "ſ", which
# IGNORECASE folds to "i" and "s"), so most positions fail after one test.
_LOCATIVE = lexicon.regex("locative-phrase")
_TOKEN = re.compile(r"\S+")
_DEMONYM = re.compile("-|" + lexicon.endings_pattern("demonym-endings"))  # "Ukrainian capital"


def _clean(word: str) -> str:
    if word.endswith(("'s", "’s")):  # the possessive; words of "\\S+" hold no newline
        word = word[:-2]
    if word.endswith(".") and word.count(".") == 1:
        word = word[:-1]  # "in Kyiv." at a sentence end; "U.S." keeps its dots
    return word.rstrip(",;:")


def _prefix_ok(gaz: Gazetteer, entry: GazetteerEntry, word: str, following: str) -> bool:
    """Whether a name followed by the capitalised ``following`` is still the place."""
    lists = gaz.lists
    if following in lists.continuations:
        return False  # "Washington Post", "Independence Square"
    if word.endswith((",", "'s", "’s")) or entry.kind != "city":
        return True  # "Baghdad's Sadr City", "Egypt Sinai"
    # "Aleppo Governorate", "Nablus Saturday", "Mogadishu Wadajir" (a large city's district)
    return (
        following in lists.division_words
        or following in lists.not_places
        or (entry.population >= 500_000)
    )


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """A place expression: the place a gazetteer name resolves to, and where its locative
    preposition begins. A document's layers hold them per sentence (:mod:`dyads.nlp.layers`)."""

    place: Place
    prep_start: int


def has_locative(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has a locative and a capitalised name: without one,
    :func:`place_hits` finds nothing whatever the gazetteer holds."""
    return first_locative(text, start, end) >= 0


def first_locative(text: str, start: int, end: int) -> int:
    """Where the first locative phrase of ``text[start:end]`` begins, else -1: a scan of
    :func:`place_hits` from there finds what one from ``start`` finds (the regex's lookbehind
    reads the text before it all the same), so a caller that tests first need not scan twice."""
    m = _LOCATIVE.search(text, start, end)
    return -1 if m is None else m.start()


def place_hits(gaz: Gazetteer, text: str, start: int, end: int) -> tuple[PlaceHit, ...]:
    """Every place named after a locative in ``text[start:end]``, in text order."""
    hits: list[PlaceHit] = []
    for m in _LOCATIVE.finditer(text, start, end):
        tokens = [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(text, *m.span("name"))]
        clean = [_clean(t[2]) for t in tokens]  # once each: the loops below try every span
        country = m.group("prep").lower() not in ("at", "over")
        found = None
        for first in range(min(3, len(tokens))):
            if first and not _DEMONYM.search(clean[first - 1]):
                break
            found = _span_hit(gaz, text, tokens, clean, first, m.start("prep"), country=country)
            if found is not None:
                break
        at = m.end("name")
        if found is None and "of" in clean[1:]:
            at = tokens[clean.index("of", 1) - 1][1]  # "in Zurmi LGA of Zamfara State"
        found = _parent(gaz, text, at, m.start("prep"), found, country=country) or found
        if found is None and m.group("qual"):
            found = _qualified(gaz, text, m)  # "the southern Iraqi province of Muthana"
        if found is not None and not (hits and hits[-1].place.start == found.place.start):
            hits.append(found)  # a larger place tied by "in" is not named twice
    return tuple(hits)


_PARENT = lexicon.regex("place-parent")


@cache
def _demonyms() -> dict[str, str]:
    """A state's adjective -> its code ("Iraqi" -> IRQ), from the actor dictionary's states."""
    found: dict[str, str] = {}
    for actor in state_entries():
        for adjective in actor.get("adjectives") or ():
            found.setdefault(str(adjective), str(actor["code"]))
    return found


def _qualified(gaz: Gazetteer, text: str, m: re.Match[str]) -> PlaceHit | None:
    """An unknown place its division noun puts in a state or a known place: "the South
    Sudanese town of Raga" (in SSD), "the western Harare township of Highfield" (Harare's)."""
    words = [(w.start(), w.end(), w.group()) for w in _TOKEN.finditer(text, *m.span("qual"))]
    demonyms = _demonyms()
    for first in range(len(words)):
        if first and words[first - 1][2][:1].isupper():
            continue  # the whole capitalised run, not its end: "the Al-Ghaab Plains town of"
        s, e = words[first][0], words[-1][1]
        code = demonyms.get(text[s:e])
        if code is not None:
            name_start, name_end = m.span("name")
            if text.startswith(("the ", "The "), name_start):
                name_start += 4
            name = _clean(text[name_start:name_end])
            place = Place(name, code, name_start, name_start + len(name))
            return PlaceHit(place, m.start("prep"))
        entry = gaz.lookup(text[s:e])
        if entry is not None and entry.kind != "country" and text[s].isupper():
            return PlaceHit(entry.place(s, e), m.start("prep"))
    return None


def _span_hit(
    gaz: Gazetteer,
    text: str,
    tokens: list[tuple[int, int, str]],
    clean: list[str],
    first: int,
    prep: int,
    *,
    country: bool,
) -> PlaceHit | None:
    """The place named by the longest run of ``tokens`` from ``first`` the gazetteer knows."""
    for last in range(len(tokens), first, -1):
        words = clean[first:last]
        entry = gaz.lookup(" ".join(words))
        if entry is None:
            continue
        if last < len(tokens) and not _prefix_ok(gaz, entry, tokens[last - 1][2], clean[last]):
            return None  # "Washington Post", "Tal Afar"
        if entry.kind == "country" and not country:
            return None  # "concern at China", "dispute over Ukraine": no scene
        s = tokens[first][0]
        if text.startswith(("the ", "The "), s) and not entry.name.startswith("The "):
            s += 4
        e = tokens[last - 1][0] + len(words[-1])
        elsewhere = named_elsewhere(gaz, text, entry, " ".join(words))
        if elsewhere is not None:  # "at Zara" in an article on Syria: not Zadar (Croatia)
            return PlaceHit(Place(text[s:e], elsewhere, s, e), prep)
        return PlaceHit(entry.place(s, e), prep)
    return None


def _parent(
    gaz: Gazetteer, text: str, at: int, prep: int, child: PlaceHit | None, *, country: bool
) -> PlaceHit | None:
    """The larger place a name is tied to ("Zurmi LGA of Zamfara State", "the Balad district
    in central Daraa"), when it says more than the name itself: the name is unknown, or the
    gazetteer's place of that name lies in another country (a district is no city)."""
    m = _PARENT.match(text, at)
    if m is None or (m.group("admin") is None and (m.group("link") != "of" or child)):
        return None
    if child is not None and (not child.place.country or m.group("admin") is None):
        return None
    tokens = [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(text, *m.span("name"))]
    found = _span_hit(gaz, text, tokens, [_clean(t[2]) for t in tokens], 0, prep, country=country)
    if found is None or not found.place.country:
        return None
    if child is not None and child.place.country == found.place.country:
        return None  # "Mosul city of Nineveh province": the name is the more precise place
    return found


def find_place(
    text: str, start: int, end: int, *, gazetteer: Gazetteer | None = None
) -> list[Place]:
    """Places named after a locative ("in", "at", "near", "in the city of" ...) in
    ``text[start:end]``, in text order.

    >>> t = "The ministers met in Naples, not in the Ukrainian capital Kyiv."
    >>> [(p.name, p.country, t[p.start:p.end]) for p in find_place(t, 0, len(t))]
    [('Naples', 'ITA', 'Naples'), ('Kyiv', 'UKR', 'Kyiv')]
    """
    gaz = gazetteer or Gazetteer.default()
    return [hit.place for hit in place_hits(gaz, text, start, end)]


_WORDS = re.compile(r"[\w’'-]+")
_CLAUSE = lexicon.regex("place-clause-cut")


def event_location(
    text: str,
    sentence_start: int,
    sentence_end: int,
    trigger_start: int,
    trigger_end: int,
    actor_spans: Sequence[tuple[int, int]] = (),
    *,
    gazetteer: Gazetteer | None = None,
    mentions: Sequence[Mention] = (),
    hits: Sequence[PlaceHit] | None = None,
) -> Place | None:
    """The place the event with this trigger happened, when the sentence says.

    In order: a locative right after the trigger in its clause ("met in Naples", "shelled
    positions near Bakhmut"); one attached to a meeting noun ("their meeting in Naples"); a
    sentence-opening "In Kyiv, ...". A place inside ``actor_spans`` (the event's own actor
    mentions, "Moscow" in "Moscow said") is no location; article ``mentions`` block a place
    only when it is part of a longer actor name. A locative of a situation noun ("condemned
    the war in Ukraine") is not the event's, nor a country after "at" ("concern at China").

    >>> t = "In a statement after their meeting in Naples, the ministers condemned the war."
    >>> event_location(t, 0, len(t), t.index("condemned"), t.index(" the war")).name
    'Naples'
    >>> t = "China condemned Russia's war in Ukraine."
    >>> event_location(t, 0, len(t), t.index("condemned"), t.index(" Russia")) is None
    True
    """
    gaz = gazetteer or Gazetteer.default()
    # ``hits``: the sentence's place expressions, found once by the caller for all its events
    found = place_hits(gaz, text, sentence_start, sentence_end) if hits is None else hits
    if not found:
        return None  # most sentences name no place after a locative
    # A mention blocks a place only when the place is part of a longer actor name ("in the
    # Moscow Patriarchate"); "in Ukraine" stays a location though Ukraine is also an actor.
    longer = [
        (m.start, m.end) for m in mentions if m.start < sentence_end and sentence_start < m.end
    ]
    hits = [
        h
        for h in found
        if not any(h.place.start < a_e and a_s < h.place.end for a_s, a_e in actor_spans)
        and not any(
            h.place.start < a_e and a_s < h.place.end and (a_s < h.place.start or a_e > h.place.end)
            for a_s, a_e in longer
        )
    ]
    if not hits:
        return None
    lists = gaz.lists
    # 1. Attached to the trigger, within a few words of its clause.
    for hit in hits:
        if hit.prep_start < trigger_end:
            continue
        gap = text[trigger_end : hit.prep_start]
        words = [w.lower() for w in _WORDS.findall(gap)]
        if len(words) <= 4 and not _CLAUSE.search(gap) and not set(words) & lists.scene_blockers:
            return hit.place
        break
    # 2. Attached to a meeting noun: "their meeting in Naples", "talks at Camp David".
    for hit in hits:
        before = _WORDS.findall(text[max(sentence_start, hit.prep_start - 40) : hit.prep_start])
        if before and before[-1].lower() in lists.scene_nouns:
            return hit.place
        if len(before) >= 2 and " ".join(before[-2:]).lower() in lists.scene_nouns:
            return hit.place
    # 3. A sentence-opening locative sets the scene for the whole sentence.
    first = hits[0]
    if not text[sentence_start : first.prep_start].strip(" \"“'‘"):
        return first.place
    return None


def country_named_at(text: str, start: int, end: int, gazetteer: Gazetteer) -> str | None:
    """The country of a place named right at ``start`` ("Hebron", "the Gaza Strip") with no
    locative before it (after "from"): read as if after "in", within 40 characters."""
    window = "in " + text[start : min(end, start + 40)]
    found = find_place(window, 0, len(window), gazetteer=gazetteer)
    if found and found[0].start in (3, 7) and found[0].country:  # "in X", "in the X"
        return str(found[0].country)
    return None
