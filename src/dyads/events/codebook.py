"""The PLOVER and CAMEO code tables: event types, modes, contexts, CAMEO codes and scores.

The tables live in ``dyads/data/plover.yaml`` and ``dyads/data/cameo.yaml`` and are read
through :mod:`importlib.resources`, so they work from an installed wheel. A user may pass a
directory holding their own ``plover.yaml`` and/or ``cameo.yaml``; a file found there replaces
the packaged one of the same name, the other is still read from the package. Loading checks
the files' shape (a broken file fails with its path); :meth:`Codebook.validate`, behind
``dyads check-data``, their content.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from dyads.errors import DataError
from dyads.model import PLOVER_TYPES  # one list of the 16 types, re-exported here
from dyads.nlp import yamlfast

PLOVER_FILE = "plover.yaml"
CAMEO_FILE = "cameo.yaml"

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

_CODE = re.compile(r"^(0[1-9]|1[0-9]|20)(\d{1,2})?$")


def root_quad_class(code: str) -> int:
    """Quad class that CAMEO assigns to every code under this code's 2-digit root."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


@dataclass(frozen=True)
class PloverType:
    name: str
    description: str
    quad_class: int
    cameo: str  # CAMEO root used when an event has no deeper code
    modes: tuple[str, ...]
    contexts: tuple[str, ...]  # typical contexts; any context may go with any type
    score: float | None = None  # PLOVER conflict-cooperation score
    added_modes: tuple[str, ...] = ()  # modes beyond the PLOVER manual's table
    mode_descriptions: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, hash=False
    )


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    mode: str | None
    context: tuple[str, ...]
    note: str | None = None

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def parent(self) -> str | None:
        return self.code[:-1] if len(self.code) > 2 else None


@dataclass(frozen=True)
class PloverContext:
    name: str
    about: str
    origin: str  # plover, plover-special, crosswalk or dyads


class Codebook:
    """PLOVER types and contexts plus CAMEO codes, as read from the data files."""

    def __init__(
        self,
        *,
        types: Iterable[PloverType],
        codes: Iterable[CameoCode],
        contexts: Iterable[PloverContext],
        version: str,
        cameo_version: str | None = None,
        sources: tuple[str, ...] = (),
    ) -> None:
        self._types = {t.name: t for t in types}
        self._codes = {c.code: c for c in codes}
        self._contexts = {c.name: c for c in contexts}
        self._version = version
        self._cameo_version = cameo_version if cameo_version is not None else version
        self.sources = sources

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path_dir: Path | str | None = None) -> Codebook:
        """Read the tables; files in ``path_dir`` (if given) override the packaged ones."""
        directory = Path(path_dir) if path_dir is not None else None
        if directory is not None and not directory.is_dir():
            raise DataError(str(directory), "codebook directory does not exist")
        plover_where, plover = _read_yaml(PLOVER_FILE, directory)
        cameo_where, cameo = _read_yaml(CAMEO_FILE, directory)
        types, contexts = _parse_plover(plover_where, plover)
        codes = _parse_cameo(cameo_where, cameo)
        return cls(
            types=types,
            codes=codes,
            contexts=contexts,
            version=_version(plover_where, plover),
            cameo_version=_version(cameo_where, cameo),
            sources=(plover_where, cameo_where),
        )

    # -- look-ups --------------------------------------------------------------------------

    @property
    def data_version(self) -> str:
        return self._version

    @property
    def types(self) -> tuple[PloverType, ...]:
        return tuple(self._types.values())

    @property
    def codes(self) -> tuple[CameoCode, ...]:
        return tuple(self._codes.values())

    @property
    def contexts(self) -> tuple[PloverContext, ...]:
        return tuple(self._contexts.values())

    def plover(self, type_name: str) -> PloverType:
        found = self._types.get(type_name.strip().upper())
        if found is None:
            raise DataError(f"PLOVER type {type_name!r}", "unknown event type")
        return found

    def cameo(self, code: str) -> CameoCode:
        found = self._codes.get(str(code).strip())
        if found is None:
            raise DataError(f"CAMEO code {code!r}", "unknown code")
        return found

    def has_code(self, code: str) -> bool:
        return str(code).strip() in self._codes

    def context(self, name: str) -> PloverContext:
        found = self._contexts.get(name)
        if found is None:
            raise DataError(f"PLOVER context {name!r}", "unknown context")
        return found

    def quad_class_of(self, code: str) -> int:
        return self.cameo(code).quad_class

    def goldstein_of(self, code: str) -> float:
        return self.cameo(code).goldstein

    def codes_for(self, type_name: str) -> tuple[CameoCode, ...]:
        """CAMEO codes that the crosswalk maps to this PLOVER type."""
        name = self.plover(type_name).name
        return tuple(c for c in self._codes.values() if c.plover_type == name)

    def default_code(self, type_name: str) -> CameoCode:
        return self.cameo(self.plover(type_name).cameo)

    # -- checking --------------------------------------------------------------------------

    def validate(self) -> list[str]:
        """Problems in the tables, one line each; an empty list means the data are sound."""
        problems: list[str] = []
        if self._version != self._cameo_version:
            problems.append(
                f"versions differ: {PLOVER_FILE} {self._version}, "
                f"{CAMEO_FILE} {self._cameo_version}"
            )
        problems += [f"PLOVER type {n}: missing" for n in PLOVER_TYPES if n not in self._types]
        for ptype in self._types.values():
            problems += self._check_type(ptype)
        for root in (f"{n:02d}" for n in range(1, 21)):
            if root not in self._codes:
                problems.append(f"CAMEO root {root}: missing")
        for code in self._codes.values():
            problems += self._check_code(code)
        return problems

    def _check_type(self, ptype: PloverType) -> list[str]:
        where = f"PLOVER type {ptype.name}"
        out: list[str] = []
        if ptype.name not in PLOVER_TYPES:
            out.append(f"{where}: not one of the 16 PLOVER types")
        if ptype.quad_class not in QUAD_NAMES:
            out.append(f"{where}: quad class {ptype.quad_class} is not 1-4")
        if ptype.cameo not in self._codes:
            out.append(f"{where}: default CAMEO code {ptype.cameo} is unknown")
        elif self._codes[ptype.cameo].quad_class != ptype.quad_class:
            out.append(f"{where}: quad class disagrees with its CAMEO code {ptype.cameo}")
        if ptype.score is not None and not -10.0 <= ptype.score <= 10.0:
            out.append(f"{where}: score {ptype.score} is outside -10..10")
        out += [
            f"{where}: added mode {m!r} is not among its modes"
            for m in ptype.added_modes
            if m not in ptype.modes
        ]
        out += [
            f"{where}: unknown context {c!r}" for c in ptype.contexts if c not in self._contexts
        ]
        return out

    def _check_code(self, code: CameoCode) -> list[str]:
        where = f"CAMEO code {code.code}"
        out: list[str] = []
        if not _CODE.match(code.code):
            return [f"{where}: not a CAMEO code (2-4 digits under roots 01-20)"]
        if code.parent is not None and code.parent not in self._codes:
            out.append(f"{where}: parent code {code.parent} is missing")
        if code.quad_class != root_quad_class(code.code):
            out.append(
                f"{where}: quad class {code.quad_class} disagrees with root {code.root} "
                f"({root_quad_class(code.code)})"
            )
        if not -10.0 <= code.goldstein <= 10.0:
            out.append(f"{where}: Goldstein score {code.goldstein} is outside -10..10")
        ptype = self._types.get(code.plover_type) if code.plover_type else None
        if code.plover_type is not None and ptype is None:
            out.append(f"{where}: unknown PLOVER type {code.plover_type!r}")
        if code.mode is not None:
            if code.plover_type is None:
                out.append(f"{where}: mode {code.mode!r} without a PLOVER type")
            elif ptype is not None and code.mode not in ptype.modes:
                out.append(f"{where}: mode {code.mode!r} is not a {ptype.name} mode")
        out += [f"{where}: unknown context {c!r}" for c in code.context if c not in self._contexts]
        return out


@functools.lru_cache(maxsize=1)
def default_codebook() -> Codebook:
    """The packaged tables, read once per process."""
    return Codebook.load()


def quad_class_of(code: str) -> int:
    return default_codebook().quad_class_of(code)


def goldstein_of(code: str) -> float:
    return default_codebook().goldstein_of(code)


# -- file parsing ----------------------------------------------------------------------------


def _read_yaml(name: str, directory: Path | None) -> tuple[str, dict[str, Any]]:
    if directory is not None and (directory / name).is_file():
        source: Path | Traversable = directory / name
        where = str(source)
    else:
        source = resources.files("dyads").joinpath("data", name)
        where = f"dyads/data/{name}"
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(where, f"cannot read ({exc})") from exc
    try:
        data = yamlfast.safe_load(text)
    except yamlfast.YAMLError as exc:
        raise DataError(where, f"invalid YAML: {exc}".replace("\n", " ")) from exc
    if not isinstance(data, dict):
        raise DataError(where, "expected a mapping at the top level")
    return where, data


def _version(where: str, data: Mapping[str, Any]) -> str:
    version = data.get("version")
    if not isinstance(version, str | int | float) or isinstance(version, bool):
        raise DataError(where, "missing 'version' field")
    return str(version)


def _mapping(where: str, value: Any, what: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise DataError(where, f"{what} must be a mapping")
    return value


def _strings(where: str, value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(where, f"{what} must be a list of strings")
    return tuple(value)


def _number(where: str, value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(where, f"{what} must be a number")
    return float(value)


def _quad(where: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataError(where, "quad_class must be an integer")
    return value


def _parse_plover(
    where: str, data: Mapping[str, Any]
) -> tuple[list[PloverType], list[PloverContext]]:
    types: list[PloverType] = []
    for name, raw in _mapping(where, data.get("types"), "'types'").items():
        at = f"{where}: type {name}"
        entry = _mapping(at, raw, "a type entry")
        modes = {str(k): str(v) for k, v in _mapping(at, entry.get("modes"), "modes").items()}
        cameo = entry.get("cameo")
        if not isinstance(cameo, str):
            raise DataError(at, 'cameo must be a quoted code string such as "04"')
        score = entry.get("score")
        types.append(
            PloverType(
                name=str(name),
                description=str(entry.get("description") or "").strip(),
                quad_class=_quad(at, entry.get("quad_class")),
                cameo=cameo,
                modes=tuple(modes),
                contexts=_strings(at, entry.get("contexts"), "contexts"),
                score=None if score is None else _number(at, score, "score"),
                added_modes=_strings(at, entry.get("added_modes"), "added_modes"),
                mode_descriptions=MappingProxyType(modes),
            )
        )
    contexts: list[PloverContext] = []
    for name, raw in _mapping(where, data.get("contexts"), "'contexts'").items():
        entry = _mapping(f"{where}: context {name}", raw, "a context entry")
        contexts.append(
            PloverContext(
                name=str(name),
                about=str(entry.get("about") or ""),
                origin=str(entry.get("origin") or "plover"),
            )
        )
    return types, contexts


def _parse_cameo(where: str, data: Mapping[str, Any]) -> list[CameoCode]:
    codes: list[CameoCode] = []
    for code, raw in _mapping(where, data.get("codes"), "'codes'").items():
        if not isinstance(code, str):
            # YAML reads an unquoted 04 as the integer 4: the code's digits are lost.
            raise DataError(where, f'code {code!r} must be a quoted string such as "04"')
        at = f"{where}: code {code}"
        if not _CODE.match(code):
            raise DataError(at, "not a CAMEO code (2-4 digits under roots 01-20)")
        entry = _mapping(at, raw, "a code entry")
        ptype = entry.get("type")
        mode = entry.get("mode")
        note = entry.get("note")
        codes.append(
            CameoCode(
                code=code,
                name=str(entry.get("name") or ""),
                goldstein=_number(at, entry.get("goldstein"), "goldstein"),
                quad_class=_quad(at, entry.get("quad_class", root_quad_class(code))),
                plover_type=None if ptype is None else str(ptype),
                mode=None if mode is None else str(mode),
                context=_strings(at, entry.get("context"), "context"),
                note=None if note is None else str(note),
            )
        )
    return codes
