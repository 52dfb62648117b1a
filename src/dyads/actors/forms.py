"""Forms of actor names the matcher reads around its hits: Arabic articles in either case,
a country's products and clients ("Soviet-made", "Iran-backed"), a text's own acronyms,
describing parentheses, and what a side holds ("rebel positions")."""

from __future__ import annotations

import re

from dyads.actors.dictionary import Entry
from dyads.model import Mention
from dyads.nlp import lexicon

HELD_BY_SECTOR = lexicon.words("held-by-sector")
_NEXT_WORD = re.compile(r" ([\w-]+)")


def drop_appositions(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Jund al-Aqsa (Syrian al-Qaeda group) launched ...": a short parenthesis right after
    an actor describes it; the actors it names are not actors of the sentence. Its own
    acronym ("the Free Syrian Army (FSA)") is the same actor and stays."""
    kept: list[Mention] = []
    for m in mentions:
        prev = kept[-1] if kept else None
        if prev is not None and prev.actor.id != m.actor.id and m.actor.kind != "outlet":
            opening = text.rfind("(", prev.end, m.start)
            closing = text.find(")", m.end, m.end + 60)
            if (
                opening >= 0
                and not text[prev.end : opening].strip()
                and closing >= 0
                and len(text[opening:closing].split()) <= 6
            ):
                continue
        kept.append(m)
    return kept


def held_noun(text: str, end: int) -> int:
    """The end of a held-place noun right after a sector word ("rebel positions"), else 0."""
    m = _NEXT_WORD.match(text, end)
    return m.end() if m is not None and m.group(1).lower() in HELD_BY_SECTOR else 0


# The product of a country, not the country acting: "Soviet-made", "US-supplied" is kept
# (a supply is an act of the supplier).
# Nor is a group the country backs: "Turkey-backed rebels" are rebels, whose country the
# context gives. "US-led" stays: the codebook codes a coalition by the state that leads it.
MADE = re.compile(
    r"-(?:made|built|designed|manufactured|produced|era|style|backed|supported|allied|linked"
    r"|aligned|funded|trained|armed|sponsored|affiliated|inspired|friendly|installed)\b"
)
# Arabic names are written with the article in either case ("Jabhat al-Nusra", "Jabhat
# Al-Nusra", "Ahrar el-Sham"): every alias matches in each spelling.
ARTICLE = re.compile(r"(?<![\w-])(?:al|Al|el|El)-(?=\w)")


def article_forms(alias: str) -> set[str]:
    if ARTICLE.search(alias) is None:
        return {alias}
    return {alias, *(ARTICLE.sub(f"{a}-", alias) for a in ("al", "Al", "el", "El"))}


def defines_other(
    text: str, start: int, entry: Entry, last: tuple[int, Entry | None] | None
) -> bool:
    """A parenthesised acronym defined by a name that holds another actor's name: "the
    Palestine Liberation Army (PLA)" is no Chinese army. A name the dictionary lacks holding
    no other actor ("the International Labor Office (ILO)") keeps the dictionary's reading."""
    if start == 0 or text[start - 1] != "(" or last is None:
        return False
    end, other = last
    name = text[end : start - 1].strip()
    if other is None or other.actor.code == entry.actor.code or start - end > 60:
        return False
    words = name.split()
    return all(w[:1].isupper() or w in _NAME_JOINERS for w in words)


_NAME_JOINERS = frozenset({"of", "for", "and", "the", "de", "al", "al-"})


# What may follow "the government" when it names a government and is no modifier of the noun
# after it ("the government plan"): a possessive, punctuation, a function word or a past verb.
GOVERNMENT_NEXT = lexicon.words("government-noun-next")
_NEXT_TOKEN = re.compile(r"\s*([’']s\b|[^\w\s]|[\w-]+|$)")


def government_noun(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` ("government", "regime") is "the government" acting or acted on:
    "the government's plan", "the government arrested", "against the government."; a plural
    ("authorities") needs no article."""
    plural = text[end - 1 : end].lower() == "s"
    if not plural and text[max(0, start - 4) : start].lower() != "the ":
        return False
    found = _NEXT_TOKEN.match(text, end)
    if found is None:
        return False
    token = found.group(1).lower()
    return not token[:1].isalnum() or token in GOVERNMENT_NEXT or token.endswith("ed")


# Attack nouns an armed side's adjective can name the attacker of: "militant attacks",
# "a rebel ambush", "terrorist bombings" (codebook 1.3: source ``---`` with that sector).
ATTACK_HEADS = lexicon.words("attack-heads")


def attack_adjective(text: str, end: int) -> bool:
    """The word ending at ``end`` modifies an attack noun: "militant| attacks"."""
    found = _NEXT_WORD.match(text, end)
    return found is not None and found.group(1).lower() in ATTACK_HEADS


PLACE_NOUNS = lexicon.words("demonym-place-nouns")


PLACE_HEADS = lexicon.words("border-place-heads")
_TWO_WORDS = re.compile(r" ([\w-]+)(?:\s*([\w-]+|[^\w\s]))?")


def place_adjective(text: str, end: int) -> bool:
    """A state's adjective ending at ``end`` names a place: "near the Rwandan| border",
    "the Sudanese| border town", not "Chilean| border incursions" (Chile's)."""
    found = _TWO_WORDS.match(text, end)
    if found is None or found.group(1).lower() not in PLACE_NOUNS:
        return False
    after = found.group(2)
    return after is None or not after[0].isalpha() or after.lower() in PLACE_HEADS


_ONE = re.compile(r"(?<![\w-])(?:a|an|one|another)\s+(?:[a-z-]+\s+){0,2}$", re.IGNORECASE)


# Sectors whose singular words name an actor after "a"/"one": a policeman, a soldier, a
# reporter is shot; "a civilian" or "an activist" is more often a description of a person.
SINGLE_SECTORS = frozenset({"COP", "MIL", "JRN"})
# Armed groups and attackers also after "the": "the militia captured the town", "the terror
# group claimed it", "police shot the gunman" name one group or attacker of no state's (UAF)
# or an insurgent group (REB), as the plurals do (codebook 6); a lone "militant" or "rebel"
# is more often a description ("a militant was seen").
ARMED_SECTORS = frozenset({"UAF", "REB"})
_NAME_NEXT = re.compile(r",?\s+(?:the\s+)?[A-Z0-9]")
_THE = re.compile(r"(?<![\w-])the\s+(?:[a-z-]+\s+){0,2}$", re.IGNORECASE)


def armed(mention: Mention) -> bool:
    """An armed group or attacker of no named state ("gunmen", "the militia")."""
    return mention.actor.code == "---" and mention.actor.sector in ARMED_SECTORS


def single_actor(text: str, start: int, end: int, sector: str) -> bool:
    """A singular sector word at ``start`` names an actor on its own (see above); not one
    before the name it describes ("the militant group Hamas", "a rebel group, the M23")."""
    if sector in ARMED_SECTORS and _NAME_NEXT.match(text, end):
        return False
    if sector == "REB" and not text[start:end].lower().endswith("group"):
        return False
    if sector in ARMED_SECTORS and not one_of(text, start):
        found = _THE.search(text, max(0, start - 40), start)
        return found is not None and not text[: found.start()].rstrip().endswith(",")
    return sector in SINGLE_SECTORS | ARMED_SECTORS and one_of(text, start)


def one_of(text: str, start: int) -> bool:
    """The sector word at ``start`` counts one of its kind: "a policeman", "one Kenyan-born
    soldier", "an off-duty police officer" (up to two lower-case words between); not an
    apposition's ("Hassan, a policeman, said")."""
    found = _ONE.search(text, max(0, start - 40), start)
    return found is not None and not text[: found.start()].rstrip().endswith(",")


WAR_NAMES_NEXT = frozenset(lexicon.words("war-names-next"))


def war_name(text: str, end: int) -> bool:
    """A state's name ending at ``end`` names a war: "Vietnam| war veterans", "the Iraq| War"."""
    found = _NEXT_WORD.match(text, end)
    return found is not None and found.group(1) in WAR_NAMES_NEXT
