"""The actor dictionary: data files of states, organisations, groups, people and outlets.

Files live in ``dyads/data/actors/`` (see SCHEMA.md there); a user adds or overrides entries
with files of the same shape (``--actors my-actors.yaml``): an entry whose id already exists
replaces the built-in one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from dyads.errors import DataError
from dyads.model import Actor
from dyads.nlp import datacache, yamlfast

ACTOR_FILES = ("countries", "igos", "groups", "people", "outlets")
KINDS = frozenset({"state", "igo", "ngo", "group", "person", "outlet"})
ALIAS_FIELDS = ("names", "acronyms", "adjectives", "capitals")
_ID = re.compile(r"^[A-Z0-9_]+$")


@dataclass(frozen=True, slots=True)
class Role:
    country: str
    sector: str | None
    office: str
    start: str | None
    end: str | None
    org: str | None = None

    def holds_on(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(slots=True)
class Entry:
    """One dictionary entry with everything needed to recognise and resolve it."""

    actor: Actor
    aliases: dict[str, str] = field(default_factory=dict)  # alias text -> alias kind
    not_before: frozenset[str] = frozenset()
    not_after: frozenset[str] = frozenset()
    context_not: tuple[re.Pattern[str], ...] = ()
    roles: tuple[Role, ...] = ()
    source: str = ""

    def resolve(self, day: str) -> Actor:
        """The actor as of ``day``: office holders take the code and sector of their role."""
        if not self.roles:
            return self.actor
        current = [r for r in self.roles if r.holds_on(day)]
        if current:
            role = current[-1]
            code = "IGO" if role.country == "IGO" else role.country
            return _with(self.actor, code=code, sector=role.sector, country=role.org or code)
        # A former (or future) holder is an elite of their country, not its government.
        last = self.roles[-1]
        code = "IGO" if last.country == "IGO" else last.country
        return _with(self.actor, code=code, sector="ELI", country=last.org or code)


def _with(actor: Actor, **changes: Any) -> Actor:
    values = {f: getattr(actor, f) for f in actor.__dataclass_fields__}
    values.update(changes)
    return Actor(**values)


@dataclass(slots=True)
class ActorDictionary:
    entries: dict[str, Entry]
    sector_words: dict[str, str]  # lower-case word -> sector
    standalone_sectors: frozenset[str]
    data_version: str
    files: list[str]

    @classmethod
    def load(cls, *, extra: list[Path] | None = None) -> ActorDictionary:
        base = _builtin()
        if not extra:
            return base
        entries = dict(base.entries)
        sector_words = dict(base.sector_words)
        versions = [base.data_version]
        for path in extra:
            data = _read_yaml(path)
            versions.append(f"{path.name}:{data.get('version', '?')}")
            for entry in parse_entries(data, str(path)):
                entries[entry.actor.id] = entry
            sector_words.update(parse_sectors(data, str(path)))
        return cls(
            entries=entries,
            sector_words=sector_words,
            standalone_sectors=base.standalone_sectors,
            data_version="+".join(versions),
            files=base.files + [str(p) for p in extra],
        )

    def get(self, actor_id: str) -> Entry | None:
        return self.entries.get(actor_id)


@lru_cache(maxsize=1)
def _builtin() -> ActorDictionary:
    root = resources.files("dyads.data") / "actors"
    entries: dict[str, Entry] = {}
    versions: list[str] = []
    files: list[str] = []
    for name in ACTOR_FILES:
        resource = root / f"{name}.yaml"
        if not resource.is_file():
            continue
        data = _packaged_yaml(resource.read_text(encoding="utf-8"), f"{name}.yaml")
        versions.append(str(data.get("version", "?")))
        files.append(f"{name}.yaml")
        for entry in parse_entries(data, f"{name}.yaml"):
            if entry.actor.id in entries:
                raise DataError(entry.source, f"duplicate actor id {entry.actor.id!r}")
            entries[entry.actor.id] = entry
    sector_words: dict[str, str] = {}
    standalone: frozenset[str] = frozenset()
    sectors = root / "sectors.yaml"
    if sectors.is_file():
        data = _packaged_yaml(sectors.read_text(encoding="utf-8"), "sectors.yaml")
        sector_words = parse_sectors(data, "sectors.yaml")
        standalone = frozenset(data.get("standalone_sectors") or ())
        files.append("sectors.yaml")
    version = max(versions) if versions else "0"
    return ActorDictionary(entries, sector_words, standalone, version, files)


def _packaged_yaml(text: str, where: str) -> dict[str, Any]:
    """A packaged actor file, parsed once and then read from the user's data cache: parsing
    the YAML is most of the dictionary's load time (:mod:`dyads.nlp.datacache`)."""
    key = datacache.fingerprint(where, text)
    data: dict[str, Any] = datacache.load_or_build(
        f"actors-{where.removesuffix('.yaml')}", key, lambda: _plain(_parse_yaml(text, where))
    )
    return data


def _plain(value: Any) -> Any:
    """Dates as ISO strings (how every reader of a date field takes them), so the parsed
    file is plain data the cache can hold."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(str(path), f"cannot be read ({err})") from None
    return _parse_yaml(text, str(path))


def _parse_yaml(text: str, where: str) -> dict[str, Any]:
    try:
        data = yamlfast.load(text)
    except yamlfast.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise DataError(where, f"is not valid YAML{line}") from None
    if not isinstance(data, dict):
        raise DataError(where, "must be a mapping with 'actors' or 'sectors'")
    return data


def _day(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def parse_entries(data: dict[str, Any], where: str) -> list[Entry]:
    default_kind = data.get("kind", "state")
    entries = []
    for number, raw in enumerate(data.get("actors") or (), start=1):
        here = f"{where} actor #{number}"
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("name"):
            raise DataError(here, "needs at least 'id' and 'name'")
        actor_id = str(raw["id"])
        kind = str(raw.get("kind", default_kind))
        if kind not in KINDS:
            raise DataError(here, f"unknown kind {kind!r}")
        roles = tuple(
            Role(
                country=str(r["country"]),
                sector=r.get("sector"),
                office=str(r.get("office", "")),
                start=_day(r.get("start")),
                end=_day(r.get("end")),
                org=r.get("org"),
            )
            for r in raw.get("roles") or ()
        )
        roles = tuple(sorted(roles, key=lambda r: r.start or ""))
        code = raw.get("code") or (roles[-1].country if roles else actor_id)
        actor = Actor(
            id=actor_id,
            code=str(code),
            name=str(raw["name"]),
            sector=raw.get("sector"),
            wikidata=raw.get("wikidata"),
            kind=kind,
            country=raw.get("country") or (str(code) if kind == "state" else None),
        )
        aliases: dict[str, str] = {}
        for field_name in ALIAS_FIELDS:
            for alias in raw.get(field_name) or ():
                aliases.setdefault(str(alias), field_name)
        if not aliases:
            aliases[actor.name] = "names"
        try:
            context_not = tuple(re.compile(p) for p in raw.get("context_not") or ())
        except re.error as err:
            raise DataError(here, f"bad context_not regex ({err})") from None
        entries.append(
            Entry(
                actor=actor,
                aliases=aliases,
                not_before=frozenset(map(str, raw.get("not_before") or ())),
                not_after=frozenset(map(str, raw.get("not_after") or ())),
                context_not=context_not,
                roles=roles,
                source=here,
            )
        )
    return entries


def parse_sectors(data: dict[str, Any], where: str) -> dict[str, str]:
    words: dict[str, str] = {}
    for number, raw in enumerate(data.get("sectors") or (), start=1):
        if not isinstance(raw, dict) or "sector" not in raw:
            raise DataError(f"{where} sector #{number}", "needs 'sector' and 'words'")
        for word in raw.get("words") or ():
            words[str(word).lower()] = str(raw["sector"])
    return words


def validate(dictionary: ActorDictionary) -> list[str]:
    """Problems a user should fix: bad ids, aliases shared by two actors, bad role dates."""
    problems: list[str] = []
    owner: dict[str, str] = {}
    for entry in dictionary.entries.values():
        actor = entry.actor
        if not _ID.match(actor.id):
            problems.append(f"{entry.source}: id {actor.id!r} must be A-Z, 0-9 and _")
        for role in entry.roles:
            if role.start and role.end and role.end < role.start:
                problems.append(f"{entry.source}: role {role.office} ends before it starts")
        for alias in entry.aliases:
            if alias in owner and owner[alias] != actor.id:
                problems.append(f"{entry.source}: alias {alias!r} also belongs to {owner[alias]}")
            owner.setdefault(alias, actor.id)
    return problems
