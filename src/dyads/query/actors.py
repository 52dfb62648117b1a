"""What a user types for an actor, turned into the key the store searches.

The store's key columns hold each actor's id and code as written (``;RUS;RUS;``), so a filter
must say ``RUS``. People type ``rus``, ``Russia`` or ``the Kremlin``: :func:`resolve_actor`
matches a value case-insensitively against the ids, codes and every name and alias of the
actor dictionary, then against the ids and codes the store holds (actors of a user's own
dictionary), and says what it could not find with the closest names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from dyads.actors.dictionary import ACTOR_FILES, ActorDictionary
from dyads.nlp import datacache
from dyads.store import SQLStore

# How strongly each kind of text names an actor: a value that is one actor's id and another's
# alias means the id ("GEO" before an acronym), a name before an adjective or a capital.
_RANKS = {"id": 0, "code": 1, "name": 2, "names": 3, "acronyms": 4, "adjectives": 5}
_LAST_RANK = 6


@dataclass(frozen=True, slots=True)
class Resolution:
    """A typed value and the key to search for it; ``key`` is None when nothing matched."""

    value: str
    key: str | None
    name: str | None = None  # the display name of the actor matched, where the dictionary has it
    others: tuple[str, ...] = ()  # other actors the same text names (ambiguous aliases)
    closest: tuple[str, ...] = ()  # "Russia (RUS)" for a value that matched nothing

    def warning(self, option: str) -> str | None:
        """One line for the user, or None when the value matched one actor plainly."""
        if self.key is None:
            hint = f"; closest: {', '.join(self.closest)}" if self.closest else ""
            return f"warning: {option} {self.value!r}: no actor has that id, code or name{hint}"
        if self.others:
            return (
                f"warning: {option} {self.value!r} names {self.key} and {', '.join(self.others)};"
                f" using {self.key} (give the id to choose another)"
            )
        return None


@dataclass(frozen=True, slots=True)
class _Index:
    keys: dict[str, tuple[str, ...]]  # casefolded text -> keys, best first
    names: dict[str, str]  # actor key -> display name
    labels: dict[str, str]  # casefolded name or alias -> "Name (ID)", for suggestions
    codes: dict[str, str]  # actor id -> its code


def _build(dictionary: ActorDictionary) -> _Index:
    ranked: dict[str, list[tuple[int, int, str]]] = {}
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    codes: dict[str, str] = {}
    for order, entry in enumerate(dictionary.entries.values()):
        actor = entry.actor
        names.setdefault(actor.id, actor.name)
        codes.setdefault(actor.id, actor.code)
        texts = [(actor.id, "id"), (actor.code, "code"), (actor.name, "name")]
        texts += [(alias, kind) for alias, kind in entry.aliases.items()]
        for text, kind in texts:
            if not text:
                continue
            # A code names the code (every Russian ministry has code RUS); the rest the actor.
            key = actor.code if kind == "code" else actor.id
            ranked.setdefault(text.casefold(), []).append(
                (_RANKS.get(kind, _LAST_RANK), order, key)
            )
            if kind not in ("id", "code"):
                labels.setdefault(text.casefold(), f"{actor.name} ({actor.id})")
    keys = {}
    for text, found in ranked.items():
        unique = dict.fromkeys(key for _rank, _order, key in sorted(found))
        keys[text] = tuple(unique)
    return _Index(keys, names, labels, codes)


@lru_cache(maxsize=1)
def _builtin_index() -> _Index:
    """The packaged dictionary's index, kept in the user's data cache under a hash of the
    packaged actor files: `dyads series Russia Iran` then reads a ready index instead of
    building the whole dictionary (a third of a second) to look up two names."""
    root = resources.files("dyads.data") / "actors"
    parts: list[str | bytes] = ["actor-index/2"]
    for name in (*ACTOR_FILES, "sectors"):
        resource = root / f"{name}.yaml"
        if resource.is_file():
            parts += [name, resource.read_bytes()]

    def build() -> tuple[Any, ...]:
        index = _build(ActorDictionary.load())
        return index.keys, index.names, index.labels, index.codes

    keys, names, labels, codes = datacache.load_or_build(
        "actor-index", datacache.fingerprint(*parts), build
    )
    return _Index(keys, names, labels, codes)


def packaged_names(ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """actor id -> (display name, code) for the ids the packaged dictionary holds."""
    index = _builtin_index()
    return {i: (index.names[i], index.codes.get(i)) for i in ids if i in index.names}


def _index(dictionary: ActorDictionary | None) -> _Index:
    return _builtin_index() if dictionary is None else _build(dictionary)


def _stored_key(store: SQLStore, value: str) -> str | None:
    """An id or code the store holds that equals ``value`` but for case."""
    rows = store.fetch(
        "SELECT actor_id, code FROM event_actors"
        " WHERE LOWER(actor_id) = LOWER(?) OR LOWER(code) = LOWER(?) LIMIT 1",
        [value, value],
    )
    for actor_id, code in rows:
        return str(actor_id) if str(actor_id).casefold() == value.casefold() else str(code)
    return None


def resolve_actor(
    value: str, *, store: SQLStore | None = None, dictionary: ActorDictionary | None = None
) -> Resolution:
    """The store key for ``value``: an id, a code or any name or alias, case-insensitively."""
    text = value.strip()
    index = _index(dictionary)
    found = index.keys.get(text.casefold())
    if found:
        key, others = found[0], found[1:]
        return Resolution(value, key, index.names.get(key), others)
    stored = _stored_key(store, text) if store is not None else None
    if stored is not None:
        return Resolution(value, stored)
    close = difflib.get_close_matches(text.casefold(), list(index.labels), n=5, cutoff=0.6)
    closest = tuple(dict.fromkeys(index.labels[c] for c in close))[:3]
    return Resolution(value, None, closest=closest)


def resolve_actors(
    values: tuple[str, ...],
    *,
    store: SQLStore | None = None,
    dictionary: ActorDictionary | None = None,
) -> tuple[tuple[str, ...], list[Resolution]]:
    """Keys for several values (an unmatched value keeps its text, so it matches nothing
    rather than being dropped from the filter) and each value's resolution."""
    resolved = [resolve_actor(v, store=store, dictionary=dictionary) for v in values]
    return tuple(r.key or r.value for r in resolved), resolved
