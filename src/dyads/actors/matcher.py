"""Find actor mentions: one Aho-Corasick pass over the text, then resolution rules.

Longest match first, whole words only, aliases case-sensitive as written (so "US" is not
"us"). A country followed by a sector word ("Russian defence ministry") becomes one mention
with that sector; a title before a named official ("Foreign Minister Sergei Lavrov") joins
the official's mention. A capital after "in"/"at"/"near" is a place, not an actor.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

import ahocorasick

from dyads.actors.dictionary import ActorDictionary, Entry
from dyads.actors.forms import (
    MADE,
    article_forms,
    attack_adjective,
    defines_other,
    drop_appositions,
    government_noun,
    held_noun,
    place_adjective,
    single_actor,
    war_name,
)
from dyads.actors.surnames import repeat_surnames
from dyads.model import Actor, Mention, Sentence
from dyads.nlp import lexicon

_SECTOR = "\x00sector"
LOCATIVES = lexicon.words("actor-locatives")
ENVOYS = lexicon.words("envoy-nouns")
# Sector words that mostly modify a noun ("military cooperation"): they join a country only
# when another sector word follows ("Russian military officials"), and never stand alone.
DEFAULT_MODIFIERS = lexicon.words("actor-modifiers")
STANDALONE_MILITARY = lexicon.words("standalone-military")
STANDALONE_GOVERNMENT = lexicon.words("standalone-government")
_GAP_TO_SECTOR = lexicon.regex("gap-to-sector")
_STANCE_PREFIXES = ("anti-", "pro-")
_OF = re.compile(r"\s+of\s+(?:the\s+)?$")
_WORD = re.compile(r"[\w’'-]+")


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    entry: Entry | None  # None for a sector word
    kind: str  # alias kind, or the sector code for sector words

    @property
    def is_sector(self) -> bool:
        return self.entry is None


class ActorMatcher:
    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary
        self.automaton = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, str]]] = {}
        for entry in dictionary.entries.values():
            for alias, kind in entry.aliases.items():
                for form in article_forms(alias):
                    table.setdefault(form, []).append((entry.actor.id, kind))
        for word, sector in dictionary.sector_words.items():
            for form in {word, word[:1].upper() + word[1:], _title_case(word)}:
                table.setdefault(form, []).append((_SECTOR, sector))
        for alias, payload in table.items():
            self.automaton.add_word(alias, (len(alias), tuple(payload)))
        self.automaton.make_automaton()
        self.modifiers = DEFAULT_MODIFIERS
        self._unknown: dict[str, Actor] = {}
        self._context_blocked: dict[tuple[int, int, int, int], bool] = {}

    def find(self, text: str, sentences: list[Sentence], *, when: str | None) -> list[Mention]:
        day = (when or date.today().isoformat())[:10]
        self._context_blocked = {}
        hits = self._scan(text)
        starts = [s.start for s in sentences]
        mentions: list[Mention] = []
        i = 0
        while i < len(hits):
            hit = hits[i]
            sent = _sentence_of(starts, hit.start)
            sentence = sentences[sent] if sentences else Sentence(0, 0, len(text))
            if hit.is_sector:
                mention, i = self._from_sector(text, hits, i, sent, sentence, day)
            else:
                mention, i = self._from_actor(text, hits, i, sent, sentence, day)
            if mention is not None:  # with its words: `mention.text` needs no article
                start, end = mention.start, mention.end
                mentions.append(
                    Mention(mention.actor, start, end, mention.sentence, text[start:end])
                )
        mentions = repeat_surnames(text, mentions, lambda at: _sentence_of(starts, at))
        return drop_appositions(text, mentions)

    # -- scanning ---------------------------------------------------------------------------

    def _scan(self, text: str) -> list[_Hit]:
        found: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
        n = len(text)
        for last, (length, payload) in self.automaton.iter(text):
            start, end = last - length + 1, last + 1
            if start > 0:
                before = text[start - 1]
                if before.isalnum() or before == "_":
                    continue
                # "an anti-Syria journalist", "pro-Iranian militia": not that state. The
                # prefixes end with "-", so only a hyphen before the name needs the test.
                if before == "-" and text[max(0, start - 5) : start].lower().endswith(
                    _STANCE_PREFIXES
                ):
                    continue
            if end < n and (text[end].isalnum() or text[end] == "_"):
                continue
            if end < n and text[end] == "-" and MADE.match(text, end):
                continue  # "Soviet-made rockets", "Iran-backed militias": not that state acting
            found.append((start, end, payload))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        hits: list[_Hit] = []
        reach = -1
        for start, end, payload in found:
            if start < reach:
                continue
            actor_id, kind = payload[0]
            for candidate in payload:  # an actor beats a sector word of the same text
                if candidate[0] != _SECTOR:
                    actor_id, kind = candidate
                    break
            entry = None if actor_id == _SECTOR else self.dictionary.entries[actor_id]
            last = (hits[-1].end, hits[-1].entry) if hits else None
            if kind == "acronyms" and entry is not None and defines_other(text, start, entry, last):
                continue  # "the Palestine Liberation Army (PLA)": the text's own acronym
            hits.append(_Hit(start, end, entry, kind))
            reach = end
        return hits

    # -- resolution -------------------------------------------------------------------------

    def _from_actor(
        self, text: str, hits: list[_Hit], i: int, sent: int, sentence: Sentence, day: str
    ) -> tuple[Mention | None, int]:
        hit = hits[i]
        entry = hit.entry
        assert entry is not None
        nxt_hit = hits[i + 1] if i + 1 < len(hits) else None
        # "to Baghdad University": the capital names the institution's country, not a place
        institution = (
            hit.kind == "capitals"
            and nxt_hit is not None
            and nxt_hit.is_sector
            and text[hit.end : nxt_hit.start] == " "
            and text[nxt_hit.start].isupper()
        )
        # "recalled its ambassador from Madrid": an envoy's post names the state, not a place
        prev = _previous_word(text, hit.start) if hit.kind == "capitals" else ""
        envoy = prev in ("to", "from") and _previous_word(text, hit.start - len(prev) - 1) in ENVOYS
        if not self._allowed(text, hit, entry, sentence, place_ok=institution or envoy):
            return None, i + 1
        if hit.kind == "adjectives" and place_adjective(text, hit.end):
            return None, i + 1  # "near the Rwandan border": where, not who
        if hit.kind == "names" and entry.actor.kind == "state" and war_name(text, hit.end):
            return None, i + 1  # "Vietnam war veterans": the war's name, not the state
        actor = entry.resolve(day)
        ethnic = hit.kind == "adjectives" and _previous_word(text, hit.start).lower() == "ethnic"
        if ethnic:
            # "ethnic Albanians in Macedonia": a community, whose state the context names
            return self._ethnic(text, hits, i, sent)
        if hit.kind == "capitals" and actor.sector is None:  # "Moscow said": the government
            actor = _with_sector(actor, "GOV")
        start, end, nxt = hit.start, hit.end, i + 1
        # "Russian defence ministry", "Russia's military officials", "G7 ministers"
        if actor.kind in ("state", "igo", "group") and nxt < len(hits):
            following = hits[nxt]
            gap = text[end : following.start]
            if following.is_sector and _GAP_TO_SECTOR.match(gap) and "\n" not in gap:
                sector, stop, after = self._sector_run(text, hits, nxt)
                if sector is not None:
                    actor = _with_sector(actor, sector)
                    end, nxt = stop, after
                    # "Russian Foreign Minister Sergei Lavrov": the person carries the title
                    if nxt < len(hits) and self._is_person_next(text, hits, nxt, end):
                        person = hits[nxt]
                        assert person.entry is not None
                        return Mention(person.entry.resolve(day), start, person.end, sent), nxt + 1
                    end = _name_after_title(text, start, end, hits, nxt)
        return Mention(actor, start, end, sent), nxt

    def _from_sector(
        self, text: str, hits: list[_Hit], i: int, sent: int, sentence: Sentence, day: str
    ) -> tuple[Mention | None, int]:
        start = hits[i].start
        held = held_noun(text, hits[i].end)
        if held and (i + 1 >= len(hits) or hits[i + 1].start >= held):
            # "jihadist positions", "the rebel stronghold": that side, whatever its number
            return Mention(self._unknown_actor(hits[i].kind), start, held, sent), i + 1
        word, kind, stop = text[start : hits[i].end].lower(), hits[i].kind, hits[i].end
        standing = word in STANDALONE_GOVERNMENT and government_noun(text, start, stop)
        # "the authorities arrested", "against the government's plan": a government, whose
        # country the place or the article gives; "militant attacks": that side attacked
        if standing or (
            kind in self.dictionary.standalone_sectors and attack_adjective(text, stop)
        ):
            return Mention(self._unknown_actor(kind), start, stop, sent), i + 1
        sector, end, nxt = self._sector_run(text, hits, i)
        if sector is None:
            return None, nxt
        if nxt < len(hits):
            following = hits[nxt]
            gap = text[end : following.start]
            # "Foreign Minister Sergei Lavrov"
            if self._is_person_next(text, hits, nxt, end):
                assert following.entry is not None
                return Mention(following.entry.resolve(day), start, following.end, sent), nxt + 1
            # "the ministry of defence of Russia"
            if (
                following.entry is not None
                and following.entry.actor.kind == "state"
                and _OF.match(gap)
                and self._allowed(text, following, following.entry, sentence)
            ):
                actor = _with_sector(following.entry.resolve(day), sector)
                return Mention(actor, start, following.end, sent), nxt + 1
        named = _name_after_title(text, start, end, hits, nxt)
        if named > end:  # "Ambassador Jane Roe": a person we do not know, of that sector
            return Mention(self._unknown_actor(sector), start, named, sent), nxt
        word = text[start:end].lower()
        if sector == "MIL" and text[max(0, start - 3) : start] in ("'s ", "’s "):
            # "Saleh's forces", "Kabila's troops": someone's fighters, their country unknown
            return Mention(self._unknown_actor(sector), start, end, sent), nxt
        if sector not in self.dictionary.standalone_sectors and word not in STANDALONE_MILITARY:
            return None, nxt
        # Plurals stand alone, regular or in -men ("gunmen", "militiamen", "policemen"); a
        # singular after "a"/"one" too ("a policeman was shot dead", "one soldier was killed").
        plural = word.endswith(("s", "men")) or word in ("police", "army", "navy")
        if not plural and not single_actor(text, start, end, sector):
            return None, nxt
        return Mention(self._unknown_actor(sector), start, end, sent), nxt

    def _ethnic(self, text: str, hits: list[_Hit], i: int, sent: int) -> tuple[Mention, int]:
        start, end, nxt = hits[i].start, hits[i].end, i + 1
        sector = "CVL"
        if nxt < len(hits) and hits[nxt].is_sector and text[end : hits[nxt].start] == " ":
            found, stop, after = self._sector_run(text, hits, nxt)
            if found is not None:
                sector, end, nxt = found, stop, after
        return Mention(self._unknown_actor(sector), start, end, sent), nxt

    def _sector_run(self, text: str, hits: list[_Hit], i: int) -> tuple[str | None, int, int]:
        """Join adjacent sector words ("army officers"); the last one names the sector.

        A lone modifier ("military" in "military cooperation") names no actor.
        """
        j = i
        while (
            j + 1 < len(hits)
            and hits[j + 1].is_sector
            and text[hits[j].end : hits[j + 1].start] == " "
        ):
            if text[hits[j + 1].end - 1] == "." and not _NAME.match(text, hits[j + 1].end):
                break  # "according to police Capt.": a rank with no name is not the actor
            j += 1
        last = hits[j]
        if j == i and text[last.start : last.end].lower() in self.modifiers:
            return None, last.end, j + 1
        return last.kind, last.end, j + 1

    def _is_person_next(self, text: str, hits: list[_Hit], j: int, end: int) -> bool:
        hit = hits[j]
        return (
            hit.entry is not None
            and hit.entry.actor.kind == "person"
            and text[end : hit.start] == " "
        )

    def _allowed(
        self, text: str, hit: _Hit, entry: Entry, sentence: Sentence, *, place_ok: bool = False
    ) -> bool:
        if entry.not_before or hit.kind == "capitals":
            nxt = _WORD.match(text, _skip_space(text, hit.end))
            if nxt and nxt.group(0) in entry.not_before:
                return False
        if entry.not_after or hit.kind == "capitals":
            prev = _previous_word(text, hit.start)
            if prev in entry.not_after:
                return False
            if hit.kind == "capitals" and prev.lower() in LOCATIVES and not place_ok:
                return False
        if entry.context_not:
            # Once per sentence and entry: searching the sentence for every mention made a
            # long sentence of many mentions quadratic (a hang on pages without full stops).
            key = (id(text), sentence.start, sentence.end, id(entry))
            blocked = self._context_blocked.get(key)
            if blocked is None:
                chunk = text[sentence.start : sentence.end]
                blocked = any(p.search(chunk) for p in entry.context_not)
                self._context_blocked[key] = blocked
            if blocked:
                return False
        return True

    def _unknown_actor(self, sector: str) -> Actor:
        actor = self._unknown.get(sector)
        if actor is None:
            actor = Actor(id=f"UNK_{sector}", code="---", name=f"unknown {sector}", sector=sector)
            actor = Actor(
                id=actor.id, code=actor.code, name=actor.name, sector=sector, kind="sector"
            )
            self._unknown[sector] = actor
        return actor


# A personal name after a title: capitalised words, with the particles names carry.
_NAME = lexicon.regex("person-name")
_NOT_NAMES = lexicon.words("not-names")


def _name_after_title(text: str, start: int, end: int, hits: list[_Hit], nxt: int) -> int:
    """End of an unlisted personal name right after a singular, capitalised title."""
    title = text[start:end]
    abbreviated = title.endswith(".") and title[-2:-1].isalpha()  # "Lt. Gen. X"
    if not (title[-1:].isalpha() or abbreviated):
        return end
    if title.endswith("s") and not title.endswith("ss"):
        return end  # "Iranian Officials" are not one person
    match = _NAME.match(text, end)
    if not match:
        return end
    # A lower-case title ("former prime minister Andreas Papandreou") needs a full name:
    # one capitalised word after it may be the next sentence's start or a place.
    words_needed = 1 if title.split()[-1][:1].isupper() else 2
    stop = end
    count = 0
    for word in _WORD.finditer(text, end, match.end()):
        token = word.group(0)
        not_name = token.rstrip("'’s") in _NOT_NAMES or not token[:1].isupper()
        if not_name and token not in ("al-", "bin", "ibn", "van", "von", "de", "da", "di"):
            break
        stop = word.end()
        count += 1
        if stop - end > 60:
            break
    if count < words_needed:
        return end
    if nxt < len(hits) and hits[nxt].start < stop:
        return end  # the next words are an actor of their own
    while stop > end and text[stop - 1] in "'’.":
        stop -= 1
    if text[stop - 2 : stop] in ("'s", "’s"):
        stop -= 2
    return stop if stop > end + 1 else end


_SMALL_WORDS = lexicon.words("name-small-words")


def _title_case(words: str) -> str:
    """'secretary of state' -> 'Secretary of State', as titles are written before names."""
    return " ".join(w if w in _SMALL_WORDS else w[:1].upper() + w[1:] for w in words.split(" "))


def _with_sector(actor: Actor, sector: str) -> Actor:
    return Actor(
        id=actor.id,
        code=actor.code,
        name=actor.name,
        sector=sector,
        wikidata=actor.wikidata,
        kind=actor.kind,
        country=actor.country,
    )


def _sentence_of(starts: list[int], position: int) -> int:
    return max(0, bisect.bisect_right(starts, position) - 1)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] == " ":
        position += 1
    return position


def _previous_word(text: str, position: int) -> str:
    stop = position
    while stop > 0 and text[stop - 1] == " ":
        stop -= 1
    begin = stop
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "'’-"):
        begin -= 1
    return text[begin:stop]
